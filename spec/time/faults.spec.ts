import { afterEach, describe, expect, it } from "vitest";
import { chan, context, go, runtime, time } from "../../src/index.js";
import type { Context } from "../../src/context/index.js";
import type { Clock } from "../../src/runtime/clock.js";
import type { HostTimer } from "../../src/runtime/host.js";
import { synctest } from "../../src/testing/index.js";
import type { HeapTimer } from "../../src/time/heap.js";
import { Timers } from "../../src/time/timers.js";
import { hostDelay, settle } from "../runtime/_helpers.js";
import { foreignContext } from "../_foreign-context.js";

// A timer's firing can run code the runtime does not own (a foreign
// Context's methods) or panic (closing a bubble's channel from outside it).
// Whatever it throws must not stop the timer loop: the other due timers
// still fire, the heap is re-armed, and the error surfaces as a panic.

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

/** Collect the panics of tasks outside bubbles instead of crashing. */
function capturePanics(): unknown[] {
  const seen: unknown[] = [];
  cleanup.push(runtime.onPanic((e) => seen.push(e)));
  return seen;
}

/** A clock that only records what the heap asks of the host; its instants are its milliseconds, as the real clock's. */
class RecordingClock implements Clock {
  t = 1_000_000;
  readonly armed: number[] = [];
  now(): number {
    return this.t;
  }
  instant(): number {
    return this.t;
  }
  span(ms: number): number {
    return ms;
  }
  timeOf(i: number): number {
    return i;
  }
  instantOf(t: number): number {
    return t;
  }
  arm(_cb: () => void, ms: number): HostTimer {
    this.armed.push(ms);
    return {};
  }
  disarm(): void {}
  setRef(): void {}
}

function entry(fire: () => void): HeapTimer {
  return { when: 0, seq: 0, index: -1, fire };
}


describe("a timer whose firing throws", () => {
  it("does not stop the other timers due in the same run", () => {
    capturePanics();
    const clock = new RecordingClock();
    const timers = new Timers(clock);
    const fired: string[] = [];
    timers.add(entry(() => fired.push("a")), clock.t - 1);
    timers.add(
      entry(() => {
        fired.push("b");
        throw new Error("boom");
      }),
      clock.t,
    );
    timers.add(entry(() => fired.push("c")), clock.t);
    timers.run();
    expect(fired).toEqual(["a", "b", "c"]);
  });

  it("re-arms the host timer for the timers still to come", () => {
    capturePanics();
    const clock = new RecordingClock();
    const timers = new Timers(clock);
    timers.add(
      entry(() => {
        throw new Error("boom");
      }),
      clock.t,
    );
    timers.add(entry(() => {}), clock.t + 50);
    clock.armed.length = 0;
    timers.run();
    expect(clock.armed).toEqual([50]);
    expect(timers.heap.size).toBe(1);
  });

  it("reports what it threw as a panic of a task of its own, after the run", async () => {
    const panics = capturePanics();
    const clock = new RecordingClock();
    const timers = new Timers(clock);
    const boom = new Error("boom");
    const second = new Error("second");
    timers.add(
      entry(() => {
        throw boom;
      }),
      clock.t,
    );
    timers.add(
      entry(() => {
        throw second;
      }),
      clock.t,
    );
    timers.run();
    expect(panics).toEqual([]);
    await settle();
    expect(panics).toEqual([boom, second]);
  });

  it("leaves the runtime's timers running after a deadline's cancellation throws", async () => {
    const panics = capturePanics();
    const boom = new Error("foreign done() failed");
    const foreign = foreignContext(boom);
    const slept = time.sleep(30).then(() => "woke");
    const [ctx] = context.withTimeout(foreign.ctx, 5);
    foreign.breakIt();
    expect(await Promise.race([slept, hostDelay(5000).then(() => "stuck")])).toBe("woke");
    expect(ctx.err()).toBe(context.DeadlineExceeded);
    expect(panics).toEqual([boom]);
  });

  it("fails its bubble with the error, leaving none of the bubble's tasks behind", async () => {
    const boom = new Error("foreign done() failed");
    const before = runtime.numGoroutine();
    const run = synctest.test(async () => {
      const foreign = foreignContext(boom);
      const [ctx] = context.withTimeout(foreign.ctx, 10);
      foreign.breakIt();
      go(async function sleeper() {
        await time.sleep(time.Hour);
      });
      await ctx.done()!.recv();
      await time.sleep(time.Hour);
    });
    await expect(run).rejects.toBe(boom);
    expect(runtime.numGoroutine()).toBe(before);
  });
});

describe("a deadline's cancellation", () => {
  it("cancels every child even when closing one child's done channel panics", async () => {
    const panics = capturePanics();
    const [parent] = context.withTimeout(context.background(), 5);
    parent.done(); // made outside every bubble
    let inside: Context | undefined;
    let sibling: Context | undefined;
    await synctest.test(() => {
      [inside] = context.withCancel(parent);
      inside.done(); // the bubble's channel: closing it from outside panics
      [sibling] = context.withCancel(parent);
    });
    await parent.done()!.recv();
    expect(inside!.err()).toBe(context.DeadlineExceeded);
    expect(sibling!.err()).toBe(context.DeadlineExceeded);
    await settle();
    expect(panics.map(String)).toEqual(["Panic: close of synctest channel from outside bubble"]);
  });
});
