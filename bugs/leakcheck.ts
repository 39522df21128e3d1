// Shared by the corpus: the goroutine-count check of seed 004's main
// (runtime.NumGoroutine before, sleep past every timer, NumGoroutine after).
// The programs run inside synctest bubbles, so the hour is virtual and free.
import { runtime, time } from "../src/index.js";

/**
 * Sleep past every timer the program armed, then throw if tasks started
 * since `before` (a `runtime.numGoroutine()` taken at the program's start)
 * are still alive: they are parked forever, leaked.
 */
export async function assertNoLeakSince(before: number, what: string): Promise<void> {
  await time.sleep(time.Hour);
  const leaked = runtime.numGoroutine() - before;
  if (leaked > 0) {
    const states = runtime
      .goroutines()
      .filter((g) => g.state !== "running")
      .map((g) => `${g.name || "anonymous"} [${g.state}]`)
      .join(", ");
    throw new Error(`leak: ${leaked} ${what} still parked an hour later (${states})`);
  }
}
