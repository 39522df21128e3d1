// ts-csp-style: Go's concurrency model for TypeScript.
export { chan, Chan, type RecvChan, type SendChan, type RecvResult } from "./chan/chan.js";
export { sendOn, recvFrom } from "./chan/nil.js";
export { select, recv, send, otherwise, Arm, type ArmResult, type Received, type Cases, type Selected, type SelectedCase } from "./select/select.js";
export { go, type Task } from "./runtime/task.js";
export { Panic } from "./runtime/panic.js";
export * as time from "./time/index.js";
export * as runtime from "./runtime/index.js";
export * as context from "./context/index.js";
export * as sync from "./sync/index.js";
export * as errgroup from "./sync/errgroup-index.js";
