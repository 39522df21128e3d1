// The floor: the least an async/await channel can cost. An unbuffered
// channel that is just two FIFO queues (parked senders with their value,
// parked receivers' resolvers), and a trivially buffered one. No select, no
// registry, no fairness yield, no validation. Every library number in the
// benchmark is printed next to the same shape built on these.
//
// The "API floor" is the same channel answering as this library's API must:
// a receive yields a fresh `[v, true]` tuple (or one shared closed tuple), and
// each task is watched for its end (`spawnWatched`), as `go` must watch to
// keep its count exact and to turn a rejection into a panic. What the library
// costs beyond the API floor is what its design costs; what the API floor
// costs beyond the raw floor is what Go's API shape costs on promises.

const RESOLVED: Promise<void> = Promise.resolve();
const CLOSED_TUPLE = Object.freeze([undefined, false]);

/** Live tasks of the API floor (see spawnWatched). */
export const watched = { live: 0 };

/**
 * The least a `go` can do: call `fn` and watch its promise, so the live
 * count stays exact and a rejection is not lost. Two closures over a
 * per-task record, a derived promise and its reaction: what any promise
 * runtime pays to know when a task has ended.
 */
export function spawnWatched<A extends unknown[]>(fn: (...args: A) => Promise<void>, ...args: A): void {
  const task = { id: ++watched.live };
  fn(...args).then(
    () => {
      task.id = 0;
      watched.live--;
    },
    (e: unknown) => {
      task.id = -1;
      watched.live--;
      queueMicrotask(() => {
        throw e;
      });
    },
  );
}

/** A FIFO with O(1) push and shift (Array#shift is O(n) on large arrays). */
export class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(v: T): void {
    this.items.push(v);
  }

  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const v = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return v;
  }
}

interface ParkedSend<T> {
  value: T;
  resolve: () => void;
}

/**
 * A raw channel: capacity 0 is a rendezvous, capacity > 0 a bounded buffer.
 * `recv` resolves to the value, or `undefined` once closed and drained.
 */
export class RawChan<T> {
  private readonly buf = new Fifo<T>();
  private readonly recvq = new Fifo<(v: T | undefined) => void>();
  private readonly sendq = new Fifo<ParkedSend<T>>();
  private closed = false;

  /** `tuples`: receives yield `[v, true]` / `[undefined, false]`, as the library's (the API floor). */
  constructor(
    private readonly capacity = 0,
    private readonly tuples = false,
  ) {}

  private result(v: T): unknown {
    return this.tuples ? [v, true] : v;
  }

  send(value: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error("send on closed channel"));
    if (this.give(value)) return RESOLVED;
    return new Promise<void>((resolve) => this.sendq.push({ value, resolve }));
  }

  /** Send without parking; false when it would block. */
  trySend(value: T): boolean {
    if (this.closed) throw new Error("send on closed channel");
    return this.give(value);
  }

  /** Hand `value` to a waiting receiver, or buffer it; false when neither can. */
  private give(value: T): boolean {
    const r = this.recvq.shift();
    if (r !== undefined) {
      r(this.result(value) as T);
      return true;
    }
    if (this.buf.size < this.capacity) {
      this.buf.push(value);
      return true;
    }
    return false;
  }

  /** The value, or undefined once closed and drained; with `tuples`, a `[v, ok]` tuple instead (see {@link recvTuple}). */
  recv(): Promise<T | undefined> {
    if (this.buf.size > 0) {
      const v = this.buf.shift() as T;
      const s = this.sendq.shift();
      if (s !== undefined) {
        this.buf.push(s.value);
        s.resolve();
      }
      return Promise.resolve(this.result(v) as T);
    }
    const s = this.sendq.shift();
    if (s !== undefined) {
      s.resolve();
      return Promise.resolve(this.result(s.value) as T);
    }
    if (this.closed) return Promise.resolve(this.closedResult());
    return new Promise<T | undefined>((resolve) => this.recvq.push(resolve));
  }

  /** recv() of a channel made with `tuples`. */
  recvTuple(): Promise<[T, true] | [undefined, false]> {
    return this.recv() as unknown as Promise<[T, true] | [undefined, false]>;
  }

  private closedResult(): T | undefined {
    return (this.tuples ? CLOSED_TUPLE : undefined) as T | undefined;
  }

  close(): void {
    this.closed = true;
    const v = this.closedResult();
    for (let r = this.recvq.shift(); r !== undefined; r = this.recvq.shift()) r(v);
  }
}

// The library keeps its hot classes' hidden classes alive across full
// collections (src/runtime/layouts.ts). The floors keep theirs too, or the
// full collection before each measured run would deoptimize the floors'
// code and not the library's. Each literal has the shape of one the floors
// make per operation (a parked send, a watched task).
const KEPT_LAYOUTS: object[] = [new RawChan<number>(0), { value: 0, resolve: () => {} }, { id: 0 }];
void KEPT_LAYOUTS;
