#!/usr/bin/env node
// `npm run bench:nodes`: the bench (npm run bench) on every pinned Node of
// scripts/runtimes.mjs, one process after another, the headline Node (24)
// last so that its run writes BENCHMARKS.md in full with the others'
// latest runs beside it (bench/nodes.ts). Nothing else should run on the
// machine meanwhile: each process is compared with the others.
//
//   node scripts/bench-nodes.mjs [--only node22,node26,...]
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { install, RUNTIMES } from "./runtimes.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HEADLINE = "node24";
const nodes = RUNTIMES.filter((r) => r.kind === "node").sort((a, b) => (a.id === HEADLINE) - (b.id === HEADLINE));
const { values } = parseArgs({ options: { only: { type: "string" } } });
const only = values.only?.split(",").map((s) => s.trim());
const selected = only ? nodes.filter((r) => only.includes(r.id)) : nodes;
if (only && selected.length !== only.length) {
  console.error(`bench-nodes: --only takes ${nodes.map((r) => r.id).join(", ")}`);
  process.exit(2);
}
for (const rt of selected) {
  const { bin } = await install(rt);
  console.log(`\n=== bench on Node ${rt.version} (${bin}) ===`);
  const r = spawnSync(bin, ["--expose-gc", "--import", "./bench/loader/register.mjs", "bench/index.ts"], {
    cwd: ROOT,
    stdio: "inherit",
    // Child processes of the bench (its CPU profiles) run on the same Node.
    env: { ...process.env, PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH}` },
  });
  if (r.status !== 0) {
    console.error(`bench-nodes: the bench failed on Node ${rt.version} (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}
