#!/usr/bin/env node
// `npm run bench:nodes`: the bench (npm run bench) on every pinned Node of
// scripts/runtimes.mjs, one process after another, the headline Node (24)
// last so that its run writes BENCHMARKS.md in full with the others'
// latest runs beside it (bench/nodes.ts). Nothing else should run on the
// machine meanwhile: each process is compared with the others.
//
// With --interleaved R, instead: R rounds of bench/node-round.ts, one fresh
// process per Node in each round (this machine's Node too), the order
// rotating every round; per shape, each Node's median ÷ the headline's in
// the same round, kept as bench/results/interleaved.json and written into
// BENCHMARKS.md's "Across Node versions" section. That comparison survives
// a shared machine's drift; the full runs' medians, minutes apart, do not.
//
//   node scripts/bench-nodes.mjs [--only node22,node26,...] [--interleaved R]
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { install, RUNTIMES } from "./runtimes.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HEADLINE = "node24";
const nodes = RUNTIMES.filter((r) => r.kind === "node").sort((a, b) => (a.id === HEADLINE) - (b.id === HEADLINE));
const { values } = parseArgs({ options: { only: { type: "string" }, interleaved: { type: "string" } } });
const only = values.only?.split(",").map((s) => s.trim());
const selected = only ? nodes.filter((r) => only.includes(r.id)) : nodes;
if (only && selected.length !== only.length) {
  console.error(`bench-nodes: --only takes ${nodes.map((r) => r.id).join(", ")}`);
  process.exit(2);
}
const LOADER = ["--expose-gc", "--import", "./bench/loader/register.mjs"];
const envFor = (bin) => ({ ...process.env, PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH}` });

if (values.interleaved !== undefined) {
  const rounds = Number(values.interleaved);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`bench-nodes: --interleaved takes a number of rounds, got ${values.interleaved}`);
    process.exit(2);
  }
  const bins = [{ version: process.version.slice(1), bin: process.execPath }];
  for (const rt of selected) bins.push({ version: rt.version, bin: (await install(rt)).bin });
  const headline = bins.find((b) => b.version === nodes.at(-1).version);
  const perRound = [];
  for (let r = 0; r < rounds; r++) {
    const order = bins.map((_, i) => bins[(i + r) % bins.length]);
    const got = {};
    for (const b of order) {
      const out = spawnSync(b.bin, [...LOADER, "bench/node-round.ts"], { cwd: ROOT, encoding: "utf8", env: envFor(b.bin), maxBuffer: 1 << 24 });
      if (out.status !== 0) {
        console.error(`bench-nodes: bench/node-round.ts failed on Node ${b.version}:\n${out.stdout}\n${out.stderr}`);
        process.exit(1);
      }
      got[b.version] = JSON.parse(out.stdout.trim().split("\n").at(-1)).medians;
    }
    perRound.push(got);
    console.log(`round ${r + 1}/${rounds}: ${Object.entries(got[headline.version]).map(([k, v]) => `${k} ${v.lib.toPrecision(3)}`).join(", ")} (Node ${headline.version})`);
  }
  const quart = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (p) => s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))];
    return { median: at(0.5), q1: at(0.25), q3: at(0.75) };
  };
  const ratios = {};
  for (const shape of Object.keys(perRound[0][headline.version])) {
    ratios[shape] = {};
    for (const b of bins) {
      if (b === headline) continue;
      ratios[shape][b.version] = {};
      for (const side of ["lib", "raw"]) {
        const xs = perRound.map((g) => g[b.version][shape]?.[side] / g[headline.version][shape]?.[side]).filter((x) => Number.isFinite(x));
        if (xs.length > 0) ratios[shape][b.version][side] = quart(xs);
      }
    }
  }
  const units = { "mem-own": "bytes", "mem-shared": "bytes" };
  const dir = path.join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "interleaved.json"), `${JSON.stringify({ date: new Date().toISOString(), rounds, nodes: bins.map((b) => b.version), ratios, units }, null, 2)}\n`);
  const r = spawnSync(process.execPath, [...LOADER, "bench/nodes.ts"], { cwd: ROOT, stdio: "inherit" });
  process.exit(r.status ?? 1);
}

for (const rt of selected) {
  const { bin } = await install(rt);
  console.log(`\n=== bench on Node ${rt.version} (${bin}) ===`);
  // Child processes of the bench (its CPU profiles) run on the same Node.
  const r = spawnSync(bin, [...LOADER, "bench/index.ts"], { cwd: ROOT, stdio: "inherit", env: envFor(bin) });
  if (r.status !== 0) {
    console.error(`bench-nodes: the bench failed on Node ${rt.version} (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}
