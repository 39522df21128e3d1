import type { BubbleLink } from "./bubble-link.js";
import { currentBubble } from "./bubble-link.js";
import { microtask, printError } from "./host.js";
import { dumpTask } from "./dump.js";
import { newTask, removeTask, type Task as TaskRecord } from "./registry.js";
import { userSite } from "./sites.js";
import { currentTask, runAs, trace } from "./trace.js";
import { checkFunction } from "./validate.js";
import type { TaskInfo } from "./info.js";
import { taskInfo } from "./info.js";

/**
 * A task started by {@link go}: Go's goroutine, as its caller sees it.
 *
 * ```ts
 * const t = go(worker); await t.done // a goroutine you can wait for
 * ```
 */
export interface Task {
  /** Unique and increasing, as Go's goroutine ids. */
  readonly id: number;
  /** `fn.name`, or `""` for an anonymous function. */
  readonly name: string;
  /** Resolves when the task's function settles; never rejects. Awaiting it is a runtime wait. */
  readonly done: Promise<void>;
}

/**
 * Handles a panic instead of the default crash; see {@link onPanic}. It runs
 * after the failed task has left the registry; `task` is its last snapshot.
 * Panics inside a synctest bubble fail the bubble and never reach it.
 *
 * ```ts
 * const handler: PanicHandler = (err, task) => log.error(task.name, err) // defer func() { if r := recover(); r != nil { ... } }()
 * ```
 */
export type PanicHandler = (error: unknown, task: TaskInfo) => void;

let panicHandler: PanicHandler | null = null;

/**
 * Start `fn(...args)` as a new task, Go's `go` statement. `fn` starts after
 * `go` returns. An error it throws or rejects with is a panic.
 *
 * ```ts
 * go(async function worker(n: number) { await ch.send(n) }, 7) // go worker(7)
 * ```
 */
export function go<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): Task {
  checkFunction(fn, "go");
  return spawn(fn, args, currentBubble());
}

/**
 * Start a task in `bubble` (null: outside every bubble). A task started from
 * inside a bubble joins it, so a bubble owns every task its tasks start.
 */
export function spawn<A extends unknown[]>(fn: (...args: A) => unknown, args: A, bubble: BubbleLink | null): TaskRecord {
  const task = newTask(typeof fn.name === "string" ? fn.name : "");
  if (bubble !== null) {
    task.bubble = bubble;
    bubble.started(task);
  }
  if (trace.on) {
    const parent = currentTask();
    if (parent) task.parentId = parent.id;
    const frame = userSite();
    task.createdAt = frame?.site;
    task.creator = frame?.fn || undefined;
  }
  starting.push(task, fn, args);
  if (!draining) {
    draining = true;
    microtask(startAll);
  }
  return task;
}

// Tasks to start, as flat (task, fn, args) triples, drained by one
// microtask: `go` allocates no closure, and a burst of `go` calls costs one
// microtask. Tasks start in `go` order; one started while draining starts in
// the same drain, still after its `go` returned.
const starting: unknown[] = [];
let draining = false;

function startAll(): void {
  for (let i = 0; i < starting.length; i += 3) {
    const task = starting[i] as TaskRecord;
    const fn = starting[i + 1] as (...args: unknown[]) => unknown;
    const args = starting[i + 2] as unknown[];
    starting[i] = starting[i + 1] = starting[i + 2] = undefined;
    runAs(task, start, task, fn, args);
  }
  starting.length = 0;
  draining = false;
}

function start<A extends unknown[]>(task: TaskRecord, fn: (...args: A) => unknown, args: A): void {
  let result: unknown;
  try {
    result = fn(...args);
  } catch (e) {
    fail(task, e);
    return;
  }
  if (result !== null && typeof result === "object" && typeof (result as PromiseLike<unknown>).then === "function") {
    (result as PromiseLike<unknown>).then(
      () => exit(task),
      (e: unknown) => fail(task, e),
    );
  } else {
    exit(task);
  }
}

function exit(task: TaskRecord): void {
  removeTask(task);
  task.finish();
  task.bubble?.exited(task);
}

function fail(task: TaskRecord, error: unknown): void {
  const info = taskInfo(task, "running");
  const dump = dumpTask(task, "running", error);
  exit(task);
  if (task.bubble !== null) {
    task.bubble.panicked(task, error);
    return;
  }
  const handler = panicHandler;
  if (handler !== null) {
    handler(error, info);
    return;
  }
  printError(`panic: ${error instanceof Error ? error.message : String(error)}\n\n${dump}\n`);
  // Rethrown outside any promise chain, so the host treats it as uncaught
  // and a Node process exits, as a Go program does on a panic.
  microtask(() => {
    throw error;
  });
}

/**
 * Replace the default panic behaviour (print and crash) with `handler`.
 * Returns a function that restores the previous handler.
 *
 * ```ts
 * const restore = runtime.onPanic((err, task) => log(task.name, err)) // recover() for every task
 * ```
 */
export function onPanic(handler: PanicHandler): () => void {
  checkFunction(handler, "runtime.onPanic");
  const prev = panicHandler;
  panicHandler = handler;
  return () => {
    panicHandler = prev;
  };
}
