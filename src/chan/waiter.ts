import { Panic, SEND_ON_CLOSED } from "../runtime/panic.js";
import { Parked, type ChanRef, type ParkedRecord, type TrackedChan } from "../runtime/registry.js";
import type { Resumable } from "../runtime/scheduler.js";
import { addKeepAlive } from "../runtime/keepalive.js";

/**
 * What every receive from a closed, drained channel yields: one frozen
 * tuple (and one frozen iterator end), so waking many receivers with close
 * allocates nothing per receiver.
 */
export const CLOSED_RESULT = Object.freeze([undefined, false]) as unknown as [undefined, false];
export const ITER_DONE = Object.freeze({ value: undefined, done: true }) as IteratorReturnResult<undefined>;

export const SEND = 0;
export const RECV = 1;

/** What a waiter's channel must show the registry. */
export interface Named extends TrackedChan {
  /** Take `w` out of this channel's queue for its direction. */
  dequeue(w: Waiter): void;
}

/** The part of a select a waiter needs: see select/select.ts. */
export interface Selection extends Resumable, ParkedRecord {
  /** Win with arm waiter `w`: withdraw every other arm, leave the registry. */
  commit(w: Waiter): void;
}

/**
 * Go's sudog: one parked send or receive on one channel. A plain operation's
 * waiter is also its registry record; a select's arm waiters share the
 * select's record. A waiter sits in at most one queue, and leaves it the
 * moment it is claimed or withdrawn, so queues never hold dead waiters.
 */
export class Waiter extends Parked implements Resumable {
  /** Its slot in its channel's queue of its direction; -1 when in none (see WaitQueue). */
  pos = -1;
  /** Send: the value to deliver. Receive: the value delivered. */
  value: unknown = undefined;
  /** Receive: false when woken by close. Send: false when the channel was closed while parked. */
  ok = false;
  /** Receive for a `for await` loop: resolve with an IteratorResult. */
  iter = false;
  sel: Selection | null = null;
  /** Index of this waiter's arm in its select. */
  arm = 0;
  /** Settles the parked operation; a panic is delivered as a rejected promise, so no reject function is kept. */
  resolve: ((v: unknown) => void) | null = null;

  constructor(
    readonly chan: Named,
    readonly dir: typeof SEND | typeof RECV,
  ) {
    super();
  }

  /** In its channel's queue now. */
  get queued(): boolean {
    return this.pos >= 0;
  }

  get kind(): "send" | "recv" {
    return this.dir === SEND ? "send" : "recv";
  }

  channelRefs(): ChanRef[] {
    return [chanRef(this.chan)];
  }

  channels(): TrackedChan[] {
    return [this.chan];
  }

  /** Resume a plain operation's task with its outcome. */
  resume(): void {
    const value = this.value;
    this.value = undefined;
    if (this.dir === SEND) this.resolve!(this.ok ? undefined : sendOnClosed());
    else if (this.iter) this.resolve!(this.ok ? { value, done: false } : ITER_DONE);
    else this.resolve!(this.ok ? [value, true] : CLOSED_RESULT);
  }
}

/** A send's outcome when its channel was closed while it waited; out of line, to keep resume small. */
function sendOnClosed(): Promise<never> {
  return Promise.reject(new Panic(SEND_ON_CLOSED));
}

export function chanRef(c: Named): ChanRef {
  return c.name === undefined ? { id: c.id } : { id: c.id, name: c.name };
}

/**
 * Told of every receiver that parks on a channel or leaves it: a timer's
 * channel, whose receivers keep the process alive and which arms itself
 * only while one waits. One field and one check on a plain channel's path.
 */
export interface QueueWatcher {
  /** A receiver parked; `waiting` receivers are parked now. */
  receiverParked(waiting: number): void;
  /** A receiver left (claimed or withdrawn); `waiting` are left. */
  receiverLeft(waiting: number): void;
}

/** The watcher of a channel whose receivers wait for a deadline (a context's): they keep the process alive, as a timer's do. */
export const KEEPS_PROCESS_ALIVE: QueueWatcher = {
  receiverParked: () => addKeepAlive(1),
  receiverLeft: () => addKeepAlive(-1),
};
