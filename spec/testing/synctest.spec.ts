// synctest: Go 1.25's testing/synctest for ts-csp-style (issue 4).
// A bubble runs fn with a virtual clock that starts at 2000-01-01T00:00:00Z
// and jumps to the next timer only when every task in the bubble is durably
// blocked on a runtime primitive; it reports deadlocks with Go's dump.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { chan, context, go, otherwise, Panic, recv, runtime, select, sync, time, type Chan } from "../../src/index.js";
import { Deadlock, synctest } from "../../src/testing/index.js";

const EPOCH = Date.UTC(2000, 0, 1, 0, 0, 0);
const THIS_FILE = fileURLToPath(import.meta.url);

/** `THIS_FILE:line:` of the one code line carrying the marker comment `// @name`. */
function siteOf(name: string): string {
  const lines = readFileSync(THIS_FILE, "utf8").split("\n");
  const hits = lines.flatMap((l, i) => (l.trimEnd().endsWith(`// @${name}`) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`marker @${name} found ${hits.length} times`);
  return `${THIS_FILE}:${hits[0]}:`;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The error `fn` throws, synchronously or by rejecting. */
async function errorOf(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error, got none");
}

afterAll(() => {
  expect(runtime.numGoroutine()).toBe(0);
  expect(runtime.parked()).toEqual([]);
});

describe("synctest.test: the virtual clock", () => {
  it("starts the clock at 2000-01-01T00:00:00Z", async () => {
    const now = await synctest.test(() => time.now());
    expect(new Date(now).toISOString()).toBe("2000-01-01T00:00:00.000Z");
  });

  it("completes a five-minute sleep in well under a second of wall time", async () => {
    const start = Date.now();
    await synctest.test(async () => {
      await time.sleep(5 * time.Minute);
    });
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it("advances the clock by exactly the slept duration", async () => {
    const [before, after] = await synctest.test(async () => {
      const before = time.now();
      await time.sleep(5 * time.Minute);
      return [before, time.now()];
    });
    expect(after - before).toBe(5 * time.Minute);
  });

  it("keeps the clock still while another bubble task is runnable", async () => {
    const seen = await synctest.test(async () => {
      let fired = false;
      go(async () => {
        await time.sleep(time.Millisecond);
        fired = true;
      });
      const seen: [number, boolean][] = [];
      for (let i = 0; i < 20; i++) {
        await runtime.gosched(); // yields, but stays runnable: not durably blocked
        seen.push([time.now(), fired]);
      }
      await time.sleep(time.Second);
      return seen;
    });
    expect(seen).toEqual(Array.from({ length: 20 }, () => [EPOCH, false]));
  });

  it("does not advance while a task awaits outside I/O", async () => {
    const r = await synctest.test(async () => {
      let firedAt = 0;
      go(async () => {
        await time.sleep(1000);
        firedAt = time.now();
      });
      await new Promise<void>((resolve) => setTimeout(resolve, 20)); // a real, outside wait
      const duringIo = { firedAt, now: time.now() };
      await time.sleep(2000);
      return { duringIo, firedAt, now: time.now() };
    });
    expect(r.duringIo).toEqual({ firedAt: 0, now: EPOCH });
    expect(r.firedAt).toBe(EPOCH + 1000);
    expect(r.now).toBe(EPOCH + 2000);
  });

  it("jumps straight to the earliest timer when every task is blocked", async () => {
    const log = await synctest.test(async () => {
      const log: string[] = [];
      const ch = chan<string>();
      go(async () => {
        await time.sleep(3 * time.Hour);
        await ch.send("late");
      });
      go(async () => {
        await time.sleep(time.Hour);
        await ch.send("early");
      });
      for (let i = 0; i < 2; i++) {
        const [v] = await ch.recv();
        log.push(`${v}@${(time.now() - EPOCH) / time.Hour}h`);
      }
      return log;
    });
    expect(log).toEqual(["early@1h", "late@3h"]);
  });
});

describe("synctest.test: timers use the virtual clock", () => {
  it("delivers time.after's value at its virtual deadline", async () => {
    const [v, now] = await synctest.test(async () => {
      const [v] = await time.after(3 * time.Second).recv();
      return [v, time.now()];
    });
    expect(v).toBe(EPOCH + 3000);
    expect(now).toBe(EPOCH + 3000);
  });

  it("has nothing on a new timer's channel before its deadline and the time at it", async () => {
    const r = await synctest.test(async () => {
      const t = time.newTimer(time.Second);
      await time.sleep(time.Second - 1);
      const before = t.c.tryRecv();
      await time.sleep(1);
      const at = t.c.tryRecv();
      return { before, at };
    });
    expect(r.before).toBeUndefined();
    expect(r.at).toEqual([EPOCH + 1000, true]);
  });

  it("never fires a timer stopped before its deadline", async () => {
    const r = await synctest.test(async () => {
      const t = time.newTimer(time.Second);
      const stopped = t.stop();
      await time.sleep(time.Hour);
      return { stopped, got: t.c.tryRecv() };
    });
    expect(r).toEqual({ stopped: true, got: undefined });
  });

  it("fires a reset timer at the new deadline counted from the reset", async () => {
    const r = await synctest.test(async () => {
      const t = time.newTimer(time.Hour);
      await time.sleep(time.Minute);
      const active = t.reset(2 * time.Second);
      const [v] = await t.c.recv();
      return { active, v, now: time.now() };
    });
    expect(r).toEqual({ active: true, v: EPOCH + time.Minute + 2000, now: EPOCH + time.Minute + 2000 });
  });

  it("ticks a ticker once per interval of virtual time", async () => {
    const ticks = await synctest.test(async () => {
      const tk = time.newTicker(time.Second);
      const ticks: number[] = [];
      for (let i = 0; i < 3; i++) ticks.push((await tk.c.recv())[0]! - EPOCH);
      tk.stop();
      return ticks;
    });
    expect(ticks).toEqual([1000, 2000, 3000]);
  });

  it("cancels a context.withTimeout context at its virtual deadline with DeadlineExceeded", async () => {
    const r = await synctest.test(async () => {
      const [ctx, cancel] = context.withTimeout(context.background(), 5 * time.Second);
      await ctx.done()!.recv();
      const out = { elapsed: time.now() - EPOCH, err: ctx.err() };
      cancel();
      return out;
    });
    expect(r).toEqual({ elapsed: 5000, err: context.DeadlineExceeded });
  });

  it("starts time.afterFunc's function at its virtual deadline", async () => {
    const ranAt = await synctest.test(async () => {
      let ranAt = 0;
      time.afterFunc(10 * time.Second, () => {
        ranAt = time.now();
      });
      await time.sleep(20 * time.Second);
      return ranAt;
    });
    expect(ranAt).toBe(EPOCH + 10_000);
  });

  it("runs context.afterFunc's function when a timeout context expires", async () => {
    const ranAt = await synctest.test(async () => {
      let ranAt = 0;
      const [ctx, cancel] = context.withTimeout(context.background(), 7 * time.Second);
      context.afterFunc(ctx, () => {
        ranAt = time.now();
      });
      await time.sleep(time.Minute);
      cancel();
      return ranAt;
    });
    expect(ranAt).toBe(EPOCH + 7000);
  });
});

describe("synctest.test: result and completion", () => {
  it("resolves with fn's return value", async () => {
    await expect(synctest.test(async () => ({ answer: 42 }))).resolves.toEqual({ answer: 42 });
  });

  it("resolves with the return value of a synchronous fn", async () => {
    await expect(synctest.test(() => "sync")).resolves.toBe("sync");
  });

  it("waits after fn returns for bubble tasks that are still running", async () => {
    let finished = false;
    await synctest.test(() => {
      const ch = chan<number>(1);
      ch.trySend(1);
      go(async () => {
        await ch.recv();
        await runtime.gosched();
        finished = true;
      });
    });
    expect(finished).toBe(true);
  });

  it("stops time once fn returns, as Go does: a task still sleeping is reported, not waited for", async () => {
    const run = synctest.test(() => {
      go(async function sleeper() {
        await time.sleep(time.Hour);
      });
    });
    await expect(run).rejects.toThrow(Deadlock);
    await expect(run).rejects.toThrow(/^deadlock: main bubble goroutine has exited but blocked goroutines remain/);
    await expect(run).rejects.toThrow(/goroutine \d+ \[sleep \(durable\), synctest bubble \d+\]/);
  });

  it("counts awaiting another task's done as durably blocked, so time advances", async () => {
    const now = await synctest.test(async () => {
      const t = go(async () => {
        await time.sleep(time.Hour);
      });
      await t.done;
      return time.now();
    });
    expect(now).toBe(EPOCH + time.Hour);
  });

  it("counts a sync.WaitGroup wait as durably blocked, so time advances", async () => {
    const now = await synctest.test(async () => {
      const wg = new sync.WaitGroup();
      wg.add(1);
      go(async () => {
        await time.sleep(time.Hour);
        wg.done();
      });
      await wg.wait();
      return time.now();
    });
    expect(now).toBe(EPOCH + time.Hour);
  });

  it("counts a sync.Mutex lock wait as durably blocked, so time advances", async () => {
    const now = await synctest.test(async () => {
      const mu = new sync.Mutex();
      await mu.lock();
      go(async () => {
        await time.sleep(time.Hour);
        mu.unlock();
      });
      await mu.lock();
      mu.unlock();
      return time.now();
    });
    expect(now).toBe(EPOCH + time.Hour);
  });

  it("produces the same event order when the same program runs twice", async () => {
    const program = async (): Promise<string[]> => {
      const log: string[] = [];
      const ch = chan<string>(2);
      const wg = new sync.WaitGroup();
      for (const name of ["a", "b", "c", "d", "e"]) {
        wg.go(async () => {
          for (let i = 0; i < 3; i++) {
            await time.sleep(time.Second); // every task wakes at the same instants
            log.push(`${name}${i}`);
            await ch.send(name);
          }
        });
      }
      go(async () => {
        await wg.wait();
        ch.close();
      });
      for await (const v of ch) log.push(`recv ${v}`);
      return log;
    };
    const first = await synctest.test(program);
    const second = await synctest.test(program);
    expect(first).toHaveLength(30);
    expect(second).toEqual(first);
  });

  /** Two ready arms at every step: which one wins is the scheduler's choice. */
  async function selectRace(): Promise<string> {
    const a = chan<string>(20);
    const b = chan<string>(20);
    for (let i = 0; i < 20; i++) {
      a.trySend("a");
      b.trySend("b");
    }
    let picks = "";
    for (let i = 0; i < 20; i++) picks += await select(recv(a, (v) => v!), recv(b, (v) => v!));
    return picks;
  }

  it("makes the same select choices when the same seed runs the program twice", async () => {
    const first = await synctest.test(selectRace, { seed: 1234 });
    const second = await synctest.test(selectRace, { seed: 1234 });
    expect(second).toBe(first);
  });

  it("makes the same select choices on every run without a seed", async () => {
    const first = await synctest.test(selectRace);
    const second = await synctest.test(selectRace);
    expect(second).toBe(first);
  });

  it("lets the seed decide which ready select arm wins", async () => {
    const runs = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) runs.add(await synctest.test(selectRace, { seed }));
    expect(runs.size).toBeGreaterThan(1);
  });
});

describe("synctest.test: deadlocks", () => {
  function deadlocked(): Promise<unknown> {
    return errorOf(() =>
      synctest.test(async function bubbleMain() {
        const ch = chan<number>();
        go(async function stuckReceiver() { // @child-go
          await ch.recv(); // @child-recv
        });
        await ch.recv(); // @main-recv
      }),
    );
  }

  it("rejects with a Deadlock when every task is blocked and no timer is armed", async () => {
    const err = await deadlocked();
    expect(err).toBeInstanceOf(Deadlock);
    expect(err).toBeInstanceOf(Error);
  });

  it("says 'deadlock: all goroutines in bubble are blocked' at the start of the message", async () => {
    const err = (await deadlocked()) as Deadlock;
    expect(err.message.startsWith("deadlock: all goroutines in bubble are blocked")).toBe(true);
  });

  it("dumps every blocked task with a '[chan receive (durable), synctest bubble N]' header", async () => {
    const err = (await deadlocked()) as Deadlock;
    const headers = [...err.dump.matchAll(/^goroutine (\d+) \[chan receive \(durable\), synctest bubble (\d+)\]:$/gm)];
    expect(headers).toHaveLength(2);
    expect(headers[0]![2]).toBe(headers[1]![2]);
    expect(err.message).toContain(err.dump);
  });

  it("dumps the blocked-at and created-by sites in the test's own file", async () => {
    const err = (await deadlocked()) as Deadlock;
    expect(err.dump).toContain(`bubbleMain(...)\n\t${siteOf("main-recv")}`);
    expect(err.dump).toContain(`stuckReceiver(...)\n\t${siteOf("child-recv")}`);
    expect(err.dump).toMatch(new RegExp(`created by bubbleMain in goroutine \\d+\\n\\t${escape(siteOf("child-go"))}\\d+`));
  });

  it("reports a WaitGroup that can never be done as a deadlock in state sync.WaitGroup.Wait", async () => {
    const err = await errorOf(() =>
      synctest.test(async () => {
        const wg = new sync.WaitGroup();
        wg.add(1);
        await wg.wait();
      }),
    );
    expect(err).toBeInstanceOf(Deadlock);
    expect((err as Deadlock).dump).toMatch(/^goroutine \d+ \[sync\.WaitGroup\.Wait \(durable\), synctest bubble \d+\]:$/m);
  });

  it("rejects with 'main bubble goroutine has exited but blocked goroutines remain' when fn returns leaving a task blocked forever", async () => {
    const err = await errorOf(() =>
      synctest.test(() => {
        const ch = chan<number>();
        go(async function foreverSender() {
          await ch.send(1); // @forever-send
        });
      }),
    );
    expect(err).toBeInstanceOf(Deadlock);
    const d = err as Deadlock;
    expect(d.message.startsWith("deadlock: main bubble goroutine has exited but blocked goroutines remain")).toBe(true);
    expect(d.dump).toMatch(/^goroutine \d+ \[chan send \(durable\), synctest bubble \d+\]:\nforeverSender\(\.\.\.\)\n/m);
    expect(d.dump).toContain(siteOf("forever-send"));
  });

  it("removes a deadlocked bubble's abandoned tasks from numGoroutine() and parked()", async () => {
    const before = { n: runtime.numGoroutine(), parked: runtime.parked().length };
    expect(await deadlocked()).toBeInstanceOf(Deadlock);
    expect(runtime.numGoroutine()).toBe(before.n);
    expect(runtime.parked()).toHaveLength(before.parked);
  });
});

describe("synctest.test: failures", () => {
  it("rejects with the error a bubble task panics with", async () => {
    const boom = new Error("boom");
    const err = await errorOf(() =>
      synctest.test(async () => {
        go(() => {
          throw boom;
        });
        await time.sleep(time.Hour);
      }),
    );
    expect(err).toBe(boom);
  });

  it("rejects with the error fn itself throws", async () => {
    const boom = new Error("main boom");
    await expect(
      synctest.test(async () => {
        await time.sleep(time.Second);
        throw boom;
      }),
    ).rejects.toBe(boom);
  });

  it("rejects a nested synctest.test inside a bubble with a Panic", async () => {
    const err = await synctest.test(() => errorOf(() => synctest.test(() => 1)));
    expect(err).toBeInstanceOf(Panic);
    expect((err as Error).message).toBe("synctest.Run called from within a synctest bubble");
  });
});

describe("synctest.test: a bubble's channels belong to it", () => {
  async function bubbleChannel(): Promise<Chan<number>> {
    return synctest.test(() => chan<number>(1));
  }

  it("throws Panic('receive on synctest channel from outside bubble') on a receive from outside", async () => {
    const ch = await bubbleChannel();
    const err = await errorOf(() => ch.recv());
    expect(err).toBeInstanceOf(Panic);
    expect((err as Error).message).toBe("receive on synctest channel from outside bubble");
  });

  it("throws Panic('send on synctest channel from outside bubble') on a send from outside", async () => {
    const ch = await bubbleChannel();
    const err = await errorOf(() => ch.send(1));
    expect(err).toBeInstanceOf(Panic);
    expect((err as Error).message).toBe("send on synctest channel from outside bubble");
  });

  it("throws Panic('close of synctest channel from outside bubble') on a close from outside", async () => {
    const ch = await bubbleChannel();
    const err = await errorOf(() => ch.close());
    expect(err).toBeInstanceOf(Panic);
    expect((err as Error).message).toBe("close of synctest channel from outside bubble");
  });

  it("throws the receive Panic for a select arm on a bubble's channel from outside", async () => {
    const ch = await bubbleChannel();
    const err = await errorOf(() => select(recv(ch), otherwise()));
    expect(err).toBeInstanceOf(Panic);
    expect((err as Error).message).toBe("receive on synctest channel from outside bubble");
  });

  it("throws the send Panic when another bubble uses the channel", async () => {
    const ch = await bubbleChannel();
    const err = await synctest.test(() => errorOf(() => ch.send(1)));
    expect(err).toBeInstanceOf(Panic);
    expect((err as Error).message).toBe("send on synctest channel from outside bubble");
  });

  it("throws the receive Panic on a bubble timer's channel received from outside", async () => {
    const t = await synctest.test(() => time.newTimer(time.Hour));
    const err = await errorOf(() => t.c.recv());
    expect(err).toBeInstanceOf(Panic);
    expect((err as Error).message).toBe("receive on synctest channel from outside bubble");
  });

  it("throws Panic('stop of synctest timer from outside bubble') on stopping a bubble's timer from outside", async () => {
    const t = await synctest.test(() => time.newTimer(time.Hour));
    const err = await errorOf(() => t.stop());
    expect(err).toBeInstanceOf(Panic);
    expect((err as Error).message).toBe("stop of synctest timer from outside bubble");
  });

  it("throws Panic('reset of synctest timer from outside bubble') on resetting a bubble's timer from outside", async () => {
    const t = await synctest.test(() => time.newTimer(time.Hour));
    const err = await errorOf(() => t.reset(time.Second));
    expect(err).toBeInstanceOf(Panic);
    expect((err as Error).message).toBe("reset of synctest timer from outside bubble");
  });
});

describe("synctest.wait", () => {
  it("lets the other bubble tasks run until they are all durably blocked", async () => {
    const ran = await synctest.test(async () => {
      let ran = false;
      const ch = chan<void>();
      go(async () => {
        for (let i = 0; i < 5; i++) await runtime.gosched();
        ran = true;
        await ch.recv();
      });
      await synctest.wait();
      const out = ran;
      ch.close();
      return out;
    });
    expect(ran).toBe(true);
  });

  it("returns before the virtual clock moves: a task sleeping then setting a flag has not set it", async () => {
    const r = await synctest.test(async () => {
      let flag = false;
      go(async () => {
        await time.sleep(time.Second);
        flag = true;
      });
      await synctest.wait();
      const afterWait = { flag, now: time.now() };
      await time.sleep(2 * time.Second);
      return { afterWait, afterSleep: flag };
    });
    expect(r.afterWait).toEqual({ flag: false, now: EPOCH });
    expect(r.afterSleep).toBe(true);
  });

  it("throws a Panic when called outside a bubble", () => {
    expect(() => synctest.wait()).toThrow(Panic);
    expect(() => synctest.wait()).toThrow("goroutine is not in a bubble");
  });
});
