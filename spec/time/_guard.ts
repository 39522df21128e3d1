// Shared by the timer specs (not a spec file itself). A timer loop that
// re-arms a ticker whose deadline does not move spins in one synchronous
// run, which no test timeout can interrupt: this guard fails the test
// instead, once the heap has been armed far more often than any spec needs.
import { onTestFinished, vi } from "vitest";
import { Timers } from "../../src/time/timers.js";

/** Fail, instead of spinning forever in one synchronous run, once the timer heap has been armed `limit` times in this test. */
export function guardTimerLoop(limit = 10_000): void {
  const add = Timers.prototype.add;
  let adds = 0;
  const spy = vi.spyOn(Timers.prototype, "add").mockImplementation(function (this: Timers, t, when) {
    if (++adds > limit) throw new Error(`timer loop made no progress: the heap was armed ${limit} times`);
    add.call(this, t, when);
  });
  onTestFinished(() => spy.mockRestore());
}
