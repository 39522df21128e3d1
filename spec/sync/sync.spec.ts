import { describe, expect, it } from "vitest";
import { go, Panic, runtime, sync, time } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";
import { settleAll, stateOf, track, until } from "./_helpers.js";

// Tests that wait for tasks or take time run in a synctest bubble: a task
// that never wakes fails the bubble with a Deadlock instead of a wall-clock
// guard, synctest.wait() replaces "let it run for a few turns", and durations
// are virtual. The rest wait on no timer and no task (only on host turns).

/** Calls `f` and returns what it threw. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("sync.WaitGroup", () => {
  it("wait() resolves at once when the counter is zero", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const wg = new sync.WaitGroup();
      await wg.wait();
      expect(time.now()).toBe(start);
    });
  });

  it("wait() resolves only once done() has brought the counter back to zero", async () => {
    const wg = new sync.WaitGroup();
    wg.add(2);
    const w = track(wg.wait());
    wg.done();
    await settleAll();
    expect(w.settled).toBe(false);
    wg.done();
    await until(() => w.settled);
    expect(w.rejected).toBe(false);
  });

  it("releases every waiter when the counter reaches zero", async () => {
    const wg = new sync.WaitGroup();
    wg.add(1);
    const waiters = [track(wg.wait()), track(wg.wait()), track(wg.wait())];
    await settleAll();
    expect(waiters.some((w) => w.settled)).toBe(false);
    wg.done();
    await until(() => waiters.every((w) => w.settled));
  });

  it("add(n) with a negative n counts down like n calls to done()", async () => {
    const wg = new sync.WaitGroup();
    wg.add(3);
    const w = track(wg.wait());
    wg.add(-3);
    await until(() => w.settled);
  });

  it("done() below zero panics with 'sync: negative WaitGroup counter'", () => {
    const wg = new sync.WaitGroup();
    const e = thrown(() => wg.done());
    expect(e).toBeInstanceOf(Panic);
    expect((e as Error).message).toBe("sync: negative WaitGroup counter");
  });

  it("add() taking the counter below zero panics with 'sync: negative WaitGroup counter'", () => {
    const wg = new sync.WaitGroup();
    wg.add(1);
    const e = thrown(() => wg.add(-2));
    expect(e).toBeInstanceOf(Panic);
    expect((e as Error).message).toBe("sync: negative WaitGroup counter");
  });

  it("add() with a non-integer throws TypeError", () => {
    const wg = new sync.WaitGroup();
    expect(() => wg.add(1.5)).toThrow(TypeError);
    expect(() => wg.add(NaN)).toThrow(TypeError);
  });

  it("can be reused after the counter has returned to zero", async () => {
    const wg = new sync.WaitGroup();
    wg.add(1);
    wg.done();
    await wg.wait();
    wg.add(1);
    const w = track(wg.wait());
    await settleAll();
    expect(w.settled).toBe(false);
    wg.done();
    await until(() => w.settled);
  });

  it("go(fn) runs fn in a new task and wait() waits for it to finish", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const wg = new sync.WaitGroup();
      const finished: number[] = [];
      for (let i = 0; i < 5; i++) {
        wg.go(async () => {
          await time.sleep(5 + i);
          finished.push(i);
        });
      }
      await wg.wait();
      expect(time.now()).toBe(start + 9);
      expect(finished).toEqual([0, 1, 2, 3, 4]);
    });
  });

  it("go(fn) starts fn after go returns, in a task named after fn", async () => {
    const wg = new sync.WaitGroup();
    let started = false;
    const t = wg.go(function worker() {
      started = true;
    });
    expect(started).toBe(false);
    expect(t.name).toBe("worker");
    await wg.wait();
    expect(started).toBe(true);
  });

  it("go() with a non-function throws TypeError and does not change the counter", async () => {
    await synctest.test(async () => {
      const wg = new sync.WaitGroup();
      expect(() => wg.go(null as unknown as () => void)).toThrow(TypeError);
      await wg.wait();
    });
  });

  it("a task blocked in wait() is reported as 'sync.WaitGroup.Wait'", async () => {
    await synctest.test(async () => {
      const wg = new sync.WaitGroup();
      wg.add(1);
      const t = go(async function waiter() {
        await wg.wait();
      });
      await synctest.wait();
      expect(stateOf(t)).toBe("sync.WaitGroup.Wait");
      wg.done();
      await t.done;
    });
  });
});

describe("sync.Mutex", () => {
  it("lock() on an unlocked mutex resolves at once", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const mu = new sync.Mutex();
      await mu.lock();
      expect(time.now()).toBe(start);
      mu.unlock();
    });
  });

  it("tryLock() takes a free mutex and fails on a held one", () => {
    const mu = new sync.Mutex();
    expect(mu.tryLock()).toBe(true);
    expect(mu.tryLock()).toBe(false);
    mu.unlock();
    expect(mu.tryLock()).toBe(true);
    mu.unlock();
  });

  it("a second lock() waits until the holder unlocks", async () => {
    const mu = new sync.Mutex();
    await mu.lock();
    const second = track(mu.lock());
    await settleAll();
    expect(second.settled).toBe(false);
    mu.unlock();
    await until(() => second.settled);
    mu.unlock();
  });

  it("unlocking an unlocked mutex panics with 'sync: unlock of unlocked mutex'", () => {
    const mu = new sync.Mutex();
    const e = thrown(() => mu.unlock());
    expect(e).toBeInstanceOf(Panic);
    expect((e as Error).message).toBe("sync: unlock of unlocked mutex");
  });

  it("unlocking twice panics the second time", () => {
    const mu = new sync.Mutex();
    expect(mu.tryLock()).toBe(true);
    mu.unlock();
    expect(() => mu.unlock()).toThrow(Panic);
  });

  it("hands the lock to waiters in the order they called lock()", async () => {
    await synctest.test(async () => {
      const mu = new sync.Mutex();
      await mu.lock();
      const order: number[] = [];
      const wg = new sync.WaitGroup();
      for (let i = 0; i < 10; i++) {
        wg.go(async function locker() {
          await mu.lock();
          order.push(i);
          await time.sleep(1);
          mu.unlock();
        });
        await synctest.wait(); // task i is parked in lock() before task i+1 starts
      }
      mu.unlock();
      await wg.wait();
      expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });
  });

  it("unlock with a waiter hands the lock over, so tryLock() right after fails", async () => {
    const mu = new sync.Mutex();
    await mu.lock();
    const waiter = track(mu.lock());
    mu.unlock();
    expect(mu.tryLock()).toBe(false);
    await until(() => waiter.settled);
    mu.unlock();
    expect(mu.tryLock()).toBe(true);
    mu.unlock();
  });

  it("a lock() made after unlock() queues behind a waiter that was already parked", async () => {
    const mu = new sync.Mutex();
    await mu.lock();
    const order: string[] = [];
    const first = mu.lock().then(() => order.push("waiter"));
    mu.unlock();
    const late = mu.lock().then(() => order.push("late"));
    await first;
    mu.unlock();
    await late;
    mu.unlock();
    expect(order).toEqual(["waiter", "late"]);
  });

  it("never lets two tasks into the critical section at once", async () => {
    await synctest.test(async () => {
      const mu = new sync.Mutex();
      let inside = 0;
      let maxInside = 0;
      let count = 0;
      const wg = new sync.WaitGroup();
      for (let i = 0; i < 20; i++) {
        wg.go(async function incrementer() {
          for (let j = 0; j < 5; j++) {
            await mu.lock();
            inside++;
            maxInside = Math.max(maxInside, inside);
            const read = count;
            await runtime.gosched();
            count = read + 1;
            inside--;
            mu.unlock();
          }
        });
      }
      await wg.wait();
      expect(maxInside).toBe(1);
      expect(count).toBe(100);
    });
  });

  it("a task blocked in lock() is reported as 'sync.Mutex.Lock'", async () => {
    await synctest.test(async () => {
      const mu = new sync.Mutex();
      await mu.lock();
      const t = go(async function blocked() {
        await mu.lock();
        mu.unlock();
      });
      await synctest.wait();
      expect(stateOf(t)).toBe("sync.Mutex.Lock");
      mu.unlock();
      await t.done;
    });
  });
});

describe("sync.RWMutex", () => {
  it("lets many readers hold the lock at once", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const mu = new sync.RWMutex();
      await mu.rLock();
      await mu.rLock();
      await mu.rLock();
      expect(time.now()).toBe(start);
      expect(mu.tryRLock()).toBe(true);
      for (let i = 0; i < 4; i++) mu.rUnlock();
    });
  });

  it("a writer waits until every reader has left", async () => {
    const mu = new sync.RWMutex();
    await mu.rLock();
    await mu.rLock();
    const w = track(mu.lock());
    mu.rUnlock();
    await settleAll();
    expect(w.settled).toBe(false);
    mu.rUnlock();
    await until(() => w.settled);
    mu.unlock();
  });

  it("readers wait while a writer holds the lock", async () => {
    const mu = new sync.RWMutex();
    await mu.lock();
    const r = track(mu.rLock());
    expect(mu.tryRLock()).toBe(false);
    await settleAll();
    expect(r.settled).toBe(false);
    mu.unlock();
    await until(() => r.settled);
    mu.rUnlock();
  });

  it("a waiting writer blocks new readers, so writers do not starve", async () => {
    const mu = new sync.RWMutex();
    await mu.rLock();
    const order: string[] = [];
    const writer = mu.lock().then(() => order.push("writer"));
    expect(mu.tryRLock()).toBe(false);
    const reader = mu.rLock().then(() => order.push("reader"));
    await settleAll();
    expect(order).toEqual([]);
    mu.rUnlock();
    await writer;
    await settleAll();
    expect(order).toEqual(["writer"]);
    mu.unlock();
    await reader;
    expect(order).toEqual(["writer", "reader"]);
    mu.rUnlock();
  });

  it("grants the lock in FIFO order, a run of queued readers together", async () => {
    const mu = new sync.RWMutex();
    await mu.lock();
    const r1 = track(mu.rLock());
    const r2 = track(mu.rLock());
    const w2 = track(mu.lock());
    const r3 = track(mu.rLock());
    mu.unlock();
    await until(() => r1.settled && r2.settled);
    await settleAll();
    expect(w2.settled).toBe(false);
    expect(r3.settled).toBe(false);
    mu.rUnlock();
    await settleAll();
    expect(w2.settled).toBe(false);
    mu.rUnlock();
    await until(() => w2.settled);
    await settleAll();
    expect(r3.settled).toBe(false);
    mu.unlock();
    await until(() => r3.settled);
    mu.rUnlock();
  });

  it("writers get the lock in the order they called lock()", async () => {
    await synctest.test(async () => {
      const mu = new sync.RWMutex();
      await mu.lock();
      const order: number[] = [];
      const all = [0, 1, 2, 3, 4].map((i) =>
        mu.lock().then(() => {
          order.push(i);
          mu.unlock();
        }),
      );
      mu.unlock();
      await Promise.all(all);
      expect(order).toEqual([0, 1, 2, 3, 4]);
    });
  });

  it("tryLock() fails while readers hold the lock and succeeds when it is free", () => {
    const mu = new sync.RWMutex();
    expect(mu.tryRLock()).toBe(true);
    expect(mu.tryLock()).toBe(false);
    mu.rUnlock();
    expect(mu.tryLock()).toBe(true);
    expect(mu.tryLock()).toBe(false);
    expect(mu.tryRLock()).toBe(false);
    mu.unlock();
  });

  it("rUnlock of an unlocked RWMutex panics with 'sync: RUnlock of unlocked RWMutex'", () => {
    const mu = new sync.RWMutex();
    const e = thrown(() => mu.rUnlock());
    expect(e).toBeInstanceOf(Panic);
    expect((e as Error).message).toBe("sync: RUnlock of unlocked RWMutex");
  });

  it("unlock of an unlocked RWMutex panics with 'sync: Unlock of unlocked RWMutex'", () => {
    const mu = new sync.RWMutex();
    const e = thrown(() => mu.unlock());
    expect(e).toBeInstanceOf(Panic);
    expect((e as Error).message).toBe("sync: Unlock of unlocked RWMutex");
  });

  it("unlock while only readers hold the lock panics", () => {
    const mu = new sync.RWMutex();
    expect(mu.tryRLock()).toBe(true);
    expect(() => mu.unlock()).toThrow("sync: Unlock of unlocked RWMutex");
    mu.rUnlock();
  });

  it("rUnlock while a writer holds the lock panics", () => {
    const mu = new sync.RWMutex();
    expect(mu.tryLock()).toBe(true);
    expect(() => mu.rUnlock()).toThrow("sync: RUnlock of unlocked RWMutex");
    mu.unlock();
  });

  it("a task blocked in lock() is reported as 'sync.RWMutex.Lock'", async () => {
    await synctest.test(async () => {
      const mu = new sync.RWMutex();
      await mu.rLock();
      const t = go(async function writer() {
        await mu.lock();
        mu.unlock();
      });
      await synctest.wait();
      expect(stateOf(t)).toBe("sync.RWMutex.Lock");
      mu.rUnlock();
      await t.done;
    });
  });

  it("a task blocked in rLock() is reported as 'sync.RWMutex.RLock'", async () => {
    await synctest.test(async () => {
      const mu = new sync.RWMutex();
      await mu.lock();
      const t = go(async function reader() {
        await mu.rLock();
        mu.rUnlock();
      });
      await synctest.wait();
      expect(stateOf(t)).toBe("sync.RWMutex.RLock");
      mu.unlock();
      await t.done;
    });
  });
});

describe("sync.Once", () => {
  it("runs fn only on the first call", async () => {
    const once = new sync.Once();
    let runs = 0;
    for (let i = 0; i < 5; i++) await once.do(() => runs++);
    expect(runs).toBe(1);
  });

  it("does not run a different fn passed to a later call", async () => {
    const once = new sync.Once();
    const ran: string[] = [];
    await once.do(() => ran.push("a"));
    await once.do(() => ran.push("b"));
    expect(ran).toEqual(["a"]);
  });

  it("concurrent callers of an async fn wait until the first call has finished", async () => {
    await synctest.test(async () => {
      const once = new sync.Once();
      let finished = false;
      let runs = 0;
      const fn = async (): Promise<void> => {
        runs++;
        await time.sleep(10);
        finished = true;
      };
      const start = time.now();
      const seen: [boolean, number][] = [];
      const calls = [once.do(fn), once.do(fn), once.do(fn)].map((p) => p.then(() => seen.push([finished, time.since(start)])));
      await Promise.all(calls);
      expect(seen).toEqual([
        [true, 10],
        [true, 10],
        [true, 10],
      ]);
      expect(runs).toBe(1);
    });
  });

  it("a caller that arrives while fn runs resolves only after fn has finished", async () => {
    await synctest.test(async () => {
      const once = new sync.Once();
      let finished = false;
      void once.do(async () => {
        await time.sleep(10);
        finished = true;
      });
      const start = time.now();
      let resolved: [boolean, number] | undefined;
      await once.do(() => {}).then(() => (resolved = [finished, time.since(start)]));
      expect(resolved).toEqual([true, 10]);
    });
  });

  it("when fn throws, the first caller rejects with the error and later calls do nothing", async () => {
    const once = new sync.Once();
    const boom = new Error("boom");
    let runs = 0;
    await expect(
      once.do(() => {
        runs++;
        throw boom;
      }),
    ).rejects.toBe(boom);
    await expect(once.do(() => runs++)).resolves.toBeUndefined();
    expect(runs).toBe(1);
  });

  it("when an async fn rejects, only the first caller rejects; concurrent callers resolve", async () => {
    await synctest.test(async () => {
      const once = new sync.Once();
      const boom = new Error("boom");
      const first = once.do(async () => {
        await time.sleep(5);
        throw boom;
      });
      const concurrent = once.do(() => {});
      await expect(first).rejects.toBe(boom);
      await expect(concurrent).resolves.toBeUndefined();
    });
  });

  it("do() with a non-function throws TypeError", () => {
    const once = new sync.Once();
    expect(() => once.do(undefined as unknown as () => void)).toThrow(TypeError);
  });
});
