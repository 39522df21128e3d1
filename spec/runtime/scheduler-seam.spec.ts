// The scheduler seam (DESIGN.md, invariant 6): every wake goes through the
// program's scheduler, including when the fast path skips looking it up.
import { afterEach, describe, expect, it } from "vitest";
import { chan, go, runtime } from "../../src/index.js";
import { DefaultScheduler, setScheduler, type Resumable, type Scheduler } from "../../src/runtime/scheduler.js";

const restore: (() => void)[] = [];
afterEach(() => {
  for (const f of restore.splice(0).reverse()) f();
});

/** Resumes at once, as the default does, and counts what it was handed. */
class CountingScheduler implements Scheduler {
  readied = 0;
  private readonly inner = new DefaultScheduler(1);
  choose(n: number): number {
    return this.inner.choose(n);
  }
  ready(r: Resumable): void {
    this.readied++;
    r.resume();
  }
}

describe("scheduler seam", () => {
  it("hands every woken receiver to an installed scheduler, with tracing off", async () => {
    const prevTracing = runtime.setTracing(false);
    restore.push(() => void runtime.setTracing(prevTracing));
    const counting = new CountingScheduler();
    const prev = setScheduler(counting);
    restore.push(() => void setScheduler(prev));
    const ch = chan<number>();
    const got: number[] = [];
    const t = go(async function receiver() {
      for (let i = 0; i < 3; i++) got.push((await ch.recv())[0] as number);
    });
    for (let i = 0; i < 3; i++) await ch.send(i);
    await t.done;
    expect(got).toEqual([0, 1, 2]);
    expect(counting.readied).toBeGreaterThanOrEqual(3);
  });
});
