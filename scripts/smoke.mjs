#!/usr/bin/env node
// Smoke test of the packed package (run after `npm run build`):
//   npm pack -> fresh temp project -> npm install <tarball> (offline; zero deps)
//   -> ESM `import` and CJS `require` each check the public names and do an
//      unbuffered channel round trip between a go() task and main
//   -> a program that imports and requires it sees one runtime; two copies
//      tell each other's channels apart and take each other's contexts
//   -> ts-csp-style/http/httptest serves node:http to the Client in a bubble,
//      in virtual time, for import and require
//   -> tsc resolves the types for both `import` (.d.ts) and `require` (.d.cts).
// Temp dirs are always removed. Exits non-zero on any failure.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NAMES = ["chan", "select", "go", "time", "runtime", "Panic"];
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`);
  }
  return r.stdout;
}

const checkBody = (load, loadTesting) => `
const NAMES = ${JSON.stringify(NAMES)};
function fail(msg) { console.error("smoke(" + FORMAT + "): " + msg); process.exit(1); }
const guard = setTimeout(() => fail("channel round trip timed out"), 10000);
(async () => {
  const m = ${load};
  for (const n of NAMES) if (m[n] === undefined) fail("missing export " + n);
  if (typeof m.chan !== "function" || typeof m.go !== "function" || typeof m.select !== "function") fail("chan/go/select are not functions");
  if (!(m.Panic.prototype instanceof Error)) fail("Panic is not an Error subclass");
  const ping = m.chan(), pong = m.chan();
  const task = m.go(async () => {
    const [v, ok] = await ping.recv();
    if (!ok) fail("task: recv saw closed channel");
    await pong.send(v + 1);
  });
  await ping.send(41);
  const [v, ok] = await pong.recv();
  if (!ok || v !== 42) fail("round trip got " + JSON.stringify([v, ok]));
  if (task && task.done) await task.done;
  // ts-csp-style/testing: a bubble sleeps an hour of virtual time at once.
  const testing = ${loadTesting};
  const slept = await testing.synctest.test(async () => {
    const t0 = m.time.now();
    await m.time.sleep(m.time.Hour);
    return m.time.now() - t0;
  });
  if (slept !== m.time.Hour) fail("synctest: virtual sleep took " + slept);
  clearTimeout(guard);
  console.log("smoke(" + FORMAT + "): ok");
})().catch((e) => fail(e && e.stack || String(e)));
`;

const ESM = `const FORMAT = "esm";\n${checkBody(`await import("ts-csp-style")`, `await import("ts-csp-style/testing")`)}`;
const CJS = `"use strict";\nconst FORMAT = "cjs";\n${checkBody(`require("ts-csp-style")`, `require("ts-csp-style/testing")`)}`;
// A program that both imports and requires the package (as one whose
// dependencies use the other format does) must see one runtime: the same
// functions, and channels and contexts that either side's select and
// context accept.
const MIXED = `import { createRequire } from "node:module";
import * as esm from "ts-csp-style";
import * as esmTesting from "ts-csp-style/testing";
const cjs = createRequire(import.meta.url)("ts-csp-style");
function fail(msg) { console.error("smoke(mixed): " + msg); process.exit(1); }
const guard = setTimeout(() => fail("timed out"), 10000);
if (esm.chan !== cjs.chan || esm.select !== cjs.select || esm.context !== cjs.context) fail("import and require loaded two copies of the runtime");
const ch = cjs.chan(1);
await ch.send(7);
const got = await esm.select(esm.recv(ch, (v) => v));
if (got !== 7) fail("select(recv(cjsChan)) from ESM got " + got);
const [parent, cancelParent] = cjs.context.withCancel(cjs.context.background());
const [child] = esm.context.withCancel(parent);
cancelParent();
await child.done().recv();
if (child.err() !== esm.context.Canceled) fail("a CJS parent's cancel did not reach its ESM child");
const slept = await esmTesting.synctest.test(async () => { const t0 = cjs.time.now(); await cjs.time.sleep(cjs.time.Hour); return cjs.time.now() - t0; });
if (slept !== cjs.time.Hour) fail("a bubble from the ESM testing entry did not see the CJS runtime's sleep: " + slept);
clearTimeout(guard);
console.log("smoke(mixed): ok");
`;
// Two installed copies (a second version, say) keep two runtimes. Neither
// may crash on the other's objects: a foreign channel gets a TypeError that
// says what happened, and a foreign context still works as a parent.
const TWO_COPIES = `import * as a from "ts-csp-style";
import * as b from "ts-csp-style-copy";
function fail(msg) { console.error("smoke(two copies): " + msg); process.exit(1); }
const guard = setTimeout(() => fail("timed out"), 10000);
if (a.chan === b.chan) fail("the copy is not a copy");
try {
  a.select(a.recv(b.chan()));
  fail("select(recv(foreign channel)) did not throw");
} catch (e) {
  if (!(e instanceof TypeError) || !/another copy of ts-csp-style/.test(e.message)) fail("a foreign channel's error does not say so: " + e);
}
const [parent, cancelParent] = b.context.withCancel(b.context.background());
const [child] = a.context.withCancel(parent);
cancelParent();
await child.done().recv();
if (child.err() === null) fail("a foreign parent's cancel did not reach its child");
const [stays] = a.context.withCancel(b.context.withCancel(b.context.background())[0]);
if (stays.err() !== null) fail("a child of a live foreign parent is done");
clearTimeout(guard);
console.log("smoke(two copies): ok");
`;
// ts-csp-style/http/httptest (Node only): a real node:http server and the
// Client on the in-memory network, in a bubble: a 5 s handler answers at
// once in wall time, 5 s later in virtual time; for import and require.
const httptestBody = (load) => `
function fail(msg) { console.error("smoke(httptest " + FORMAT + "): " + msg); process.exit(1); }
const guard = setTimeout(() => fail("timed out"), 10000);
(async () => {
  const [m, testing, httptest] = ${load};
  const got = await testing.synctest.test(async () => {
    const srv = httptest.newServer(async (_req, res) => { await m.time.sleep(5 * m.time.Second); res.end("hello"); });
    const start = m.time.now();
    const resp = await srv.client({ disableKeepAlives: true }).get(m.context.background(), srv.url);
    const body = await resp.text();
    srv.close();
    return [resp.status, body, m.time.since(start)];
  });
  if (JSON.stringify(got) !== JSON.stringify([200, "hello", 5000])) fail("got " + JSON.stringify(got));
  clearTimeout(guard);
  console.log("smoke(httptest " + FORMAT + "): ok");
})().catch((e) => fail(e && e.stack || String(e)));
`;
const HTTPTEST_ESM = `const FORMAT = "esm";\n${httptestBody(`await Promise.all([import("ts-csp-style"), import("ts-csp-style/testing"), import("ts-csp-style/http/httptest")])`)}`;
const HTTPTEST_CJS = `"use strict";\nconst FORMAT = "cjs";\n${httptestBody(`[require("ts-csp-style"), require("ts-csp-style/testing"), require("ts-csp-style/http/httptest")]`)}`;

const TYPES_MTS = `import { ${NAMES.join(", ")} } from "ts-csp-style";\nexport const names = [${NAMES.join(", ")}];\n`;
const TYPES_CTS = `import pkg = require("ts-csp-style");\nexport const names = [${NAMES.map((n) => `pkg.${n}`).join(", ")}];\n`;

const tmp = [];
let code = 0;
try {
  if (!existsSync(path.join(ROOT, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first");

  const packDir = mkdtempSync(path.join(os.tmpdir(), "ts-csp-style-pack-"));
  tmp.push(packDir);
  run(npm, ["pack", "--silent", "--pack-destination", packDir], ROOT);
  const tgz = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
  if (!tgz) throw new Error("npm pack produced no tarball");

  const proj = mkdtempSync(path.join(os.tmpdir(), "ts-csp-style-smoke-"));
  tmp.push(proj);
  writeFileSync(path.join(proj, "package.json"), JSON.stringify({ name: "smoke", version: "0.0.0", private: true }, null, 2));
  // The package has no runtime dependencies, so this needs no network.
  run(npm, ["install", path.join(packDir, tgz), "--offline", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"], proj);

  writeFileSync(path.join(proj, "check.mjs"), ESM);
  writeFileSync(path.join(proj, "check.cjs"), CJS);
  process.stdout.write(run(process.execPath, ["check.mjs"], proj));
  process.stdout.write(run(process.execPath, ["check.cjs"], proj));
  writeFileSync(path.join(proj, "mixed.mjs"), MIXED);
  process.stdout.write(run(process.execPath, ["mixed.mjs"], proj));
  writeFileSync(path.join(proj, "httptest.mjs"), HTTPTEST_ESM);
  writeFileSync(path.join(proj, "httptest.cjs"), HTTPTEST_CJS);
  process.stdout.write(run(process.execPath, ["httptest.mjs"], proj));
  process.stdout.write(run(process.execPath, ["httptest.cjs"], proj));
  cpSync(path.join(proj, "node_modules", "ts-csp-style"), path.join(proj, "node_modules", "ts-csp-style-copy"), { recursive: true });
  const copyPkg = path.join(proj, "node_modules", "ts-csp-style-copy", "package.json");
  writeFileSync(copyPkg, JSON.stringify({ ...JSON.parse(readFileSync(copyPkg, "utf8")), name: "ts-csp-style-copy" }));
  writeFileSync(path.join(proj, "two-copies.mjs"), TWO_COPIES);
  process.stdout.write(run(process.execPath, ["two-copies.mjs"], proj));

  // Type resolution through the exports map, for both conditions.
  writeFileSync(path.join(proj, "types.mts"), TYPES_MTS);
  writeFileSync(path.join(proj, "types.cts"), TYPES_CTS);
  // A consumer has DOM or Node types for AbortSignal (Context.signal); this one is a browser project.
  writeFileSync(
    path.join(proj, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022", "DOM"], types: [], strict: true, noEmit: true, skipLibCheck: false },
      files: ["types.mts", "types.cts"],
    }),
  );
  run(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], proj);
  console.log("smoke(types): ok");
} catch (e) {
  console.error(`smoke: FAILED\n${e && e.message ? e.message : e}`);
  code = 1;
} finally {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
}
console.log(code === 0 ? "smoke: passed" : "smoke: failed");
process.exit(code);
