import type { BubbleLink } from "./bubble-link.js";
import { currentBubble } from "./bubble-link.js";
import { yieldDue } from "./fairness.js";
import { microtask, printError } from "./host.js";
import { dumpTask, panicMessage } from "./dump.js";
import { newTask, removeTask, type Task as TaskRecord } from "./registry.js";
import { userSite } from "./sites.js";
import { currentTask, runAs, trace } from "./trace.js";
import { checkFunction } from "./validate.js";
import { checkTaskFunction } from "./receiver.js";
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
 * `fn` is called with `this` undefined: pass a method as `() => obj.m()` or
 * `obj.m.bind(obj)`, not `obj.m`. While tracing, `go(obj.m)` of a method
 * that uses `this` throws a TypeError saying so.
 *
 * ```ts
 * go(async function worker(n: number) { await ch.send(n) }, 7) // go worker(7)
 * ```
 */
export function go<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): Task {
  checkTaskFunction(fn, "go");
  return spawn(fn, args, currentBubble());
}

/**
 * Start a task in `bubble` (null: outside every bubble). A task started from
 * inside a bubble joins it, so a bubble owns every task its tasks start.
 */
export function spawn<A extends unknown[]>(fn: (...args: A) => unknown, args: A, bubble: BubbleLink | null): TaskRecord {
  // The site first: nothing that can throw comes after the task is registered.
  const frame = trace.on ? userSite() : undefined;
  const task = newTask(typeof fn.name === "string" ? fn.name : "");
  if (bubble !== null) {
    task.bubble = bubble;
    bubble.started(task);
  }
  if (trace.on) {
    const parent = currentTask();
    if (parent) task.parentId = parent.id;
    task.createdAt = frame?.site;
    task.creator = frame?.fn || undefined;
  }
  starting.push(task, fn, args);
  // A bubble's run never waits on wall time (see fairness), and a start is
  // not one of the points its schedule decides.
  const y = bubble === null ? yieldDue() : null;
  if (!draining) {
    draining = true;
    if (y === null) microtask(startAll);
    else startAfter(y);
  } else if (y !== null) {
    startsWait = y;
  }
  return task;
}

// Tasks to start, as flat (task, fn, args) triples, drained by one
// microtask: `go` allocates no closure, and a burst of `go` calls costs one
// microtask. Tasks start in `go` order; one started while draining starts in
// the same drain, still after its `go` returned. A start runs a task without
// a host turn, so each `go` counts toward the fairness yield, and once one is
// due the queue from there on starts after it: a task that starts its
// successor as its last act would otherwise hold the drain, and the host,
// forever. Counting at `go`, not in the drain, arms the yield's macrotask
// before anything the caller queues next, so `go(f)` followed by one host
// turn still finds f started.
const starting: unknown[] = [];
/** A drain is queued or running. */
let draining = false;
/** Set while draining: the yield the rest of the queue waits for. */
let startsWait: Promise<void> | null = null;

// Invariant: every queued task starts and `draining` is reset, whatever the
// tasks and the panic handler throw. `start` never throws; the catch keeps
// the invariant should the host's AsyncLocalStorage throw in `runAs`.
function startAll(): void {
  for (let i = 0; i < starting.length; i += 3) {
    if (startsWait !== null) {
      starting.splice(0, i);
      startAfter(startsWait);
      startsWait = null;
      return;
    }
    const task = starting[i] as TaskRecord;
    const fn = starting[i + 1] as (...args: unknown[]) => unknown;
    const args = starting[i + 2] as unknown[];
    starting[i] = starting[i + 1] = starting[i + 2] = undefined;
    try {
      runAs(task, start, task, fn, args);
    } catch (e) {
      throwUncaught(e);
    }
  }
  starting.length = 0;
  draining = false;
}

/** Drain the queue once yield `y` is over; `draining` stays set meanwhile. */
function startAfter(y: Promise<void>): void {
  void y.then(startAll);
}

/** Run the task's function and see it settle; never throws (a throw is the task's panic). */
function start<A extends unknown[]>(task: TaskRecord, fn: (...args: A) => unknown, args: A): void {
  try {
    const result = fn(...args);
    if (result !== null && typeof result === "object" && typeof (result as PromiseLike<unknown>).then === "function") {
      // A promise's own then (the engine's, or a task's `done`, which marks
      // this task as waiting for that one) is called as it is. Any other
      // thenable is wrapped so that it settles once: a `then` that throws,
      // or calls back twice, cannot end the task twice.
      (result instanceof Promise ? result : Promise.resolve(result)).then(
        () => exit(task),
        (e: unknown) => fail(task, e),
      );
      return;
    }
  } catch (e) {
    fail(task, e);
    return;
  }
  exit(task);
}

function exit(task: TaskRecord): void {
  removeTask(task);
  task.finish();
  task.bubble?.exited(task);
}

/**
 * The task panicked with `error`: it leaves the registry, then the panic is
 * reported. Never throws, so neither the start queue nor a promise chain is
 * cut short: whatever reporting throws (the handler, or an error whose
 * `stack` or `message` getter throws) surfaces as an uncaught exception, as
 * an unhandled panic does.
 */
function fail(task: TaskRecord, error: unknown): void {
  const info = taskInfo(task, "running");
  let dump: string;
  try {
    dump = dumpTask(task, "running", error);
  } catch {
    dump = dumpTask(task, "running");
  }
  exit(task);
  if (task.bubble !== null) {
    task.bubble.panicked(task, error);
    return;
  }
  const handler = panicHandler;
  if (handler !== null) {
    try {
      handler(error, info);
    } catch (e) {
      throwUncaught(e);
    }
    return;
  }
  try {
    printError(`panic: ${panicMessage(error)}\n\n${dump}\n`);
  } catch {
    // A console that throws loses the text, not the panic: that is next.
  }
  // Rethrown outside any promise chain, so the host treats it as uncaught
  // and a Node process exits, as a Go program does on a panic.
  throwUncaught(error);
}

/** Throw `e` from a microtask of its own: uncaught, whatever called this. */
function throwUncaught(e: unknown): void {
  microtask(() => {
    throw e;
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
