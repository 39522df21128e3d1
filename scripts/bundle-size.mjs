#!/usr/bin/env node
// Consumer bundle check (run after `npm run build`; part of npm test):
// pack the package, install the tarball in a fresh temp project, and bundle
// it there with esbuild as a browser app would (platform browser, format esm,
// minified, tree-shaken). Reports minified and gzipped sizes and fails if
//   - `import { chan }` alone is not tree-shaken to a small bundle
//     (above BUDGET_GZIP bytes gzipped, or carrying context/time/sync code);
//   - `ts-csp-style/http` or `ts-csp-style/http/httptest` bundles for the
//     browser instead of failing at build time (they are Node-only), or does
//     not bundle for Node.
// A `node:` import anywhere in the core would fail these browser builds too.
// The numbers are the ones quoted in README.md ("Runs everywhere").

import * as esbuild from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
/**
 * gzipped bytes allowed for `import { chan }` (3.7 KiB when written, 5.1 KiB
 * once the wait queues became arrays and the registry's channel list got its
 * sweep: see README). time, context and sync together would add about 7 KiB.
 */
const BUDGET_GZIP = 6 * 1024;

const CASES = [
  {
    name: "chan",
    code: `import { chan } from "ts-csp-style";\nconst ch = chan(1);\nch.trySend(1);\nconsole.log(ch.tryRecv());\n`,
  },
  {
    name: "chan + select + go + time",
    code: `import { chan, go, recv, select, time } from "ts-csp-style";\nconst ch = chan();\ngo(async () => ch.send(1));\nconsole.log(await select(recv(ch, (v) => v), recv(time.after(100), () => -1)));\n`,
  },
  {
    name: "everything in ts-csp-style",
    code: `import * as csp from "ts-csp-style";\nglobalThis.csp = csp;\n`,
  },
];
// Strings that only the named parts of the library contain: none may survive
// tree-shaking of `import { chan }`.
const NOT_IN_CHAN = ["context deadline exceeded", "sync: negative WaitGroup counter", "non-positive interval for NewTicker", "errgroup"];

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const fmt = (n) => `${(n / 1024).toFixed(1)} KiB`;
const problems = [];
const tmp = [];
try {
  if (!existsSync(path.join(ROOT, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  const packDir = mkdtempSync(path.join(os.tmpdir(), "ts-csp-style-pack-"));
  tmp.push(packDir);
  run(npm, ["pack", "--silent", "--ignore-scripts", "--pack-destination", packDir], ROOT);
  const tgz = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
  const proj = mkdtempSync(path.join(os.tmpdir(), "ts-csp-style-consumer-"));
  tmp.push(proj);
  writeFileSync(path.join(proj, "package.json"), JSON.stringify({ name: "consumer", version: "0.0.0", private: true, type: "module" }));
  run(npm, ["install", path.join(packDir, tgz), "--offline", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"], proj);
  mkdirSync(path.join(proj, "src"));

  const bundle = async (name, code, platform) => {
    const file = path.join(proj, "src", `${name.replace(/\W+/g, "_")}.js`);
    writeFileSync(file, code);
    return esbuild.build({
      entryPoints: [file],
      absWorkingDir: proj,
      bundle: true,
      write: false,
      platform,
      format: "esm",
      target: "es2022",
      minify: true,
      logLevel: "silent",
    });
  };

  console.log("bundle-size: a consumer app bundled with esbuild (platform browser, esm, minified):");
  const sizes = {};
  for (const c of CASES) {
    const out = await bundle(c.name, c.code, "browser");
    const bytes = out.outputFiles[0].contents;
    const gz = gzipSync(bytes, { level: 9 }).length;
    sizes[c.name] = { min: bytes.length, gz, text: Buffer.from(bytes).toString("utf8") };
    console.log(`  ${c.name.padEnd(28)} ${fmt(bytes.length).padStart(9)} min  ${fmt(gz).padStart(9)} min+gzip`);
  }
  const chanOnly = sizes.chan;
  const all = sizes["everything in ts-csp-style"];
  if (chanOnly.gz > BUDGET_GZIP) problems.push(`import { chan } is ${chanOnly.gz} bytes gzipped, over the ${BUDGET_GZIP}-byte budget`);
  if (chanOnly.gz > all.gz * 0.6) problems.push(`import { chan } (${chanOnly.gz} B) is not much smaller than the whole library (${all.gz} B): tree-shaking failed`);
  for (const s of NOT_IN_CHAN) if (chanOnly.text.includes(s)) problems.push(`import { chan } bundle contains ${JSON.stringify(s)}: unused code was not tree-shaken`);

  // ts-csp-style/http and ts-csp-style/http/httptest are Node-only: a browser build must fail loudly, a Node build must work.
  for (const sub of ["http", "http/httptest"]) {
    const entry = `ts-csp-style/${sub}`;
    const installed = existsSync(path.join(proj, "node_modules", "ts-csp-style", "dist", ...sub.split("/"), "index.js"));
    if (!installed) {
      console.log(`  (no ${entry} in the package yet: not checked)`);
      continue;
    }
    const code = `import * as m from "${entry}";\nconsole.log(Object.keys(m));\n`;
    const name = sub.replace("/", "-");
    let err;
    try {
      await bundle(`${name}-browser`, code, "browser");
    } catch (e) {
      err = e;
    }
    if (!err) problems.push(`import "${entry}" bundled for the browser: it must fail at build time`);
    else {
      const text = err.errors.map((m) => [m.text, ...m.notes.map((n) => n.text)].join(" / ")).join("\n");
      console.log(`  ${entry} for the browser: build fails, as it should:\n    ${text.split("\n")[0].slice(0, 300)}`);
    }
    try {
      const out = await bundle(`${name}-node`, code, "node");
      console.log(`  ${entry} for Node: ${fmt(out.outputFiles[0].contents.length)} min`);
    } catch (e) {
      problems.push(`import "${entry}" does not bundle for Node:\n${e.message}`);
    }
  }
} catch (e) {
  problems.push(e && e.message ? e.message : String(e));
} finally {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(`bundle-size: FAILED\n  - ${problems.join("\n  - ")}`);
  process.exit(1);
}
console.log("bundle-size: passed");
