// A double close reached in one ordering. A job closes `done` when it
// finishes; a watchdog closes `done` when the deadline passes, unless it is
// already closed (Go's `select { case <-done: default: close(done) }`).
// The job takes exactly as long as the deadline, so both wake at the same
// virtual instant. In the FIFO order the job resumes first and closes; the
// watchdog sees `done` closed and leaves it. If the watchdog resumes first,
// it closes `done`, and the job's unconditional close panics with Go's
// "close of closed channel". The guard only protects the watchdog's side.
import { chan, go, otherwise, recv, select, time } from "../../src/index.js";

export async function program(): Promise<void> {
  const done = chan<void>();
  const job = go(async function job() {
    await time.sleep(5 * time.Second); // the work
    done.close(); // BUG: the job closes unconditionally...
  });
  const watchdog = go(async function watchdog() {
    await time.sleep(5 * time.Second); // the deadline
    await select(recv(done), otherwise(() => done.close())); // ...while the watchdog also may
  });
  await done.recv();
  await job.done;
  await watchdog.done;
}
