/**
 * A count of outstanding deadlines that holds no reference to their timers:
 * the deadlines themselves, as numbers (instants of the heap's clock), in two min-heaps (added and
 * cancelled). Equal deadlines are interchangeable, so cancelling one pushes
 * its value to the second heap, and both drop what has passed. An abandoned
 * `time.after` costs 8 bytes here until its deadline, and its channel can be
 * collected at once, as Go 1.23 collects unreferenced timers, while
 * `runtime.numTimers()` still counts it, so the trap stays visible.
 */
export class DeadlineCount {
  private readonly live = new NumberHeap();
  private readonly gone = new NumberHeap();

  add(when: number, now: number): void {
    this.prune(now);
    this.live.push(when);
  }

  cancel(when: number): void {
    this.gone.push(when);
  }

  count(now: number): number {
    this.prune(now);
    return this.live.size - this.gone.size;
  }

  private prune(now: number): void {
    while (this.live.size > 0 && this.live.peek() <= now) this.live.pop();
    while (this.gone.size > 0 && this.gone.peek() <= now) this.gone.pop();
  }
}

/** A binary min-heap of numbers in a growable Float64Array. */
class NumberHeap {
  private a = new Float64Array(16);
  size = 0;

  peek(): number {
    return this.a[0]!;
  }

  push(v: number): void {
    if (this.size === this.a.length) {
      const grown = new Float64Array(this.a.length * 2);
      grown.set(this.a);
      this.a = grown;
    }
    const a = this.a;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= v) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = v;
  }

  pop(): number {
    const a = this.a;
    const top = a[0]!;
    const last = a[--this.size]!;
    const n = this.size;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && a[c + 1]! < a[c]!) c++;
      if (a[c]! >= last) break;
      a[i] = a[c]!;
      i = c;
    }
    if (n > 0) a[i] = last;
    if (this.a.length > 64 && n < this.a.length / 4) this.a = this.a.slice(0, this.a.length / 2);
    return top;
  }
}
