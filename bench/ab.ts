// `npm run bench:ab -- [rev] [case ...]`: this working tree's library
// against another revision of it (default HEAD), both bundled by esbuild the
// same way, interleaved run by run in one process. With `bare` for the
// revision, the working tree as it is against itself with the registry and
// the fairness yield stubbed out (bench/bare.ts): what those two cost. The median of the
// per-round ratios says what a change bought, with the machine's drift
// cancelled as far as back-to-back runs can cancel it. Memory cases are
// exact to a few bytes; rates need the rounds.

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildPair, bundle } from "./bare.js";
import * as c from "./cases.js";
import { forceGc, median, type Sample } from "./harness.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

type Lib = c.Lib;

const CASES: Record<string, { unit: "ops/s" | "bytes"; run: (lib: Lib) => Promise<Sample>; between?: (lib: Lib) => Promise<void> }> = {
  pp: { unit: "ops/s", run: (lib) => c.pingPongLib(100_000, lib) },
  buf: { unit: "ops/s", run: (lib) => c.bufferedLib(300_000, 128, lib) },
  fan: { unit: "ops/s", run: (lib) => c.fanInLib(200_000, 100, lib) },
  sel: { unit: "ops/s", run: (lib) => c.selectLoopLib(200_000, "after", lib), between: (lib) => c.drainTimers(3000, lib) },
  "sel-nil": { unit: "ops/s", run: (lib) => c.selectLoopLib(200_000, "nil-arm", lib) },
  "wake-close": { unit: "ops/s", run: (lib) => c.wakeLib(100_000, "close", lib) },
  "wake-send": { unit: "ops/s", run: (lib) => c.wakeLib(100_000, "send", lib) },
  "mem-own": { unit: "bytes", run: (lib) => c.parkedMemoryLib(100_000, false, lib) },
  "mem-shared": { unit: "bytes", run: (lib) => c.parkedMemoryLib(100_000, true, lib) },
};

const args = process.argv.slice(2);
const rev = args[0] !== undefined && !(args[0] in CASES) ? args.shift()! : "HEAD";
const names = args.length > 0 ? args : Object.keys(CASES);
const ROUNDS = Number(process.env.AB_ROUNDS ?? 9);

const dir = mkdtempSync(path.join(os.tmpdir(), "csp-ab-"));
let base: Lib;
let work: Lib;
if (rev === "bare") {
  rmSync(dir, { recursive: true, force: true });
  ({ full: base, bare: work } = await buildPair());
} else try {
  mkdirSync(path.join(dir, "base"));
  execFileSync("sh", ["-c", `git archive ${JSON.stringify(rev)} src | tar -x -C ${JSON.stringify(path.join(dir, "base"))}`], { cwd: ROOT });
  cpSync(path.join(ROOT, "src"), path.join(dir, "work", "src"), { recursive: true });
  base = await bundle(path.join(dir, "base"), "base");
  work = await bundle(path.join(dir, "work"), "work");
} finally {
  rmSync(dir, { recursive: true, force: true });
}

for (const name of names) {
  const k = CASES[name];
  if (!k) throw new Error(`bench/ab: no case ${name}; cases: ${Object.keys(CASES).join(" ")}`);
  const between = k.between ?? (async () => {});
  for (const lib of [base, work]) {
    await k.run(lib); // warm-up
    await between(lib);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate which goes first, so a drift within the round favours neither.
    const order: [Lib, number[]][] = i % 2 === 0 ? [[base, a], [work, b]] : [[work, b], [base, a]];
    for (const [lib, out] of order) {
      forceGc();
      out.push((await k.run(lib)).value);
      await between(lib);
    }
  }
  const ratios = b.map((x, i) => x / a[i]!).sort((x, y) => x - y);
  const fmt = (v: number) => (k.unit === "bytes" ? `${v.toFixed(0)} B` : `${(v / 1e6).toFixed(3)}M/s`);
  console.log(
    `${name.padEnd(11)} ${rev} ${fmt(median(a))}  working tree ${fmt(median(b))}  ratio ${median(ratios).toFixed(3)} (quartiles ${ratios[Math.floor(ratios.length / 4)]!.toFixed(3)}–${ratios[Math.floor((3 * ratios.length) / 4)]!.toFixed(3)}, ${ROUNDS} rounds)`,
  );
}
