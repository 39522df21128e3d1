// The double close fixed with a sync.Once shared by both closers: whichever
// of the job and the watchdog comes first closes `done`, the other's call is
// a no-op, in every order.
import { chan, go, sync, time } from "../../src/index.js";

export async function program(): Promise<void> {
  const done = chan<void>();
  const once = new sync.Once();
  const closeDone = (): Promise<void> => once.do(() => done.close()); // FIX: one close, ever
  const job = go(async function job() {
    await time.sleep(5 * time.Second);
    await closeDone();
  });
  const watchdog = go(async function watchdog() {
    await time.sleep(5 * time.Second);
    await closeDone();
  });
  await done.recv();
  await job.done;
  await watchdog.done;
}
