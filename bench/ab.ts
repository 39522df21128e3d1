// `npm run bench:ab -- [rev] [case ...]`: this working tree's library
// against another revision of it (default HEAD), both bundled by esbuild the
// same way, interleaved run by run in one process. With `bare` for the
// revision, the working tree as it is against itself with the registry and
// the fairness yield stubbed out (bench/bare.ts): what those two cost. With
// `twin`, against itself bundled twice: how far apart identical code
// measures. The median of the per-round ratios says what a change bought,
// with the machine's drift cancelled as far as back-to-back runs can cancel
// it. Memory cases are
// exact to a few bytes; rates need the rounds.

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildPair, bundle } from "./bare.js";
import * as c from "./cases.js";
import { interleaved, paired } from "./harness.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

type Lib = c.Lib;

const args = process.argv.slice(2);
const rev = args[0] !== undefined && !(args[0] in c.SHAPES) ? args.shift()! : "HEAD";
const names = args.length > 0 ? args : Object.keys(c.SHAPES);
const ROUNDS = Number(process.env.AB_ROUNDS ?? 9);
// CHUNKS=n: for shapes with short runs (pp, buf), n short runs of each side
// alternated one by one (harness.interleaved) instead of ROUNDS full rounds.
const CHUNKS = Number(process.env.CHUNKS ?? 0);

const dir = mkdtempSync(path.join(os.tmpdir(), "csp-ab-"));
let base: Lib;
let work: Lib;
if (rev === "bare" || rev === "twin") {
  // twin: the working tree against itself, bundled twice: the noise floor.
  rmSync(dir, { recursive: true, force: true });
  const built = await buildPair();
  base = built.full;
  work = rev === "bare" ? built.bare : built.twin;
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
  const k = c.shape(name, "bench/ab");
  const settle = k.settle ?? (async () => {});
  const run = (lib: Lib) => async () => {
    const sample = await k.lib(lib);
    await settle(lib);
    return sample;
  };
  const short = k.short;
  const r = CHUNKS > 0 && short ? await interleaved(() => short.lib(work), () => short.lib(base), CHUNKS, short.what) : await paired(run(work), run(base), ROUNDS);
  const what = rev === "bare" || rev === "twin" ? `${rev} / as it is` : `working tree / ${rev}`;
  console.log(`${name.padEnd(11)} ${what}: ${r.median.toFixed(3)} (quartiles ${r.q1.toFixed(3)}–${r.q3.toFixed(3)}, ${r.how})${k.unit === "bytes" ? " (bytes: below 1 is smaller)" : ""}`);
}
