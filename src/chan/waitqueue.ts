import type { Waiter } from "./waiter.js";

/** Past this many slots, an emptied queue gives its storage back. */
const KEEP_SLOTS = 32;

/**
 * Go's waitq: the parked waiters of one direction of one channel, first in,
 * first out, with O(1) withdrawal from anywhere (a select's losing arms).
 *
 * Slots of an array, not an intrusive linked list. V8's collectors walk a
 * long chain one link at a time: copying and marking cannot spread it over
 * their worklists, and the records a chain reaches end up scattered, so
 * every later walk of the queue and every task resumed from it misses the
 * cache. bench/profile/layout.ts measures the two layouts with no library
 * (BENCHMARKS.md, "Wait-queue layout").
 *
 * Invariants:
 * - `items[first..end)` holds the queued waiters in arrival order, with null
 *   where one was withdrawn or claimed; every slot outside it is null;
 * - a queued waiter's `pos` is its slot; -1 means it is in no queue;
 * - `size` counts the waiters; `items[first]` is one whenever `size > 0`,
 *   because a withdrawal at the head moves `first` past the nulls at once;
 * - storage stays bounded by the waiters: `push` compacts instead of growing
 *   while at least half the slots are null, so a hot loop of selects that
 *   park and withdraw never grows a queue (design invariant 2).
 */
export class WaitQueue {
  private items: (Waiter | null)[];
  private first = 0;
  private end = 1;
  size = 1;

  /** A queue holding `w`: queues are made on their channel's first park in that direction. */
  constructor(w: Waiter) {
    this.items = [w];
    w.pos = 0;
  }

  /** The longest-waiting waiter, or null. */
  peek(): Waiter | null {
    return this.size > 0 ? this.items[this.first]! : null;
  }

  push(w: Waiter): void {
    if (this.end === this.items.length && this.size * 2 <= this.end) this.compact();
    w.pos = this.end;
    this.items[this.end++] = w;
    this.size++;
  }

  /** Take out `w`, which is in this queue. */
  remove(w: Waiter): void {
    const items = this.items;
    items[w.pos] = null;
    const at = w.pos;
    w.pos = -1;
    if (--this.size === 0) {
      this.first = this.end = 0;
      if (items.length > KEEP_SLOTS) this.items = [];
    } else if (at === this.first) {
      let i = at + 1;
      while (items[i] === null) i++;
      this.first = i;
    }
  }

  /** Call `f` on each queued waiter, in order. */
  forEach(f: (w: Waiter) => void): void {
    for (let i = this.first; i < this.end; i++) {
      const w = this.items[i];
      if (w !== null && w !== undefined) f(w);
    }
  }

  /** Slots between the head and the tail, withdrawn ones included: what invariant 2 bounds. */
  get slots(): number {
    return this.end - this.first;
  }

  /** Slots allocated. */
  get capacity(): number {
    return this.items.length;
  }

  /** Move the waiters to the front, in order; null the slots they leave. */
  private compact(): void {
    const items = this.items;
    let to = 0;
    for (let i = this.first; i < this.end; i++) {
      const w = items[i];
      if (w === null || w === undefined) continue;
      items[i] = null;
      w.pos = to;
      items[to++] = w;
    }
    this.first = 0;
    this.end = to;
  }
}
