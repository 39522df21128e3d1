#!/usr/bin/env node
// Build ts-csp-style into dist/:
//   - ESM  (.js)  and CJS (.cjs) via esbuild, target es2022, no minification, sourcemaps
//   - per entry, a .node.js ESM view of the CJS build: what Node, Bun and Deno
//     import, so one process holds one runtime (step 5)
//   - .d.ts via tsc (tsconfig.build.json, emitDeclarationOnly), plus .d.cts twins for CJS
//
// To add a public entry point, add ONE line to ENTRIES below and the matching
// subpath to "exports" in package.json.
//
// Layout: the module graph reachable from the entries is emitted file-by-file
// (src/chan/chan.ts -> dist/chan/chan.js + dist/chan/chan.cjs), NOT as one
// self-contained bundle per entry. This keeps a single copy of the runtime
// state (scheduler, task registry, ...) shared by every entry point within a
// format, e.g. `ts-csp-style/testing` sees the same runtime as `ts-csp-style`.
// (Bundling each entry separately would give every entry its own runtime copy.)

import * as esbuild from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Public entry points. `platform: "neutral"` = must run on any JS runtime (no `node:` imports). */
const ENTRIES = [
  { name: "index", source: "src/index.ts", platform: "neutral" },
  { name: "testing/index", source: "src/testing/index.ts", platform: "neutral" },
  { name: "http/index", source: "src/http/index.ts", platform: "node" },
  { name: "http/httptest/index", source: "src/http/httptest/index.ts", platform: "node" },
];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SRC = path.join(ROOT, "src");
const DIST = path.join(ROOT, "dist");
const TARGET = "es2022";

process.chdir(ROOT);

function fail(msg) {
  console.error(`build: ${msg}`);
  process.exit(1);
}

for (const e of ENTRIES) {
  if (!existsSync(e.source)) fail(`entry ${e.name}: ${e.source} does not exist`);
  if (e.platform !== "neutral" && e.platform !== "node") fail(`entry ${e.name}: bad platform ${e.platform}`);
}

// Every entry must be reachable through package.json "exports" with the shape used for ".".
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
for (const e of ENTRIES) {
  const subpath = e.name === "index" ? "." : `./${e.name.replace(/\/index$/, "")}`;
  const x = pkg.exports?.[subpath];
  const want = {
    import: { types: `./dist/${e.name}.d.ts`, node: `./dist/${e.name}.node.js`, default: `./dist/${e.name}.js` },
    require: { types: `./dist/${e.name}.d.cts`, default: `./dist/${e.name}.cjs` },
  };
  // A Node-only entry nests the same shape under the "node" condition (and has
  // no "default"), so browser bundlers fail at build time (scripts/check-pack.mjs).
  const shape = e.platform === "node" ? { node: want } : want;
  if (JSON.stringify(x) !== JSON.stringify(shape)) {
    fail(`package.json exports["${subpath}"] must be ${JSON.stringify(shape)}`);
  }
}

rmSync(DIST, { recursive: true, force: true });

const isRelative = (p) => p.startsWith("./") || p.startsWith("../");

/**
 * Bare (package / builtin) imports are always external (zero runtime deps;
 * fast-check is an optional peer of ./testing). `node:` builtins are an error
 * in the graph of a neutral entry, so Node APIs cannot leak into the core.
 */
function externalsPlugin(platform) {
  return {
    name: "externals",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        if (platform === "neutral" && args.path.startsWith("node:")) {
          return {
            errors: [{ text: `"${args.path}" imported from ${path.relative(ROOT, args.importer)}: the core must not use Node builtins (platform neutral)` }],
          };
        }
        return { path: args.path, external: true };
      });
    },
  };
}

// 1. Discover the source files reachable from each entry (and which platform they need).
/** @type {Map<string, "neutral" | "node">} absolute src path -> platform */
const files = new Map();
for (const e of ENTRIES) {
  const result = await esbuild.build({
    entryPoints: [e.source],
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: e.platform,
    target: TARGET,
    logLevel: "silent",
    plugins: [externalsPlugin(e.platform)],
  }).catch((err) => fail(`entry ${e.name}:\n${err.message}`));
  for (const input of Object.keys(result.metafile.inputs)) {
    const abs = path.resolve(ROOT, input);
    if (!abs.startsWith(SRC + path.sep)) continue;
    // A file shared with a neutral entry must stay neutral.
    if (files.get(abs) !== "neutral") files.set(abs, e.platform);
  }
}

// 2. Emit every reachable file as ESM (.js) and CJS (.cjs), keeping relative imports
//    external and rewriting their extension to match the output format.
function relativeImportsPlugin(ext) {
  return {
    name: "relative-imports",
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind === "entry-point") return undefined;
        let p = args.path;
        if (/\.(js|ts|mjs|mts)$/.test(p)) p = p.replace(/\.(js|ts|mjs|mts)$/, ext);
        else p += ext;
        return { path: p, external: true };
      });
    },
  };
}

for (const platform of ["neutral", "node"]) {
  const entryPoints = [...files].filter(([, p]) => p === platform).map(([f]) => f);
  if (entryPoints.length === 0) continue;
  for (const [format, ext] of [["esm", ".js"], ["cjs", ".cjs"]]) {
    await esbuild.build({
      entryPoints,
      outdir: DIST,
      outbase: SRC,
      outExtension: { ".js": ext },
      bundle: true, // with every import external this is a per-file transform that can rewrite specifiers
      format,
      platform,
      target: TARGET,
      minify: false,
      sourcemap: true,
      sourcesContent: true,
      legalComments: "inline",
      logLevel: "warning",
      plugins: [relativeImportsPlugin(ext), externalsPlugin(platform)],
    }).catch(() => fail(`esbuild (${format}, ${platform}) failed`));
  }
}

// 3. Declarations: tsc emits .d.ts for src/ (core: types [], no Node globals).
function tsc(project) {
  const bin = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [bin, "-p", project], { stdio: "inherit" });
  if (r.status !== 0) fail(`tsc -p ${project} failed`);
}
tsc("tsconfig.build.json");
if ([...files.values()].includes("node")) tsc("tsconfig.build.node.json");

// 4. CJS types: a .d.cts twin of every .d.ts with relative specifiers pointing at .cjs,
//    so `require` resolution (exports["."].require.types) is CJS all the way down.
function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const SPEC_RE = /((?:from|import)\s*\(?\s*["'])(\.\.?\/[^"']*?)\.js(["'])/g;
for (const f of walk(DIST)) {
  if (f.endsWith(".d.ts")) {
    const base = path.basename(f, ".d.ts");
    let text = readFileSync(f, "utf8").replace(SPEC_RE, "$1$2.cjs$3");
    text = text.replace(/\/\/# sourceMappingURL=\S+\.d\.ts\.map/, `//# sourceMappingURL=${base}.d.cts.map`);
    writeFileSync(f.replace(/\.d\.ts$/, ".d.cts"), text);
  } else if (f.endsWith(".d.ts.map")) {
    const map = JSON.parse(readFileSync(f, "utf8"));
    map.file = map.file?.replace(/\.d\.ts$/, ".d.cts");
    writeFileSync(f.replace(/\.d\.ts\.map$/, ".d.cts.map"), JSON.stringify(map));
  }
}

// 5. Node's ESM entries are views of the CJS build. A program that both imports
//    and requires the package (directly or through its dependencies) would
//    otherwise load two runtimes: two schedulers, two registries, and channels
//    and contexts that the other copy cannot use. Browser bundlers never see
//    the "node" condition and keep the tree-shakable ESM build.
const require = createRequire(import.meta.url);
for (const e of ENTRIES) {
  const names = Object.keys(require(path.join(DIST, `${e.name}.cjs`))).filter((n) => n !== "__esModule");
  const bad = names.find((n) => !/^[A-Za-z_$][\w$]*$/.test(n) || n === "default");
  if (bad !== undefined) fail(`entry ${e.name}: export ${JSON.stringify(bad)} cannot be re-exported by name`);
  const base = path.basename(e.name);
  writeFileSync(
    path.join(DIST, `${e.name}.node.js`),
    `// Node's ESM view of ./${base}.cjs, so import and require share one runtime.\n` +
      `import cjs from "./${base}.cjs";\n` +
      `export const { ${names.join(", ")} } = cjs;\n`,
  );
}

// 6. Sanity: every entry has all five artefacts.
for (const e of ENTRIES) {
  for (const ext of [".js", ".node.js", ".cjs", ".d.ts", ".d.cts"]) {
    const out = path.join(DIST, e.name + ext);
    if (!existsSync(out)) fail(`missing ${path.relative(ROOT, out)}`);
  }
}
console.log(`build: ${files.size} module(s), entries: ${ENTRIES.map((e) => e.name).join(", ")} -> dist/`);
