// One round of the cross-Node comparison (scripts/bench-nodes.mjs
// --interleaved): run in a fresh process on one Node, it measures each
// shape of bench/cases.ts on the library and the raw floor, a few runs
// each after one warm-up, and prints one JSON line of medians. The script
// alternates these processes across Nodes round by round, so a
// neighbour's burst on a shared machine lands on every Node's side of a few
// rounds instead of on one Node's whole run.

import * as c from "./cases.js";
import { forceGc, median, type Sample } from "./harness.js";
import * as library from "../src/index.js";

library.runtime.setTracing(false);

const RUNS = Number(process.env.ROUND_RUNS ?? 3);
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["pp", "buf", "sel", "fan", "wake-close", "wake-send", "mem-own", "mem-shared"];

async function medianOf(run: () => Promise<Sample>, settle: () => Promise<void>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    forceGc();
    const s = await run();
    await settle();
    if (i > 0) values.push(s.value);
  }
  return median(values);
}

const out: Record<string, { lib: number; raw?: number }> = {};
for (const name of names) {
  const s = c.shape(name, "bench/node-round");
  const settle = () => (s.settle ? s.settle(library) : Promise.resolve());
  out[name] = { lib: await medianOf(() => s.lib(library), settle) };
  if (s.raw) out[name]!.raw = await medianOf(s.raw, settle);
}
console.log(JSON.stringify({ node: process.version, medians: out }));
