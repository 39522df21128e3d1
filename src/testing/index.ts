// ts-csp-style/testing: Go's testing/synctest, goleak-style and GC-proven leak checks.
export * as synctest from "./synctest-index.js";
export * as leaks from "./leaks-index.js";
export { Deadlock } from "./bubble.js";
