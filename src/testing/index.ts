// ts-csp-style/testing: Go's testing/synctest, goleak-style and GC-proven
// leak checks, and schedule exploration (fast-check optional).
export * as synctest from "./synctest-index.js";
export * as leaks from "./leaks-index.js";
export { Deadlock } from "./bubble.js";
export { explore, ScheduleFailure, type ExploreOptions, type ExploreResult } from "./explore.js";
export { schedule, type ScheduleArbitraryOptions, type FastCheckLike } from "./arbitrary.js";
export { Schedule } from "./schedule.js";
export type { LeakedTask, VerifyOptions } from "./leaks.js";
export type { TestOptions } from "./synctest.js";
