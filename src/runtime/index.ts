// The `runtime` namespace: Go's runtime package plus the registry of parked tasks.
import { timers } from "../time/timers.js";

export { numGoroutine } from "./registry.js";
export { goroutines, parked, type TaskInfo, type ParkedOp } from "./info.js";
export { stack } from "./dump.js";
export { gosched } from "./gosched.js";
export { onPanic, type PanicHandler } from "./task.js";
export { main, type MainOptions } from "./main.js";
export { setTracing } from "./trace.js";
export type { StateWord, ChanRef, ParkedKind } from "./registry.js";

/**
 * How many runtime timers are armed: `after`, `newTimer`, `afterFunc`,
 * tickers, sleeps and context deadlines that have neither fired nor been
 * stopped. The `time.After`-in-a-loop trap shows here.
 *
 * ```ts
 * runtime.numTimers() // len of the runtime's timer heap
 * ```
 */
export function numTimers(): number {
  return timers().count();
}

