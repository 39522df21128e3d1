import { afterEach, describe, expect, it, vi } from "vitest";
import { runtime, select, recv, time } from "../../src/index.js";

// Real timers: every bound below is generous (a 20 ms timer must not fire
// before ~20 ms; "never" means "not within a few times its duration").
const GUARD = 2_000;

/** Receive from `c`, or fail after the guard. */
async function recvWithin<T>(c: { recv(): Promise<[T, true] | [undefined, false]> }, ms = GUARD): Promise<T> {
  const r = await Promise.race([c.recv(), new Promise<"timeout">((res) => setTimeout(() => res("timeout"), ms))]);
  if (r === "timeout") throw new Error(`no value within ${ms} ms`);
  expect(r[1]).toBe(true);
  return r[0] as T;
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

describe("duration constants", () => {
  it("measures durations in milliseconds so Go's expressions read literally", () => {
    expect(time.Millisecond).toBe(1);
    expect(time.Second).toBe(1000);
    expect(time.Minute).toBe(60_000);
    expect(time.Hour).toBe(3_600_000);
    expect(5 * time.Second).toBe(5000);
  });
});

describe("now and since", () => {
  it("reports now() as milliseconds since the epoch", () => {
    expect(Math.abs(time.now() - Date.now())).toBeLessThan(1000);
  });

  it("never lets now() go backwards", () => {
    let prev = time.now();
    for (let i = 0; i < 1000; i++) {
      const n = time.now();
      expect(n).toBeGreaterThanOrEqual(prev);
      prev = n;
    }
  });

  it("reports since(t) as the milliseconds elapsed since t", async () => {
    const t = time.now();
    await new Promise((r) => setTimeout(r, 30));
    const s = time.since(t);
    expect(s).toBeGreaterThanOrEqual(25);
    expect(s).toBeLessThan(GUARD);
    expect(time.since(time.now() - 5000)).toBeGreaterThanOrEqual(5000);
  });
});

describe("sleep", () => {
  it("resolves after the given duration", async () => {
    const start = time.now();
    await time.sleep(20);
    expect(time.since(start)).toBeGreaterThanOrEqual(19);
  });

  it("resolves at once for a zero or negative duration", async () => {
    const start = time.now();
    await time.sleep(0);
    await time.sleep(-100);
    expect(time.since(start)).toBeLessThan(GUARD);
  });
});

describe("after", () => {
  it("delivers the clock's now() at firing, no earlier than the duration", async () => {
    const start = time.now();
    const v = await recvWithin(time.after(20));
    expect(v).toBeGreaterThanOrEqual(start + 20);
    expect(v).toBeLessThanOrEqual(time.now());
  });

  it("delivers exactly one value", async () => {
    const c = time.after(5);
    await recvWithin(c);
    await time.sleep(30);
    expect(c.tryRecv()).toBeUndefined();
  });

  it("keeps its value for a receive that comes long after the duration", async () => {
    const start = time.now();
    const c = time.after(5);
    await time.sleep(60);
    const r = c.tryRecv();
    expect(r).toBeDefined();
    expect(r![1]).toBe(true);
    expect(r![0]).toBeGreaterThanOrEqual(start + 5);
    expect(r![0]).toBeLessThanOrEqual(time.now());
  });

  it("has its value ready at once for a zero duration", () => {
    const start = time.now();
    const r = time.after(0).tryRecv();
    expect(r).toBeDefined();
    expect(r![1]).toBe(true);
    expect(r![0]).toBeGreaterThanOrEqual(start);
  });

  it("has its value ready at once for a negative duration", () => {
    expect(time.after(-50).tryRecv()?.[1]).toBe(true);
  });

  it("reports len 0 and cap 0 on its channel, even with the value ready", () => {
    const c = time.after(0);
    expect(c.len).toBe(0);
    expect(c.cap).toBe(0);
    const pending = time.after(10_000) as unknown as { len: number; cap: number };
    expect(pending.len).toBe(0);
    expect(pending.cap).toBe(0);
  });
});

describe("newTimer", () => {
  it("delivers the time on c after the duration", async () => {
    const start = time.now();
    const t = time.newTimer(20);
    const v = await recvWithin(t.c);
    expect(v).toBeGreaterThanOrEqual(start + 20);
  });

  it("has its value ready at once for a zero duration", () => {
    expect(time.newTimer(0).c.tryRecv()?.[1]).toBe(true);
  });

  it("reports len 0 and cap 0 on c", () => {
    const t = time.newTimer(0);
    expect(t.c.len).toBe(0);
    expect(t.c.cap).toBe(0);
  });

  it("returns true from stop before it fires, and then never delivers", async () => {
    const t = time.newTimer(10);
    expect(t.stop()).toBe(true);
    await time.sleep(50);
    expect(t.c.tryRecv()).toBeUndefined();
  });

  it("returns false from stop once its value was received", async () => {
    const t = time.newTimer(5);
    await recvWithin(t.c);
    expect(t.stop()).toBe(false);
  });

  it("returns false from a second stop", () => {
    const t = time.newTimer(1000);
    expect(t.stop()).toBe(true);
    expect(t.stop()).toBe(false);
  });

  it("returns true from stop after firing but before the receive, and discards the value", async () => {
    const t = time.newTimer(5);
    await time.sleep(40);
    expect(t.stop()).toBe(true);
    expect(t.c.tryRecv()).toBeUndefined();
    await time.sleep(20);
    expect(t.c.tryRecv()).toBeUndefined();
  });

  it("discards the ready value of a zero-duration timer on stop", () => {
    const t = time.newTimer(0);
    expect(t.stop()).toBe(true);
    expect(t.c.tryRecv()).toBeUndefined();
  });

  it("never hangs in `if (!t.stop()) await t.c.recv()` on a timer whose value was not received", async () => {
    const fired = time.newTimer(1);
    await time.sleep(20);
    const armed = time.newTimer(10_000);
    const ready = time.newTimer(0);
    for (const t of [fired, armed, ready]) {
      const idiom = (async () => {
        if (!t.stop()) await t.c.recv();
        return "done";
      })();
      const r = await Promise.race([idiom, new Promise((res) => setTimeout(() => res("hung"), 500))]);
      expect(r).toBe("done");
    }
  });

  it("returns true from reset on a timer that has not fired", () => {
    const t = time.newTimer(10_000);
    cleanup.push(() => t.stop());
    expect(t.reset(10_000)).toBe(true);
  });

  it("returns false from reset once the value was received", async () => {
    const t = time.newTimer(1);
    cleanup.push(() => t.stop());
    await recvWithin(t.c);
    expect(t.reset(10_000)).toBe(false);
  });

  it("returns false from reset on a stopped timer", () => {
    const t = time.newTimer(10_000);
    cleanup.push(() => t.stop());
    t.stop();
    expect(t.reset(10_000)).toBe(false);
  });

  it("returns true from reset after firing but before the receive, and discards the stale value", async () => {
    const t = time.newTimer(1);
    cleanup.push(() => t.stop());
    await time.sleep(30);
    expect(t.reset(10_000)).toBe(true);
    expect(t.c.tryRecv()).toBeUndefined();
  });

  it("re-arms on reset to deliver a fresh value the new duration from now", async () => {
    const t = time.newTimer(10_000);
    const start = time.now();
    t.reset(20);
    const v = await recvWithin(t.c);
    expect(v).toBeGreaterThanOrEqual(start + 20);
  });

  it("delivers again after reset of a timer whose value was received", async () => {
    const t = time.newTimer(1);
    const first = await recvWithin(t.c);
    t.reset(5);
    const second = await recvWithin(t.c);
    expect(second).toBeGreaterThan(first);
  });
});

describe("newTicker", () => {
  it("ticks repeatedly at its interval with increasing times", async () => {
    const start = time.now();
    const tk = time.newTicker(10);
    cleanup.push(() => tk.stop());
    const a = await recvWithin(tk.c);
    const b = await recvWithin(tk.c);
    const c = await recvWithin(tk.c);
    expect(a).toBeGreaterThanOrEqual(start + 10);
    expect(b).toBeGreaterThan(a);
    expect(c).toBeGreaterThan(b);
  });

  it("drops ticks for a slow receiver instead of building a backlog", async () => {
    const tk = time.newTicker(5);
    cleanup.push(() => tk.stop());
    await time.sleep(80);
    expect(tk.c.tryRecv()?.[1]).toBe(true);
    expect(tk.c.tryRecv()).toBeUndefined();
  });

  it("reports len 0 and cap 0 on c", async () => {
    const tk = time.newTicker(5);
    cleanup.push(() => tk.stop());
    await time.sleep(20);
    expect(tk.c.len).toBe(0);
    expect(tk.c.cap).toBe(0);
  });

  it("delivers no tick once stop has returned", async () => {
    const tk = time.newTicker(5);
    await time.sleep(20); // a tick is waiting unread
    tk.stop();
    expect(tk.c.tryRecv()).toBeUndefined();
    await time.sleep(30);
    expect(tk.c.tryRecv()).toBeUndefined();
  });

  it("ticks at the new interval after reset", async () => {
    const tk = time.newTicker(10_000);
    cleanup.push(() => tk.stop());
    const start = time.now();
    tk.reset(15);
    const a = await recvWithin(tk.c);
    const b = await recvWithin(tk.c);
    expect(a).toBeGreaterThanOrEqual(start + 15);
    expect(b).toBeGreaterThan(a);
  });

  it("starts ticking again after reset of a stopped ticker", async () => {
    const tk = time.newTicker(5);
    cleanup.push(() => tk.stop());
    tk.stop();
    tk.reset(5);
    expect(await recvWithin(tk.c)).toBeGreaterThan(0);
  });

  it("panics with `non-positive interval for NewTicker` for a zero or negative interval", () => {
    for (const d of [0, -1, -1000]) {
      expect(() => time.newTicker(d)).toThrow(expect.objectContaining({ name: "Panic", message: "non-positive interval for NewTicker" }));
    }
  });

  it("panics on reset to a zero or negative interval", () => {
    const tk = time.newTicker(10_000);
    cleanup.push(() => tk.stop());
    expect(() => tk.reset(0)).toThrow(expect.objectContaining({ name: "Panic" }));
    expect(() => tk.reset(-5)).toThrow(expect.objectContaining({ name: "Panic" }));
  });
});

describe("tick", () => {
  it("returns null (a nil channel) for a zero or negative interval", () => {
    expect(time.tick(0)).toBeNull();
    expect(time.tick(-10)).toBeNull();
  });

  it("returns a channel that ticks repeatedly", async () => {
    const c = time.tick(10)!; // never stopped, as Go's time.Tick
    const a = await recvWithin(c);
    const b = await recvWithin(c);
    expect(b).toBeGreaterThan(a);
  });

  it("gives a nil channel from tick(0) that a select never picks", async () => {
    const r = await select(recv(time.tick(0), () => "tick"), recv(time.after(10), () => "after"));
    expect(r).toBe("after");
  });
});

describe("afterFunc", () => {
  it("runs fn as a go task after the duration", async () => {
    const start = time.now();
    const before = runtime.numGoroutine();
    let seen: { at: number; inGoroutines: boolean; count: number } | undefined;
    const ran = new Promise<void>((resolve) => {
      time.afterFunc(20, function delayed() {
        seen = {
          at: time.now(),
          inGoroutines: runtime.goroutines().some((g) => g.name === "delayed"),
          count: runtime.numGoroutine(),
        };
        resolve();
      });
    });
    await Promise.race([ran, new Promise((r) => setTimeout(r, GUARD))]);
    expect(seen).toBeDefined();
    expect(seen!.at).toBeGreaterThanOrEqual(start + 20);
    expect(seen!.inGoroutines).toBe(true);
    expect(seen!.count).toBe(before + 1);
  });

  it("never runs fn when stopped before the duration", async () => {
    const fn = vi.fn();
    const h = time.afterFunc(10, fn);
    expect(h.stop()).toBe(true);
    await time.sleep(50);
    expect(fn).not.toHaveBeenCalled();
  });

  it("returns false from stop once fn has started", async () => {
    const fn = vi.fn();
    const h = time.afterFunc(1, fn);
    await time.sleep(30);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(h.stop()).toBe(false);
  });

  it("throws TypeError when fn is not a function", () => {
    expect(() => time.afterFunc(10, 5 as unknown as () => void)).toThrow(TypeError);
  });
});

describe("non-finite durations", () => {
  const bad = [NaN, Infinity, -Infinity];

  it("make sleep throw RangeError synchronously", () => {
    for (const d of bad) expect(() => time.sleep(d)).toThrow(RangeError);
  });

  it("make after throw RangeError", () => {
    for (const d of bad) expect(() => time.after(d)).toThrow(RangeError);
  });

  it("make newTimer throw RangeError", () => {
    for (const d of bad) expect(() => time.newTimer(d)).toThrow(RangeError);
  });

  it("make newTicker throw RangeError", () => {
    for (const d of bad) expect(() => time.newTicker(d)).toThrow(RangeError);
  });

  it("make afterFunc throw RangeError", () => {
    for (const d of bad) expect(() => time.afterFunc(d, () => {})).toThrow(RangeError);
  });

  it("make tick throw RangeError", () => {
    for (const d of bad) expect(() => time.tick(d)).toThrow(RangeError);
  });

  it("make Timer.reset throw RangeError and leave the timer armed", () => {
    const t = time.newTimer(10_000);
    cleanup.push(() => t.stop());
    for (const d of bad) expect(() => t.reset(d)).toThrow(RangeError);
    expect(t.stop()).toBe(true);
  });

  it("make Ticker.reset throw RangeError", () => {
    const tk = time.newTicker(10_000);
    cleanup.push(() => tk.stop());
    for (const d of bad) expect(() => tk.reset(d)).toThrow(RangeError);
  });

  it("make an afterFunc timer's reset throw RangeError", () => {
    const h = time.afterFunc(10_000, () => {});
    cleanup.push(() => h.stop());
    for (const d of bad) expect(() => h.reset(d)).toThrow(RangeError);
  });
});

describe("numTimers", () => {
  it("counts an after() timer until it fires", async () => {
    const n0 = runtime.numTimers();
    const c = time.after(10);
    expect(runtime.numTimers()).toBe(n0 + 1);
    await recvWithin(c);
    expect(runtime.numTimers()).toBe(n0);
  });

  it("counts a newTimer until it is stopped", () => {
    const n0 = runtime.numTimers();
    const t = time.newTimer(10_000);
    expect(runtime.numTimers()).toBe(n0 + 1);
    t.stop();
    expect(runtime.numTimers()).toBe(n0);
  });

  it("counts an afterFunc timer until it is stopped", () => {
    const n0 = runtime.numTimers();
    const h = time.afterFunc(10_000, () => {});
    expect(runtime.numTimers()).toBe(n0 + 1);
    h.stop();
    expect(runtime.numTimers()).toBe(n0);
  });

  it("counts an afterFunc timer until it fires", async () => {
    const n0 = runtime.numTimers();
    let resolve!: () => void;
    const ran = new Promise<void>((r) => (resolve = r));
    time.afterFunc(5, () => resolve());
    expect(runtime.numTimers()).toBe(n0 + 1);
    await ran;
    expect(runtime.numTimers()).toBe(n0);
  });

  it("counts a ticker once, across ticks, until it is stopped", async () => {
    const n0 = runtime.numTimers();
    const tk = time.newTicker(5);
    expect(runtime.numTimers()).toBe(n0 + 1);
    await recvWithin(tk.c);
    await recvWithin(tk.c);
    expect(runtime.numTimers()).toBe(n0 + 1);
    tk.stop();
    expect(runtime.numTimers()).toBe(n0);
  });

  it("counts a sleep while it sleeps", async () => {
    const n0 = runtime.numTimers();
    const p = time.sleep(20);
    expect(runtime.numTimers()).toBe(n0 + 1);
    await p;
    expect(runtime.numTimers()).toBe(n0);
  });

  it("does not count a zero-duration after(), which fires at once", () => {
    const n0 = runtime.numTimers();
    time.after(0);
    expect(runtime.numTimers()).toBe(n0);
  });

  it("grows with every after() made in a loop (the time.After trap)", () => {
    const n0 = runtime.numTimers();
    for (let i = 0; i < 100; i++) time.after(10_000);
    expect(runtime.numTimers()).toBe(n0 + 100);
  });

  it("stays at one for an owned timer reset in a loop", () => {
    const n0 = runtime.numTimers();
    const t = time.newTimer(10_000);
    for (let i = 0; i < 100; i++) t.reset(10_000);
    expect(runtime.numTimers()).toBe(n0 + 1);
    t.stop();
    expect(runtime.numTimers()).toBe(n0);
  });
});
