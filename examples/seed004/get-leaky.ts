// Seed 004, the leak: a select with a timeout protects the reader, not the writer.
//
// get() starts a task to compute slowValue() and send it on an UNBUFFERED
// channel, then waits in a select for either that value or a 500 ms timeout.
// The timeout wins (slowValue takes 2 s), get() returns its error and nobody
// will ever receive from ch again. At 2 s the task wakes and reaches
// `ch.send(...)` below: an unbuffered send waits for a receiver, there is
// none, so the task parks there forever - one leaked task per call. The
// registry shows each of them: state "chan send", blockedAt = that line.
// The fix is in get-buffered.ts.
import { chan, go, recv, select, time } from "../../src/index.js";

/** How long slowValue() takes: the seed's 2 s unless a spec or property swaps in another latency. */
export const upstream = { latency: (): number => 2 * time.Second };

export async function slowValue(): Promise<number> {
  await time.sleep(upstream.latency()); // time.Sleep(2 * time.Second)
  return 42;
}

export async function get(): Promise<[number, Error | null]> {
  const ch = chan<number>(); // unbuffered
  go(async () => {
    await ch.send(await slowValue()); // blocks until someone receives
  });
  return select<[number, Error | null]>(
    recv(ch, (v) => [v!, null]),
    recv(time.after(500 * time.Millisecond), () => [0, new Error("timeout")]),
  );
}
