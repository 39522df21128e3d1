import { currentBubble } from "./bubble-link.js";
import { macrotask, monotonicNow } from "./host.js";
import { preemption } from "./scheduler.js";

// Fairness. Tasks that hand values back and forth complete every operation
// at once and so live entirely in the microtask queue, which the host drains
// before it looks at timers or I/O: a ping-pong would starve a setTimeout
// forever. Yielding to the macrotask queue on every operation costs 8-22x,
// so operations that complete at once are counted, and once a window of
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
/** Operations counted while a preempting scheduler runs. */
let ops = 0;
let windowStart = monotonicNow();
let pending: Promise<void> | null = null;

function endYield(): void {
  pending = null;
  countdown.left = 0;
  windowStart = monotonicNow();
}

/** A preempting scheduler started or stopped: the next operation must look. */
export function checkNextOperation(): void {
  countdown.left = 0;
}

/** The shared promise of the current yield when one is due, else null. */
export function yieldDue(): Promise<void> | null {
  return --countdown.left > 0 ? null : yieldCheck();
}

function yieldCheck(): Promise<void> | null {
  if (pending !== null) {
    countdown.left = 0;
    return pending;
  }
  if (preemption.active > 0) {
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

/** The shared promise of one macrotask turn. */
function hostYield(): Promise<void> {
  if (pending !== null) return pending;
  countdown.left = 0;
  pending = new Promise<void>((resolve) =>
    macrotask(() => {
      endYield();
      resolve();
    }),
  );
  return pending;
}
