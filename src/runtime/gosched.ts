import { macrotask } from "./host.js";

/**
 * Yield: let every other runnable task, and the host's timers and I/O, run
 * before this task continues.
 *
 * ```ts
 * await runtime.gosched() // runtime.Gosched()
 * ```
 */
export function gosched(): Promise<void> {
  // Its own turn, not the fairness yield's shared one: a task spinning on
  // gosched must not hold back every other task's ready operations.
  return new Promise<void>((resolve) => macrotask(resolve));
}
