import { afterEach, describe, expect, it } from "vitest";
import { chan, context, recv, select, time } from "../../src/index.js";
import { Deadlock, synctest } from "../../src/testing/index.js";
import { runScript } from "../runtime/_helpers.js";
import { guardTimerLoop } from "./_guard.js";

// The real clock's deadlines are absolute float milliseconds, so one float
// step is a fraction of a microsecond (about 0.24 µs today): `when + period`
// can round back to `when`. A bubble's are whole nanoseconds, exact below
// 2^53, and a positive period is at least one. A timer loop that re-arms a
// ticker whose deadline does not move spins in one synchronous run, which
// no test timeout can interrupt. So the bubble tests below guard the heap:
// far more re-arms than any of them needs fails the test instead of hanging
// it, and the real-clock tests run in a child process that a guard kills.
//
// Times read in a bubble are epoch milliseconds too, whose step near
// 2000-01-01 is about 122 ns, so ticks a few nanoseconds apart read as the
// same time. The bubble tests read the clock to the nanosecond instead with
// timers set at the start (see firedBy).

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});


/** Receive `n` values from `c`. */
async function recvN(c: { recv(): Promise<[number, true] | [undefined, false]> }, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const [v, ok] = await c.recv();
    expect(ok).toBe(true);
    out.push(v!);
  }
  return out;
}

/**
 * Read the virtual clock to the nanosecond: two timers made now, due `ns`
 * and `ns + 1` nanoseconds from now. `reached()` is true once the clock
 * stands exactly at `ns` or later, and `passed()` once it is past `ns`.
 */
function firedBy(ns: number): { reached(): boolean; passed(): boolean } {
  const at = time.after(ns * time.Nanosecond);
  const after = time.after((ns + 1) * time.Nanosecond);
  let reached = false;
  let passed = false;
  return {
    reached: () => (reached ||= at.tryRecv() !== undefined),
    passed: () => (passed ||= after.tryRecv() !== undefined),
  };
}

describe("a ticker whose period is below one float step of the clock", () => {
  it("moves its deadline forward by its period on every tick in a bubble, for a 1 ns ticker", async () => {
    guardTimerLoop();
    await synctest.test(async () => {
      const start = time.now();
      const fifth = firedBy(5);
      const tk = time.newTicker(time.Nanosecond);
      const ticks = await recvN(tk.c, 5);
      tk.stop();
      expect(ticks[0]).toBeGreaterThanOrEqual(start);
      expect(fifth.reached()).toBe(true);
      expect(fifth.passed()).toBe(false);
      expect(time.now()).toBe(ticks[4]);
    });
  });

  it("moves its deadline forward by its period on every tick in a bubble, for a 10 ns time.tick", async () => {
    guardTimerLoop();
    await synctest.test(async () => {
      const fifth = firedBy(50);
      await recvN(time.tick(10 * time.Nanosecond)!, 5);
      expect(fifth.reached()).toBe(true);
      expect(fifth.passed()).toBe(false);
    });
  });

  it("moves its deadline forward by its period on every tick in a bubble after reset to 1 ns", async () => {
    guardTimerLoop();
    await synctest.test(async () => {
      const fifth = firedBy(5);
      const tk = time.newTicker(time.Second);
      tk.reset(time.Nanosecond);
      await recvN(tk.c, 5);
      tk.stop();
      expect(fifth.reached()).toBe(true);
      expect(fifth.passed()).toBe(false);
    });
  });

  it("drops ticks for a slow receiver instead of queueing them, keeping to its phase", async () => {
    guardTimerLoop();
    await synctest.test(async () => {
      const start = time.now();
      // Ticks every 3 ns: the one after a 1000 ns sleep is due at 1002 ns, in phase, not at 1003.
      const inPhase = firedBy(1002);
      const tk = time.newTicker(3 * time.Nanosecond);
      await time.sleep(time.Microsecond);
      const [first] = tk.c.tryRecv()!;
      expect(first).toBeLessThan(start + time.Microsecond);
      expect(tk.c.tryRecv()).toBeUndefined();
      expect(inPhase.reached()).toBe(false);
      await tk.c.recv();
      expect(inPhase.reached()).toBe(true);
      expect(inPhase.passed()).toBe(false);
      tk.stop();
    });
  });

  // Node resolves timers to a millisecond, so a tick per host turn is the
  // most a real-clock ticker can deliver; the rest are dropped, as Go drops
  // the ticks of a ticker faster than its receiver.
  const plainEnv = { VITEST: undefined, VITEST_WORKER_ID: undefined, VITEST_POOL_ID: undefined, NODE_ENV: undefined, CSP_TRACE: undefined };
  const realClockCases: [string, string][] = [
    ["newTicker(100 * time.Nanosecond)", "const tk = time.newTicker(100 * time.Nanosecond); const c = tk.c; const stop = () => tk.stop();"],
    ["tick(100 * time.Nanosecond)", "const c = time.tick(100 * time.Nanosecond)!; const stop = () => {};"],
    ["a ticker reset to 100 ns", "const tk = time.newTicker(time.Hour); tk.reset(100 * time.Nanosecond); const c = tk.c; const stop = () => tk.stop();"],
  ];

  it.each(realClockCases)("ticks on the real clock without starving a host setTimeout(10): %s", async (_name, make) => {
    const r = await runScript(
      `import { time } from "{{INDEX}}";
${make}
let fired = false;
setTimeout(() => { fired = true; }, 10);
const ticks: number[] = [];
while (!fired || ticks.length < 3) {
  const [v] = await c.recv();
  ticks.push(v!);
}
stop();
console.log(JSON.stringify({ fired, increasing: ticks.every((t, i) => i === 0 || t > ticks[i - 1]!) }));
`,
      10_000,
      plainEnv,
    );
    expect(r.killed).toBe(false);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ fired: true, increasing: true });
  });
});

describe("durations at the ends of the number line", () => {
  it("saturates a deadline past the last representable instant, as Go saturates at its maximum: the clock stops there, finite", async () => {
    guardTimerLoop();
    await synctest.test(async () => {
      const start = time.now();
      await time.sleep(Number.MAX_VALUE);
      const end = time.now();
      expect(end).toBeGreaterThan(start);
      expect(Number.isFinite(end)).toBe(true);
      await time.sleep(Number.MAX_VALUE); // now + d overflows to Infinity
      expect(time.now()).toBe(end);
      await time.sleep(2 ** 53);
      expect(time.now()).toBe(end);
    });
  });

  it("never ticks again once a ticker's next tick is past the last representable instant", async () => {
    guardTimerLoop();
    const run = synctest.test(async () => {
      const tk = time.newTicker(Number.MAX_VALUE);
      const [first] = await tk.c.recv();
      expect(Number.isFinite(first)).toBe(true);
      expect(first).toBe(time.now());
      await tk.c.recv(); // nothing can come: blocked forever
    });
    await expect(run).rejects.toThrow(Deadlock);
  });

  it("fires timers with a huge negative duration at once", async () => {
    guardTimerLoop();
    await synctest.test(async () => {
      const start = time.now();
      const ran = chan<void>(1);
      time.afterFunc(-Number.MAX_VALUE, () => ran.trySend());
      expect(time.after(-Number.MAX_VALUE).tryRecv()).toEqual([start, true]);
      const t = time.newTimer(time.Hour);
      t.reset(-(2 ** 53));
      expect(t.c.tryRecv()).toEqual([start, true]);
      await time.sleep(-Number.MAX_VALUE);
      await ran.recv();
      expect(time.now()).toBe(start);
    });
  });

  it("keeps huge deadlines from holding back nearer timers", async () => {
    guardTimerLoop();
    await synctest.test(async () => {
      const start = time.now();
      const far = [time.newTimer(Number.MAX_VALUE), time.newTimer(2 ** 53)];
      const f = time.afterFunc(Number.MAX_VALUE, () => {});
      const [ctx, cancel] = context.withTimeout(context.background(), Number.MAX_VALUE);
      const got = await select(
        recv(far[0]!.c, () => "far"),
        recv(ctx.done(), () => "ctx"),
        recv(time.after(5), () => "near"),
      );
      expect(got).toBe("near");
      expect(time.now()).toBe(start + 5);
      for (const t of far) t.stop();
      f.stop();
      cancel();
    });
  });

  it("keeps huge deadlines on the real clock from holding back nearer timers", async () => {
    const far = [time.newTimer(Number.MAX_VALUE), time.newTimer(2 ** 53), time.newTicker(2 ** 53)];
    const f = time.afterFunc(Number.MAX_VALUE, () => {});
    const [, cancel] = context.withTimeout(context.background(), Number.MAX_VALUE);
    cleanup.push(() => {
      far.forEach((t) => t.stop());
      f.stop();
      cancel();
    });
    const start = time.now();
    await time.sleep(5);
    expect(time.since(start)).toBeGreaterThanOrEqual(4);
  });
});
