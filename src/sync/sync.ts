import { Panic } from "../runtime/panic.js";
import { go, type Task } from "../runtime/task.js";
import { checkFunction, describe } from "../runtime/validate.js";
import { yieldDue } from "../runtime/fairness.js";
import { WaiterList } from "./waiters.js";

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The promise of a call that completed at once. It counts toward the
 * fairness yield as a channel operation does: `for (;;) { await mu.lock();
 * mu.unlock() }` never parks, and would otherwise starve timers and I/O.
 */
function completed(): Promise<void> {
  return yieldDue() ?? RESOLVED;
}

/** `go(fn)` with the task named after `fn`, running `body` instead. */
export function goNamed(fn: { name: string }, body: () => Promise<void>): Task {
  Object.defineProperty(body, "name", { value: fn.name });
  return go(body);
}

/**
 * Go's `sync.WaitGroup`: wait for a collection of tasks to finish.
 *
 * ```ts
 * const wg = new sync.WaitGroup(); wg.go(work); await wg.wait() // wg.Go(work); wg.Wait()
 * ```
 */
export class WaitGroup {
  private n = 0;
  private readonly waiters = new WaiterList();

  /**
   * Add `delta` (may be negative) to the counter; at zero every waiter is
   * released. Below zero throws a {@link Panic}. Add before starting the
   * task it counts, so a `wait` cannot see zero too early.
   *
   * ```ts
   * wg.add(1); go(async () => { try { await work() } finally { wg.done() } }) // wg.Add(1); go func() { defer wg.Done(); work() }()
   * ```
   */
  add(delta: number): void {
    if (typeof delta !== "number" || !Number.isInteger(delta)) throw new TypeError(`sync.WaitGroup.add: delta must be an integer, got ${describe(delta)}`);
    const n = this.n + delta;
    if (n < 0) throw new Panic("sync: negative WaitGroup counter");
    // Past it, `n + 1` may equal `n`: an add would be lost and wait never return.
    if (n > Number.MAX_SAFE_INTEGER) throw new RangeError(`sync.WaitGroup.add: delta ${delta} takes the counter past Number.MAX_SAFE_INTEGER`);
    this.n = n;
    if (n === 0) this.waiters.wakeAll();
  }

  /**
   * `add(-1)`: one counted task has finished.
   *
   * ```ts
   * wg.done() // wg.Done()
   * ```
   */
  done(): void {
    this.add(-1);
  }

  /**
   * Resolves once the counter is zero (at once if it is zero now).
   *
   * ```ts
   * await wg.wait() // wg.Wait()
   * ```
   */
  wait(): Promise<void> {
    return this.n === 0 ? completed() : this.waiters.park("sync.WaitGroup.Wait");
  }

  /**
   * Run `fn` in a new task counted by this group (Go 1.25's `wg.Go`): the
   * count drops when `fn` settles, even if it throws.
   *
   * ```ts
   * for (const url of urls) wg.go(() => fetchOne(url)) // for _, url := range urls { wg.Go(func() { fetchOne(url) }) }
   * ```
   */
  go(fn: () => unknown): Task {
    checkFunction(fn, "sync.WaitGroup.go");
    this.add(1);
    return goNamed(fn, async () => {
      try {
        await fn();
      } finally {
        this.done();
      }
    });
  }
}

/**
 * Go's `sync.Mutex`, with FIFO hand-off: unlock passes the lock straight to
 * the longest waiter, so no task can barge in and none starves.
 *
 * ```ts
 * await mu.lock(); try { n++ } finally { mu.unlock() } // mu.Lock(); defer mu.Unlock()
 * ```
 */
export class Mutex {
  private locked = false;
  private readonly waiters = new WaiterList();

  /**
   * Acquire the lock, waiting while another task holds it. Not reentrant:
   * a task that locks twice without unlocking waits forever, as in Go.
   *
   * ```ts
   * await mu.lock() // mu.Lock()
   * ```
   */
  lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return completed();
    }
    return this.waiters.park("sync.Mutex.Lock");
  }

  /**
   * Acquire the lock only if it is free now; false otherwise. A lock being
   * handed to a waiter is not free.
   *
   * ```ts
   * if (mu.tryLock()) { try { flush() } finally { mu.unlock() } } // if mu.TryLock() { defer mu.Unlock(); flush() }
   * ```
   */
  tryLock(): boolean {
    if (this.locked) return false;
    this.locked = true;
    return true;
  }

  /**
   * Release the lock, handing it to the longest waiter if there is one.
   * Any task may unlock, not only the one that locked (as in Go); unlocking
   * an unlocked Mutex throws a {@link Panic}.
   *
   * ```ts
   * mu.unlock() // mu.Unlock()
   * ```
   */
  unlock(): void {
    if (!this.locked) throw new Panic("sync: unlock of unlocked mutex");
    // Hand-off: the lock stays held and passes to the first waiter.
    if (!this.waiters.wakeOne()) this.locked = false;
  }
}

/**
 * Go's `sync.RWMutex`: many readers or one writer. A waiting writer blocks
 * new readers, so writers never starve; the lock is handed over in FIFO
 * order, a run of readers at the head of the queue together.
 *
 * ```ts
 * await mu.rLock(); try { read() } finally { mu.rUnlock() } // mu.RLock(); defer mu.RUnlock()
 * ```
 */
export class RWMutex {
  private writer = false;
  private readers = 0;
  /** Invariant: while no writer holds the lock, the queue is empty or starts with a writer. */
  private readonly waiters = new WaiterList();

  /**
   * Acquire the write lock, waiting for readers and any writer to finish.
   * Once it waits, no new reader gets in ahead of it.
   *
   * ```ts
   * await rw.lock(); try { cache.clear() } finally { rw.unlock() } // rw.Lock(); defer rw.Unlock()
   * ```
   */
  lock(): Promise<void> {
    if (this.tryLock()) return completed();
    return this.waiters.park("sync.RWMutex.Lock", true);
  }

  /**
   * Acquire the write lock only if nobody holds or awaits the lock now.
   *
   * ```ts
   * if (rw.tryLock()) { try { compact() } finally { rw.unlock() } } // if rw.TryLock() { ... }
   * ```
   */
  tryLock(): boolean {
    if (this.writer || this.readers > 0 || this.waiters.head !== null) return false;
    this.writer = true;
    return true;
  }

  /**
   * Release the write lock: the waiting readers at the head of the queue
   * enter together, or the first waiting writer. Throws a {@link Panic} if
   * it is not write-locked.
   *
   * ```ts
   * rw.unlock() // rw.Unlock()
   * ```
   */
  unlock(): void {
    if (!this.writer) throw new Panic("sync: Unlock of unlocked RWMutex");
    this.writer = false;
    this.grant();
  }

  /**
   * Acquire a read lock, shared with other readers; waits while a writer
   * holds the lock or waits for it. So a task must not take a read lock it
   * already holds again: a writer arriving in between deadlocks both, as in
   * Go.
   *
   * ```ts
   * await rw.rLock(); try { return cache.get(k) } finally { rw.rUnlock() } // rw.RLock(); defer rw.RUnlock()
   * ```
   */
  rLock(): Promise<void> {
    if (this.tryRLock()) return completed();
    return this.waiters.park("sync.RWMutex.RLock", false);
  }

  /**
   * Acquire a read lock only if that needs no wait: no writer holds or
   * awaits the lock.
   *
   * ```ts
   * if (rw.tryRLock()) { try { peek() } finally { rw.rUnlock() } } // if rw.TryRLock() { ... }
   * ```
   */
  tryRLock(): boolean {
    if (this.writer || this.waiters.head !== null) return false;
    this.readers++;
    return true;
  }

  /**
   * Release one read lock; the last reader out lets a waiting writer in.
   * Throws a {@link Panic} if no read lock is held.
   *
   * ```ts
   * rw.rUnlock() // rw.RUnlock()
   * ```
   */
  rUnlock(): void {
    if (this.readers === 0) throw new Panic("sync: RUnlock of unlocked RWMutex");
    if (--this.readers === 0) this.grant();
  }

  private grant(): void {
    const head = this.waiters.head;
    if (head === null || this.writer) return;
    if (head.write) {
      if (this.readers === 0) {
        this.writer = true;
        this.waiters.wakeOne();
      }
      return;
    }
    while (this.waiters.head !== null && !this.waiters.head.write) {
      this.readers++;
      this.waiters.wakeOne();
    }
  }
}

/**
 * Go's `sync.Once`: `fn` runs once. Callers that arrive while an async `fn`
 * is running wait for it. If `fn` throws, only the first caller sees the
 * error and later calls do nothing, as in Go.
 *
 * ```ts
 * await once.do(loadConfig) // once.Do(loadConfig)
 * ```
 */
export class Once {
  private state: "new" | "running" | "done" = "new";
  private readonly waiters = new WaiterList();

  /**
   * Run `fn` if no call of `do` on this Once has run it yet; every call
   * resolves once `fn` has finished. Only the first caller sees `fn`'s
   * error (as a rejection). Awaiting `do` from inside `fn` waits forever,
   * as Go's recursive Do deadlocks.
   *
   * ```ts
   * await once.do(async () => { config = await load() }) // once.Do(func() { config = load() })
   * ```
   */
  do(fn: () => unknown): Promise<void> {
    checkFunction(fn, "sync.Once.do");
    if (this.state === "done") return completed();
    if (this.state === "running") return this.waiters.park("sync.Mutex.Lock");
    this.state = "running";
    let result: unknown;
    try {
      result = fn();
    } catch (e) {
      this.finish();
      return Promise.reject(e);
    }
    if (result !== null && typeof result === "object" && typeof (result as PromiseLike<unknown>).then === "function") {
      return Promise.resolve(result).then(
        () => this.finish(),
        (e: unknown) => {
          this.finish();
          throw e;
        },
      );
    }
    this.finish();
    return completed();
  }

  private finish(): void {
    this.state = "done";
    this.waiters.wakeAll();
  }
}
