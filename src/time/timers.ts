import { currentBubble } from "../runtime/bubble-link.js";
import { coarseRealNow, realClock, type Clock } from "../runtime/clock.js";
import type { HostTimer } from "../runtime/host.js";
import { keepAlive } from "../runtime/keepalive.js";
import { DeadlineCount } from "./deadlines.js";
import { TimerHeap, type HeapTimer } from "./heap.js";

/**
 * The runtime's timers: one heap and at most one host timer, armed for the
 * earliest deadline. A thousand pending `time.after` calls cost a thousand
 * heap entries and one host timer. The host timer keeps the process alive
 * only while a task waits on a timer (a sleeper, or a receiver parked on a
 * timer channel), so abandoned timers never hold Node open.
 */
export class Timers {
  readonly heap = new TimerHeap();
  /** Timers nobody waits on yet (see TimerChan): counted, not in the heap. */
  readonly deadlines = new DeadlineCount();
  private host: HostTimer | null = null;
  private hostWhen = Infinity;
  private referenced = false;
  /** Tasks inside `sleep`. */
  sleepers = 0;
  private readonly fireDue = (): void => this.run();

  constructor(readonly clock: Clock) {}

  now(): number {
    return this.clock.now();
  }

  /** The clock read at most once per host turn (see coarseRealNow); exact when virtual. */
  coarseNow(): number {
    return this.clock === realClock ? coarseRealNow() : this.clock.now();
  }

  /** Armed timers: in the heap, or waiting lazily for their deadline. */
  count(): number {
    return this.heap.size + this.deadlines.count(this.clock.now());
  }

  /** Arm `t` to fire at `when`. `t` must not be armed. */
  add(t: HeapTimer, when: number): void {
    t.when = when;
    this.heap.push(t);
    if (when < this.hostWhen) this.rearm();
  }

  /** Disarm `t`; true if it was armed. */
  remove(t: HeapTimer): boolean {
    if (!this.heap.remove(t)) return false;
    if (this.heap.size === 0) this.rearm();
    return true;
  }

  /** Fire every timer that is due, in deadline order, then rearm. */
  run(): void {
    this.host = null;
    this.hostWhen = Infinity;
    const now = this.clock.now();
    for (let t = this.heap.peek(); t !== undefined && t.when <= now; t = this.heap.peek()) {
      this.heap.remove(t);
      t.fire(now);
    }
    this.rearm();
  }

  /** Whether the host timer should keep the process alive; call when that may have changed. */
  updateRef(): void {
    const want = this.sleepers > 0 || keepAlive.waiters > 0;
    if (this.host !== null && want !== this.referenced) {
      this.clock.setRef(this.host, want);
      this.referenced = want;
    }
  }

  private rearm(): void {
    const first = this.heap.peek();
    if (first !== undefined && this.host !== null && this.hostWhen === first.when) return;
    if (this.host !== null) {
      this.clock.disarm(this.host);
      this.host = null;
      this.hostWhen = Infinity;
    }
    if (first === undefined) return;
    this.hostWhen = first.when;
    this.host = this.clock.arm(this.fireDue, Math.min(MAX_HOST_DELAY, Math.max(0, first.when - this.clock.now())));
    this.referenced = true;
    this.updateRef();
  }
}

// Hosts fire a longer setTimeout at once; a far deadline is reached in hops.
const MAX_HOST_DELAY = 0x7fffffff;

let current = new Timers(realClock);
keepAlive.onChange = () => current.updateRef();

/** The timers of the running program (a synctest bubble has its own). */
export function timers(): Timers {
  return (currentBubble()?.timers as Timers | undefined) ?? current;
}

/** Install `t` as the current timers; returns the previous. */
export function setTimers(t: Timers): Timers {
  const prev = current;
  current = t;
  keepAlive.onChange = () => current.updateRef();
  return prev;
}
