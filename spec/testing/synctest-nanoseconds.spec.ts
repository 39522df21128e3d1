import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chan, context, go, recv, select, time } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";
import { guardTimerLoop } from "../time/_guard.js";

// Inside a bubble every duration counts to the nanosecond, as in Go: a
// deadline is the bubble's start plus a whole number of nanoseconds, so any
// sum of durations lands exactly where the integer sum says. The times a
// task reads (time.now(), a tick's value, ctx.deadline()) are epoch
// milliseconds, floats whose step near 2000-01-01 is about 122 ns, so these
// specs read the clock through timers, contexts and tickers, which compare
// deadlines exactly, rather than through time.now().

const ns = time.Nanosecond;


/** Everything due at 5 s that a bubble task can wait for, made at once. */
function dueAtFiveSeconds(): { fired(): string[]; stop(): void } {
  const [ctx, cancel] = context.withTimeout(context.background(), 5 * time.Second);
  const timer = time.newTimer(5 * time.Second);
  const after = time.after(5 * time.Second);
  let funcRan = false;
  const fn = time.afterFunc(5 * time.Second, () => {
    funcRan = true;
  });
  let timerFired = false;
  let afterFired = false;
  return {
    fired() {
      timerFired ||= timer.c.tryRecv() !== undefined;
      afterFired ||= after.tryRecv() !== undefined;
      const out: string[] = [];
      if (ctx.err() !== null) out.push("context.withTimeout");
      if (timerFired) out.push("time.newTimer");
      if (afterFired) out.push("time.after");
      if (funcRan) out.push("time.afterFunc");
      return out;
    },
    stop() {
      cancel();
      timer.stop();
      fn.stop();
    },
  };
}

const ALL_FIVE_SECOND_TIMERS = ["context.withTimeout", "time.newTimer", "time.after", "time.afterFunc"];

describe("a bubble's clock", () => {
  it("stops one nanosecond short of a 5 s deadline after sleeping 5 s less a nanosecond", async () => {
    await synctest.test(async () => {
      const due = dueAtFiveSeconds();
      await time.sleep(5000 - time.Nanosecond);
      await synctest.wait();
      expect(due.fired()).toEqual([]);
      due.stop();
    });
  });

  it("reaches a 5 s deadline with one more nanosecond", async () => {
    await synctest.test(async () => {
      const due = dueAtFiveSeconds();
      await time.sleep(5000 - time.Nanosecond);
      await time.sleep(time.Nanosecond);
      await synctest.wait();
      expect(due.fired()).toEqual(ALL_FIVE_SECOND_TIMERS);
    });
  });

  it("adds a thousand 1 ns sleeps up to exactly one microsecond", async () => {
    await synctest.test(async () => {
      const [ctx, cancel] = context.withTimeout(context.background(), time.Microsecond);
      for (let i = 0; i < 999; i++) await time.sleep(time.Nanosecond);
      expect(ctx.err()).toBeNull();
      await time.sleep(time.Nanosecond);
      expect(ctx.err()).toBe(context.DeadlineExceeded);
      cancel();
    });
  });

  it("lands a virtual hour of sleeps of a minute less a nanosecond and of a nanosecond exactly on the hour", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const [ctx, cancel] = context.withTimeout(context.background(), time.Hour);
      const timer = time.newTimer(time.Hour);
      for (let minute = 0; minute < 60; minute++) {
        await time.sleep(time.Minute - time.Nanosecond);
        expect(ctx.err()).toBeNull();
        expect(timer.c.tryRecv()).toBeUndefined();
        await time.sleep(time.Nanosecond);
      }
      expect(ctx.err()).toBe(context.DeadlineExceeded);
      expect(timer.c.tryRecv()).toEqual([start + time.Hour, true]);
      expect(time.since(start)).toBe(time.Hour);
      cancel();
    });
  });

  it("lands any list of whole-nanosecond durations of about an hour where their integer sum says, with a ticker's count and a deadline at the sum in step", async () => {
    // Durations of a few nanoseconds mixed with ones of up to ten minutes,
    // and a ticker of 1 to 15 minutes plus some nanoseconds.
    const duration = fc.oneof(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 600e9 }));
    await fc.assert(
      fc.asyncProperty(fc.array(duration, { minLength: 1, maxLength: 24 }), fc.integer({ min: 60e9, max: 900e9 }), async (durations, period) => {
        const sum = durations.reduce((a, b) => a + b, 0);
        await synctest.test(async () => {
          const start = time.now();
          const [ctx, cancel] = context.withTimeout(context.background(), sum * ns);
          const timer = time.newTimer(sum * ns);
          const ticker = time.newTicker(period * ns);
          const stopCounting = chan<void>();
          let ticks = 0;
          go(async function countTicks() {
            while (await select(recv(ticker.c, () => true), recv(stopCounting, () => false))) ticks++;
          });
          // Sleep all but the last nanosecond of the sum, checking at each step.
          let elapsed = 0;
          for (const [i, d] of durations.entries()) {
            const step = i === durations.length - 1 ? d - 1 : d;
            await time.sleep(step * ns);
            elapsed += step;
            await synctest.wait();
            expect(ticks).toBe(Math.floor(elapsed / period));
            expect(ctx.err()).toBeNull();
            expect(timer.c.tryRecv()).toBeUndefined();
          }
          await time.sleep(ns);
          await synctest.wait();
          expect(ticks).toBe(Math.floor(sum / period));
          expect(ctx.err()).toBe(context.DeadlineExceeded);
          expect(timer.c.tryRecv()).toBeDefined();
          // What a task reads is a float of ms: as exact as its step, 2^-13 ms near 2000.
          expect(Math.abs(time.since(start) - sum / 1e6)).toBeLessThanOrEqual(2 ** -13);
          stopCounting.close();
          ticker.stop();
          cancel();
        });
      }),
      { numRuns: 25 },
    );
  });

  it("ticks a 1 ns ticker exactly once per nanosecond", async () => {
    guardTimerLoop();
    await synctest.test(async () => {
      const [ctx, cancel] = context.withTimeout(context.background(), time.Microsecond);
      const tk = time.newTicker(time.Nanosecond);
      for (let i = 0; i < 999; i++) await tk.c.recv();
      expect(ctx.err()).toBeNull();
      await tk.c.recv();
      expect(ctx.err()).toBe(context.DeadlineExceeded);
      tk.stop();
      cancel();
    });
  });

  it("fires a child's timeout one nanosecond shorter than its parent's one nanosecond earlier", async () => {
    await synctest.test(async () => {
      const [parent, cancelParent] = context.withTimeout(context.background(), 5 * time.Second);
      const [child, cancelChild] = context.withTimeout(parent, 5 * time.Second - time.Nanosecond);
      await time.sleep(5 * time.Second - time.Nanosecond);
      expect(child.err()).toBe(context.DeadlineExceeded);
      expect(parent.err()).toBeNull();
      await time.sleep(time.Nanosecond);
      expect(parent.err()).toBe(context.DeadlineExceeded);
      cancelChild();
      cancelParent();
    });
  });

  it("fires a deadline given as a Time at that Time: time.now() + 5 s is 5 s to the nanosecond", async () => {
    await synctest.test(async () => {
      const [ctx, cancel] = context.withDeadline(context.background(), time.now() + 5 * time.Second);
      await time.sleep(5 * time.Second - time.Nanosecond);
      expect(ctx.err()).toBeNull();
      await time.sleep(time.Nanosecond);
      expect(ctx.err()).toBe(context.DeadlineExceeded);
      cancel();
    });
  });

  it("reports deadlines as epoch milliseconds: a timeout's is now plus the duration, withDeadline's is the Time given", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const [timeout, cancelTimeout] = context.withTimeout(context.background(), 5 * time.Second);
      expect(timeout.deadline()).toBe(start + 5 * time.Second);
      const at = start + 1234.5678901;
      const [deadline, cancelDeadline] = context.withDeadline(context.background(), at);
      expect(deadline.deadline()).toBe(at);
      cancelTimeout();
      cancelDeadline();
    });
  });

  it("keeps moving past 2^53 ns (about 104 days), where nanoseconds round to the float's step: a 1 ns sleep returns and a 1 ns ticker ticks", async () => {
    guardTimerLoop();
    await synctest.test(async () => {
      await time.sleep(2 ** 53 * time.Nanosecond);
      const before = time.now();
      await time.sleep(time.Nanosecond);
      expect(time.now()).toBeGreaterThanOrEqual(before);
      const tk = time.newTicker(time.Nanosecond);
      for (let i = 0; i < 3; i++) await tk.c.recv();
      tk.stop();
    });
  });
});
