#!/usr/bin/env node
// Packaging check (run after `npm run build`; part of npm test):
//   1. `npm pack --dry-run` holds only dist/, README.md, LICENSE and package.json;
//   2. the exports map serves ESM, CJS and types for ".", "./testing" and, once
//      it exists, "./http", and every file it (or main/module/types) names is
//      in the pack;
//   3. "./http" is Node-only: resolved with a browser bundler's conditions it
//      matches nothing, so the bundler fails at build time (scripts/bundle-size.mjs
//      checks that esbuild really does).
// Exits non-zero on any failure.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
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
const SUBPATHS = [".", "./testing", ...(hasHttp ? ["./http"] : [])];
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
  if (sp === "./http") {
    if (browser !== undefined) fail(`exports["./http"] resolves for a browser bundler (to ${browser}); it must be Node-only: nest its conditions under "node" with no "default"`);
  } else if (browser !== esm) {
    fail(`exports["${sp}"] resolves to ${browser} for a browser bundler, expected the ESM build ${esm}`);
  }
  rows.push([sp, esm, cjs, dts, dcts, browser ?? "(none: Node-only)"]);
}
if (!hasHttp) console.log('check-pack: no src/http entry yet; "./http" not checked');

for (const field of ["main", "module", "types"]) {
  if (pkg[field] !== undefined && !inPack(pkg[field])) fail(`package.json "${field}" (${pkg[field]}) is not in the pack`);
}
if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) fail(`runtime dependencies: ${Object.keys(pkg.dependencies).join(", ")} (the package has none)`);

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
