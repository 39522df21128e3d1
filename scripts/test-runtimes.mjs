#!/usr/bin/env node
// The runtime matrix, run by .ci/run after `npm test` (it needs dist/):
//
//   Node 22, 24, 26  the spec suite traced (npm run test:unit -- --project
//                    traced), the package smoke test (npm run smoke), the
//                    demo (npm run demo), and runtimes/smoke.mjs against the
//                    packed package
//   Bun              runtimes/smoke.mjs and `bun test runtimes/bun.test.ts`
//   Deno             runtimes/smoke.mjs without permissions and with
//                    --allow-env, and `deno test runtimes/deno.test.ts`
//                    without permissions
//
// Each runtime is an npm package (node-<os>-<arch>, bun, deno) at the version
// pinned in scripts/runtimes.mjs, installed once into a cache directory, so nothing but the
// npm registry is needed. The Node steps run the project's own scripts with
// that Node first on PATH; npm, vitest, tsx and the smoke test's child
// processes all follow it.
//
//   node scripts/test-runtimes.mjs [--only node22,bun,...]
//
// The suite runs here in its traced mode, which uses everything a Node
// version can change under the library (AsyncLocalStorage, stack capture,
// FinalizationRegistry, the GC) on top of the channel and timer code both
// modes share; the untraced mode, the path production runs, runs on Node 24,
// the one most users run, and in npm test on the machine's Node. Running it
// on every Node would take CI past 15 minutes for plain JavaScript that the
// other Nodes run the same.
//
// Prints a table of every step's result and wall time; exits non-zero if any
// step failed (all steps run regardless).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { install, npm, run, RUNTIMES } from "./runtimes.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { only: { type: "string" } } });
const only = values.only?.split(",").map((s) => s.trim());
const selected = only ? RUNTIMES.filter((r) => only.includes(r.id)) : RUNTIMES;
if (only && selected.length !== only.length) {
  console.error(`test-runtimes: --only takes ${RUNTIMES.map((r) => r.id).join(", ")}`);
  process.exit(2);
}
if (!existsSync(path.join(ROOT, "dist", "index.js"))) {
  console.error("test-runtimes: dist/ is missing: run `npm run build` first");
  process.exit(1);
}

/** A project with the packed package installed and runtimes/ copied in. */
function consumerProject(tmp) {
  const packDir = mkdtempSync(path.join(os.tmpdir(), "ts-csp-style-pack-"));
  const proj = mkdtempSync(path.join(os.tmpdir(), "ts-csp-style-runtimes-"));
  tmp.push(packDir, proj);
  const sh = (args, cwd) => {
    const r = spawnSync(npm, args, { cwd, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`npm ${args.join(" ")} exited ${r.status}\n${r.stdout}${r.stderr}`);
  };
  sh(["pack", "--silent", "--ignore-scripts", "--pack-destination", packDir], ROOT);
  const tgz = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
  writeFileSync(path.join(proj, "package.json"), JSON.stringify({ name: "runtimes-consumer", private: true, type: "module" }));
  sh(["install", path.join(packDir, tgz), "--offline", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"], proj);
  for (const f of readdirSync(path.join(ROOT, "runtimes"))) copyFileSync(path.join(ROOT, "runtimes", f), path.join(proj, f));
  return proj;
}

function steps(rt, bin, proj) {
  const trace = { CSP_TRACE: "1" };
  if (rt.kind === "node") {
    // The project's scripts, with this Node first on PATH for npm and every child it starts.
    const env = { PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH}` };
    return [
      ["spec suite, traced (npm run test:unit -- --project traced)", npm, ["run", "test:unit", "--", "--project", "traced"], { cwd: ROOT, env, timeoutMs: 10 * 60_000 }],
      // The production path on the Node most users run (HEADLINE in scripts/bench-nodes.mjs).
      ...(rt.id === "node24" ? [["spec suite, untraced (npm run test:unit -- --project untraced)", npm, ["run", "test:unit", "--", "--project", "untraced"], { cwd: ROOT, env, timeoutMs: 10 * 60_000 }]] : []),
      ["package smoke test (npm run smoke)", npm, ["run", "smoke"], { cwd: ROOT, env }],
      ["demo (npm run demo -- --no-report)", npm, ["run", "demo", "--", "--no-report"], { cwd: ROOT, env }],
      ["runtimes/smoke.mjs, CSP_TRACE=1", bin, ["smoke.mjs"], { cwd: proj, env: trace }],
    ];
  }
  if (rt.kind === "bun") {
    return [
      ["runtimes/smoke.mjs, CSP_TRACE=1", bin, ["smoke.mjs"], { cwd: proj, env: trace }],
      ["bun test runtimes/bun.test.ts", bin, ["test", "./bun.test.ts"], { cwd: proj }],
    ];
  }
  return [
    ["runtimes/smoke.mjs, no permissions", bin, ["run", "smoke.mjs"], { cwd: proj, env: trace }],
    ["runtimes/smoke.mjs, --allow-env CSP_TRACE=1", bin, ["run", "--allow-env", "smoke.mjs"], { cwd: proj, env: trace }],
    ["deno test runtimes/deno.test.ts, no permissions", bin, ["test", "deno.test.ts"], { cwd: proj, env: { NO_COLOR: "1" } }],
  ];
}

const rows = [];
const tmp = [];
const start = performance.now();
let failed = 0;
try {
  // Installs are downloads, so they go in parallel.
  const installs = await Promise.allSettled(selected.map((rt) => install(rt)));
  const proj = consumerProject(tmp);
  for (const [i, rt] of selected.entries()) {
    const inst = installs[i];
    const label = `${rt.id} (${rt.version})`;
    if (inst.status === "rejected") {
      failed++;
      rows.push([label, "install from npm", "FAIL", "-"]);
      console.log(`\n=== ${label}: install FAILED\n${inst.reason?.message ?? inst.reason}`);
      continue;
    }
    rows.push([label, `install ${rt.pkg}@${rt.version}${inst.value.cached ? " (cached)" : ""}`, "ok", inst.value.seconds.toFixed(1)]);
    for (const [name, cmd, args, opts] of steps(rt, inst.value.bin, proj)) {
      console.log(`\n=== ${label}: ${name}`);
      const r = await run(cmd, args, opts);
      if (r.ok) {
        console.log(r.out.replace(/\x1b\[[0-9;]*m/g, "").trimEnd().split("\n").filter((l) => l.trim() !== "").slice(-4).join("\n"));
      } else {
        failed++;
        console.log(r.out);
        console.log(`=== ${label}: ${name} FAILED (exit ${r.code})`);
      }
      rows.push([label, name, r.ok ? "ok" : "FAIL", r.seconds.toFixed(1)]);
    }
  }
} catch (e) {
  failed++;
  console.error(`test-runtimes: ${e?.message ?? e}`);
} finally {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
}

const header = ["runtime", "step", "result", "s"];
const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
console.log("");
for (const r of [header, ...rows]) console.log("  " + r.map((c, i) => (i === 3 ? c.padStart(w[i]) : c.padEnd(w[i]))).join("  "));
console.log(`test-runtimes: ${failed === 0 ? "passed" : `${failed} step(s) FAILED`} in ${((performance.now() - start) / 1000).toFixed(0)} s`);
process.exit(failed === 0 ? 0 : 1);
