import { macrotask } from "../runtime/host.js";
import type { Resumable, Scheduler } from "../runtime/scheduler.js";

/**
 * A schedule: the choices made at every point where Go's scheduler is free
 * to choose, in the order the run meets them — which ready select arm wins
 * (and the order a parked select queues its arms), which woken task resumes
 * next, and whether a running task is preempted at a channel operation.
 * Choice 0 everywhere is the plain FIFO order; a choice past the end of the
 * list is 0. Printed, it is a replay value: `synctest.test(fn, { replay })`.
 */
export class Schedule {
  /** The choices the last run under this schedule actually consumed. */
  used: number[] | undefined = undefined;
  constructor(readonly choices: readonly number[]) {}

  /** The replay value of the last run (or of the choices, before any run). */
  get replay(): string {
    return encode(trimZeros(this.used ?? [...this.choices]));
  }

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
 * The scheduler of an explored run. Choices come from a list, then from
 * `fallback` (0 for a given schedule, a PRNG when exploring at random).
 * Woken tasks wait in a run queue and are resumed one per host turn, in
 * the chosen order, so each runs until it blocks again before the next
 * choice: every interleaving of the tasks' steps is reachable.
 */
export class ExploreScheduler implements Scheduler {
  readonly decisions: Decision[] = [];
  private pos = 0;
  private readonly queue: Resumable[] = [];
  private releasing = false;

  constructor(
    private readonly choices: readonly number[],
    private readonly fallback: (kind: DecisionKind, options: number) => number = () => 0,
  ) {}

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

  ready(r: Resumable): void {
    this.queue.push(r);
    if (!this.releasing) {
      this.releasing = true;
      macrotask(this.release);
    }
  }

  preempt(): Promise<void> | null {
    if (this.decide("preempt", 2) === 0) return null;
    return new Promise<void>((resolve) => this.ready({ resume: resolve }));
  }

  private readonly release = (): void => {
    const q = this.queue;
    if (q.length === 0) {
      this.releasing = false;
      return;
    }
    const i = this.decide("resume", q.length);
    const [r] = q.splice(i, 1);
    r!.resume();
    macrotask(this.release);
  };
}
