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

let ops = 0;
let windowStart = monotonicNow();
let pending: Promise<void> | null = null;

function endYield(): void {
  pending = null;
  ops = 0;
  windowStart = monotonicNow();
}

/**
 * The shared promise of the current yield when one is due, else null.
 * Costs one increment on the fast path. Kept this small so that it inlines
 * into every fast path without using up their callers' inlining budget; the
 * rest is out of line.
 */
export function yieldDue(): Promise<void> | null {
  if (pending !== null || preemption.active > 0) return yieldOrPreempt();
  return ++ops < CHECK_EVERY ? null : windowOver();
}

function yieldOrPreempt(): Promise<void> | null {
  if (pending !== null) return pending;
  const p = currentBubble()?.scheduler.preempt?.();
  if (p) return p;
  return ++ops < CHECK_EVERY ? null : windowOver();
}

/** Every CHECK_EVERY operations: a host turn, if the window has passed. */
function windowOver(): Promise<void> | null {
  ops = 0;
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
  pending = new Promise<void>((resolve) =>
    macrotask(() => {
      endYield();
      resolve();
    }),
  );
  return pending;
}
