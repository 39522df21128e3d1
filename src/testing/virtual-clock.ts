import type { Clock } from "../runtime/clock.js";
import type { HostTimer } from "../runtime/host.js";

/** 2000-01-01T00:00:00Z, where every bubble's clock starts, as in Go. */
export const BUBBLE_EPOCH = Date.UTC(2000, 0, 1);

const NO_HOST_TIMER: HostTimer = {};

/**
 * A bubble's clock. It moves only when the bubble advances it, to the next
 * timer, once every task in the bubble is durably blocked; the heap's
 * requests for a host timer are ignored, since the bubble itself decides
 * when timers fire.
 */
export class VirtualClock implements Clock {
  private t = BUBBLE_EPOCH;

  now(): number {
    return this.t;
  }

  /**
   * Jump to `when`, a deadline from the bubble's heap, if it is ahead. Those
   * stay finite (Timers.add saturates them), so the clock does too, and a
   * deadline computed from it is never NaN.
   */
  advanceTo(when: number): void {
    if (when > this.t) this.t = when;
  }

  arm(): HostTimer {
    return NO_HOST_TIMER;
  }

  disarm(): void {}

  setRef(): void {}
}
