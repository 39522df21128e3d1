import type { BubbleLink } from "./bubble-link.js";
import { clock } from "./clock.js";
import { userSite } from "./sites.js";
import { currentTask, trace } from "./trace.js";

// The registry: every live task and every parked operation, each in an
// intrusive doubly linked list so that registering and leaving are O(1) and
// allocate nothing. Counts are exact and O(1); snapshots and dumps are built
// only when asked.

export type StateWord =
  | "running"
  | "runnable"
  | "chan send"
  | "chan receive"
  | "select"
  | "select (no cases)"
  | "sleep"
  | "sync.WaitGroup.Wait"
  | "sync.Mutex.Lock"
  | "sync.RWMutex.Lock"
  | "sync.RWMutex.RLock"
  | "IO wait"
  | "waiting"
  | (string & {});

const RESOLVED: Promise<void> = Promise.resolve();

/** A task started by `go`: Go's goroutine. */
export class Task {
  prev: Task | null = null;
  next: Task | null = null;
  /** Id of the task that called `go`, 0 when made outside any task. */
  parentId = 0;
  createdAt: string | undefined = undefined;
  creator: string | undefined = undefined;
  /** Tracing only: the wait reason while parked on a runtime primitive. */
  waitReason: StateWord | null = null;
  since = 0;
  blockedAt: string | undefined = undefined;
  /** Tracing only: woken by a counterparty, not yet resumed. */
  runnable = false;
  finished = false;
  /** The synctest bubble the task belongs to, if any. */
  bubble: BubbleLink | null = null;
  private donePromise: Promise<void> | undefined = undefined;
  private resolveDone: (() => void) | undefined = undefined;

  constructor(
    readonly id: number,
    readonly name: string,
  ) {}

  /** Resolves when the task's function settles; never rejects. */
  get done(): Promise<void> {
    if (this.donePromise === undefined) {
      this.donePromise = this.finished ? RESOLVED : new Promise<void>((r) => (this.resolveDone = r));
    }
    return this.donePromise;
  }

  finish(): void {
    this.finished = true;
    this.waitReason = null;
    this.runnable = false;
    this.resolveDone?.();
  }

  park(reason: StateWord, since: number, site: string | undefined): void {
    this.waitReason = reason;
    this.since = since;
    this.blockedAt = site;
    this.runnable = false;
  }

  wake(): void {
    this.waitReason = null;
    this.runnable = true;
  }

  /** The state word Go's dump would show, as seen by the caller. */
  state(): StateWord {
    if (currentTask() === this) return "running";
    if (this.waitReason !== null) return this.waitReason;
    if (this.runnable) return "runnable";
    return trace.on ? "IO wait" : "waiting";
  }
}

let nextTaskId = 1;
let firstTask: Task | null = null;
let lastTask: Task | null = null;
let taskCount = 0;

export function newTask(name: string): Task {
  const t = new Task(nextTaskId++, name);
  t.prev = lastTask;
  if (lastTask) lastTask.next = t;
  else firstTask = t;
  lastTask = t;
  taskCount++;
  return t;
}

export function removeTask(t: Task): void {
  if (t.prev) t.prev.next = t.next;
  else firstTask = t.next;
  if (t.next) t.next.prev = t.prev;
  else lastTask = t.prev;
  t.prev = t.next = null;
  taskCount--;
}

export function numGoroutine(): number {
  return taskCount;
}

export function liveTasks(): Task[] {
  const out: Task[] = [];
  for (let t = firstTask; t; t = t.next) out.push(t);
  return out;
}

export function findTask(id: number): Task | undefined {
  for (let t = firstTask; t; t = t.next) if (t.id === id) return t;
  return undefined;
}

/** A channel as the registry names it. */
export interface ChanRef {
  readonly id: number;
  readonly name?: string;
}

export type ParkedKind = "send" | "recv" | "select";

/**
 * One parked operation: a plain send or receive (its channel's waiter), or a
 * whole select (one record for all its arms).
 */
export interface ParkedRecord {
  rprev: ParkedRecord | null;
  rnext: ParkedRecord | null;
  readonly kind: ParkedKind;
  since: number;
  task: Task | null;
  site: string | undefined;
  channelRefs(): ChanRef[];
}

let parkedHead: ParkedRecord | null = null;
let parkedTail: ParkedRecord | null = null;
let parkedCount = 0;

/**
 * Enter `r` in the registry as parked now. With tracing on, the current task
 * is attributed and the user's line recorded.
 */
export function registerParked(r: ParkedRecord, reason: StateWord): void {
  r.rprev = parkedTail;
  r.rnext = null;
  if (parkedTail) parkedTail.rnext = r;
  else parkedHead = r;
  parkedTail = r;
  parkedCount++;
  r.since = clock().now();
  if (trace.on) {
    const t = currentTask();
    r.site = userSite()?.site;
    if (t) {
      r.task = t;
      t.park(reason, r.since, r.site);
    }
  }
}

/** Take `r` out of the registry: its operation committed or was withdrawn. */
export function unregisterParked(r: ParkedRecord): void {
  if (r.rprev) r.rprev.rnext = r.rnext;
  else parkedHead = r.rnext;
  if (r.rnext) r.rnext.rprev = r.rprev;
  else parkedTail = r.rprev;
  r.rprev = r.rnext = null;
  parkedCount--;
  if (r.task !== null) r.task.wake();
}

export function numParked(): number {
  return parkedCount;
}

export function parkedRecords(): ParkedRecord[] {
  const out: ParkedRecord[] = [];
  for (let r = parkedHead; r; r = r.rnext) out.push(r);
  return out;
}

/** Tracing only: mark the current task parked on something that is not a channel (sleep, a mutex). */
export function parkCurrent(reason: StateWord): Task | null {
  const t = currentTask();
  if (t) t.park(reason, clock().now(), userSite()?.site);
  return t;
}

/**
 * Tracing only: chained after a parked operation's promise so the task stops
 * counting as runnable once its continuation runs. One shared function, so
 * the chain allocates no closure.
 */
export function markResumed<T>(v: T): T {
  const t = currentTask();
  if (t !== null) t.runnable = false;
  return v;
}
