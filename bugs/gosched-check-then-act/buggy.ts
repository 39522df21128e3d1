// A check-then-act race whose only yields are `runtime.gosched()`. A
// dispatcher hands out the jobs of a list to workers: a worker reads the
// next job (check), yields with `runtime.gosched()` as a cooperative loop
// does between steps, then advances the cursor (act). The dispatcher starts
// one worker, yields twice while it gets ready, and starts a second. In the
// FIFO order the first worker has advanced the cursor by then, so the second
// finds nothing left. But `Gosched` is a point where Go's scheduler may run
// any runnable goroutine: if the dispatcher runs again before the first
// worker, it starts the second worker while the cursor still points at the
// first job, and both do it. No channel, timer or lock is involved: only a
// schedule that decides where a yielding task resumes can find this.
import { go, runtime } from "../../src/index.js";

export async function program(): Promise<void> {
  const jobs = ["j1"];
  let next = 0;
  const done: string[] = [];

  async function worker(): Promise<void> {
    while (next < jobs.length) {
      const job = jobs[next]!; // check
      await runtime.gosched(); // BUG: a yield between check and act
      next++; // act
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
