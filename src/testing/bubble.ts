import type { BubbleLink } from "../runtime/bubble-link.js";
import { bubbleScope } from "../runtime/bubble-link.js";
import { dumpTask } from "../runtime/dump.js";
import { macrotask } from "../runtime/host.js";
import { dropParked, markResumed, removeTask, type Task } from "../runtime/registry.js";
import { type Resumable, type Scheduler } from "../runtime/scheduler.js";
import { spawn } from "../runtime/task.js";
import { Timers } from "../time/timers.js";
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
 * A synctest bubble: a group of tasks with its own virtual clock and timer
 * heap. The driver runs between host macrotasks, when no task code can be
 * running: if every task in the bubble is durably blocked (parked on a
 * runtime primitive), it releases `synctest.wait()` callers, else fires the
 * next timer at its virtual time, else reports the deadlock. A task that
 * awaits anything outside the runtime (I/O) holds time still.
 */
export class Bubble implements BubbleLink {
  readonly id = nextBubbleId++;
  readonly clock = new VirtualClock();
  readonly timers = new Timers(this.clock);
  readonly tasks = new Set<Task>();
  readonly scheduler: Scheduler;
  private failure: unknown = NONE;
  private mainDone = false;
  private waitCalls: WaitCall[] = [];
  /** Outstanding holds (see hold): while any is, the bubble is not durably blocked. */
  private holds = 0;

  constructor(scheduler: Scheduler) {
    this.scheduler = scheduler;
  }

  started(t: Task): void {
    this.tasks.add(t);
  }

  exited(t: Task): void {
    this.tasks.delete(t);
  }

  panicked(_t: Task, error: unknown): void {
    if (this.failure === NONE) this.failure = error;
  }

  hold(): () => void {
    this.holds++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.holds--;
    };
  }

  /** Park `task` in `synctest.wait()`. */
  waitFor(task: Task): Promise<void> {
    return new Promise<void>((resolve) => {
      task.park(SYNCTEST_WAIT, this.clock.now(), undefined);
      this.waitCalls.push(new WaitCall(task, resolve));
    }).then(markResumed);
  }

  /** Run `fn` as the bubble's main task and drive the bubble until every task has exited. */
  async run<R>(fn: () => R | Promise<R>): Promise<R> {
    let result: R | undefined;
    const bubble = this;
    const main = async function main(): Promise<void> {
      result = await fn();
      bubble.mainDone = true;
    };
    Object.defineProperty(main, "name", { value: fn.name || "synctest.test" });
    spawn(main, [], this);
    let idle = 0;
    for (;;) {
      await (idle < 50 ? nextTurn() : pause(Math.min(idle - 49, 10)));
      if (this.failure !== NONE) {
        this.abandon();
        throw this.failure;
      }
      if (this.tasks.size === 0 && this.mainDone) return result as R;
      // Timers already due fire without waiting for the bubble to block;
      // only moving the clock forward needs every task durably blocked.
      if (this.fireDue()) continue;
      if (!this.allBlocked()) {
        idle = this.anyRunnable() || this.holds > 0 ? 0 : idle + 1;
        continue;
      }
      idle = 0;
      if (this.waitCalls.length > 0) {
        this.releaseWaitCalls();
        continue;
      }
      // Time stops once the main task has exited, as in Go: what is still
      // blocked then is reported, not waited for (a leaked ticker loop
      // would otherwise run forever).
      const next = this.timers.heap.peek();
      if (next !== undefined && !this.mainDone) {
        this.clock.advanceTo(next.when);
        this.fireDue();
        continue;
      }
      const error = this.mainDone
        ? new Deadlock("deadlock: main bubble goroutine has exited but blocked goroutines remain", this.dump())
        : new Deadlock("deadlock: all goroutines in bubble are blocked", this.dump());
      this.abandon();
      throw error;
    }
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

  /** Every task is durably blocked, or inside `synctest.wait()`. */
  private allBlocked(): boolean {
    if (this.holds > 0) return false;
    for (const t of this.tasks) {
      if (t.waitReason === null || !t.durable) return false;
    }
    return true;
  }

  /** Some task is woken and waits for the scheduler: progress is coming. */
  private anyRunnable(): boolean {
    for (const t of this.tasks) if (t.runnable) return true;
    return false;
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
    return [...this.tasks]
      .sort((a, b) => a.id - b.id)
      .map((t) => dumpTask(t))
      .join("\n\n");
  }

  /**
   * The bubble failed: its blocked tasks can never run again. They leave the
   * registry, so later code and leak checks do not see them.
   */
  private abandon(): void {
    for (const t of this.tasks) removeTask(t);
    dropParked((e) => e.task !== null && e.task.bubble === this);
    this.tasks.clear();
  }
}

function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => macrotask(resolve));
}

/** While tasks wait on outside I/O, poll gently instead of spinning. */
function pause(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}
