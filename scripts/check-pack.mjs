#!/usr/bin/env node
// Packaging check (run after `npm run build`; part of npm test):
//   1. `npm pack --dry-run` holds only dist/, README.md, LICENSE and package.json;
//   2. the exports map serves ESM, CJS and types for ".", "./testing" and, once
//      they exist, "./http" and "./http/httptest", and every file it (or
//      main/module/types) names is in the pack;
//   3. "./http" and "./http/httptest" are Node-only: resolved with a browser
//      bundler's conditions they match nothing, so the bundler fails at build
//      time (scripts/bundle-size.mjs checks that esbuild really does).
//   4. the packed types of "." and "./testing" compile, strict and with
//      skipLibCheck off, in a consumer without fast-check (an optional peer),
//      for import and require; and with fast-check, schedule() is fast-check's
//      Arbitrary<Schedule>, not any.
// Exits non-zero on any failure.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

const problems = [];
const fail = (msg) => problems.push(msg);

if (!existsSync("dist/index.js")) {
  console.error("check-pack: dist/ is missing: run `npm run build` first");
  process.exit(1);
}

// 1. What `npm pack` would publish.
const r = spawnSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts", "--loglevel=error"], { encoding: "utf8" });
if (r.status !== 0) {
  console.error(`check-pack: npm pack --dry-run exited ${r.status}\n${r.stderr}`);
  process.exit(1);
}
const [info] = JSON.parse(r.stdout);
const files = new Set(info.files.map((f) => f.path));
const ALLOWED_TOP = new Set(["package.json", "README.md", "LICENSE"]);
for (const f of files) {
  if (!ALLOWED_TOP.has(f) && !f.startsWith("dist/")) fail(`the pack contains ${f} (only dist/, README.md, LICENSE and package.json may be published)`);
}
for (const f of ALLOWED_TOP) if (!files.has(f)) fail(`the pack lacks ${f}`);
for (const f of files) {
  if (/\.(spec|test|prop)\.[cm]?[jt]s$/.test(f) || f.endsWith(".tsbuildinfo")) fail(`the pack contains a test or build artefact: ${f}`);
}

// 2. The exports map, resolved as Node, TypeScript and a browser bundler would.
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const exp = pkg.exports ?? {};

/** Node's algorithm for conditional exports: first key, in object order, that is active. */
function resolve(target, conditions) {
  if (typeof target === "string") return target;
  if (target === null || typeof target !== "object" || Array.isArray(target)) return undefined;
  for (const [k, v] of Object.entries(target)) {
    if (k === "default" || conditions.includes(k)) {
      const hit = resolve(v, conditions);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

const inPack = (p) => files.has(p.replace(/^\.\//, ""));
function expectTarget(subpath, conditions, pattern, what) {
  const t = resolve(exp[subpath], conditions);
  if (t === undefined) return fail(`exports["${subpath}"] has no ${what} (conditions ${conditions.join(", ")})`);
  if (!pattern.test(t)) fail(`exports["${subpath}"] ${what} is ${t}, expected ${pattern}`);
  if (!inPack(t)) fail(`exports["${subpath}"] ${what} ${t} is not in the pack`);
  return t;
}

const hasHttp = existsSync("src/http/index.ts") || exp["./http"] !== undefined;
const hasHttptest = existsSync("src/http/httptest/index.ts") || exp["./http/httptest"] !== undefined;
const NODE_ONLY = new Set(["./http", "./http/httptest"]);
const SUBPATHS = [".", "./testing", ...(hasHttp ? ["./http"] : []), ...(hasHttptest ? ["./http/httptest"] : [])];
const rows = [];
for (const sp of SUBPATHS) {
  if (exp[sp] === undefined) {
    fail(`exports["${sp}"] is missing`);
    continue;
  }
  // Node >= 20 (conditions node + import/require), TypeScript NodeNext (+ types).
  const esm = expectTarget(sp, ["node", "import"], /\.js$/, "ESM entry");
  const cjs = expectTarget(sp, ["node", "require"], /\.cjs$/, "CJS entry");
  const dts = expectTarget(sp, ["types", "node", "import"], /\.d\.ts$/, "ESM types");
  const dcts = expectTarget(sp, ["types", "node", "require"], /\.d\.cts$/, "CJS types");
  // A browser bundler (esbuild/Vite/webpack for the web: browser, import, module, default).
  const browser = resolve(exp[sp], ["browser", "import", "module"]);
  if (NODE_ONLY.has(sp)) {
    if (browser !== undefined) fail(`exports["${sp}"] resolves for a browser bundler (to ${browser}); it must be Node-only: nest its conditions under "node" with no "default"`);
  } else if (browser === undefined || !/\.js$/.test(browser) || /\.node\.js$/.test(browser) || !inPack(browser)) {
    // Node's import may be a view of the CJS build (one runtime per process); a bundler keeps the tree-shakable ESM build.
    fail(`exports["${sp}"] resolves to ${browser} for a browser bundler, expected the ESM build (a .js that is not Node's .node.js view)`);
  }
  rows.push([sp, esm, cjs, dts, dcts, browser ?? "(none: Node-only)"]);
}
if (!hasHttp) console.log('check-pack: no src/http entry yet; "./http" not checked');

for (const field of ["main", "module", "types"]) {
  if (pkg[field] !== undefined && !inPack(pkg[field])) fail(`package.json "${field}" (${pkg[field]}) is not in the pack`);
}
if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) fail(`runtime dependencies: ${Object.keys(pkg.dependencies).join(", ")} (the package has none)`);

// 4. Types as a consumer sees them, fast-check absent, then present.
const CONSUMER_MTS = `import { chan, go, runtime } from "ts-csp-style";
import { Deadlock, Schedule, explore, leaks, schedule, synctest, type FastCheckLike, type LeakedTask } from "ts-csp-style/testing";
export const used: unknown[] = [chan, go, runtime, Deadlock, Schedule, explore, leaks, schedule, synctest];
export type Used = [FastCheckLike, LeakedTask];
`;
const CONSUMER_CTS = `import lib = require("ts-csp-style");
import testing = require("ts-csp-style/testing");
export const used: unknown[] = [lib.chan, testing.schedule, testing.synctest];
`;
const WITH_FAST_CHECK = `import * as fc from "fast-check";
import { schedule, type Schedule } from "ts-csp-style/testing";
export const arb: fc.Arbitrary<Schedule> = schedule({ fc });
// @ts-expect-error an Arbitrary<Schedule> is no Arbitrary<number>: the type is fast-check's, not any
export const wrong: fc.Arbitrary<number> = schedule({ fc });
`;
const tmp = [];
const before = problems.length;
try {
  const packDir = mkdtempSync(path.join(os.tmpdir(), "ts-csp-style-pack-"));
  const proj = mkdtempSync(path.join(os.tmpdir(), "ts-csp-style-types-"));
  tmp.push(packDir, proj);
  const sh = (cmd, args, cwd) => {
    const p = spawnSync(cmd, args, { cwd, encoding: "utf8" });
    if (p.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} exited ${p.status ?? p.signal}\n${p.stdout}${p.stderr}`);
  };
  sh(npm, ["pack", "--silent", "--ignore-scripts", "--pack-destination", packDir], ROOT);
  const tgz = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
  writeFileSync(path.join(proj, "package.json"), JSON.stringify({ name: "types-consumer", private: true }));
  sh(npm, ["install", path.join(packDir, tgz), "--offline", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"], proj);
  if (existsSync(path.join(proj, "node_modules", "fast-check"))) fail("installing the package installed fast-check, an optional peer");
  writeFileSync(path.join(proj, "consumer.mts"), CONSUMER_MTS);
  writeFileSync(path.join(proj, "consumer.cts"), CONSUMER_CTS);
  writeFileSync(path.join(proj, "with-fast-check.mts"), WITH_FAST_CHECK);
  const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  // A browser project (DOM types for AbortSignal), no Node types, nothing skipped.
  const compilerOptions = { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022", "DOM"], types: [], strict: true, noEmit: true, skipLibCheck: false };
  const check = (name, files, what) => {
    writeFileSync(path.join(proj, name), JSON.stringify({ compilerOptions, files }));
    const p = spawnSync(process.execPath, [tsc, "-p", name], { cwd: proj, encoding: "utf8" });
    if (p.status !== 0) fail(`${what}:\n${p.stdout}${p.stderr}`);
  };
  check("tsconfig.without.json", ["consumer.mts", "consumer.cts"], "the packed types do not compile without fast-check (skipLibCheck off)");
  symlinkSync(path.join(ROOT, "node_modules", "fast-check"), path.join(proj, "node_modules", "fast-check"), "junction");
  check("tsconfig.with.json", ["consumer.mts", "consumer.cts", "with-fast-check.mts"], "with fast-check, the packed types do not compile or schedule() is not fast-check's Arbitrary<Schedule>");
  if (problems.length === before) console.log("check-pack: types compile without fast-check (skipLibCheck off), and with it schedule() is an fc.Arbitrary<Schedule>");
} catch (e) {
  fail(`consumer type check: ${e && e.message ? e.message : e}`);
} finally {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
}

// Report.
const w = rows.reduce((a, r) => r.map((c, i) => Math.max(a[i] ?? 0, c.length)), []);
const header = ["subpath", "import", "require", "import types", "require types", "browser bundler"];
const wh = header.map((h, i) => Math.max(h.length, w[i] ?? 0));
for (const r of [header, ...rows]) console.log("  " + r.map((c, i) => c.padEnd(wh[i])).join("  "));
console.log(`check-pack: ${files.size} files, ${(info.size / 1024).toFixed(0)} KiB packed, ${(info.unpackedSize / 1024).toFixed(0)} KiB unpacked`);
if (problems.length > 0) {
  console.error(`check-pack: FAILED\n  - ${problems.join("\n  - ")}`);
  process.exit(1);
}
console.log("check-pack: passed");
