// `npm run bench:pairs [case ...]`: the library against the raw floor only,
// interleaved (raw, lib, raw, lib, ...), with the median of the per-pair
// ratios. Neighbours on a shared machine drift the rate by tens of percent
// within seconds; a ratio of two runs taken back to back cancels most of
// that drift, where two medians taken a minute apart do not. A quick loop
// for optimizing; `npm run bench` is the full comparison.

import * as c from "./cases.js";
import { forceGc, median, type Sample } from "./harness.js";
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
const fmtRatio = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `${median(xs).toFixed(2)} (quartiles ${s[Math.floor(s.length / 4)].toFixed(2)}–${s[Math.floor((3 * s.length) / 4)].toFixed(2)})`;
};
for (const name of names) {
  const p = PAIRS[name];
  if (!p) throw new Error(`bench/pairs: no case ${name}; cases: ${Object.keys(PAIRS).join(" ")}`);
  const between = name === "sel" ? () => c.drainTimers() : async () => {};
  const runs: [string, () => Promise<Sample>][] = [["raw", p.raw], ...(p.api ? ([["api", p.api]] as [string, () => Promise<Sample>][]) : []), ["lib", p.lib]];
  for (const [, run] of runs) {
    await run(); // warm-up
    await between();
  }
  const got: Record<string, number[]> = { raw: [], api: [], lib: [] };
  for (let i = 0; i < ROUNDS; i++) {
    for (const [key, run] of runs) {
      forceGc();
      got[key].push((await run()).value);
      await between();
    }
  }
  const fmt = (v: number) => (p.unit === "bytes" ? `${v.toFixed(0)} B` : `${(v / 1e6).toFixed(2)}M/s`);
  const ratios = (a: number[], b: number[]) => a.map((x, i) => x / b[i]);
  const parts = [`raw ${fmt(median(got.raw))}`];
  if (p.api) parts.push(`API floor ${fmt(median(got.api))}`);
  parts.push(`lib ${fmt(median(got.lib))}`, `lib/raw ${fmtRatio(ratios(got.lib, got.raw))}`);
  if (p.api) parts.push(`lib/API floor ${fmtRatio(ratios(got.lib, got.api))}`);
  console.log(`${name.padEnd(11)} ${parts.join("  ")}  [${ROUNDS} rounds]`);
}
