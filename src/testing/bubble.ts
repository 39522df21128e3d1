import type { BubbleLink } from "../runtime/bubble-link.js";
import { bubbleScope } from "../runtime/bubble-link.js";
import { dumpTasks } from "../runtime/dump.js";
import { macrotask, type HostTimer } from "../runtime/host.js";
import { dropParked, liveTasks, markResumed, removeTask, type Task } from "../runtime/registry.js";
import { type Resumable, type Scheduler } from "../runtime/scheduler.js";
import { spawn } from "../runtime/task.js";
import { outsideTasks } from "../runtime/trace.js";
import { Timers } from "../time/timers.js";
import { RunQueue } from "./schedule.js";
import { VirtualClock } from "./virtual-clock.js";

/** The state word of a task inside `synctest.wait()`. */
export const SYNCTEST_WAIT = "synctest.Wait";

/**
 * The error of a bubble whose tasks are all blocked with no timer to wake
 * them. `message` starts with Go's words; `dump` lists the blocked tasks.
 *
 * ```ts
 * await expect(synctest.test(f)).rejects.toThrow(Deadlock) // fatal error: all goroutines are asleep
 * ```
 */
export class Deadlock extends Error {
  constructor(
    message: string,
    /** Go's dump of the bubble's blocked tasks (`goroutine 9 [chan send (durable), synctest bubble 1]:` ...). */
    readonly dump: string,
  ) {
    super(`${message}\n\n${dump}`);
    this.name = "Deadlock";
  }
}

const NONE = Symbol("none");
let nextBubbleId = 1;
/** Test hook: how many times any bubble's driver has decided (see Bubble.step). */
let steps = 0;

/** How many driver steps every bubble has taken so far: specs show with it that the driver runs per event, not per host turn. */
export function driverSteps(): number {
  return steps;
}

/** A task inside `synctest.wait()`: resumed once every other bubble task is durably blocked. */
class WaitCall implements Resumable {
  constructor(
    readonly task: Task,
    readonly resolve: () => void,
  ) {}
  resume(): void {
    this.resolve();
  }
}

/**
 * A bubble's clock. The heap asks its clock for a host timer whenever its
 * earliest deadline changes; a virtual clock has none to give, but a request
 * to be called back after no time at all means a timer is due at the current
 * instant (a 0-duration timer, an afterFunc(0)), which the bubble fires
 * without waiting for its tasks to block, as Go's does.
 */
class BubbleClock extends VirtualClock {
  constructor(private readonly due: () => void) {
    super();
  }
  override arm(_cb?: () => void, wait?: number): HostTimer {
    if (wait !== undefined && wait <= 0) this.due();
    return super.arm();
  }
}

/**
 * A synctest bubble: a group of tasks with its own virtual clock and timer
 * heap. Its driver decides, between host macrotasks, when no task code can
 * be running: if every task in the bubble is durably blocked (parked on a
 * runtime primitive), it releases `synctest.wait()` callers, else fires the
 * next timer at its virtual time, else reports the deadlock. A task that
 * awaits anything outside the runtime (I/O) holds time still.
 *
 * The driver is event-driven, as Go's runtime/synctest.go is. Invariants:
 * - `total` counts the tasks started in the bubble that have not exited
 *   (Go's `total`); the registry lists them (a dump or an abandon looks
 *   them up there, once).
 * - `running` counts those not durably blocked: running, runnable (woken,
 *   or started and not yet run), awaiting something outside the runtime, or
 *   parked non-durably, on a channel made outside the bubble (Go's
 *   `running`). A task's park, wake and finish report every change of "is
 *   durably blocked" (Task.park/wake/finish → blockedChanged), and start
 *   and exit adjust it, so it is exact at every moment without a scan.
 * - `holds` counts activity that is not a task (hold(); Go's `active`).
 * - The bubble is durably blocked exactly when `running === 0 && holds === 0`.
 *   Only the change that makes it so (a durable park, an exit, the last
 *   release), a panic, and a timer due at the current instant wake the
 *   driver (maybeWake; Go's maybeWakeLocked). Anything else that would
 *   change the driver's decision comes after one of those: a task that
 *   resumes from outside I/O counts as running all along, and its next
 *   durable park is the event.
 * - The driver decides only in a macrotask of its own (step), never inside
 *   the park that woke it, so the promise chains already under way settle
 *   first; it re-reads the counters there, since tasks may have woken in
 *   between. After it acts (fires timers, moves the clock) it looks again
 *   only if the bubble is still blocked: an act that woke a task makes
 *   `running` positive, and that task's next park is the next event.
 */
export class Bubble implements BubbleLink {
  readonly id = nextBubbleId++;
  readonly clock = new BubbleClock(() => this.wakeDriver());
  readonly timers = new Timers(this.clock);
  /** Tasks started in the bubble that have not exited. */
  private total = 0;
  readonly scheduler: Scheduler;
  private failure: unknown = NONE;
  private mainDone = false;
  private waitCalls: WaitCall[] = [];
  /** Tasks of `total` not durably blocked (see the invariants above). */
  private running = 0;
  /** Outstanding holds (see hold): while any is, the bubble is not durably blocked. */
  private holds = 0;
  /** A step is queued. */
  private stepQueued = false;
  /** The run has ended (returned or failed): later events are ignored. */
  private over = false;
  private settle: ((error: unknown) => void) | null = null;

  /** The scheduler, when it is a run queue that can resume at once when the bubble goes idle. */
  private readonly runQueue: RunQueue | null;

  constructor(scheduler: Scheduler) {
    this.scheduler = scheduler;
    this.runQueue = scheduler instanceof RunQueue ? scheduler : null;
    if (this.runQueue !== null) this.runQueue.idle = () => this.idle();
  }

  started(_t: Task): void {
    if (this.over) return;
    this.total++;
    this.running++;
  }

  exited(_t: Task): void {
    // A task exits running: finish() has already reported it unblocked.
    if (this.over) return;
    this.total--;
    this.running--;
    this.maybeWake();
  }

  panicked(_t: Task, error: unknown): void {
    if (this.failure === NONE) this.failure = error;
    this.wakeDriver();
  }

  blockedChanged(_t: Task, blocked: boolean): void {
    if (this.over) return;
    if (blocked) {
      this.running--;
      this.maybeWake();
    } else {
      this.running++;
    }
  }

  hold(): () => void {
    this.holds++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.holds--;
      this.maybeWake();
    };
  }

  /** Park `task` in `synctest.wait()`. */
  waitFor(task: Task): Promise<void> {
    return new Promise<void>((resolve) => {
      // Queued before the park: the park may be the event that wakes the driver.
      this.waitCalls.push(new WaitCall(task, resolve));
      task.park(SYNCTEST_WAIT, this.clock.now(), undefined);
    }).then(markResumed);
  }

  /** Run `fn` as the bubble's main task and drive the bubble until every task has exited. */
  run<R>(fn: () => R | Promise<R>): Promise<R> {
    let result: R | undefined;
    const bubble = this;
    const main = async function main(): Promise<void> {
      result = await fn();
      bubble.mainDone = true;
    };
    Object.defineProperty(main, "name", { value: fn.name || "synctest.test" });
    const ended = new Promise<R>((resolve, reject) => {
      this.settle = (error) => (error === NONE ? resolve(result as R) : reject(error));
    });
    spawn(main, [], this);
    return ended;
  }

  /**
   * Called whenever `running` fell. Go's maybeWakeLocked: wake the driver if
   * the bubble is durably blocked; else, if every task that is not durably
   * blocked waits in the run queue, resume the next one at once.
   */
  private maybeWake(): void {
    if (this.holds > 0) return;
    if (this.running === 0) this.wakeDriver();
    else if (this.runQueue !== null && this.idle()) this.runQueue.resumeAtOnce();
  }

  /**
   * No task of the bubble can be running: each is durably blocked or waits
   * in the run queue (each queued resumable stands for one task counted in
   * `running`), nothing outside the tasks holds the bubble, and the driver
   * has no step queued, which goes first.
   */
  private idle(): boolean {
    return this.runQueue !== null && this.holds === 0 && !this.stepQueued && !this.over && this.running === this.runQueue.length;
  }

  /** Queue a step, unless one is queued. Outside every task: the step must not run in the async context of the task whose park queued it. */
  private wakeDriver(): void {
    if (this.stepQueued || this.over) return;
    this.stepQueued = true;
    outsideTasks(macrotask, this.step);
  }

  /** One decision of the driver, in a host macrotask of its own. */
  private readonly step = (): void => {
    this.stepQueued = false;
    if (this.over) return;
    steps++;
    if (this.failure !== NONE) return this.end(this.failure);
    if (this.total === 0 && this.mainDone) return this.end(NONE);
    // Timers already due fire without waiting for the bubble to block;
    // only moving the clock forward needs every task durably blocked.
    if (this.fireDue()) return this.maybeWake();
    if (this.running > 0 || this.holds > 0) return;
    if (this.waitCalls.length > 0) {
      this.releaseWaitCalls();
      return this.maybeWake();
    }
    // Time stops once the main task has exited, as in Go: what is still
    // blocked then is reported, not waited for (a leaked ticker loop
    // would otherwise run forever).
    const next = this.timers.heap.peek();
    if (next !== undefined && !this.mainDone) {
      this.clock.advanceTo(next.when);
      this.fireDue();
      return this.maybeWake();
    }
    this.end(
      this.mainDone
        ? new Deadlock("deadlock: main bubble goroutine has exited but blocked goroutines remain", this.dump())
        : new Deadlock("deadlock: all goroutines in bubble are blocked", this.dump()),
    );
  };

  /** The run is over: with `NONE` it returns main's result, else it fails with `error` and abandons what is left. */
  private end(error: unknown): void {
    if (error !== NONE) this.abandon();
    this.over = true;
    this.settle?.(error);
  }

  /** Fire the timers due at the current virtual time; false if none was. */
  private fireDue(): boolean {
    const next = this.timers.heap.peek();
    if (next === undefined || next.when > this.clock.instant()) return false;
    bubbleScope.current = this;
    try {
      this.timers.run();
    } finally {
      bubbleScope.current = null;
    }
    return true;
  }

  private releaseWaitCalls(): void {
    const calls = this.waitCalls;
    this.waitCalls = [];
    for (const c of calls) {
      c.task.wake();
      this.scheduler.ready(c);
    }
  }

  /** Go's dump of the bubble's tasks, oldest first. */
  dump(): string {
    return dumpTasks(this.tasks());
  }

  /**
   * The bubble failed: its blocked tasks can never run again. They leave the
   * registry, so later code and leak checks do not see them.
   */
  private abandon(): void {
    for (const t of this.tasks()) removeTask(t);
    dropParked((e) => e.task !== null && e.task.bubble === this);
  }

  /** The bubble's live tasks, oldest first (the registry lists tasks as they start). */
  private tasks(): Task[] {
    return liveTasks().filter((t) => t.bubble === this);
  }
}
