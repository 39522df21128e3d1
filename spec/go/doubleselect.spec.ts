// Port of Go's test/chan/doubleselect.go: two cases of one select must never both run.
import { describe, expect, it } from "vitest";
import { chan, go, select, send, type Chan, type RecvChan, type SendChan } from "../../src/index.js";
import { goMain, panic } from "./helpers.js";

const iterations = 2000; // Go's default is 100000; scaled down to keep the file fast

// sender sends a counter to one of four different channels. If two
// cases both end up running in the same iteration, the same value will be sent
// to two different channels.
async function sender(n: number, c1: SendChan<number>, c2: SendChan<number>, c3: SendChan<number>, c4: SendChan<number>): Promise<void> {
  try {
    for (let i = 0; i < n; i++) {
      await select(send(c1, i), send(c2, i), send(c3, i), send(c4, i));
    }
  } finally {
    // defer close(c1); defer close(c2); defer close(c3); defer close(c4)
    c4.close();
    c3.close();
    c2.close();
    c1.close();
  }
}

// mux receives the values from sender and forwards them onto another channel.
// It would be simpler to just have sender's four cases all be the same
// channel, but this doesn't actually trigger the bug.
async function mux(out: SendChan<number>, inp: RecvChan<number>, done: SendChan<boolean>): Promise<void> {
  for await (const v of inp) {
    await out.send(v);
  }
  await done.send(true);
}

// recver gets a stream of values from the four muxes and checks for duplicates.
async function recver(inp: RecvChan<number>): Promise<Set<number>> {
  const seen = new Set<number>();
  for await (const v of inp) {
    if (seen.has(v)) {
      panic(`got duplicate value: ${v}`);
    }
    seen.add(v);
  }
  return seen;
}

describe("test/chan/doubleselect.go", () => {
  it("a select with four ready-to-pair send arms delivers each value through exactly one arm", async () => {
    await goMain(async () => {
      const c1 = chan<number>();
      const c2 = chan<number>();
      const c3 = chan<number>();
      const c4 = chan<number>();
      const done: Chan<boolean> = chan<boolean>();
      const cmux = chan<number>();
      go(sender, iterations, c1, c2, c3, c4);
      go(mux, cmux, c1, done);
      go(mux, cmux, c2, done);
      go(mux, cmux, c3, done);
      go(mux, cmux, c4, done);
      go(async () => {
        await done.recv();
        await done.recv();
        await done.recv();
        await done.recv();
        cmux.close();
      });
      // We keep the recver because it might catch more bugs in the future.
      const seen = await recver(cmux);
      // Not in Go's test (which only checks for duplicates): nothing was lost either.
      expect(seen.size).toBe(iterations);
    });
  });
});
