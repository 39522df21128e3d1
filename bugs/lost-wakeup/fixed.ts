// The lost wake-up fixed with a buffered signal channel (capacity 1): the
// producer's trySend always finds room, so a signal sent between the
// consumer's check and its park waits in the buffer and the park returns at
// once. Whatever the order, the consumer finishes.
import { chan, go, recv, select, time } from "../../src/index.js";

export async function program(): Promise<void> {
  let ready = false;
  const signal = chan<void>(1); // FIX: the signal is kept until the consumer takes it
  const log = chan<string>(16);

  const consumer = go(async function consumer() {
    await time.sleep(time.Millisecond); // both start at the same instant
    if (!ready) {
      await log.send("consumer: waiting for ready");
      await signal.recv();
    }
  });
  go(async function producer() {
    await time.sleep(time.Millisecond); // both start at the same instant
    ready = true;
    signal.trySend(undefined);
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
