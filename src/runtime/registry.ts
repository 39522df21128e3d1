import type { BubbleLink } from "./bubble-link.js";
import { clock, coarseRealTick, tickTime } from "./clock.js";
import { userSite } from "./sites.js";
import { currentTask, trace } from "./trace.js";
import { keepLayout } from "./layouts.js";
import { macrotask, microtask } from "./host.js";

// The registry: every live task and every parked operation. Tasks are an
// intrusive doubly linked list, so starting and ending are O(1) and allocate
// nothing. Parked operations are found two ways:
// - untraced, through the channels they wait on: the registry lists every
//   channel that has waiters (long-lived objects, linked when a channel
//   gains a waiter while unlisted), and a parked record sits in its
//   channel's wait queue already. Parking then writes no pointer to a new
//   record into the registry's long-lived list, a write-barrier slow path
//   per park. A channel whose waiters have all left stays listed until a
//   sweep (see channelEmptied);
// - traced, as shadows in the registry's own list (a shadow references no
//   channel, so the collector can prove leaks), with an untraced select on
//   no channel at all.
// Snapshots and dumps are built only when asked.

/**
 * A task's state as Go's goroutine dump words it, in the brackets of
 * `goroutine 7 [chan send]:`. The union lists the common words; the type
 * admits any string because a few waits are named elsewhere ("task wait"
 * while awaiting a task's `done`, "synctest.Wait"). "IO wait" is a task
 * awaiting something outside the runtime, as tracing sees it; without
 * tracing the runtime cannot tell, and says "waiting".
 *
 * ```ts
 * const stuck = runtime.goroutines().filter((g) => g.state === "chan send") // goroutine 7 [chan send]:
 * ```
 */
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

/** The state word of a task awaiting another task's `done`. */
export const TASK_WAIT = "task wait";

/**
 * A task's `done` promise. Awaiting it is a runtime wait, like a receive
 * from a done channel: the awaiting task counts as parked until every task
 * it awaits has finished, so inside a synctest bubble it is durably blocked.
 * `then` sees the awaiting task because async context flows into it.
 */
class DonePromise extends Promise<void> {
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }
  target: Task | null = null;
  override then<A = void, B = never>(
    onFulfilled?: ((value: void) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    const target = this.target;
    const waiter = currentTask();
    if (target !== null && waiter !== null && waiter !== target && !target.finished) {
      target.join(waiter);
      if (typeof onFulfilled === "function") {
        const body = onFulfilled;
        onFulfilled = (v) => body(markResumed(v));
      }
    }
    return super.then(onFulfilled, onRejected);
  }
}

/**
 * What only tracing, bubbles and `done` need to know of a task. Made on
 * first use, so an untraced task is a few fields: memory per parked task is
 * what a runtime of many tasks pays for.
 */
class TaskTrace {
  /** The synctest bubble the task belongs to (bubbles always trace). */
  bubble: BubbleLink | null = null;
  /** `done`, made on first use: most tasks are never awaited. */
  donePromise: Promise<void> | undefined = undefined;
  resolveDone: (() => void) | undefined = undefined;
  /** Id of the task that called `go`, 0 when made outside any task. */
  parentId = 0;
  createdAt: string | undefined = undefined;
  creator: string | undefined = undefined;
  /** The wait reason while parked on a runtime primitive. */
  waitReason: StateWord | null = null;
  since = 0;
  blockedAt: string | undefined = undefined;
  /** Woken by a counterparty, not yet resumed. */
  runnable = false;
  /** See {@link Task.durable}. */
  durable = true;
  /** Tasks awaiting `done`, once per await. */
  joiners: Task[] | null = null;
  /** How many unfinished tasks this task awaits. */
  awaiting = 0;
}

/** A task started by `go`: Go's goroutine, as the runtime keeps it. */
export class Task {
  prev: Task | null = null;
  next: Task | null = null;
  finished = false;
  private tr: TaskTrace | null = null;

  constructor(
    readonly id: number,
    readonly name: string,
  ) {}

  private get traced(): TaskTrace {
    return (this.tr ??= new TaskTrace());
  }

  /** The synctest bubble the task belongs to, if any. */
  get bubble(): BubbleLink | null {
    return this.tr !== null ? this.tr.bubble : null;
  }
  set bubble(b: BubbleLink | null) {
    if (this.tr !== null || b !== null) this.traced.bubble = b;
  }

  get parentId(): number {
    return this.tr?.parentId ?? 0;
  }
  set parentId(v: number) {
    this.traced.parentId = v;
  }
  get createdAt(): string | undefined {
    return this.tr?.createdAt;
  }
  set createdAt(v: string | undefined) {
    this.traced.createdAt = v;
  }
  get creator(): string | undefined {
    return this.tr?.creator;
  }
  set creator(v: string | undefined) {
    this.traced.creator = v;
  }
  /** Tracing only: the wait reason while parked on a runtime primitive. */
  get waitReason(): StateWord | null {
    return this.tr?.waitReason ?? null;
  }
  get since(): number {
    return this.tr?.since ?? 0;
  }
  get blockedAt(): string | undefined {
    return this.tr?.blockedAt;
  }
  /** Tracing only: woken by a counterparty, not yet resumed. */
  get runnable(): boolean {
    return this.tr?.runnable ?? false;
  }
  set runnable(v: boolean) {
    if (this.tr !== null || v) this.traced.runnable = v;
  }
  /**
   * Parked on something only code inside its bubble can complete: Go's
   * "durably blocked". A wait on a channel made outside the bubble is not,
   * since the outside world may still act on it.
   */
  get durable(): boolean {
    return this.tr?.durable ?? true;
  }

  /** Resolves when the task's function settles; never rejects. */
  get done(): Promise<void> {
    const tr = this.traced;
    if (tr.donePromise === undefined) {
      const p = new DonePromise((r) => (tr.resolveDone = r));
      p.target = this;
      if (this.finished) tr.resolveDone!();
      tr.donePromise = p;
    }
    return tr.donePromise;
  }

  /** `waiter` awaits this task's `done`. */
  join(waiter: Task): void {
    (this.traced.joiners ??= []).push(waiter);
    if (waiter.traced.awaiting++ === 0) parkCurrent(TASK_WAIT);
  }

  finish(): void {
    this.finished = true;
    const tr = this.tr;
    if (tr === null) return;
    tr.resolveDone?.();
    const was = blockedIn(tr);
    tr.waitReason = null;
    tr.runnable = false;
    if (was) tr.bubble!.blockedChanged(this, false);
    const joiners = tr.joiners;
    tr.joiners = null;
    if (joiners !== null) {
      for (const j of joiners) if (--j.traced.awaiting === 0 && j.waitReason === TASK_WAIT) j.wake();
    }
  }

  // A task in a bubble reports every change of "durably blocked" to it, so
  // the bubble's count of its running tasks stays exact (see Bubble). A task
  // can be marked parked while it is parked already (a `done` awaited
  // beside another wait): the change is computed, not assumed.
  park(reason: StateWord, since: number, site: string | undefined, durable = true): void {
    const tr = this.traced;
    const was = blockedIn(tr);
    tr.waitReason = reason;
    tr.since = since;
    tr.blockedAt = site;
    tr.runnable = false;
    tr.durable = durable;
    if (was !== durable && tr.bubble !== null) tr.bubble.blockedChanged(this, durable);
  }

  wake(): void {
    const tr = this.traced;
    const was = blockedIn(tr);
    tr.waitReason = null;
    tr.runnable = true;
    if (was) tr.bubble!.blockedChanged(this, false);
  }

  /** The state word Go's dump would show, as seen by the caller. */
  state(): StateWord {
    if (currentTask() === this) return "running";
    const tr = this.tr;
    if (tr !== null && tr.waitReason !== null) return tr.waitReason;
    if (tr !== null && tr.runnable) return "runnable";
    return trace.on ? "IO wait" : "waiting";
  }
}

/** A bubble's task durably blocked, as its bubble counts it. */
function blockedIn(tr: TaskTrace): boolean {
  return tr.bubble !== null && tr.waitReason !== null && tr.durable;
}

keepLayout(new Task(0, ""));

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
  // Gone already: a failed bubble abandons its tasks (Bubble.abandon), and
  // one that was still running, or is woken by one that was, exits later.
  if (t.prev === null && firstTask !== t) return;
  if (t.prev) t.prev.next = t.next;
  else firstTask = t.next;
  if (t.next) t.next.prev = t.prev;
  else lastTask = t.prev;
  t.prev = t.next = null;
  taskCount--;
}

/**
 * How many tasks started by {@link go} have not finished yet. Exact and
 * O(1): the registry counts as tasks start and end.
 *
 * ```ts
 * const n = runtime.numGoroutine() // n := runtime.NumGoroutine()
 * ```
 */
export function numGoroutine(): number {
  return taskCount;
}

export function liveTasks(): Task[] {
  const out: Task[] = [];
  for (let t = firstTask; t; t = t.next) out.push(t);
  return out;
}

/**
 * A channel as the registry names it: its id and name, never the channel
 * itself, so a snapshot keeps no channel alive.
 *
 * ```ts
 * runtime.parked()[0]?.channels.map((c) => c.name ?? `#${c.id}`) // which channels is it blocked on?
 * ```
 */
export interface ChanRef {
  /** The channel's {@link Chan.id}. */
  readonly id: number;
  /** The channel's name; absent when it was made without one. */
  readonly name?: string;
}

/**
 * What a parked operation waits for: a plain send or receive on one
 * channel, or a select on all its arms' channels.
 *
 * ```ts
 * runtime.parked().filter((op) => op.kind === "select") // goroutine 9 [select]:
 * ```
 */
export type ParkedKind = "send" | "recv" | "select";

/** A parked operation as the registry reports it. */
export interface ParkedEntry {
  readonly kind: ParkedKind;
  readonly since: number;
  readonly task: Task | null;
  readonly site: string | undefined;
  /** Leak tracking: every channel it waits on was garbage collected. */
  readonly leaked: boolean;
  channelRefs(): ChanRef[];
}

/** A channel as leak tracking sees it. */
export interface TrackedChan {
  readonly id: number;
  readonly name: string | undefined;
  /** Registered with the finalizer already. */
  leakTracked: boolean;
  /** The synctest bubble that made it, if any. */
  readonly bubble: BubbleLink | null;
}

/** An entry in the registry's own list: a shadow, or an untraced select on no channel. */
export interface Listed extends ParkedEntry {
  rprev: Listed | null;
  rnext: Listed | null;
}

/**
 * One parked operation: a plain send or receive (its channel's waiter), or a
 * whole select (one record for all its arms). Untraced, the registry finds
 * the record through its channels' queues; traced, it holds a
 * {@link Shadow} instead, so the registry never keeps a channel reachable.
 */
export interface ParkedRecord extends ParkedEntry {
  entry: Shadow | null;
  tick: number;
  channels(): TrackedChan[];
}

/**
 * A channel as the untraced registry sees it: a node of the list of channels
 * that have (or lately had) waiters, which can report the untraced records
 * in its queues.
 */
export interface ActiveChan {
  aprev: ActiveChan | null;
  anext: ActiveChan | null;
  /** Some task waits in one of its queues. */
  hasWaiters(): boolean;
  /** Add every untraced parked record in this channel's queues to `out` (a select's once, however many arms wait here). */
  parkedRecords(out: Set<ParkedEntry>): void;
}

/** The registry fields of a parked operation: a plain waiter or a select. */
export abstract class Parked implements ParkedRecord {
  /** Under tracing, the shadow that stands in the registry for this operation. */
  entry: Shadow | null = null;
  /** Untraced: when it parked, as a {@link coarseRealTick}. */
  tick = 0;
  /** When it parked: traced, the shadow's exact reading of the runtime clock. */
  get since(): number {
    return this.entry !== null ? this.entry.since : tickTime(this.tick);
  }
  // Untraced, a record is its own entry and knows no task, site or leak.
  get task(): Task | null {
    return this.entry?.task ?? null;
  }
  get site(): string | undefined {
    return this.entry?.site;
  }
  get leaked(): boolean {
    return false;
  }
  abstract readonly kind: ParkedKind;
  abstract channelRefs(): ChanRef[];
  abstract channels(): TrackedChan[];
}

/**
 * What the registry keeps of a parked operation under leak tracking: the
 * facts, and no reference to the waiter or its channels. When every path to
 * a channel is gone, the operations parked on it can never complete: the
 * collector proves the leak, as Go 1.26's goroutine leak profile does.
 */
export class Shadow implements Listed {
  rprev: Listed | null = null;
  rnext: Listed | null = null;
  leaked = false;
  constructor(
    readonly kind: ParkedKind,
    public since: number,
    public task: Task | null,
    public site: string | undefined,
    readonly refs: ChanRef[],
  ) {}
  channelRefs(): ChanRef[] {
    return this.refs.slice();
  }
}

let parkedHead: Listed | null = null;
let parkedTail: Listed | null = null;
let activeHead: ActiveChan | null = null;
let activeTail: ActiveChan | null = null;

const finalizer: FinalizationRegistry<number> | null =
  typeof FinalizationRegistry === "function" ? new FinalizationRegistry<number>(channelCollected) : null;

/**
 * Channels collected since the last pass over the parked list. The host
 * calls the finalizer once per channel, all of one collection's in one job:
 * a pass per call would cost the parked operations times the channels (a
 * bubble that made 100k channels and parks 100k tasks after they die paid
 * 10^10 steps), so the ids are gathered and one pass, in a microtask right
 * after that job, marks what they leaked, before any host turn can look.
 */
let collected: Set<number> | null = null;

/** Finalizer callback: channel `id` is gone, so whatever waits only on it is leaked. */
function channelCollected(id: number): void {
  if (collected === null) {
    collected = new Set();
    microtask(markLeaked);
  }
  collected.add(id);
}

function markLeaked(): void {
  const dead = collected!;
  collected = null;
  for (let e = parkedHead; e !== null; e = e.rnext) {
    if (!e.leaked && e instanceof Shadow && e.refs.some((r) => dead.has(r.id))) e.leaked = true;
  }
}

/** Leak tracking is on whenever tracing is, where the host can finalize. */
export function leakTracking(): boolean {
  return trace.on && finalizer !== null;
}

function link(e: Listed): void {
  e.rprev = parkedTail;
  e.rnext = null;
  if (parkedTail) parkedTail.rnext = e;
  else parkedHead = e;
  parkedTail = e;
}

// Invariant: every channel with an untraced waiter is listed. A channel
// whose waiters all left stays listed: unlisting it at once, and listing it
// again at its next park, costs two of each per ping-pong round trip, each
// several pointer writes into long-lived objects (BENCHMARKS.md, "What each
// optimization bought"). Instead the
// channels that emptied are counted, and a sweep unlists every listed
// channel that is still empty:
// - at once, when the emptied outnumber half the list by SWEEP_SLACK: a
//   sweep walks the list once and comes after at least half as many
//   emptyings, so its cost per park stays O(1), and the list holds fewer
//   than twice the channels that have waiters, plus 2 * SWEEP_SLACK. The
//   slack keeps a small list (a ping-pong's two channels) from being swept,
//   and its channels listed again, every round trip;
// - in the next macrotask turn, when the emptied are half the list: once no
//   channel has waiters, every listed one has emptied since the last sweep,
//   so a program gone quiet keeps no empty channel listed for long.
const SWEEP_SLACK = 64;
let listed = 0;
let emptied = 0;
/** How many emptied channels call for the next look at the thresholds above. */
let nextCheck = 1;
let sweepPending = false;

/** Whether `c` is in the list of channels with waiters. */
export function isActive(c: ActiveChan): boolean {
  return c.aprev !== null || activeHead === c;
}

/** Untraced: `c` has a waiter now; list it (its queues hold the records). */
export function activate(c: ActiveChan): void {
  c.aprev = activeTail;
  c.anext = null;
  if (activeTail !== null) activeTail.anext = c;
  else activeHead = c;
  activeTail = c;
  listed++;
}

/**
 * A listed channel has no waiter left: it stays listed until a sweep. Small
 * enough to inline into every wake; the decision is out of line.
 */
export function channelEmptied(): void {
  if (++emptied >= nextCheck) sweepDue();
}

function sweepDue(): void {
  const half = (listed + 1) >> 1; // emptied * 2 >= listed
  if (emptied < half) {
    nextCheck = half;
    return;
  }
  const now = (listed >> 1) + SWEEP_SLACK;
  if (emptied >= now) return sweep();
  if (!sweepPending) {
    sweepPending = true;
    macrotask(sweepLater);
  }
  nextCheck = now;
}

function sweepLater(): void {
  sweepPending = false;
  sweep();
}

function unlist(c: ActiveChan): void {
  if (c.aprev !== null) c.aprev.anext = c.anext;
  else activeHead = c.anext;
  if (c.anext !== null) c.anext.aprev = c.aprev;
  else activeTail = c.aprev;
  c.aprev = c.anext = null;
  listed--;
}

/** Unlist every listed channel that has no waiter now. */
function sweep(): void {
  emptied = 0;
  nextCheck = 1;
  for (let c = activeHead; c !== null; ) {
    const next = c.anext;
    if (!c.hasWaiters()) unlist(c);
    c = next;
  }
}

/** Channels listed now, empty ones included: what the sweep bounds. */
export function listedChannels(): number {
  return listed;
}

/**
 * Enter `r` in the registry as parked now. With tracing on, the current task
 * is attributed, the user's line recorded, and the channels tracked for
 * leaks.
 */
export function registerParked(r: ParkedRecord, reason: StateWord): void {
  // The untraced path is one store, small enough to inline into every park;
  // the traced one stays out of line so it does not use up the caller's
  // inlining budget.
  if (trace.on) return registerTraced(r, reason);
  // Outside bubbles (which always trace) a turn-old reading is close enough.
  r.tick = coarseRealTick();
}

/**
 * {@link registerParked} for an operation in no channel's queue (a select
 * with no channel at all): untraced, no queue would show it, so the registry
 * lists it itself. Nothing can complete it; it leaves the list only with its
 * bubble (dropParked).
 */
export function registerUnqueued(r: ParkedRecord & Listed, reason: StateWord): void {
  registerParked(r, reason);
  if (r.entry === null) link(r);
}

function registerTraced(r: ParkedRecord, reason: StateWord): void {
  const since = clock().now();
  const t = currentTask();
  const site = userSite()?.site;
  const chans = r.channels();
  if (t) t.park(reason, since, site, t.bubble === null || chans.every((c) => c.bubble === t.bubble));
  const shadow = new Shadow(r.kind, since, t, site, r.channelRefs());
  if (finalizer !== null) {
    for (const c of chans) {
      if (!c.leakTracked) {
        c.leakTracked = true;
        finalizer.register(c, c.id);
      }
    }
    // No channel at all (`select()`, or only nil arms): nothing can ever wake it.
    if (chans.length === 0) shadow.leaked = true;
  }
  r.entry = shadow;
  link(shadow);
}

function unlink(e: Listed): void {
  if (e.rprev) e.rprev.rnext = e.rnext;
  else parkedHead = e.rnext;
  if (e.rnext) e.rnext.rprev = e.rprev;
  else parkedTail = e.rprev;
  e.rprev = e.rnext = null;
}

/** Take `r` out of the registry: its operation committed or was withdrawn. */
export function unregisterParked(r: ParkedRecord): void {
  const shadow = r.entry;
  // Untraced: leaving its channels' queues took it out of the registry.
  if (shadow === null) return;
  unlink(shadow);
  r.entry = null;
  if (shadow.task !== null) shadow.task.wake();
}

/** Remove the entries of operations that belong to `owner` (an ended bubble's tasks). */
export function dropParked(owner: (e: ParkedEntry) => boolean): void {
  for (let e = parkedHead; e !== null; ) {
    const next = e.rnext;
    if (owner(e)) unlink(e);
    e = next;
  }
}

/** Every parked operation, in the order they parked (to the registry's clock resolution). */
export function parkedEntries(): ParkedEntry[] {
  const out: ParkedEntry[] = [];
  for (let r = parkedHead; r; r = r.rnext) out.push(r);
  if (activeHead === null) return out;
  const untraced = new Set<ParkedEntry>();
  for (let c: ActiveChan | null = activeHead; c !== null; c = c.anext) c.parkedRecords(untraced);
  for (const r of untraced) out.push(r);
  return out.sort((a, b) => a.since - b.since);
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
