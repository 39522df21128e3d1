// A lost wake-up. A consumer checks a `ready` flag and, if it is not set,
// parks on a signal channel; the producer sets the flag and signals with a
// non-blocking trySend, which is dropped when nobody is receiving yet. The
// consumer logs "waiting" between its check and its park (a buffered send
// that completes at once, but a point where the scheduler may preempt it).
// In the FIFO order the consumer is parked before the producer runs and gets
// the signal. If it is preempted at the log, the producer sets the flag and
// its signal is dropped in between; the consumer then parks for good. The
// program throws when the consumer has not finished an hour later.
import { chan, go, recv, select, time } from "../../src/index.js";

export async function program(): Promise<void> {
  let ready = false;
  const signal = chan<void>(0); // BUG: unbuffered, so trySend drops a signal nobody waits for yet
  const log = chan<string>(16);

  const consumer = go(async function consumer() {
    await time.sleep(time.Millisecond); // both start at the same instant
    if (!ready) { // check...
      await log.send("consumer: waiting for ready");
      await signal.recv(); // ...then park: a signal sent in between is lost
    }
  });
  go(async function producer() {
    await time.sleep(time.Millisecond); // both start at the same instant
    ready = true;
    signal.trySend(undefined); // wake the consumer if it is waiting
  });

  const done = chan<void>();
  go(async () => {
    await consumer.done;
    done.close();
  });
  await select(
    recv(done),
    recv(time.after(time.Hour), () => {
      throw new Error("lost wake-up: the consumer is still parked on the signal an hour later");
    }),
  );
}
