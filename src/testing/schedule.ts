import { macrotask } from "../runtime/host.js";
import { currentTask } from "../runtime/trace.js";
import { DefaultScheduler, type Resumable, type Scheduler } from "../runtime/scheduler.js";

/**
 * A schedule: the choices made at every point where Go's scheduler is free
 * to choose, in the order the run meets them — which ready select arm wins
 * (and the order a parked select queues its arms), which woken task resumes
 * next, and whether a running task is preempted at a channel operation.
 * Choice 0 everywhere is the plain FIFO order; a choice past the end of the
 * list is 0. Printed, it is a replay value: `synctest.test(fn, { replay })`.
 * A choice is taken modulo the number of options it had, so any list of
 * non-negative integers is a valid schedule.
 *
 * ```ts
 * await synctest.test(program, { schedule: new Schedule([1, 0, 2]) }) // one interleaving, chosen by hand
 * ```
 */
export class Schedule {
  /** The choices the last run under this schedule actually consumed. */
  used: number[] | undefined = undefined;
  /** @param choices The choice at each decision point, in the order a run meets them. */
  constructor(readonly choices: readonly number[]) {}

  /** The replay value of the last run (or of the choices, before any run). */
  get replay(): string {
    return encode(trimZeros(this.used ?? [...this.choices]));
  }

  /**
   * `schedule("1.0.2")`: how fast-check prints a counterexample, with the
   * replay value to paste into `{ replay }`.
   *
   * ```ts
   * String(s) // schedule("1.0.2")
   * ```
   */
  toString(): string {
    return `schedule(${JSON.stringify(this.replay)})`;
  }

  [Symbol.for("fast-check/toStringMethod")](): string {
    return this.toString();
  }
}

/** Choices past the end of a schedule are 0: trailing zeros say nothing. */
export function trimZeros(c: number[]): number[] {
  let n = c.length;
  while (n > 0 && c[n - 1] === 0) n--;
  return c.slice(0, n);
}

/** `[1, 0, 2]` as "1.0.2": short, copyable, and the same in every runner's output. */
export function encode(choices: readonly number[]): string {
  return choices.length === 0 ? "fifo" : choices.join(".");
}

/** A replay value back into choices. */
export function decode(replay: string | readonly number[] | Schedule): number[] {
  if (replay instanceof Schedule) return replay.used ?? [...replay.choices];
  if (Array.isArray(replay)) return checkChoices(replay as number[]);
  if (typeof replay !== "string") throw new TypeError(`replay: expected a replay string, choices or a Schedule, got ${typeof replay}`);
  const s = replay.replace(/^schedule\("?|"?\)$/g, "");
  if (s === "fifo" || s === "") return [];
  return checkChoices(s.split(".").map(Number));
}

function checkChoices(c: number[]): number[] {
  for (const x of c) {
    if (!Number.isInteger(x) || x < 0) throw new RangeError(`replay: choices must be non-negative integers, got ${String(x)}`);
  }
  return c;
}

/** What a decision was about; only reordering decisions count as preemptions. */
export type DecisionKind = "select" | "resume" | "preempt";

/** One decision of a run: its kind, how many options it had, which was taken. */
export interface Decision {
  readonly kind: DecisionKind;
  readonly options: number;
  readonly chosen: number;
}

/**
 * How many woken tasks a run queue resumes at once, without a host turn,
 * before it waits for one: a bubble whose tasks hand values back and forth
 * forever must still let the host run its timers (a test runner's timeout).
 * A count, not a time: a bubble's run never depends on wall time.
 */
const BURST = 1024;

/**
 * A bubble's run queue: woken tasks wait here and are resumed one at a
 * time, each running until it blocks again before the next is chosen: Go's
 * run-until-blocked, and the points where a schedule can choose.
 *
 * The next one is resumed at the first of two moments:
 * - at once, when the bubble reports that none of its tasks can be running
 *   (`idle`: every task is durably blocked or waiting here). Nothing can
 *   then add to the queue before a host turn would, so the choice is made
 *   among the same tasks, and a chain of hand-offs costs no host turn per
 *   hop. At most BURST in a row;
 * - else in a host macrotask, after the promise chains under way settled:
 *   a task awaiting something outside the runtime does not hold the queue.
 */
export abstract class RunQueue implements Scheduler {
  private queue: (Resumable | undefined)[] = [];
  private head = 0;
  private releasing = false;
  /** Resumed at once since the last host turn. */
  private burst = 0;
  /**
   * Set by the bubble: whether none of its tasks can be running now, so the
   * next may be resumed at once. Null: only ever in a host turn.
   */
  idle: (() => boolean) | null = null;

  abstract choose(n: number): number;

  /** Which of the `n` waiting tasks resumes next (0: the longest waiting). */
  protected abstract pick(n: number): number;

  /** Tasks waiting to be resumed. */
  get length(): number {
    return this.queue.length - this.head;
  }

  ready(r: Resumable): void {
    this.queue.push(r);
    if (!this.releasing) {
      this.releasing = true;
      macrotask(this.release);
    }
    // A task that yields (gosched, a preemption) may have been the last one
    // running. Wakes made outside every task (the bubble firing its timers)
    // are not: the bubble looks once they are all queued, so that the choice
    // is made among all of them.
    if (this.idle !== null && currentTask() !== null && this.idle()) this.resumeAtOnce();
  }

  /** The bubble has become idle with tasks waiting here: resume the next without a host turn. */
  resumeAtOnce(): void {
    if (this.burst >= BURST || this.length === 0) return;
    this.burst++;
    this.resumeNext();
  }

  private readonly release = (): void => {
    this.burst = 0;
    if (this.length === 0) {
      this.queue = [];
      this.head = 0;
      this.releasing = false;
      return;
    }
    this.resumeNext();
    macrotask(this.release);
  };

  private resumeNext(): void {
    const q = this.queue;
    const i = this.pick(q.length - this.head);
    let r: Resumable | undefined;
    if (i === 0) {
      r = q[this.head];
      q[this.head++] = undefined;
    } else {
      r = q.splice(this.head + i, 1)[0];
    }
    r!.resume();
  }
}

/**
 * A bubble's scheduler without a schedule: woken tasks resume in FIFO order,
 * select choices are uniformly random from a seed, so one seed is one run.
 */
export class FifoScheduler extends RunQueue {
  private readonly rng: DefaultScheduler;
  constructor(seed: number) {
    super();
    this.rng = new DefaultScheduler(seed);
  }
  choose(n: number): number {
    return this.rng.choose(n);
  }
  protected pick(): number {
    return 0;
  }
}

/**
 * The scheduler of an explored run. Choices come from a list, then from
 * `fallback` (0 for a given schedule, a PRNG when exploring at random), and
 * every decision is recorded so the run can be replayed or backtracked.
 */
export class ExploreScheduler extends RunQueue {
  readonly decisions: Decision[] = [];
  private pos = 0;

  constructor(
    private readonly choices: readonly number[],
    private readonly fallback: (kind: DecisionKind, options: number) => number = () => 0,
  ) {
    super();
  }

  /** The consumed choices, as a replay needs them. */
  get used(): number[] {
    return this.decisions.map((d) => d.chosen);
  }

  private decide(kind: DecisionKind, options: number): number {
    if (options <= 1) return 0;
    const raw = this.pos < this.choices.length ? this.choices[this.pos]! : this.fallback(kind, options);
    this.pos++;
    const chosen = raw % options;
    this.decisions.push({ kind, options, chosen });
    return chosen;
  }

  choose(n: number): number {
    return this.decide("select", n);
  }

  protected pick(n: number): number {
    return this.decide("resume", n);
  }

  preempt(): Promise<void> | null {
    if (this.decide("preempt", 2) === 0) return null;
    return new Promise<void>((resolve) => this.ready({ resume: resolve }));
  }
}
