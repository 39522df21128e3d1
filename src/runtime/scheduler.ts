import { bubbleScope, currentBubble } from "./bubble-link.js";
import { yieldDue } from "./fairness.js";
import { trace } from "./trace.js";

// The scheduler seam: the one place that decides what Go leaves to its
// scheduler. chan and select never choose on their own; they ask this. The
// testing package swaps in a scheduler driven by a schedule, so one
// interleaving can be explored, shrunk and replayed without touching them.

/** Something parked whose operation has committed and that may now resume. */
export interface Resumable {
  resume(): void;
}

export interface Scheduler {
  /** Which of `n` ready select arms wins: an integer in [0, n). */
  choose(n: number): number;
  /**
   * A parked operation has committed: its value is already moved. Resume
   * the task now or later, but exactly once. Resuming in call order is Go's
   * plain FIFO.
   */
  ready(r: Resumable): void;
  /**
   * Optional: whether the running task is preempted at an operation that
   * could complete at once. A promise means "resume when it settles"; null
   * means "go on". Only exploring schedulers have it.
   */
  preempt?(): Promise<void> | null;
}

/**
 * The production scheduler: a xorshift32 generator for select (uniform,
 * allocation-free, seeded from Math.random) and immediate resumption, so
 * woken tasks continue in microtask order, except that every wake counts
 * toward the fairness yield.
 */
export class DefaultScheduler implements Scheduler {
  private state: number;
  constructor(seed: number = (Math.random() * 0xffffffff) >>> 0) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  choose(n: number): number {
    if (n <= 1) return 0;
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    // Multiply-shift keeps the modulo bias below 2^-32 * n: uniform enough.
    return Math.floor((this.state / 0x100000000) * n);
  }
  ready(r: Resumable): void {
    resumeFairly(r);
  }
}

/**
 * Resume `r` now, or after the fairness yield when one is due. A wake is an
 * operation that lets a task run without a host turn, as much as one that
 * completes at once: two tasks handing a mutex back and forth, or a `trySend`
 * loop feeding a parked receiver, run only through wakes, and would starve
 * timers and I/O if wakes went uncounted.
 */
function resumeFairly(r: Resumable): void {
  const y = wakingAll ? batchDecision() : yieldDue();
  if (y === null) r.resume();
  else resumeAfter(y, r);
}

/** Out of line, so resumeFairly stays small enough to inline into every wake. */
function batchDecision(): Promise<void> | null {
  if (batchYield === undefined) batchYield = yieldDue();
  return batchYield;
}

/**
 * Inside one call that wakes every waiter at once (a close, a WaitGroup
 * reaching zero, a Once done): its wakes are one operation for fairness.
 * The first counts and decides for the rest, so a close of 100k receivers
 * checks the clock once, yet a WaitGroup reused in a loop still counts
 * every round.
 */
let wakingAll = false;
/** The first wake's decision in the current wakeAll: undefined until it is made. */
let batchYield: Promise<void> | null | undefined;

/** `wake(arg)`, its wakes counted as one operation; see wakingAll. */
export function wakeAll<A>(wake: (arg: A) => void, arg: A): void {
  if (wakingAll) return wake(arg);
  wakingAll = true;
  batchYield = undefined;
  try {
    wake(arg);
  } finally {
    wakingAll = false;
    batchYield = undefined;
  }
}

// Wakes that wait out the current fairness yield, in wake order. One
// reaction on the yield resumes them all, so closing a channel with 100k
// receivers across a yield costs an array slot per receiver, not a closure
// and a promise reaction each.
let deferred: Resumable[] = [];

/** `y` is fairness's one pending yield: resumeFairly runs outside bubbles only, where no scheduler preempts. */
function resumeAfter(y: Promise<void>, r: Resumable): void {
  if (deferred.length === 0) void y.then(resumeDeferred);
  deferred.push(r);
}

/** resume() only settles a promise, so it cannot throw and leave the rest of a batch unresumed. */
function resumeDeferred(): void {
  const batch = deferred;
  deferred = [];
  for (let i = 0; i < batch.length; i++) batch[i]!.resume();
}

let current: Scheduler = new DefaultScheduler();
/** The program's scheduler resumes at once (a DefaultScheduler). */
let resumesAtOnce = true;

/** The scheduler of the running code: its bubble's, else the program's. */
export function scheduler(): Scheduler {
  return currentBubble()?.scheduler ?? current;
}

/**
 * `scheduler().ready(r)`, without looking the scheduler up on the common
 * path: untraced code outside a bubble's own timers belongs to no bubble
 * (currentBubble), so with the default scheduler installed `r` resumes as
 * the default scheduler resumes it.
 */
export function ready(r: Resumable): void {
  if (resumesAtOnce && !trace.on && bubbleScope.current === null) resumeFairly(r);
  else scheduler().ready(r);
}

/** Install `s` and return the scheduler it replaces. */
export function setScheduler(s: Scheduler): Scheduler {
  const prev = current;
  current = s;
  resumesAtOnce = s instanceof DefaultScheduler;
  return prev;
}
