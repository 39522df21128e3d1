// `npm run bench:pairs [case ...]`: the library against the raw floor and
// the API floor (bench/raw.ts) only, interleaved (harness.paired), with the
// median of the per-round ratios. Neighbours on a shared machine drift the
// rate by tens of percent within seconds; a ratio of two runs taken back to
// back cancels most of that drift, where two medians taken a minute apart
// do not. A quick loop for optimizing; `npm run bench` is the full
// comparison.

import * as c from "./cases.js";
import { interleaved, paired, type PairedRatio, type Sample } from "./harness.js";
import * as library from "../src/index.js";

const { runtime } = library;

runtime.setTracing(false);

const ROUNDS = Number(process.env.PAIRS_ROUNDS ?? 9);
// CHUNKS=n: for shapes with short runs (pp, buf), n short runs of each side
// alternated one by one (harness.interleaved) instead of ROUNDS full rounds.
const CHUNKS = Number(process.env.CHUNKS ?? 0);
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(c.SHAPES).filter((n) => c.SHAPES[n]!.raw);
const text = (r: PairedRatio): string => `${r.median.toFixed(2)} (quartiles ${r.q1.toFixed(2)}–${r.q3.toFixed(2)})`;
for (const name of names) {
  const p = c.shape(name, "bench/pairs");
  if (!p.raw) throw new Error(`bench/pairs: ${name} has no floor to compare with`);
  const settle = p.settle ?? (async () => {});
  const settled = (run: () => Promise<Sample>) => async () => {
    const sample = await run();
    await settle(library);
    return sample;
  };
  const short = CHUNKS > 0 ? p.short : undefined;
  const s = short
    ? { lib: () => short.lib(library), raw: short.raw!, api: short.api }
    : { lib: settled(() => p.lib(library)), raw: settled(p.raw), api: p.api };
  const pair = (a: () => Promise<Sample>, b: () => Promise<Sample>) => (short ? interleaved(a, b, CHUNKS, short.what) : paired(a, b, ROUNDS));
  const ratios: [string, PairedRatio][] = [["lib/raw", await pair(s.lib, s.raw)]];
  if (s.api) ratios.push(["lib/API floor", await pair(s.lib, s.api)], ["API floor/raw", await pair(s.api, s.raw)]);
  const unit = p.unit === "bytes" ? " (bytes: below 1 is smaller)" : "";
  console.log(`${name.padEnd(11)} ${ratios.map(([what, r]) => `${what} ${text(r)}`).join("  ")}  [${ratios[0]![1].how}]${unit}`);
}
