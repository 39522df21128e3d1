import { currentBubble } from "../runtime/bubble-link.js";
import { Panic } from "../runtime/panic.js";
import { currentTask, setTracing, tracingAvailable } from "../runtime/trace.js";
import { checkFunction, describe } from "../runtime/validate.js";
import type { Scheduler } from "../runtime/scheduler.js";
import { preemptingScheduler } from "../runtime/fairness.js";
import { ExploreScheduler, FifoScheduler, Schedule, decode } from "./schedule.js";
import { Bubble } from "./bubble.js";

let activeBubbles = 0;
let tracingBefore = false;

/**
 * Options of {@link test}: at most one of `seed`, `schedule` and `replay`
 * decides the run (`replay` first, then `schedule`, then `seed`).
 *
 * ```ts
 * await synctest.test(program, { replay: "1.0.2" }) // reproduce the schedule a failure printed
 * ```
 */
export interface TestOptions {
  /**
   * Without a schedule, woken tasks resume in FIFO order, each running
   * until it blocks (Go's run-until-blocked), and select choices are
   * uniformly random from this seed (default 1): one seed, one run.
   */
  seed?: number;
  /** Run under this schedule (from the `schedule()` arbitrary); overrides `seed`. */
  schedule?: Schedule;
  /** Reproduce a failing schedule: the replay value a failure printed. */
  replay?: string | readonly number[] | Schedule;
}

/**
 * Run `fn` in a bubble with a virtual clock, Go 1.25's `synctest.Test`.
 * Time inside starts at 2000-01-01T00:00:00Z and jumps to the next timer
 * whenever every task in the bubble is durably blocked, so
 * `time.sleep(5 * time.Minute)` returns at once in wall time. Resolves with
 * `fn`'s result once every task started in the bubble has exited; rejects
 * with a task's panic, or with a {@link Deadlock} when all are blocked
 * and no timer can wake them. As in Go, time stops once `fn` has returned:
 * tasks still blocked then are a Deadlock, not waited for.
 *
 * ```ts
 * await synctest.test(async () => { await time.sleep(time.Hour) }) // synctest.Test(t, func(t *testing.T) { time.Sleep(time.Hour) })
 * ```
 */
export function test<R>(fn: () => R | Promise<R>, options: TestOptions = {}): Promise<R> {
  // Bad arguments throw here, at the call, as every other call's do.
  checkFunction(fn, "synctest.test");
  if (options === null || typeof options !== "object") {
    throw new TypeError(`synctest.test: options must be an object, got ${describe(options)}`);
  }
  if (options.schedule !== undefined && !(options.schedule instanceof Schedule)) {
    throw new TypeError("synctest.test: schedule must come from the schedule() arbitrary");
  }
  const given = options.replay ?? options.schedule;
  if (given !== undefined) return replayBubble(fn, new ExploreScheduler(decode(given)), options.schedule);
  const seed = options.seed ?? 1;
  if (typeof seed !== "number") throw new TypeError(`synctest.test: seed must be an integer, got ${describe(seed)}`);
  if (!Number.isInteger(seed)) throw new RangeError(`synctest.test: seed must be an integer, got ${seed}`);
  return runBubble(fn, new FifoScheduler(seed));
}

/** Run `fn` under the replayed scheduler `s`; tell `schedule` which choices it used. */
async function replayBubble<R>(fn: () => R | Promise<R>, s: ExploreScheduler, schedule: Schedule | undefined): Promise<R> {
  try {
    return await runBubble(fn, s);
  } finally {
    if (schedule !== undefined) schedule.used = s.used;
  }
}

/** Run `fn` in a new bubble driven by `scheduler`. */
export async function runBubble<R>(fn: () => R | Promise<R>, scheduler: Scheduler): Promise<R> {
  if (currentBubble() !== null) throw new Panic("synctest.Run called from within a synctest bubble");
  if (!tracingAvailable()) {
    throw new Error("synctest: this runtime has no AsyncLocalStorage, which bubbles need to tell their tasks apart (Node >= 20.16, Deno and Bun have it)");
  }
  if (activeBubbles++ === 0) tracingBefore = setTracing(true);
  const preempts = typeof scheduler.preempt === "function";
  if (preempts) preemptingScheduler(1);
  try {
    return await new Bubble(scheduler).run(fn);
  } finally {
    if (preempts) preemptingScheduler(-1);
    if (--activeBubbles === 0) setTracing(tracingBefore);
  }
}

/**
 * Wait until every other task in the current bubble is durably blocked,
 * Go's `synctest.Wait`.
 *
 * ```ts
 * go(worker); await synctest.wait(); expect(done).toBe(false) // synctest.Wait()
 * ```
 */
export function wait(): Promise<void> {
  const bubble = currentBubble();
  const task = currentTask();
  if (!(bubble instanceof Bubble) || task === null) throw new Panic("goroutine is not in a bubble");
  return bubble.waitFor(task);
}
