import { env, loadAsyncLocalStorage, type Storage } from "./host.js";
import type { Task } from "./registry.js";

// Tracing: task attribution (which task made an operation) and sites.
// Attribution needs AsyncLocalStorage, which slows a channel ping-pong about
// 3x on Node 20, so it is off by default outside test runners.

const storage: Storage<Task> | undefined = loadAsyncLocalStorage<Task>();

export const trace = {
  /** Read on every park; a plain field so the check is one load. */
  on: env("CSP_TRACE") === "1" || env("VITEST") !== undefined || env("NODE_ENV") === "test",
};

/**
 * Turn tracing on or off; returns the previous setting.
 *
 * ```ts
 * runtime.setTracing(true) // like GODEBUG for sites in every dump
 * ```
 */
export function setTracing(on: boolean): boolean {
  const prev = trace.on;
  trace.on = !!on;
  return prev;
}

/** Whether the host can attribute work to tasks at all (AsyncLocalStorage). */
export function tracingAvailable(): boolean {
  return storage !== undefined;
}

/** The task whose code is running now, when tracing can tell. */
export function currentTask(): Task | null {
  return trace.on && storage !== undefined ? (storage.getStore() ?? null) : null;
}

/** Run `fn(...args)` as task `t`, so operations it makes are attributed to it. */
export function runAs<A extends unknown[], R>(t: Task, fn: (...args: A) => R, ...args: A): R {
  return trace.on && storage !== undefined ? storage.run(t, fn, ...args) : fn(...args);
}
