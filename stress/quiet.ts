import { runtime } from "../src/index.js";

/**
 * Whether the runtime has gone quiet (no task, no parked operation, no
 * armed timer) within `ms` of wall time: what a case must leave behind so
 * the next case can run in the same process.
 */
export async function isQuiet(ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  for (;;) {
    if (runtime.numGoroutine() === 0 && runtime.parked().length === 0 && runtime.numTimers() === 0) return true;
    if (performance.now() >= end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
}
