import { describe, expect, it } from "vitest";
import { chan, errgroup, go, otherwise, recv, select, sync, time, type Task } from "../../src/index.js";

// Every loop shape that runs without a host turn must still let timers and
// I/O run. Each storm runs until a 10 ms host timer fires or it has made
// STORM_CAP iterations; a storm that starves the event loop reaches the cap
// (its timer never fired), one that yields stops within a few milliseconds.
// The cap bounds a failing run, since a starved loop would starve vitest's
// own timeout too.

const STORM_CAP = 1_000_000;

interface Storm {
  /** True until the host timer fired or the cap is reached; counts one iteration. */
  running(): boolean;
}

async function hostTimerFiresDuring(start: (storm: Storm) => Task[]): Promise<{ fired: boolean; iterations: number }> {
  let fired = false;
  let iterations = 0;
  const storm: Storm = { running: () => !fired && ++iterations < STORM_CAP };
  const timer = setTimeout(() => (fired = true), 10);
  const tasks = start(storm);
  await Promise.all(tasks.map((t) => t.done));
  clearTimeout(timer);
  return { fired, iterations };
}

async function expectFair(start: (storm: Storm) => Task[]): Promise<void> {
  const { fired, iterations } = await hostTimerFiresDuring(start);
  expect(fired, `the host timer never fired in ${iterations} iterations`).toBe(true);
}

describe("fairness: no loop shape starves the host's timers", () => {
  it("two tasks handing a Mutex back and forth let a host timer fire", async () => {
    const mu = new sync.Mutex();
    const locker = (s: Storm) =>
      go(async () => {
        while (s.running()) {
          await mu.lock();
          mu.unlock();
        }
      });
    await expectFair((s) => [locker(s), locker(s)]);
  });

  it("one task locking a free Mutex in a loop lets a host timer fire", async () => {
    const mu = new sync.Mutex();
    await expectFair((s) => [
      go(async () => {
        while (s.running()) {
          await mu.lock();
          mu.unlock();
        }
      }),
    ]);
  });

  it("two writers handing an RWMutex back and forth let a host timer fire", async () => {
    const rw = new sync.RWMutex();
    const writer = (s: Storm) =>
      go(async () => {
        while (s.running()) {
          await rw.lock();
          rw.unlock();
        }
      });
    await expectFair((s) => [writer(s), writer(s)]);
  });

  it("a reader taking a free read lock in a loop lets a host timer fire", async () => {
    const rw = new sync.RWMutex();
    await expectFair((s) => [
      go(async () => {
        while (s.running()) {
          await rw.rLock();
          rw.rUnlock();
        }
      }),
    ]);
  });

  it("waiting on a WaitGroup at zero in a loop lets a host timer fire", async () => {
    const wg = new sync.WaitGroup();
    await expectFair((s) => [
      go(async () => {
        while (s.running()) await wg.wait();
      }),
    ]);
  });

  it("a WaitGroup reused in a loop, its waiter woken by each round's done, lets a host timer fire", async () => {
    const wg = new sync.WaitGroup();
    await expectFair((s) => [
      go(async () => {
        while (s.running()) {
          wg.add(1);
          queueMicrotask(() => wg.done());
          await wg.wait();
        }
      }),
    ]);
  });

  it("calling a done Once in a loop lets a host timer fire", async () => {
    const once = new sync.Once();
    await expectFair((s) => [
      go(async () => {
        while (s.running()) await once.do(() => {});
      }),
    ]);
  });

  it("tasks waking each other only with trySend let a host timer fire", async () => {
    const ping = chan<number>();
    const pong = chan<number>();
    // The receiver starts first, so the first trySend finds it parked.
    await expectFair((s) => [
      go(async () => {
        for (;;) {
          const [v, ok] = await ping.recv();
          if (!ok) break;
          pong.trySend(v);
        }
      }),
      go(async () => {
        while (s.running()) {
          expect(ping.trySend(1)).toBe(true);
          await pong.recv();
        }
        ping.close();
      }),
    ]);
  });

  it("a select polling with otherwise() lets a host timer fire", async () => {
    const ch = chan<number>();
    await expectFair((s) => [
      go(async () => {
        while (s.running()) await select(recv(ch), otherwise());
      }),
    ]);
  });

  it("a select polling with otherwise(body) lets a host timer fire", async () => {
    const ch = chan<number>();
    let polls = 0;
    await expectFair((s) => [
      go(async () => {
        while (s.running()) await select(recv(ch), otherwise(() => polls++));
      }),
    ]);
    expect(polls).toBeGreaterThan(0);
  });

  it("time.sleep(0) in a loop lets a host timer fire", async () => {
    await expectFair((s) => [
      go(async () => {
        while (s.running()) await time.sleep(0);
      }),
    ]);
  });

  it("a negative time.sleep in a loop lets a host timer fire", async () => {
    await expectFair((s) => [
      go(async () => {
        while (s.running()) await time.sleep(-1);
      }),
    ]);
  });

  it("errgroup.Group.go of a quick function in a loop lets a host timer fire", async () => {
    const g = new errgroup.Group();
    await expectFair((s) => [
      go(async () => {
        while (s.running()) await g.go(() => {});
        await g.wait();
      }),
    ]);
  });

  it("receiving from a closed channel in a loop lets a host timer fire", async () => {
    const ch = chan<number>();
    ch.close();
    await expectFair((s) => [
      go(async () => {
        while (s.running()) await ch.recv();
      }),
    ]);
  });

  it("an unbuffered ping-pong lets a host timer fire", async () => {
    const ch = chan<number>();
    await expectFair((s) => [
      go(async () => {
        while (s.running()) await ch.send(1);
        ch.close();
      }),
      go(async () => {
        for (;;) {
          const [, ok] = await ch.recv();
          if (!ok) break;
        }
      }),
    ]);
  });

  it("a task that starts another as its last act, without end, lets a host timer fire", async () => {
    const end = chan<void>();
    await expectFair((s) => {
      const relay = (): void => {
        if (s.running()) go(relay);
        else end.close();
      };
      go(relay);
      return [go(() => end.recv())];
    });
  });
});
