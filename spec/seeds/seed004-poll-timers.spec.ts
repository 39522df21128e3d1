// Seed 004, "The time.After trap": poll(ctx, ch) with time.after(30 s) in
// its select arms a new runtime timer on every iteration, and each one stays
// armed for its full 30 s after the select has gone another way; the fix owns
// one time.newTimer and stops/drains/resets it. Both loops run in synctest
// bubbles with the seed's 30 s window: the bubble's main task delivers one
// value per second of virtual time, and after each delivery (once poll is
// parked again: synctest.wait()) reads runtime.numTimers(). No other timer is
// armed at those instants, so the counts are exact.
import { afterAll, describe, expect, it } from "vitest";
import { chan, context, go, runtime, time } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";
import * as afterLoop from "../../examples/seed004/poll-after-loop.js";
import * as ownedTimer from "../../examples/seed004/poll-owned-timer.js";

type Poll = typeof afterLoop.poll;

const N = 10;

interface Observed {
  /** numTimers() with poll parked before any value, then after each of the N values. */
  timers: number[];
  handled: number[];
  logs: number;
  /** numTimers() once ctx is cancelled and poll has returned. */
  timersAfterReturn: number;
  /** Tasks other than the bubble's main task once poll has returned. */
  tasksAfterReturn: number;
}

/** Feed N values, one per virtual second, to `poll`, counting timers; then cancel ctx and wait for poll to return. */
async function observe(poll: Poll): Promise<Observed> {
  return synctest.test(async () => {
    const [ctx, cancel] = context.withCancel(context.background());
    const ch = chan<number>();
    const handled: number[] = [];
    let logs = 0;
    const task = go(poll, ctx, ch, { handle: (v) => handled.push(v), log: () => logs++ });
    await synctest.wait();
    const timers = [runtime.numTimers()];
    for (let v = 1; v <= N; v++) {
      await time.sleep(1 * time.Second);
      await ch.send(v);
      await synctest.wait(); // poll has handled v and is parked in its next select
      timers.push(runtime.numTimers());
    }
    cancel();
    await task.done;
    return { timers, handled, logs, timersAfterReturn: runtime.numTimers(), tasksAfterReturn: runtime.goroutines().filter((t) => t.state !== "running").length };
  });
}

/** With no data at all for `ms` of virtual time, how often poll logs "no data in 30s". */
async function silentLogs(poll: Poll, ms: number): Promise<string[]> {
  return synctest.test(async () => {
    const [ctx, cancel] = context.withCancel(context.background());
    const logs: string[] = [];
    const task = go(poll, ctx, chan<number>(), { log: (m) => logs.push(m) });
    await time.sleep(ms);
    cancel();
    await task.done;
    return logs;
  });
}

afterAll(() => {
  expect(runtime.numGoroutine()).toBe(0);
  expect(runtime.parked()).toEqual([]);
});

describe("seed 004: poll with time.after in the loop (poll-after-loop.ts)", () => {
  it("handles every value delivered, in order, without logging", async () => {
    const o = await observe(afterLoop.poll);
    expect(o.handled).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(o.logs).toBe(0);
  });

  it("grows numTimers() by one per value: every abandoned 30 s timer stays armed in its window", async () => {
    const o = await observe(afterLoop.poll);
    expect(o.timers).toEqual(Array.from({ length: N + 1 }, (_, k) => k + 1));
  });

  it("returns on ctx cancel, yet leaves all its time.after timers armed behind it", async () => {
    const o = await observe(afterLoop.poll);
    expect(o.tasksAfterReturn).toBe(0);
    expect(o.timersAfterReturn).toBe(N + 1);
  });

  it("logs 'no data in 30s' once per 30 s of silence", async () => {
    expect(await silentLogs(afterLoop.poll, 65 * time.Second)).toEqual(["no data in 30s", "no data in 30s"]);
  });
});

describe("seed 004: poll with an owned, reset timer (poll-owned-timer.ts)", () => {
  it("handles every value delivered, in order, without logging", async () => {
    const o = await observe(ownedTimer.poll);
    expect(o.handled).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(o.logs).toBe(0);
  });

  it("keeps numTimers() at exactly 1 however many values arrive", async () => {
    const o = await observe(ownedTimer.poll);
    expect(o.timers).toEqual(Array.from({ length: N + 1 }, () => 1));
  });

  it("returns on ctx cancel and stops its timer, leaving no timer and no task", async () => {
    const o = await observe(ownedTimer.poll);
    expect(o.tasksAfterReturn).toBe(0);
    expect(o.timersAfterReturn).toBe(0);
  });

  it("logs 'no data in 30s' once per 30 s of silence", async () => {
    expect(await silentLogs(ownedTimer.poll, 65 * time.Second)).toEqual(["no data in 30s", "no data in 30s"]);
  });

  it("logs after 30 s of silence that follow the last value, not 30 s after the loop started", async () => {
    const at = await synctest.test(async () => {
      const [ctx, cancel] = context.withCancel(context.background());
      const ch = chan<number>();
      const start = time.now();
      const at: number[] = [];
      const task = go(ownedTimer.poll, ctx, ch, { log: () => at.push(time.since(start)) });
      await time.sleep(20 * time.Second);
      await ch.send(1);
      await time.sleep(45 * time.Second);
      cancel();
      await task.done;
      return at;
    });
    expect(at).toEqual([50 * time.Second]);
  });
});
