export { verifyNone, verifyEachTest, ignoreCurrent, find, type VerifyOptions, type TestHooks, type LeakedTask } from "./leaks.js";
