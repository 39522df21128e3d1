import { clock, type Clock } from "./clock.js";
import { liveTasks, parkedEntries, type ChanRef, type ParkedKind, type StateWord, type Task } from "./registry.js";

/**
 * A snapshot of one live task, as `runtime.goroutines()` reports it (and a
 * {@link PanicHandler} receives). A copy: it does not change as the task runs.
 * The optional fields are set only when known: `since` and `blockedAt` while
 * the task is parked, the sites and `parentId` only with tracing on.
 *
 * ```ts
 * for (const g of runtime.goroutines()) console.log(`goroutine ${g.id} [${g.state}]`) // goroutine 7 [chan send]:
 * ```
 */
export interface TaskInfo {
  /** The task's id, as {@link Task.id}. */
  readonly id: number;
  /** The name of the function the task runs; `""` for an anonymous one. */
  readonly name: string;
  /** Go's word: "running", "runnable", "chan send", "select", "sleep", "IO wait", ... */
  readonly state: StateWord;
  /** When it parked (runtime clock, ms since the epoch); only while parked. */
  readonly since?: number;
  /** `path:line:col` of the `go` call (tracing). */
  readonly createdAt?: string;
  /** `path:line:col` where it is parked (tracing). */
  readonly blockedAt?: string;
  /** Id of the task that started it, when that was a task (tracing). */
  readonly parentId?: number;
}

/**
 * A snapshot of one parked operation, as `runtime.parked()` reports it. It
 * exists with tracing off too (the registry always counts parked
 * operations); `task` and `site` need tracing.
 *
 * ```ts
 * for (const op of runtime.parked()) console.log(op.kind, op.channels, op.site) // who waits on what, and where
 * ```
 */
export interface ParkedOp {
  /** A plain send or receive, or a select. */
  readonly kind: ParkedKind;
  /** The channels it waits on: one, or a select's in arm order (nil arms left out). */
  readonly channels: ChanRef[];
  /** When it parked (runtime clock, ms since the epoch). */
  readonly since: number;
  /** The task that parked it (tracing); absent when not made by a task or tracing is off. */
  readonly task?: { readonly id: number; readonly name: string };
  /** `path:line:col` of the operation in user code (tracing). */
  readonly site?: string;
  /** Proven leaked by the collector: nothing can reach its channels any more. */
  readonly leaked?: true;
}

export function taskInfo(t: Task, state: StateWord = t.state()): TaskInfo {
  const info: { -readonly [K in keyof TaskInfo]: TaskInfo[K] } = { id: t.id, name: t.name, state };
  if (t.waitReason !== null) {
    info.since = t.since;
    if (t.blockedAt !== undefined) info.blockedAt = t.blockedAt;
  }
  if (t.createdAt !== undefined) info.createdAt = t.createdAt;
  if (t.parentId !== 0) info.parentId = t.parentId;
  return info;
}

/**
 * Every task started by `go` that has not finished, oldest first.
 *
 * ```ts
 * for (const g of runtime.goroutines()) console.log(g.id, g.state) // pprof goroutine
 * ```
 */
export function goroutines(): TaskInfo[] {
  return liveTasks().map((t) => taskInfo(t));
}

/**
 * Every operation parked on a channel now, oldest first.
 *
 * ```ts
 * runtime.parked().filter((op) => op.kind === "send") // who is stuck sending?
 * ```
 */
export function parked(): ParkedOp[] {
  return parkedEntries().map((r) => {
    const op: { -readonly [K in keyof ParkedOp]: ParkedOp[K] } = { kind: r.kind, channels: r.channelRefs(), since: r.since };
    if (r.task !== null) op.task = { id: r.task.id, name: r.task.name };
    if (r.site !== undefined) op.site = r.site;
    if (r.leaked) op.leaked = true;
    return op;
  });
}

export function waitedMinutes(since: number, on: Clock = clock()): number {
  return Math.floor((on.now() - since) / 60_000);
}
