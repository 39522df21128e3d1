// Port of Go's test/chan/sieve1.go: primes up to 100 from a daisy chain of filter tasks.
import { describe, it } from "vitest";
import { chan, go, type RecvChan, type SendChan } from "../../src/index.js";
import { goMain, panic } from "./helpers.js";

// Send the sequence 2, 3, 4, ... to channel 'ch'.
async function Generate(ch: SendChan<number>): Promise<void> {
  for (let i = 2; ; i++) {
    await ch.send(i); // Send 'i' to channel 'ch'.
  }
}

// Copy the values from channel 'in' to channel 'out',
// removing those divisible by 'prime'.
async function Filter(inp: RecvChan<number>, out: SendChan<number>, prime: number): Promise<void> {
  for await (const i of inp) {
    // Loop over values received from 'in'.
    if (i % prime !== 0) {
      await out.send(i); // Send 'i' to channel 'out'.
    }
  }
}

// The prime sieve: Daisy-chain Filter processes together.
async function Sieve(primes: SendChan<number>): Promise<void> {
  let ch = chan<number>(); // Create a new channel.
  go(Generate, ch); // Start Generate() as a subprocess.
  for (;;) {
    // Note that ch is different on each iteration.
    const [prime] = (await ch.recv()) as [number, true];
    await primes.send(prime);
    const ch1 = chan<number>();
    go(Filter, ch, ch1, prime);
    ch = ch1;
  }
}

describe("test/chan/sieve1.go", () => {
  it("a daisy chain of filter tasks over unbuffered channels yields the primes below 100 in order", async () => {
    await goMain(async () => {
      const primes = chan<number>();
      go(Sieve, primes);
      const a = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];
      for (let i = 0; i < a.length; i++) {
        const [x] = await primes.recv();
        if (x !== a[i]) {
          panic(`${x} != ${a[i]}`);
        }
      }
    });
  });
});
