import { currentBubble } from "./bubble-link.js";
import { macrotask, monotonicNow } from "./host.js";

// Fairness. Tasks that hand values back and forth complete every operation
// at once and so live entirely in the microtask queue, which the host drains
// before it looks at timers or I/O: a ping-pong would starve a setTimeout
// forever. Yielding to the macrotask queue on every operation would make
// every operation as slow as a host turn, so operations that complete at
// once are counted, and once a window of
// WINDOW_MS has passed, every such operation waits for one shared macrotask
// turn. Parked operations need no yield: their tasks are not runnable.

const CHECK_EVERY = 64;
const WINDOW_MS = 2;

/**
 * Operations left before the next look at the clock: the fast path is one
 * decrement and one compare, small enough to inline into every fast path
 * without using up its caller's inlining budget. Held at zero while a yield
 * is pending or a preempting scheduler runs, so then every operation takes
 * the slow path.
 */
const countdown = { left: CHECK_EVERY };
/** How many bubbles with a preempting scheduler are running. */
let preempting = 0;
/** Operations counted while a preempting scheduler runs. */
let ops = 0;
let windowStart = monotonicNow();
let pending: Promise<void> | null = null;
/**
 * The host has run a macrotask of its own since the window started: timers
 * and I/O had their turn, so a window that runs out then restarts instead of
 * yielding. Otherwise code that runs after a timer or I/O, long after the
 * last yield, would pay for a yield it does not need.
 */
let hostTurned = false;
/** A markTurn is queued. */
let watching = false;

function startWindow(): void {
  windowStart = monotonicNow();
  hostTurned = false;
  if (!watching) {
    watching = true;
    macrotask(markTurn);
  }
}

function markTurn(): void {
  watching = false;
  hostTurned = true;
}

function endYield(): void {
  pending = null;
  countdown.left = 0;
  startWindow();
}

/**
 * A bubble with a preempting scheduler starts (+1) or ends (-1). The next
 * operation takes the slow path either way, so a bubble's preemption points
 * never depend on the count left by code that ran before it.
 */
export function preemptingScheduler(delta: 1 | -1): void {
  preempting += delta;
  countdown.left = 0;
}

/** The shared promise of the current yield when one is due, else null. */
export function yieldDue(): Promise<void> | null {
  return --countdown.left > 0 ? null : yieldCheck();
}

function yieldCheck(): Promise<void> | null {
  if (pending !== null) {
    countdown.left = 0;
    // Not for a bubble's tasks: the yield was earned outside the bubble, and
    // a bubble's run must depend on its schedule only, never on wall time or
    // on what runs beside it. Its scheduler may still preempt here.
    const bubble = currentBubble();
    if (bubble === null) return pending;
    return preempting > 0 ? (bubble.scheduler.preempt?.() ?? null) : null;
  }
  if (preempting > 0) {
    countdown.left = 0;
    const p = currentBubble()?.scheduler.preempt?.();
    if (p) return p;
    if (++ops < CHECK_EVERY) return null;
    ops = 0;
  } else {
    countdown.left = CHECK_EVERY;
  }
  // Inside a synctest bubble the run must not depend on wall time: no yield.
  // (A bubble whose tasks never block never lets its clock move, as in Go.)
  if (monotonicNow() - windowStart < WINDOW_MS || currentBubble() !== null) return null;
  if (hostTurned) {
    startWindow();
    return null;
  }
  return hostYield();
}

/**
 * `value` once yield `y` is over. Out of line on purpose: a function that
 * makes the closure itself holds the captured value in a context allocated
 * on every call, taken branch or not, so the fast paths would pay for it.
 */
export function afterYield<T>(y: Promise<void>, value: T): Promise<T> {
  return y.then(() => value);
}

/** The shared promise of one macrotask turn; only when none is pending. */
function hostYield(): Promise<void> {
  countdown.left = 0;
  pending = new Promise<void>((resolve) =>
    macrotask(() => {
      endYield();
      resolve();
    }),
  );
  return pending;
}
