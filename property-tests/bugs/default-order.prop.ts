// API.md, testing, exploration: "No schedule means the plain FIFO order."
// The all-zero schedule (replay "fifo") resumes woken tasks one at a time,
// each running until it blocks. This checks that synctest.test without a
// schedule runs that same order. (It found that it does not: the default
// scheduler resumes every woken task at once, so their continuations
// interleave at each await. See the corpus's check-then-act and
// lost-wakeup, which pass under "fifo" and fail under the default.)
import { describe, expect, it } from "vitest";
import { chan, go, time } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";

/** Two tasks woken at the same instant, each logging before and after a send that completes at once. */
async function twoWorkers(): Promise<string[]> {
  const steps: string[] = [];
  const log = chan<string>(8);
  async function worker(name: string): Promise<void> {
    await time.sleep(time.Millisecond);
    steps.push(`${name} before`);
    await log.send(name);
    steps.push(`${name} after`);
  }
  const a = go(worker, "a");
  const b = go(worker, "b");
  await a.done;
  await b.done;
  return steps;
}

describe("synctest.test without a schedule", () => {
  it("runs woken tasks in the plain FIFO order, the order of the all-zero schedule", async () => {
    const fifo = await synctest.test(twoWorkers, { replay: "fifo" });
    expect(fifo).toEqual(["a before", "a after", "b before", "b after"]);
    expect(await synctest.test(twoWorkers)).toEqual(fifo);
  });
});
