// Profiled by bench/profile/run.ts (node --cpu-prof): Go's time.After trap,
// `select(recv(ch), recv(time.after(1000)))` in a loop over a channel that
// is always ready, so every iteration makes a 1 s timer nobody stops.
// Standalone: node --cpu-prof --import ./bench/loader/register.mjs bench/profile/select.ts

import { chan, go, recv, runtime, select, time } from "../../src/index.js";
import { check } from "../harness.js";
import { printWindows, windowed } from "./window.js";

runtime.setTracing(false);

async function selectAfter(n: number): Promise<void> {
  const ch = chan<number>(1);
  let sum = 0;
  const onValue = (v: number | undefined): void => {
    sum += v as number;
  };
  const task = go(async function selectLoop() {
    for (let i = 0; i < n; i++) {
      ch.trySend(i);
      await select(recv(ch, onValue), recv(time.after(1000), () => {}));
    }
  });
  await task.done;
  check(sum === (n * (n - 1)) / 2, `select sum ${sum}`);
}

for (let i = 0; i < 3; i++) await selectAfter(50_000); // warm-up, outside the window
for (let i = 0; i < 3; i++) await windowed(() => selectAfter(200_000));
printWindows();
