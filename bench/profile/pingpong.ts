// Profiled by bench/profile/run.ts (node --cpu-prof): the library's
// unbuffered ping-pong, two go() tasks over two unbuffered channels.
// Standalone: node --cpu-prof --import ./bench/loader/register.mjs bench/profile/pingpong.ts

import { chan, go, runtime } from "../../src/index.js";
import { check } from "../harness.js";
import { printWindows, windowed } from "./window.js";

runtime.setTracing(false);

async function pingPong(n: number): Promise<void> {
  const a = chan<number>();
  const b = chan<number>();
  let sum = 0;
  const ping = go(async function ping() {
    for (let i = 0; i < n; i++) {
      await a.send(i);
      const [v] = await b.recv();
      sum += v as number;
    }
  });
  const pong = go(async function pong() {
    for (let i = 0; i < n; i++) {
      const [v] = await a.recv();
      await b.send((v as number) + 1);
    }
  });
  await ping.done;
  await pong.done;
  check(sum === (n * (n - 1)) / 2 + n, `ping-pong sum ${sum}`);
}

for (let i = 0; i < 3; i++) await pingPong(50_000); // warm-up, outside the window
for (let i = 0; i < 3; i++) await windowed(() => pingPong(200_000));
printWindows();
