// Seed 004, Pattern 1: buffer the result channel so the send never blocks.
//
// Same get() as get-leaky.ts with one change: the channel has capacity 1.
// When the 500 ms timeout wins, the task still wakes at 2 s and sends 42,
// but the buffer has room, so the send completes at once without a receiver,
// the task returns and leaves the registry. What stays behind is one number
// in an unreachable channel's buffer (garbage, collected with the channel),
// not a parked task. Rule: a task that sends one result a select may
// abandon needs a buffer of at least one.
import { chan, go, recv, select, time } from "../../src/index.js";

/** How long slowValue() takes: the seed's 2 s unless a spec or property swaps in another latency. */
export const upstream = { latency: (): number => 2 * time.Second };

export async function slowValue(): Promise<number> {
  await time.sleep(upstream.latency()); // time.Sleep(2 * time.Second)
  return 42;
}

export async function get(): Promise<[number, Error | null]> {
  const ch = chan<number>(1); // buffered, capacity 1
  go(async () => {
    await ch.send(await slowValue()); // never blocks: buffer has room
  });
  return select<[number, Error | null]>(
    recv(ch, (v) => [v!, null]),
    recv(time.after(500 * time.Millisecond), () => [0, new Error("timeout")]),
  );
}
