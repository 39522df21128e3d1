import { afterEach, describe, expect, it, vi } from "vitest";
import { chan, runtime, select, recv, time } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";

// Everything that waits for a timer runs in a synctest bubble: the clock is
// virtual, so a 20 ms timer fires at exactly start + 20 and no test waits in
// wall time. Only the tests about the real clock itself stay outside.

/** Receive one value from `c`, which must deliver one (not be closed). */
async function recvValue<T>(c: { recv(): Promise<[T, true] | [undefined, false]> }): Promise<T> {
  const r = await c.recv();
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
  // Real clock: these two are about the host clock itself.
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

  it("reports since(t) as exactly the milliseconds elapsed since t", async () => {
    await synctest.test(async () => {
      const t = time.now();
      await time.sleep(30);
      expect(time.since(t)).toBe(30);
      expect(time.since(time.now() - 5000)).toBe(5000);
    });
  });

  it("throws TypeError naming time.since and the argument for a t that is not a number", () => {
    expect(() => time.since("5" as unknown as number)).toThrow(TypeError);
    expect(() => time.since("5" as unknown as number)).toThrow('time.since: expected a Time (ms since the epoch, as time.now() returns), got "5"');
    expect(() => time.since(new Date() as unknown as number)).toThrow("time.since: expected a Time (ms since the epoch, as time.now() returns), got Date");
    expect(() => time.since(undefined as unknown as number)).toThrow(TypeError);
  });

  it("throws RangeError naming time.since for a t that is not finite", () => {
    for (const t of [NaN, Infinity, -Infinity]) {
      expect(() => time.since(t)).toThrow(RangeError);
      expect(() => time.since(t)).toThrow(`time.since: expected a finite Time (ms since the epoch), got ${t}`);
    }
  });
});

describe("sleep", () => {
  it("resolves after exactly the given duration", async () => {
    await synctest.test(async () => {
      const start = time.now();
      await time.sleep(20);
      expect(time.now()).toBe(start + 20);
    });
  });

  it("takes exactly five minutes for sleep(5 * time.Minute)", async () => {
    await synctest.test(async () => {
      const start = time.now();
      await time.sleep(5 * time.Minute);
      expect(time.since(start)).toBe(5 * time.Minute);
    });
  });

  it("resolves at once for a zero or negative duration", async () => {
    await synctest.test(async () => {
      const start = time.now();
      await time.sleep(0);
      await time.sleep(-100);
      expect(time.now()).toBe(start);
    });
  });
});

describe("after", () => {
  it("delivers the clock's now() at firing, exactly the duration after the call", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const v = await recvValue(time.after(20));
      expect(v).toBe(start + 20);
      expect(time.now()).toBe(start + 20);
    });
  });

  it("delivers exactly one value", async () => {
    await synctest.test(async () => {
      const c = time.after(5);
      await recvValue(c);
      await time.sleep(30);
      expect(c.tryRecv()).toBeUndefined();
    });
  });

  it("keeps its firing time for a receive that comes long after the duration", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const c = time.after(5);
      await time.sleep(60);
      const r = c.tryRecv();
      expect(r).toEqual([start + 5, true]);
    });
  });

  it("has its value, the current time, ready at once for a zero duration", async () => {
    await synctest.test(() => {
      const start = time.now();
      expect(time.after(0).tryRecv()).toEqual([start, true]);
    });
  });

  it("has its value ready at once for a negative duration", () => {
    expect(time.after(-50).tryRecv()?.[1]).toBe(true);
  });

  it("reports len 0 and cap 0 on its channel, even with the value ready", async () => {
    await synctest.test(() => {
      const c = time.after(0);
      expect(c.len).toBe(0);
      expect(c.cap).toBe(0);
      const pending = time.after(10_000) as unknown as { len: number; cap: number };
      expect(pending.len).toBe(0);
      expect(pending.cap).toBe(0);
    });
  });
});

describe("newTimer", () => {
  it("delivers the time on c exactly the duration after it was made", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const t = time.newTimer(20);
      expect(await recvValue(t.c)).toBe(start + 20);
      expect(time.now()).toBe(start + 20);
    });
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
    await synctest.test(async () => {
      const t = time.newTimer(10);
      expect(t.stop()).toBe(true);
      await time.sleep(time.Hour);
      expect(t.c.tryRecv()).toBeUndefined();
    });
  });

  it("returns false from stop once its value was received", async () => {
    await synctest.test(async () => {
      const t = time.newTimer(5);
      await recvValue(t.c);
      expect(t.stop()).toBe(false);
    });
  });

  it("returns false from a second stop", () => {
    const t = time.newTimer(1000);
    expect(t.stop()).toBe(true);
    expect(t.stop()).toBe(false);
  });

  it("returns true from stop after firing but before the receive, and discards the value", async () => {
    await synctest.test(async () => {
      const t = time.newTimer(5);
      await time.sleep(40);
      expect(t.stop()).toBe(true);
      expect(t.c.tryRecv()).toBeUndefined();
      await time.sleep(20);
      expect(t.c.tryRecv()).toBeUndefined();
    });
  });

  it("discards the ready value of a zero-duration timer on stop", () => {
    const t = time.newTimer(0);
    expect(t.stop()).toBe(true);
    expect(t.c.tryRecv()).toBeUndefined();
  });

  it("never waits in `if (!t.stop()) await t.c.recv()` on a timer whose value was not received", async () => {
    // A hang would leave the bubble blocked with no timer: a Deadlock.
    await synctest.test(async () => {
      const fired = time.newTimer(1);
      await time.sleep(20);
      const armed = time.newTimer(10_000);
      const ready = time.newTimer(0);
      const start = time.now();
      for (const t of [fired, armed, ready]) {
        if (!t.stop()) await t.c.recv();
      }
      expect(time.now()).toBe(start);
    });
  });

  it("returns true from reset on a timer that has not fired", () => {
    const t = time.newTimer(10_000);
    cleanup.push(() => t.stop());
    expect(t.reset(10_000)).toBe(true);
  });

  it("returns false from reset once the value was received", async () => {
    await synctest.test(async () => {
      const t = time.newTimer(1);
      await recvValue(t.c);
      expect(t.reset(10_000)).toBe(false);
      t.stop();
    });
  });

  it("returns false from reset on a stopped timer", () => {
    const t = time.newTimer(10_000);
    cleanup.push(() => t.stop());
    t.stop();
    expect(t.reset(10_000)).toBe(false);
  });

  it("returns true from reset after firing but before the receive, and discards the stale value", async () => {
    await synctest.test(async () => {
      const t = time.newTimer(1);
      await time.sleep(30);
      expect(t.reset(10_000)).toBe(true);
      expect(t.c.tryRecv()).toBeUndefined();
      t.stop();
    });
  });

  it("re-arms on reset to deliver a fresh value exactly the new duration from the reset", async () => {
    await synctest.test(async () => {
      const t = time.newTimer(10_000);
      await time.sleep(7);
      const at = time.now();
      t.reset(20);
      expect(await recvValue(t.c)).toBe(at + 20);
    });
  });

  it("delivers again after reset of a timer whose value was received, the new duration after the reset", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const t = time.newTimer(1);
      const first = await recvValue(t.c);
      expect(first).toBe(start + 1);
      t.reset(5);
      expect(await recvValue(t.c)).toBe(first + 5);
    });
  });
});

describe("newTicker", () => {
  it("ticks at exact multiples of its interval", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const tk = time.newTicker(10);
      const ticks = [await recvValue(tk.c), await recvValue(tk.c), await recvValue(tk.c)];
      expect(ticks).toEqual([start + 10, start + 20, start + 30]);
      tk.stop();
    });
  });

  it("drops ticks for a slow receiver: it gets the first unread tick, then the next one on schedule", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const tk = time.newTicker(5);
      await time.sleep(80);
      expect(tk.c.tryRecv()).toEqual([start + 5, true]);
      expect(tk.c.tryRecv()).toBeUndefined();
      expect(await recvValue(tk.c)).toBe(start + 85);
      tk.stop();
    });
  });

  it("reports len 0 and cap 0 on c", async () => {
    await synctest.test(async () => {
      const tk = time.newTicker(5);
      await time.sleep(20);
      expect(tk.c.len).toBe(0);
      expect(tk.c.cap).toBe(0);
      tk.stop();
    });
  });

  it("delivers no tick once stop has returned", async () => {
    await synctest.test(async () => {
      const tk = time.newTicker(5);
      await time.sleep(20); // a tick is waiting unread
      tk.stop();
      expect(tk.c.tryRecv()).toBeUndefined();
      await time.sleep(30);
      expect(tk.c.tryRecv()).toBeUndefined();
    });
  });

  it("ticks at the new interval, counted from the reset, after reset", async () => {
    await synctest.test(async () => {
      const tk = time.newTicker(10_000);
      await time.sleep(3);
      const at = time.now();
      tk.reset(15);
      expect([await recvValue(tk.c), await recvValue(tk.c)]).toEqual([at + 15, at + 30]);
      tk.stop();
    });
  });

  it("starts ticking again after reset of a stopped ticker", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const tk = time.newTicker(5);
      tk.stop();
      tk.reset(5);
      expect(await recvValue(tk.c)).toBe(start + 5);
      tk.stop();
    });
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

  it("returns a channel that ticks at exact multiples of the interval", async () => {
    // Never stopped, as Go's time.Tick: the bubble ends with its main task,
    // since an armed timer holds no task.
    await synctest.test(async () => {
      const start = time.now();
      const c = time.tick(10)!;
      expect([await recvValue(c), await recvValue(c)]).toEqual([start + 10, start + 20]);
    });
  });

  it("gives a nil channel from tick(0) that a select never picks", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const r = await select(recv(time.tick(0), () => "tick"), recv(time.after(10), () => "after"));
      expect(r).toBe("after");
      expect(time.now()).toBe(start + 10);
    });
  });
});

describe("afterFunc", () => {
  it("runs fn as a go task exactly the duration after the call", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const before = runtime.numGoroutine();
      const seen = chan<{ at: number; inGoroutines: boolean; count: number }>(1);
      time.afterFunc(20, function delayed() {
        seen.trySend({
          at: time.now(),
          inGoroutines: runtime.goroutines().some((g) => g.name === "delayed"),
          count: runtime.numGoroutine(),
        });
      });
      expect(await recvValue(seen)).toEqual({ at: start + 20, inGoroutines: true, count: before + 1 });
    });
  });

  it("never runs fn when stopped before the duration", async () => {
    await synctest.test(async () => {
      const fn = vi.fn();
      const h = time.afterFunc(10, fn);
      expect(h.stop()).toBe(true);
      await time.sleep(time.Hour);
      expect(fn).not.toHaveBeenCalled();
    });
  });

  it("returns false from stop once fn has started", async () => {
    await synctest.test(async () => {
      const fn = vi.fn();
      const h = time.afterFunc(1, fn);
      await time.sleep(30);
      expect(fn).toHaveBeenCalledTimes(1);
      expect(h.stop()).toBe(false);
    });
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
    await synctest.test(async () => {
      const n0 = runtime.numTimers();
      const c = time.after(10);
      expect(runtime.numTimers()).toBe(n0 + 1);
      await recvValue(c);
      expect(runtime.numTimers()).toBe(n0);
    });
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
    await synctest.test(async () => {
      const n0 = runtime.numTimers();
      const ran = chan<void>(1);
      time.afterFunc(5, () => ran.trySend());
      expect(runtime.numTimers()).toBe(n0 + 1);
      await ran.recv();
      expect(runtime.numTimers()).toBe(n0);
    });
  });

  it("counts a ticker once, across ticks, until it is stopped", async () => {
    await synctest.test(async () => {
      const n0 = runtime.numTimers();
      const tk = time.newTicker(5);
      expect(runtime.numTimers()).toBe(n0 + 1);
      await recvValue(tk.c);
      await recvValue(tk.c);
      expect(runtime.numTimers()).toBe(n0 + 1);
      tk.stop();
      expect(runtime.numTimers()).toBe(n0);
    });
  });

  it("counts a sleep while it sleeps", async () => {
    await synctest.test(async () => {
      const n0 = runtime.numTimers();
      const p = time.sleep(20);
      expect(runtime.numTimers()).toBe(n0 + 1);
      await p;
      expect(runtime.numTimers()).toBe(n0);
    });
  });

  it("does not count a zero-duration after(), which fires at once", () => {
    const n0 = runtime.numTimers();
    time.after(0);
    expect(runtime.numTimers()).toBe(n0);
  });

  it("grows with every after() made in a loop (the time.After trap)", async () => {
    await synctest.test(() => {
      const n0 = runtime.numTimers();
      for (let i = 0; i < 100; i++) time.after(10_000);
      expect(runtime.numTimers()).toBe(n0 + 100);
    });
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
