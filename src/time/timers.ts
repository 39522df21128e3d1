import { bubbleScope, currentBubble } from "../runtime/bubble-link.js";
import { coarseRealNow, realClock, type Clock } from "../runtime/clock.js";
import type { HostTimer } from "../runtime/host.js";
import { keepAlive } from "../runtime/keepalive.js";
import { spawn } from "../runtime/task.js";
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

  /** The time users see: ms since the epoch. */
  now(): number {
    return this.clock.now();
  }

  /** The clock's current instant: the unit of every deadline here (see Clock). */
  instant(): number {
    return this.clock.instant();
  }

  /** The deadline `ms` from now, as an instant: exact to the nanosecond in a bubble. */
  after(ms: number): number {
    return this.clock.instant() + this.clock.span(ms);
  }

  /** The instant read at most once per host turn (see coarseRealNow); exact when virtual. */
  coarseInstant(): number {
    return this.clock === realClock ? coarseRealNow() : this.clock.instant();
  }

  /** Armed timers: in the heap, or waiting lazily for their deadline. */
  count(): number {
    return this.heap.size + this.deadlines.count(this.clock.instant());
  }

  /**
   * Arm `t` to fire at instant `when`. `t` must not be armed. A deadline
   * past the last representable instant (`now + ms` overflowing to
   * Infinity) saturates there, as Go's saturate at maxWhen: every deadline
   * in the heap, and so every instant a virtual clock jumps to, stays finite.
   */
  add(t: HeapTimer, when: number): void {
    if (when > END_OF_TIME) when = END_OF_TIME;
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

  /**
   * Fire every timer that is due, in deadline order, then rearm. The loop
   * ends: a timer re-armed by its own firing (a ticker) lands after `now`
   * (see nextTick). A firing that throws (a foreign Context's method, a
   * bubble's channel closed from outside) does not stop it: the other due
   * timers fire, the heap is re-armed, and the error is raised afterwards as
   * a panic (see panicOutside), so no fault leaves the runtime's timers
   * unarmed.
   */
  run(): void {
    this.host = null;
    this.hostWhen = Infinity;
    const now = this.clock.instant();
    for (let t = this.heap.peek(); t !== undefined && t.when <= now; t = this.heap.peek()) {
      this.heap.remove(t);
      try {
        t.fire(now);
      } catch (e) {
        panicOutside(e);
      }
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
    this.host = this.clock.arm(this.fireDue, Math.min(MAX_HOST_DELAY, Math.max(0, first.when - this.clock.instant())));
    this.referenced = true;
    this.updateRef();
  }
}

// Hosts fire a longer setTimeout at once; a far deadline is reached in hops.
const MAX_HOST_DELAY = 0x7fffffff;

/** The last representable instant: the heap's deadlines saturate here. */
export const END_OF_TIME = Number.MAX_VALUE;

/**
 * Raise `error`, thrown by a timer's firing, as the panic of a task of its
 * own, as Go runs an AfterFunc's function in a goroutine of its own: it
 * fails the bubble whose timers were firing, or is reported as any task's
 * panic is (runtime.onPanic, else printed and rethrown uncaught), once the
 * loop that caught it has re-armed the heap. The bubble is named, not
 * looked up from the running task: a host timer callback runs in the async
 * context of whatever task armed it, which may belong to a bubble that has
 * nothing to do with the program's heap.
 */
function panicOutside(error: unknown): void {
  spawn(
    function timerPanic() {
      throw error;
    },
    [],
    bubbleScope.current,
  );
}

/**
 * The deadline of a periodic timer's next tick, the one due at `when`
 * having fired at `now`: the first `when + k*period` after `now`, keeping
 * the phase, as Go's ticker does; the ticks in between are dropped, never
 * queued. All three are instants of one clock. A bubble's are whole
 * nanoseconds and its periods at least one, so below 2^53 the sum is exact
 * and past `now`. The real clock's are absolute float milliseconds, whose
 * step today is about 0.24 µs (and a bubble's grows past 2^53 ns): `when +
 * period` can round back to `when`, and `k*period` to at or before `now`.
 * The tick then falls on the smallest instant after `now`, so a firing
 * always moves the deadline past the clock and the loop that fired it ends.
 * Infinity when the next tick is past the last representable instant: the
 * ticker never ticks again.
 */
export function nextTick(when: number, period: number, now: number): number {
  const missed = Math.floor((now - when) / period);
  // A period that vanishes beside the lateness makes `missed` infinite.
  if (missed < Infinity) {
    const next = when + period * (1 + missed);
    if (next > now) return next;
  }
  return nextUp(now);
}

const bits = new Float64Array(1);
const word = new BigInt64Array(bits.buffer);

/** The smallest float above `x`, for a finite `x`: one unit in the last place more. */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  bits[0] = x;
  word[0] += x > 0 ? 1n : -1n;
  return bits[0];
}

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
