// Seed 000, timeoutHttpGet with an unbuffered result channel (make(chan Response, 0)).
// The handler fires the fetch, does its own five seconds of work (a 2 s query,
// a 3 s render), then selects on the fetch's result and the 5 s deadline it
// armed at the start. The fetch also takes 5 s, so at that virtual instant the
// response and the deadline are both due: if the handler looks first, or the
// select picks the deadline, it returns "timeout" and the fetch goroutine is
// left parked forever on `ch.send`, with no receiver: a leak. In the FIFO
// order the fetch parks on its send first and the select takes arm 0 (the
// result), so the plain run passes and only exploration finds the leak.
import { chan, go, recv, runtime, select, time } from "../../src/index.js";
import { assertNoLeakSince } from "../leakcheck.js";

interface Response {
  body: string;
  err: Error | null;
}

/** A fake client.Get: the network answers after `latency`. */
async function clientGet(url: string, latency: number): Promise<string> {
  await time.sleep(latency);
  return `<html>${url}</html>`;
}

export async function timeoutHttpGet(url: string): Promise<Response> {
  const deadline = time.after(5 * time.Second);
  const ch = chan<Response>(0); // BUG: unbuffered; the send blocks once the handler has gone
  go(async function get() {
    const body = await clientGet(url, 5 * time.Second);
    await ch.send({ body, err: null });
  });
  await time.sleep(2 * time.Second); // the handler's own work: a query...
  await time.sleep(3 * time.Second); // ...and rendering the rest of the page
  return select(
    recv(ch, (r) => r!),
    recv(deadline, () => ({ body: "", err: new Error("timeout") })),
  );
}

export async function program(): Promise<void> {
  const before = runtime.numGoroutine();
  await timeoutHttpGet("http://google.com");
  await assertNoLeakSince(before, "fetch goroutine(s)");
}
