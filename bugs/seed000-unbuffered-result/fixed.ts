// Seed 000 fixed as its answer says: make(chan Response, 1). With a buffer of
// one the fetch goroutine's send completes whether or not the handler is still
// listening, so when the deadline wins the race the goroutine still exits and
// the unread response is garbage. Every schedule of buggy.ts's race passes.
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
  const ch = chan<Response>(1); // FIX: room for the one result, received or not
  go(async function get() {
    const body = await clientGet(url, 5 * time.Second);
    await ch.send({ body, err: null });
  });
  await time.sleep(2 * time.Second);
  await time.sleep(3 * time.Second);
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
