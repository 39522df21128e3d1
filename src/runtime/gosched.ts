import { hostYield } from "./fairness.js";

/**
 * Yield: let every other runnable task, and the host's timers and I/O, run
 * before this task continues.
 *
 * ```ts
 * await runtime.gosched() // runtime.Gosched()
 * ```
 */
export function gosched(): Promise<void> {
  return hostYield();
}
