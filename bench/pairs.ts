// `npm run bench:pairs [case ...]`: the library against the raw floor and
// the API floor (bench/raw.ts) only, interleaved (harness.paired), with the
// median of the per-round ratios. Neighbours on a shared machine drift the
// rate by tens of percent within seconds; a ratio of two runs taken back to
// back cancels most of that drift, where two medians taken a minute apart
// do not. A quick loop for optimizing; `npm run bench` is the full
// comparison.

import * as c from "./cases.js";
import { paired, type PairedRatio, type Sample } from "./harness.js";
import { runtime } from "../src/index.js";

runtime.setTracing(false);

type Pair = { n: number; raw: () => Promise<Sample>; lib: () => Promise<Sample>; api?: () => Promise<Sample>; unit: "ops/s" | "bytes" };

const PAIRS: Record<string, Pair> = {
  pp: { n: 100_000, raw: () => c.pingPongRaw(100_000), lib: () => c.pingPongLib(100_000), api: () => c.pingPongApiFloor(100_000), unit: "ops/s" },
  buf: { n: 300_000, raw: () => c.bufferedRaw(300_000, 128), lib: () => c.bufferedLib(300_000, 128), unit: "ops/s" },
  fan: { n: 200_000, raw: () => c.fanInRaw(200_000, 100), lib: () => c.fanInLib(200_000, 100), unit: "ops/s" },
  sel: { n: 200_000, raw: () => c.selectLoopRaw(200_000), lib: () => c.selectLoopLib(200_000, "after"), unit: "ops/s" },
  "wake-close": { n: 100_000, raw: () => c.wakeRaw(100_000, "close"), lib: () => c.wakeLib(100_000, "close"), api: () => c.wakeApiFloor(100_000, "close"), unit: "ops/s" },
  "wake-send": { n: 100_000, raw: () => c.wakeRaw(100_000, "send"), lib: () => c.wakeLib(100_000, "send"), api: () => c.wakeApiFloor(100_000, "send"), unit: "ops/s" },
  "mem-own": { n: 100_000, raw: () => c.parkedMemoryRaw(100_000, false), lib: () => c.parkedMemoryLib(100_000, false), api: () => c.parkedMemoryApiFloor(100_000, false), unit: "bytes" },
  "mem-shared": { n: 100_000, raw: () => c.parkedMemoryRaw(100_000, true), lib: () => c.parkedMemoryLib(100_000, true), api: () => c.parkedMemoryApiFloor(100_000, true), unit: "bytes" },
};

const ROUNDS = Number(process.env.PAIRS_ROUNDS ?? 9);
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(PAIRS);
const text = (r: PairedRatio): string => `${r.median.toFixed(2)} (quartiles ${r.q1.toFixed(2)}–${r.q3.toFixed(2)})`;
for (const name of names) {
  const p = PAIRS[name];
  if (!p) throw new Error(`bench/pairs: no case ${name}; cases: ${Object.keys(PAIRS).join(" ")}`);
  // The select shape leaves its timers armed for a second: let them fire between runs.
  const settled = (run: () => Promise<Sample>) => (name === "sel" ? async () => { const s = await run(); await c.drainTimers(); return s; } : run);
  const parts = [`lib/raw ${text(await paired(settled(p.lib), settled(p.raw), ROUNDS))}`];
  if (p.api) parts.push(`lib/API floor ${text(await paired(p.lib, p.api, ROUNDS))}`, `API floor/raw ${text(await paired(p.api, p.raw, ROUNDS))}`);
  const unit = p.unit === "bytes" ? " (bytes: below 1 is smaller)" : "";
  console.log(`${name.padEnd(11)} ${parts.join("  ")}  [${ROUNDS} rounds]${unit}`);
}
