// Profiled by bench/profile/run.ts (node --cpu-prof): waking 100k go()
// tasks parked on one unbuffered channel, by close() or by sending 100k
// values. Only the wake itself is in the window, not parking the tasks.
// Standalone: node --cpu-prof --import ./bench/loader/register.mjs bench/profile/wake.ts close|send

import { chan, go, runtime } from "../../src/index.js";
import { check, Countdown, macroturn } from "../harness.js";
import { printWindows, windowed } from "./window.js";

runtime.setTracing(false);
const by = process.argv[2] === "send" ? "send" : "close";

async function wake(k: number, inWindow: boolean): Promise<void> {
  const ch = chan<number>();
  const finished = new Countdown(k);
  let sum = 0;
  const waiter = async (): Promise<void> => {
    const [v, ok] = await ch.recv();
    if (ok) sum += v;
    finished.arrive();
  };
  for (let i = 0; i < k; i++) go(waiter);
  await macroturn();
  check(runtime.parked().length === k, `${runtime.parked().length} parked, want ${k}`);
  const run = async () => {
    if (by === "close") ch.close();
    else
      go(async function sender() {
        for (let i = 0; i < k; i++) await ch.send(i);
      });
    await finished.all;
  };
  if (inWindow) await windowed(run);
  else await run();
  check(sum === (by === "send" ? (k * (k - 1)) / 2 : 0), `wake sum ${sum}`);
  await macroturn();
}

for (let i = 0; i < 2; i++) await wake(10_000, false);
for (let i = 0; i < 4; i++) await wake(100_000, true);
printWindows();
