import { currentBubble, type BubbleLink } from "../runtime/bubble-link.js";
import { afterYield, yieldDue } from "../runtime/fairness.js";
import { CLOSE_OF_CLOSED, Panic, SEND_ON_CLOSED } from "../runtime/panic.js";
import { activate, channelEmptied, isActive, markResumed, registerParked, unregisterParked, type ActiveChan, type ParkedEntry } from "../runtime/registry.js";
import { ready, wakeAll } from "../runtime/scheduler.js";
import { pendingInto } from "../runtime/pending.js";
import { trace } from "../runtime/trace.js";
import { describe } from "../runtime/validate.js";
import { CLOSED_RESULT, ITER_DONE, RECV, SEND, Waiter, type QueueWatcher } from "./waiter.js";
import { WaitQueue } from "./waitqueue.js";
import { keepLayout } from "../runtime/layouts.js";

/**
 * What a receive yields: the value and true, or `[undefined, false]` once the
 * channel is closed and drained. `ok` tells a sent `undefined` from a close,
 * as Go's comma-ok form tells a zero value from one. Every closed result is
 * the same frozen tuple, so waking many receivers with `close` allocates
 * nothing per receiver.
 *
 * ```ts
 * const [v, ok] = await ch.recv() // v, ok := <-ch
 * ```
 */
export type RecvResult<T> = [T, true] | [undefined, false];

/**
 * The receive half of a channel, Go's `<-chan T`. A {@link Chan} is one;
 * typing a parameter as RecvChan keeps the callee from sending or closing.
 * `for await` receives until the channel is closed and drained, as Go's
 * `range ch`; leaving the loop early leaves the channel open.
 *
 * ```ts
 * for await (const job of jobs) await handle(job) // for job := range jobs { handle(job) }
 * ```
 */
export interface RecvChan<T> extends AsyncIterable<T> {
  /** Unique per channel, in order of creation: how dumps and `runtime.parked()` name it. */
  readonly id: number;
  /** The `name` given to {@link chan}, shown with the id in dumps; undefined if none. */
  readonly name: string | undefined;
  /**
   * Receive, waiting while nothing is buffered and no sender waits. After a
   * close, buffered values still come out first; then `[undefined, false]`.
   *
   * ```ts
   * const [v, ok] = await ch.recv() // v, ok := <-ch
   * ```
   */
  recv(): Promise<RecvResult<T>>;
  /**
   * Receive only if that completes now; undefined means it would block.
   *
   * ```ts
   * const r = ch.tryRecv() // select { case v, ok := <-ch: default: }
   * ```
   */
  tryRecv(): RecvResult<T> | undefined;
  /**
   * Values buffered now. A snapshot, stale once another task runs.
   *
   * ```ts
   * const queued = ch.len // queued := len(ch)
   * ```
   */
  readonly len: number;
  /**
   * Buffer capacity; 0 for an unbuffered channel (and a timer's).
   *
   * ```ts
   * const size = ch.cap // size := cap(ch)
   * ```
   */
  readonly cap: number;
}

/**
 * The send half of a channel, Go's `chan<- T`. A {@link Chan} is one;
 * closing belongs to this half, since only a sender knows no more values
 * will come.
 *
 * ```ts
 * async function produce(out: SendChan<number>) { await out.send(1); out.close() } // func produce(out chan<- int)
 * ```
 */
export interface SendChan<T> {
  /** Unique per channel, in order of creation: how dumps and `runtime.parked()` name it. */
  readonly id: number;
  /** The `name` given to {@link chan}, shown with the id in dumps; undefined if none. */
  readonly name: string | undefined;
  /**
   * Send, waiting until a receiver takes the value or a buffer slot is free.
   * Rejects with a {@link Panic} if the channel is closed, or is closed while
   * the send waits.
   *
   * ```ts
   * await ch.send(v) // ch <- v
   * ```
   */
  send(value: T): Promise<void>;
  /**
   * Send only if that completes now; false means it would block. Throws a
   * {@link Panic} on a closed channel, as a select with a default does.
   *
   * ```ts
   * if (!ch.trySend(v)) dropped++ // select { case ch <- v: default: dropped++ }
   * ```
   */
  trySend(value: T): boolean;
  /**
   * Close: waiting receivers get `[undefined, false]`, waiting senders
   * reject with a {@link Panic}, buffered values can still be received.
   * Closing twice throws a Panic.
   *
   * ```ts
   * ch.close() // close(ch)
   * ```
   */
  close(): void;
  /**
   * Values buffered now. A snapshot, stale once another task runs.
   *
   * ```ts
   * const queued = ch.len // queued := len(ch)
   * ```
   */
  readonly len: number;
  /**
   * Buffer capacity; 0 for an unbuffered channel.
   *
   * ```ts
   * const size = ch.cap // size := cap(ch)
   * ```
   */
  readonly cap: number;
}

const RESOLVED: Promise<void> = Promise.resolve();
/**
 * The largest capacity: the buffer is an array, and no array is longer than
 * 2**32 - 1. Go's makechan panics "size out of range" for a buffer it could
 * never allocate; here the capacity alone tells.
 */
export const MAX_CAPACITY = 2 ** 32 - 1;
const MIN_SLOTS = 8;
const NO_SLOTS: readonly unknown[] = Object.freeze([]);
let nextChanId = 1;

/**
 * Scratch result of {@link Chan.takeNow}: a receive that completed at once
 * leaves its value here, so the fast path builds only the result its caller
 * returns (a tuple, an IteratorResult, or nothing for a select).
 */
export const taken = { value: undefined as unknown, ok: false };

/** Hand a committed waiter to the scheduler. */
function wake(w: Waiter): void {
  ready(w.sel ?? w);
}

/** Close's wakes: every waiter of `ch` leaves, receivers with `ok` false, senders to panic. */
function releaseWaiters(ch: Chan<unknown>): void {
  // Each claim may withdraw a select's other arms from these same queues,
  // so always take the current head rather than walking the slots.
  for (let r = ch.recvHead(); r !== null; r = ch.recvHead()) {
    claim(r);
    r.value = undefined;
    r.ok = false;
    wake(r);
  }
  for (let s = ch.sendHead(); s !== null; s = ch.sendHead()) {
    claim(s);
    s.ok = false;
    wake(s);
  }
}

/** Take `w` off its queue and end its wait: a select wins with this arm. */
function claim(w: Waiter): void {
  w.chan.dequeue(w);
  if (w.sel !== null) w.sel.commit(w);
  // Untraced, leaving its queue took it out of the registry.
  else if (w.entry !== null) unregisterParked(w);
}

/**
 * Marks the channels of every copy of this library, so one copy can tell a
 * channel of another (a second installed version, or a bundled copy) from
 * an object that is no channel at all, and say so.
 */
export const CHAN_BRAND: unique symbol = Symbol.for("ts-csp-style.Chan") as never;

/**
 * A Go channel. Invariants, as in Go's hchan:
 * - receivers park only while the buffer is empty, and senders only while it
 *   is full (or the channel is unbuffered): a receiver queued implies count 0,
 *   a sender queued implies count === capacity;
 * - every operation commits synchronously, inside one call, so no value is
 *   ever lost or delivered twice;
 * - both queues are FIFO.
 *
 * Make one with {@link chan}; a Chan is both a {@link RecvChan} and a
 * {@link SendChan}, and narrows to either when passed on.
 *
 * ```ts
 * const jobs: Chan<Job> = chan<Job>(100) // jobs := make(chan Job, 100)
 * ```
 */
export class Chan<T> implements RecvChan<T>, SendChan<T> {
  /** Unique per channel, in order of creation: how dumps and `runtime.parked()` name it. */
  readonly id: number;
  /** The `name` given to {@link chan}, shown with the id in dumps; undefined if none. */
  readonly name: string | undefined;
  /** @internal */ readonly capacity: number;
  /** @internal Ring buffer, grown on demand up to capacity. */ buf: (T | undefined)[];
  /** @internal */ head = 0;
  /** @internal */ count = 0;
  // The two FIFO queues of parked waiters (Go's recvq and sendq), made on
  // the first park in their direction: a channel nobody waits on, such as a
  // timer's that fires unwatched, never has one.
  /** @internal */ recvq: WaitQueue | null = null;
  /** @internal */ sendq: WaitQueue | null = null;
  /** @internal Told of every receiver that parks here or leaves (a timer's channel). */ watcher: QueueWatcher | null = null;
  /** @internal */ closed = false;
  /** @internal Registered for leak finalization. */ leakTracked = false;
  // The registry's list of channels with waiters (untraced parks are found
  // through it): see runtime/registry.ts.
  /** @internal */ aprev: ActiveChan | null = null;
  /** @internal */ anext: ActiveChan | null = null;
  /** @internal The synctest bubble that made it: only that bubble may use it. */ readonly bubble: BubbleLink | null;

  constructor(capacity = 0, options?: { name?: string }) {
    if (typeof capacity !== "number" || !Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`chan: capacity must be a non-negative integer, got ${describe(capacity)}`);
    }
    if (capacity > MAX_CAPACITY) throw new RangeError(`chan: size out of range: capacity must be at most ${MAX_CAPACITY}, got ${capacity}`);
    this.capacity = capacity;
    // Every channel starts on one shared empty array, and a buffered one
    // grows it on its first buffered value: an unbuffered channel, and a
    // timer's that never fires (the time.After trap), never allocate one.
    this.buf = NO_SLOTS as (T | undefined)[];
    this.id = nextChanId++;
    const name = options?.name;
    if (name !== undefined && typeof name !== "string") throw new TypeError(`chan: name must be a string, got ${describe(name)}`);
    this.name = name;
    this.bubble = currentBubble();
  }

  /**
   * Values buffered now. A snapshot, stale once another task runs.
   *
   * ```ts
   * const queued = ch.len // queued := len(ch)
   * ```
   */
  get len(): number {
    return this.count;
  }

  /**
   * Buffer capacity; 0 for an unbuffered channel.
   *
   * ```ts
   * const size = ch.cap // size := cap(ch)
   * ```
   */
  get cap(): number {
    return this.capacity;
  }

  /**
   * Send, waiting until a receiver takes the value or a buffer slot is free.
   * Rejects with a {@link Panic} if the channel is closed, or is closed while
   * the send waits.
   *
   * ```ts
   * await ch.send(v) // ch <- v
   * ```
   */
  send(value: T): Promise<void> {
    if (this.bubble !== null) this.checkBubble("send");
    if (this.closed) return Promise.reject(new Panic(SEND_ON_CLOSED));
    if (this.giveNow(value)) return yieldDue() ?? RESOLVED;
    return this.park(SEND, value, null) as Promise<void>;
  }

  /**
   * Receive, waiting while nothing is buffered and no sender waits. After a
   * close, buffered values still come out first; then `[undefined, false]`.
   *
   * ```ts
   * const [v, ok] = await ch.recv() // v, ok := <-ch
   * ```
   */
  recv(): Promise<RecvResult<T>> {
    if (this.bubble !== null) this.checkBubble("receive");
    if (this.takeNow()) {
      const r: RecvResult<T> = taken.ok ? [taken.value as T, true] : CLOSED_RESULT;
      taken.value = undefined;
      const y = yieldDue();
      return y === null ? Promise.resolve(r) : afterYield(y, r);
    }
    return this.park(RECV, undefined, null) as Promise<RecvResult<T>>;
  }

  /**
   * Send only if that completes now; false means it would block. Throws a
   * {@link Panic} on a closed channel, as a select with a default does.
   *
   * ```ts
   * if (!ch.trySend(v)) dropped++ // select { case ch <- v: default: dropped++ }
   * ```
   */
  trySend(value: T): boolean {
    if (this.bubble !== null) this.checkBubble("send");
    if (this.closed) throw new Panic(SEND_ON_CLOSED);
    return this.giveNow(value);
  }

  /**
   * Receive only if that completes now; undefined means it would block.
   *
   * ```ts
   * const r = ch.tryRecv() // select { case v, ok := <-ch: default: }
   * ```
   */
  tryRecv(): RecvResult<T> | undefined {
    if (this.bubble !== null) this.checkBubble("receive");
    if (!this.takeNow()) return undefined;
    const r: RecvResult<T> = taken.ok ? [taken.value as T, true] : CLOSED_RESULT;
    taken.value = undefined;
    return r;
  }

  /**
   * Close: waiting receivers get `[undefined, false]`, waiting senders
   * reject with a {@link Panic}, buffered values can still be received.
   * Closing twice throws a Panic.
   *
   * ```ts
   * ch.close() // close(ch)
   * ```
   */
  close(): void {
    if (this.bubble !== null) this.checkBubble("close");
    if (this.closed) throw new Panic(CLOSE_OF_CLOSED);
    this.closed = true;
    if (this.recvq !== null || this.sendq !== null) wakeAll(releaseWaiters, this);
  }

  /**
   * Receive until the channel is closed and drained. `break` leaves the
   * channel open, as leaving a Go range loop does.
   *
   * ```ts
   * for await (const v of ch) total += v // for v := range ch { total += v }
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return new ChanIterator(this);
  }

  /** @internal The next value for iterator `it`. */
  nextResult(it: ChanIterator<T>): Promise<IteratorResult<T>> {
    if (this.bubble !== null) this.checkBubble("receive");
    if (this.takeNow()) {
      const r: IteratorResult<T> = taken.ok ? { value: taken.value as T, done: false } : ITER_DONE;
      taken.value = undefined;
      const y = yieldDue();
      return y === null ? Promise.resolve(r) : afterYield(y, r);
    }
    return this.park(RECV, undefined, it) as Promise<IteratorResult<T>>;
  }

  /** @internal Go's rule: a bubble's channel is used only from inside that bubble. */
  checkBubble(op: "send" | "receive" | "close"): void {
    if (currentBubble() !== this.bubble) {
      throw new Panic(`${op === "close" ? "close of" : `${op} on`} synctest channel from outside bubble`);
    }
  }

  /** @internal Append `w` to the queue of its direction. */
  enqueue(w: Waiter): void {
    // Untraced parks are listed through their channels. Under tracing the
    // registry lists shadows instead and must not hold the channel, or the
    // collector could never prove its waiters leaked.
    if (!trace.on && !isActive(this)) activate(this);
    if (w.dir === SEND) {
      if (this.sendq === null) this.firstQueue(w);
      else this.sendq.push(w);
      return;
    }
    const q = this.recvq;
    if (q === null) this.firstQueue(w);
    else q.push(w);
    if (this.watcher !== null) this.watcher.receiverParked(this.recvq!.size);
  }

  /** The first park in `w`'s direction makes that queue; out of line, as it happens once per channel and direction. */
  private firstQueue(w: Waiter): void {
    if (w.dir === SEND) this.sendq = new WaitQueue(w);
    else this.recvq = new WaitQueue(w);
  }

  /** @internal Take `w` out of the queue of its direction. */
  dequeue(w: Waiter): void {
    const q = w.dir === SEND ? this.sendq! : this.recvq!;
    q.remove(w);
    if (this.watcher !== null && w.dir === RECV) this.watcher.receiverLeft(q.size);
    if (q.size === 0 && isActive(this) && !this.hasWaiters()) channelEmptied();
  }

  /** @internal The longest-waiting receiver, or null. */
  recvHead(): Waiter | null {
    return this.recvq === null ? null : this.recvq.peek();
  }

  /** @internal The longest-waiting sender, or null. */
  sendHead(): Waiter | null {
    return this.sendq === null ? null : this.sendq.peek();
  }

  /** @internal Some task waits in one of this channel's queues. */
  hasWaiters(): boolean {
    return this.recvWaiters() > 0 || this.sendWaiters() > 0;
  }

  /** @internal Receivers parked now. */
  recvWaiters(): number {
    return this.recvq === null ? 0 : this.recvq.size;
  }

  /** @internal Senders parked now. */
  sendWaiters(): number {
    return this.sendq === null ? 0 : this.sendq.size;
  }

  /** @internal The untraced parked records in this channel's queues (see runtime/registry.ts). */
  parkedRecords(out: Set<ParkedEntry>): void {
    const add = (w: Waiter): void => {
      const r = w.sel ?? w;
      if (r.entry === null) out.add(r);
    };
    this.recvq?.forEach(add);
    this.sendq?.forEach(add);
  }

  /** @internal A receive would complete now (select's readiness test). */
  canRecv(): boolean {
    return this.count > 0 || this.sendWaiters() > 0 || this.closed;
  }

  /** @internal A send would complete now, or panic (closed). */
  canSend(): boolean {
    return this.closed || this.recvWaiters() > 0 || this.count < this.capacity;
  }

  /**
   * @internal Complete a send at once if it can: hand the value to the first
   * parked receiver, or buffer it. The caller has checked `closed`.
   */
  giveNow(value: T): boolean {
    const r = this.recvHead();
    if (r !== null) {
      claim(r);
      r.value = value;
      r.ok = true;
      wake(r);
      return true;
    }
    if (this.count < this.capacity) {
      this.pushBuf(value);
      return true;
    }
    return false;
  }

  /**
   * @internal Complete a receive at once if it can, leaving the result in
   * `taken`. From a full buffer with parked senders, the first sender's value
   * moves into the freed slot and that sender resumes, as in Go.
   */
  takeNow(): boolean {
    if (this.count > 0) {
      taken.value = this.shiftBuf();
      taken.ok = true;
      const s = this.sendHead();
      if (s !== null) {
        claim(s);
        this.pushBuf(s.value as T);
        s.ok = true;
        wake(s);
      }
      return true;
    }
    const s = this.sendHead();
    if (s !== null) {
      claim(s);
      taken.value = s.value;
      taken.ok = true;
      s.ok = true;
      wake(s);
      return true;
    }
    if (this.closed) {
      taken.value = undefined;
      taken.ok = false;
      return true;
    }
    return false;
  }

  /** @internal Drop whatever is buffered (timer channels on stop/reset). */
  drain(): number {
    const n = this.count;
    for (let i = 0; i < n; i++) this.buf[(this.head + i) % this.buf.length] = undefined;
    this.head = 0;
    this.count = 0;
    return n;
  }

  private park(dir: typeof SEND | typeof RECV, value: T | undefined, iter: ChanIterator<T> | null): Promise<unknown> {
    const w = new Waiter(this, dir);
    w.value = value;
    if (iter !== null) {
      w.iter = true;
      iter.parked(w);
    }
    const p = pendingInto<unknown>(w);
    this.enqueue(w);
    registerParked(w, dir === SEND ? "chan send" : "chan receive");
    return trace.on ? p.then(markResumed) : p;
  }

  private pushBuf(value: T): void {
    let buf = this.buf;
    if (this.count === buf.length) buf = this.grow();
    buf[(this.head + this.count) % buf.length] = value;
    this.count++;
  }

  private shiftBuf(): T {
    const buf = this.buf;
    const v = buf[this.head] as T;
    buf[this.head] = undefined;
    this.head = this.head + 1 === buf.length ? 0 : this.head + 1;
    this.count--;
    return v;
  }

  private grow(): (T | undefined)[] {
    const old = this.buf;
    const next: (T | undefined)[] = new Array(Math.min(this.capacity, Math.max(MIN_SLOTS, old.length * 2)));
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) % old.length];
    this.buf = next;
    this.head = 0;
    return next;
  }
}

// On the prototype, so a channel carries no extra field for it.
Object.defineProperty(Chan.prototype, CHAN_BRAND, { value: true });

/**
 * A channel's `for await` iterator, Go's `range ch`. Leaving the loop calls
 * return(), which leaves the channel open, as in Go, and withdraws this
 * iterator's receives still parked: their next() resolves done, and a value
 * sent later goes to another receiver or waits, never to a reader that has
 * gone (Readable.from(ch) destroyed early calls return() while a next()
 * waits). Invariant: `waiting` holds every receive of this iterator still in
 * the channel's queue, and claimed ones until the next park prunes them.
 */
class ChanIterator<T> implements AsyncIterator<T> {
  private ended = false;
  private waiting: Waiter[] | null = null;

  constructor(private readonly ch: Chan<T>) {}

  next(): Promise<IteratorResult<T>> {
    return this.ended ? Promise.resolve(ITER_DONE) : this.ch.nextResult(this);
  }

  return(): Promise<IteratorResult<T>> {
    this.ended = true;
    const ws = this.waiting;
    this.waiting = null;
    if (ws !== null) {
      for (const w of ws) {
        if (!w.queued) continue;
        // As close does to a parked receiver: it leaves with no value.
        claim(w);
        w.value = undefined;
        w.ok = false;
        wake(w);
      }
    }
    return Promise.resolve(ITER_DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** @internal `w`, a receive of this iterator, has parked. */
  parked(w: Waiter): void {
    const ws = this.waiting;
    if (ws === null) {
      this.waiting = [w];
      return;
    }
    let n = 0;
    for (const x of ws) if (x.queued) ws[n++] = x;
    ws.length = n;
    ws.push(w);
  }
}

/**
 * @internal Keep the hidden classes of the channel `make` returns alive (see
 * runtime/layouts.ts) without using up a channel id.
 */
export function keepChanLayout(make: () => Chan<unknown>): Chan<unknown> {
  const id = nextChanId;
  const c = make();
  nextChanId = id;
  keepLayout(c);
  return c;
}

// The hot classes of this package, each as a parked receive leaves it.
{
  const c = keepChanLayout(() => new Chan<unknown>(0));
  const w = new Waiter(c, RECV);
  keepLayout(w);
  keepLayout(new WaitQueue(w));
}

/**
 * Make a channel, Go's `make(chan T, capacity)`. Capacity 0 (the default) is
 * an unbuffered rendezvous. `options.name` labels the channel in dumps and
 * `runtime.parked()`, which otherwise show only its id.
 *
 * ```ts
 * const results = chan<string>(1) // results := make(chan string, 1)
 * ```
 */
export function chan<T>(capacity = 0, options?: { name?: string }): Chan<T> {
  return new Chan<T>(capacity, options);
}
