/** An entry of the {@link TimerHeap}: ordered by `when`, then by `seq` (FIFO for equal deadlines). */
export interface HeapTimer {
  /** The deadline, an instant of the heap's clock (see Clock). */
  when: number;
  seq: number;
  /** Position in the heap's array, -1 when not in the heap. */
  index: number;
  /** The deadline passed; `now` is the clock's instant at firing. */
  fire(now: number): void;
}

function less(a: HeapTimer, b: HeapTimer): boolean {
  return a.when < b.when || (a.when === b.when && a.seq < b.seq);
}

/**
 * A binary min-heap of timers that tracks each entry's index, so removing
 * any timer (stop, reset, a cancelled context) is O(log n) without a search.
 */
export class TimerHeap {
  private readonly items: HeapTimer[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  peek(): HeapTimer | undefined {
    return this.items[0];
  }

  push(t: HeapTimer): void {
    t.seq = this.seq++;
    t.index = this.items.length;
    this.items.push(t);
    this.up(t.index);
  }

  pop(): HeapTimer | undefined {
    const top = this.items[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  /** Remove `t` if it is in the heap; true if it was. */
  remove(t: HeapTimer): boolean {
    const i = t.index;
    const items = this.items;
    if (i < 0 || items[i] !== t) return false;
    const last = items.pop()!;
    t.index = -1;
    if (i < items.length) {
      items[i] = last;
      last.index = i;
      this.down(i);
      this.up(last.index);
    }
    return true;
  }

  private up(i: number): void {
    const items = this.items;
    const t = items[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p]!;
      if (!less(t, parent)) break;
      items[i] = parent;
      parent.index = i;
      i = p;
    }
    items[i] = t;
    t.index = i;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const t = items[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && less(items[c + 1]!, items[c]!)) c++;
      const child = items[c]!;
      if (!less(child, t)) break;
      items[i] = child;
      child.index = i;
      i = c;
    }
    items[i] = t;
    t.index = i;
  }
}
