import { currentBubble, type BubbleLink } from "./bubble-link.js";
import { macrotask } from "./host.js";
import { markResumed } from "./registry.js";
import { currentTask } from "./trace.js";

/**
 * Yield: let every other runnable task, and the host's timers and I/O, run
 * before this task continues. In a synctest bubble the task goes to the
 * back of the bubble's run queue, as Go's `Gosched` puts the goroutine on
 * the global run queue: the bubble's scheduler resumes it, so a schedule
 * decides which runnable task runs before it.
 *
 * ```ts
 * await runtime.gosched() // runtime.Gosched()
 * ```
 */
export function gosched(): Promise<void> {
  const bubble = currentBubble();
  if (bubble !== null) return goschedIn(bubble);
  // Its own turn, not the fairness yield's shared one: a task spinning on
  // gosched must not hold back every other task's ready operations.
  return new Promise<void>((resolve) => macrotask(resolve));
}

/**
 * The task stays runnable (not parked, so never durably blocked: a bubble
 * whose tasks only yield keeps its clock still, as in Go) until its
 * bubble's scheduler resumes it.
 */
function goschedIn(bubble: BubbleLink): Promise<void> {
  const t = currentTask();
  if (t !== null) t.runnable = true;
  return new Promise<void>((resolve) => bubble.scheduler.ready({ resume: resolve })).then(markResumed);
}
