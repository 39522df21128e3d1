// Port of Go's test/chan/fifo.go: unbuffered and buffered channels act as pure FIFOs.
import { describe, it } from "vitest";
import { chan, go, type RecvChan, type SendChan } from "../../src/index.js";
import { goMain, panic } from "./helpers.js";

const N = 10;

async function AsynchFifo(): Promise<void> {
  const ch = chan<number>(N);
  for (let i = 0; i < N; i++) {
    await ch.send(i);
  }
  for (let i = 0; i < N; i++) {
    const [v] = await ch.recv();
    if (v !== i) panic("bad receive");
  }
}

async function Chain(ch: RecvChan<number>, val: number, inp: RecvChan<number>, out: SendChan<number>): Promise<void> {
  await inp.recv();
  const [v] = await ch.recv();
  if (v !== val) panic(val);
  await out.send(1);
}

// thread together a daisy chain to read the elements in sequence
async function SynchFifo(): Promise<void> {
  const ch = chan<number>();
  let inp = chan<number>();
  const start = inp;
  for (let i = 0; i < N; i++) {
    const out = chan<number>();
    go(Chain, ch, i, inp, out);
    inp = out;
  }
  await start.send(0);
  for (let i = 0; i < N; i++) {
    await ch.send(i);
  }
  await inp.recv();
}

describe("test/chan/fifo.go", () => {
  it("a buffered channel delivers its values in the order they were sent", async () => {
    await goMain(AsynchFifo);
  });

  it("an unbuffered channel hands values to parked receivers in the order they parked", async () => {
    await goMain(SynchFifo);
  });
});
