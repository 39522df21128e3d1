import type { Clock } from "../runtime/clock.js";
import type { HostTimer } from "../runtime/host.js";

/** 2000-01-01T00:00:00Z, where every bubble's clock starts, as in Go. */
export const BUBBLE_EPOCH = Date.UTC(2000, 0, 1);

const NS_PER_MS = 1e6;

const NO_HOST_TIMER: HostTimer = {};

/**
 * A bubble's clock. It moves only when the bubble advances it, to the next
 * timer, once every task in the bubble is durably blocked; the heap's
 * requests for a host timer are ignored, since the bubble itself decides
 * when timers fire.
 *
 * Its instants are whole nanoseconds since the bubble started, as Go's
 * clock counts: each duration is rounded to the nearest nanosecond once,
 * when it enters a deadline, and deadlines are sums of integers, so any sum
 * of durations that is exact in Go is exact here (`sleep(5 * time.Second -
 * time.Nanosecond)` stops one nanosecond short of a 5 s timeout). An
 * absolute float of milliseconds could not do this: near 2000-01-01 its
 * step is about 122 ns. Integers are exact in a number up to 2^53 ns, about
 * 104 days after the start; past that an instant is a float whose step
 * grows (2 ns, then 4 ns, ...), deadlines round to it as the real clock's
 * do, and they keep their order: a ticker still moves forward on every
 * tick (see nextTick). The times users read (`now`, `timeOf`) are epoch
 * milliseconds, as everywhere else.
 */
export class VirtualClock implements Clock {
  /** Nanoseconds since the bubble started: an integer below 2^53. */
  private ns = 0;

  now(): number {
    return BUBBLE_EPOCH + this.ns / NS_PER_MS;
  }

  instant(): number {
    return this.ns;
  }

  /**
   * `ms` as whole nanoseconds; a positive duration is at least 1 ns. One past
   * the range of a number saturates at ±Number.MAX_VALUE, so a deadline
   * computed from it is never NaN.
   */
  span(ms: number): number {
    const ns = Math.round(ms * NS_PER_MS);
    if (ns > 0) return ns < Infinity ? ns : Number.MAX_VALUE;
    if (ms > 0) return 1;
    return ns > -Infinity ? ns : -Number.MAX_VALUE;
  }

  timeOf(i: number): number {
    return BUBBLE_EPOCH + i / NS_PER_MS;
  }

  instantOf(t: number): number {
    return Math.round((t - BUBBLE_EPOCH) * NS_PER_MS);
  }

  /**
   * Jump to instant `when`, a deadline from the bubble's heap, if it is
   * ahead. Those stay finite (Timers.add saturates them), so the clock does
   * too, and a deadline computed from it is never NaN.
   */
  advanceTo(when: number): void {
    if (when > this.ns) this.ns = when;
  }

  arm(): HostTimer {
    return NO_HOST_TIMER;
  }

  disarm(): void {}

  setRef(): void {}
}
