import type { Clock } from "./clock.js";
import type { Scheduler } from "./scheduler.js";
import type { Task } from "./registry.js";
import { currentTask, trace } from "./trace.js";

/**
 * What the core knows of a synctest bubble; testing/synctest.ts implements
 * it. A task started inside a bubble belongs to it, as do the channels and
 * timers it makes; the bubble's clock and timer heap replace the real ones
 * for every operation made from inside.
 */
export interface BubbleLink {
  readonly id: number;
  readonly clock: Clock;
  /** The bubble's timer heap (a time/timers.ts Timers). */
  readonly timers: object;
  /** Decides select choices and wake order inside the bubble, reproducibly. */
  readonly scheduler: Scheduler;
  started(t: Task): void;
  exited(t: Task): void;
  panicked(t: Task, error: unknown): void;
  /**
   * `t` began (`blocked`) or ceased to be durably blocked: parked on
   * something only its bubble can complete. Task.park, wake and finish call
   * it on every such change, so the bubble counts its blocked tasks in O(1)
   * (Go's changegstatus).
   */
  blockedChanged(t: Task, blocked: boolean): void;
  /**
   * Keep the bubble from counting as durably blocked while something that
   * is not a task is still in flight (an in-memory network delivering bytes):
   * time does not move and `synctest.wait()` does not return until the
   * returned release is called. Releasing twice is a no-op; releasing the
   * last hold makes the bubble look again.
   */
  hold(): () => void;
}

/**
 * Set while the bubble itself acts on its own behalf (firing its timers),
 * when no bubble task is running.
 */
export const bubbleScope = { current: null as BubbleLink | null };

/** The bubble the running code belongs to, or null outside every bubble. */
export function currentBubble(): BubbleLink | null {
  if (bubbleScope.current !== null) return bubbleScope.current;
  return trace.on ? (currentTask()?.bubble ?? null) : null;
}
