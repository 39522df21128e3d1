// A synctest bubble's driver is event-driven (issue 16): it counts the
// bubble's running tasks as they start, park, wake and exit, and decides
// only when a change may have blocked the bubble (or a timer is due now, or
// a task panicked), never once per host turn. runtime.gosched() in a bubble
// goes through the bubble's scheduler, so a schedule decides where it resumes.
import { afterAll, describe, expect, it } from "vitest";
import { chan, go, runtime, time, type Chan } from "../../src/index.js";
import { currentBubble } from "../../src/runtime/bubble-link.js";
import { yieldDue } from "../../src/runtime/fairness.js";
import { outsideTasks } from "../../src/runtime/trace.js";
import { driverSteps } from "../../src/testing/bubble.js";
import { explore, Schedule, synctest } from "../../src/testing/index.js";

const EPOCH = Date.UTC(2000, 0, 1);

afterAll(() => {
  expect(runtime.numGoroutine()).toBe(0);
  expect(runtime.parked()).toEqual([]);
});

/** Pike's daisy chain of `n` tasks: returns what leaves its right end when 1 enters its left. */
async function daisyChain(n: number): Promise<number> {
  const leftmost = chan<number>();
  let left = leftmost;
  const link = async (from: Chan<number>, to: Chan<number>): Promise<void> => {
    const [v] = await from.recv();
    await to.send(v! + 1);
  };
  for (let i = 0; i < n; i++) {
    const right = chan<number>();
    go(link, left, right);
    left = right;
  }
  await leftmost.send(1);
  const [v] = await left.recv();
  return v!;
}

/** A real (host) wait: outside the runtime, as I/O is. */
function hostWait(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

/** Counts host macrotask turns (setImmediate callbacks in a row) until stopped. */
function countTurns(): { turns: number; stop(): void } {
  const c = { turns: 0, stopped: false, stop: () => void (c.stopped = true) };
  const tick = (): void => {
    if (c.stopped) return;
    c.turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return c;
}

/** The hold() of the running bubble. */
function holdBubble(): () => void {
  const b = currentBubble();
  if (b === null) throw new Error("not in a bubble");
  return b.hold();
}

describe("a synctest bubble's driver", () => {
  it("does not decide once per host turn while a task spends a thousand turns on outside work", async () => {
    const turns = countTurns();
    const before = driverSteps();
    const now = await synctest.test(async () => {
      for (let i = 0; i < 1000; i++) await new Promise<void>((resolve) => setImmediate(resolve)); // outside the runtime
      await time.sleep(time.Second);
      return time.now();
    });
    const steps = driverSteps() - before;
    turns.stop();
    expect(now).toBe(EPOCH + time.Second);
    expect(turns.turns).toBeGreaterThanOrEqual(1000);
    // The sleep's park (the clock moves), and the exit (the bubble ends).
    expect(steps).toBeLessThanOrEqual(3);
  });

  it("takes as few steps for a 4,000-task daisy chain as for a 1,000-task one", async () => {
    let before = driverSteps();
    expect(await synctest.test(() => daisyChain(1000))).toBe(1001);
    const small = driverSteps() - before;
    before = driverSteps();
    expect(await synctest.test(() => daisyChain(4000))).toBe(4001);
    expect(driverSteps() - before).toBe(small);
    expect(small).toBeLessThanOrEqual(3);
  });

  it("decides once per virtual instant for 10 tasks sleeping 100 times each, not once per woken task", async () => {
    const before = driverSteps();
    await synctest.test(async () => {
      const sleeper = async (): Promise<void> => {
        for (let i = 0; i < 100; i++) await time.sleep(time.Millisecond);
      };
      const tasks = Array.from({ length: 10 }, () => go(sleeper));
      for (const t of tasks) await t.done;
    });
    // 100 clock moves, and the end.
    expect(driverSteps() - before).toBeLessThanOrEqual(102);
  });

  it("completes a 20,000-task daisy chain", { timeout: 120_000 }, async () => {
    expect(await synctest.test(() => daisyChain(20_000))).toBe(20_001);
  });

  it("moves the clock once a task that awaited outside I/O parks on a timer", async () => {
    const r = await synctest.test(async () => {
      const t = go(async () => {
        await hostWait(5); // running, as far as the bubble knows: time holds still
        await time.sleep(time.Hour); // this park is the event that lets the clock move
      });
      await t.done;
      return time.now();
    });
    expect(r).toBe(EPOCH + time.Hour);
  });

  it("fails with a task's panic while another task still awaits outside I/O", async () => {
    const boom = new Error("boom");
    let outsideDone = false;
    await expect(
      synctest.test(async () => {
        go(async () => {
          await hostWait(200);
          outsideDone = true;
        });
        go(() => {
          throw boom;
        });
        await time.sleep(time.Second);
      }),
    ).rejects.toBe(boom);
    // Not waited for: the bubble failed before the outside wait ended.
    expect(outsideDone).toBe(false);
    await hostWait(250);
  });
});

describe("a synctest bubble's run queue", () => {
  it("hands a value down a 1,000-task daisy chain in a few host turns, not one per hop", async () => {
    const turns = countTurns();
    expect(await synctest.test(() => daisyChain(1000))).toBe(1001);
    turns.stop();
    expect(turns.turns).toBeLessThan(10);
  });

  it("still lets the host run: a host timer fires while two bubble tasks hand a value back and forth without end", async () => {
    let stop = false;
    setTimeout(() => (stop = true), 5);
    const rounds = await synctest.test(async () => {
      const ping = chan<number>();
      const pong = chan<number>();
      go(async () => {
        for (;;) {
          const [v, ok] = await ping.recv();
          if (!ok) return;
          await pong.send(v! + 1);
        }
      });
      let n = 0;
      while (!stop) {
        await ping.send(n);
        [n] = (await pong.recv()) as [number, boolean];
      }
      ping.close();
      return n;
    });
    expect(rounds).toBeGreaterThan(0);
  });
});

describe("Bubble.hold", () => {
  it("keeps the clock still while a hold is outstanding, and lets it move once released", async () => {
    const seen: { now: number; woke: boolean }[] = [];
    const end = await synctest.test(async () => {
      const release = holdBubble();
      let woke = false;
      go(async () => {
        await time.sleep(time.Second);
        woke = true;
      });
      // Outside the runtime, as an in-memory network's delivery would be.
      setTimeout(() => {
        seen.push({ now: time.now(), woke });
        release();
      }, 20);
      await time.sleep(2 * time.Second);
      return time.now();
    });
    expect(seen).toEqual([{ now: EPOCH, woke: false }]);
    expect(end).toBe(EPOCH + 2 * time.Second);
  });

  it("keeps synctest.wait() from returning while a hold is outstanding", async () => {
    const order: string[] = [];
    await synctest.test(async () => {
      const release = holdBubble();
      setTimeout(() => {
        order.push("released");
        release();
      }, 20);
      await synctest.wait();
      order.push("wait returned");
    });
    expect(order).toEqual(["released", "wait returned"]);
  });

  it("ignores a second call of the same release: the bubble stays held by the other hold", async () => {
    const seen: number[] = [];
    await synctest.test(async () => {
      const first = holdBubble();
      const second = holdBubble();
      first();
      first();
      setTimeout(() => {
        seen.push(time.now());
        second();
      }, 20);
      await time.sleep(time.Second);
    });
    expect(seen).toEqual([EPOCH]);
  });
});

describe("runtime.gosched() in a bubble", () => {
  /** Two tasks that log a step and yield, three times each. */
  async function twoYielders(): Promise<string[]> {
    const log: string[] = [];
    const yielder = async (name: string): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        log.push(`${name}${i}`);
        await runtime.gosched();
      }
    };
    const a = go(yielder, "a");
    const b = go(yielder, "b");
    await a.done;
    await b.done;
    return log;
  }

  it("puts the task at the back of the run queue: without a schedule the yielders alternate", async () => {
    expect(await synctest.test(twoYielders)).toEqual(["a0", "b0", "a1", "b1", "a2", "b2"]);
  });

  it("is a point the schedule decides: choosing the second runnable task resumes b before a", async () => {
    expect(await synctest.test(twoYielders, { schedule: new Schedule([1]) })).toEqual(["a0", "b0", "b1", "a1", "b2", "a2"]);
  });

  it("gives exhaustive exploration more than one schedule for a program whose only yields are gosched", async () => {
    const { runs } = await explore(twoYielders, { exhaustive: { preemptions: 1 } });
    expect(runs).toBeGreaterThan(1);
  });

  it("leaves the yielding task runnable, not blocked", async () => {
    const state = await synctest.test(async () => {
      go(async function yielder() {
        await runtime.gosched();
      });
      await runtime.gosched(); // the yielder starts, yields, and waits behind this task
      return runtime.goroutines().find((g) => g.name === "yielder")?.state;
    });
    expect(state).toBe("runnable");
  });
});

describe("a bubble and the host's fairness yield", () => {
  it("does not make a bubble task wait for a yield that code outside the bubble earned", async () => {
    const log = await synctest.test(async () => {
      const log: string[] = [];
      const ch = chan<number>(1);
      const woken = chan<void>();
      go(async function b() {
        await woken.recv();
        log.push("b runs");
      });
      await runtime.gosched(); // b parks
      woken.trySend(); // b is woken: it waits in the run queue behind this task
      // Code outside every task runs hot until the runtime owes the host a
      // turn (a fairness yield is pending), as a busy neighbour would.
      outsideTasks(() => {
        while (yieldDue() === null);
      });
      await ch.send(1); // completes at once: in Go, no reason to let b run first
      log.push("main goes on");
      await time.sleep(time.Millisecond);
      return log;
    });
    expect(log).toEqual(["main goes on", "b runs"]);
  });
});
