import { clock, type Clock } from "./clock.js";
import { liveTasks, parkedEntries, type ChanRef, type ParkedKind, type StateWord, type Task } from "./registry.js";

/** A snapshot of one live task, as `runtime.goroutines()` reports it. */
export interface TaskInfo {
  readonly id: number;
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

/** A snapshot of one parked operation, as `runtime.parked()` reports it. */
export interface ParkedOp {
  readonly kind: ParkedKind;
  readonly channels: ChanRef[];
  readonly since: number;
  readonly task?: { readonly id: number; readonly name: string };
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
