import { env, loadAsyncLocalStorage, type Storage } from "./host.js";
import { describe } from "./validate.js";
import type { Task } from "./registry.js";

// Tracing: task attribution (which task made an operation) and sites.
// Attribution needs AsyncLocalStorage, and sites a stack capture per
// operation: together they cost channel operations many times over
// (BENCHMARKS.md, the "tracing ON" row), so tracing is off by default
// outside test runners.

const storage: Storage<Task> | undefined = loadAsyncLocalStorage<Task>();

export const trace = {
  /** Read on every park; a plain field so the check is one load. */
  on: tracingByDefault(env("CSP_TRACE")),
};

/** CSP_TRACE=1 or 0 decides; unset or anything else, test runners trace. */
function tracingByDefault(setting: string | undefined): boolean {
  if (setting === "1") return true;
  if (setting === "0") return false;
  return env("VITEST") !== undefined || env("NODE_ENV") === "test";
}

/**
 * Turn tracing on or off; returns the previous setting.
 *
 * ```ts
 * runtime.setTracing(true) // like GODEBUG for sites in every dump
 * ```
 */
export function setTracing(on: boolean): boolean {
  // A string such as "0" or "false" would read as true: refused, not coerced.
  if (typeof on !== "boolean") throw new TypeError(`runtime.setTracing: expected a boolean, got ${describe(on)}`);
  const prev = trace.on;
  trace.on = on;
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

/**
 * `fn(...args)` outside every task. A host callback keeps the async context
 * of the code that registered it, so the runtime's own host timer, armed by
 * whichever task first needed it, would otherwise fire inside that task,
 * and inside its bubble even after the bubble ended.
 */
export function outsideTasks<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
  return storage !== undefined ? storage.exit(fn, ...args) : fn(...args);
}
