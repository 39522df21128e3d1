// The gosched check-then-act race fixed: a worker takes its job and advances
// the cursor in one step, with no yield between, and yields only after. Code
// between two yields runs without interruption, so whatever the schedule
// does at `runtime.gosched()`, the second worker sees the cursor already
// past every job another worker took.
import { go, runtime } from "../../src/index.js";

export async function program(): Promise<void> {
  const jobs = ["j1"];
  let next = 0;
  const done: string[] = [];

  async function worker(): Promise<void> {
    while (next < jobs.length) {
      const job = jobs[next++]!; // FIX: check and act in one step
      await runtime.gosched();
      done.push(job);
    }
  }

  const a = go(worker);
  await runtime.gosched();
  await runtime.gosched();
  const b = go(worker);
  await a.done;
  await b.done;
  if (done.length > jobs.length) throw new Error(`gosched-check-then-act: job ${done[0]} was handed out twice`);
}
