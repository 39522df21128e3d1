// The floor: the least an async/await channel can cost. An unbuffered
// channel that is just two FIFO queues (parked senders with their value,
// parked receivers' resolvers), and a trivially buffered one. No select, no
// registry, no fairness yield, no validation. Every library number in the
// benchmark is printed next to the same shape built on these.

const RESOLVED: Promise<void> = Promise.resolve();

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

  constructor(private readonly capacity = 0) {}

  send(value: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error("send on closed channel"));
    const r = this.recvq.shift();
    if (r !== undefined) {
      r(value);
      return RESOLVED;
    }
    if (this.buf.size < this.capacity) {
      this.buf.push(value);
      return RESOLVED;
    }
    return new Promise<void>((resolve) => this.sendq.push({ value, resolve }));
  }

  /** Send without parking; false when it would block. */
  trySend(value: T): boolean {
    if (this.closed) throw new Error("send on closed channel");
    const r = this.recvq.shift();
    if (r !== undefined) {
      r(value);
      return true;
    }
    if (this.buf.size < this.capacity) {
      this.buf.push(value);
      return true;
    }
    return false;
  }

  recv(): Promise<T | undefined> {
    if (this.buf.size > 0) {
      const v = this.buf.shift() as T;
      const s = this.sendq.shift();
      if (s !== undefined) {
        this.buf.push(s.value);
        s.resolve();
      }
      return Promise.resolve(v);
    }
    const s = this.sendq.shift();
    if (s !== undefined) {
      s.resolve();
      return Promise.resolve(s.value);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise<T | undefined>((resolve) => this.recvq.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (let r = this.recvq.shift(); r !== undefined; r = this.recvq.shift()) r(undefined);
  }
}
