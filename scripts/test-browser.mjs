#!/usr/bin/env node
// Browser test: bundle browser/specs.ts (the core plus a representative set of
// behaviour checks) with esbuild for the browser, serve it from a local
// node:http server on 127.0.0.1, run it in headless Chromium (Debian's
// `chromium` package, driven by playwright-core: no browser download), collect
// the results from the page and exit non-zero on any failure.
//
//   npm run test:browser                   (part of npm test)
//   CHROMIUM=/path/to/chrome npm run test:browser
//
// .ci/run installs chromium when it is missing.

import * as esbuild from "esbuild";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const TIMEOUT_MS = 50_000; // the whole run, launch included

const t0 = Date.now();
const say = (msg) => console.log(`browser: ${msg}`);
function die(msg) {
  console.error(`browser: FAILED: ${msg}`);
  process.exit(1);
}

if (!existsSync(CHROMIUM)) {
  die(
    `${CHROMIUM} not found. The browser test needs Debian's chromium package: run .ci/run, which installs it ` +
      `(or by hand: apt-get update && apt-get install -y --no-install-recommends chromium), ` +
      `or point CHROMIUM= at a Chromium/Chrome binary.`,
  );
}

// 1. Bundle: platform browser, format esm, nothing external. A `node:` import
//    anywhere in the graph is a build error (the core must not have one).
const bundle = await esbuild
  .build({
    entryPoints: [path.join(ROOT, "browser", "specs.ts")],
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    target: "es2022",
    sourcemap: "inline",
    logLevel: "silent",
    plugins: [
      {
        name: "no-node-builtins",
        setup(build) {
          build.onResolve({ filter: /^node:/ }, (args) => ({
            errors: [{ text: `"${args.path}" imported from ${path.relative(ROOT, args.importer)}: the core must not import Node builtins` }],
          }));
        },
      },
    ],
  })
  .catch((e) => die(`esbuild:\n${e.message}`));
const js = bundle.outputFiles[0].contents;
say(`bundled browser/specs.ts (${(js.length / 1024).toFixed(0)} KiB with inline sourcemap)`);

const HTML = `<!doctype html><meta charset="utf-8"><title>ts-csp-style browser specs</title><script type="module" src="/specs.js"></script>`;

// 2. Serve it on 127.0.0.1 (an ephemeral port).
const server = http.createServer((req, res) => {
  if (req.url === "/" || req.url === "/index.html") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(HTML);
  } else if (req.url === "/specs.js") {
    res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
    res.end(js);
  } else if (req.url === "/favicon.ico") {
    res.writeHead(204).end();
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

// 3. Run it in headless Chromium with a fresh profile.
const { chromium } = await import("playwright-core");
const profile = mkdtempSync(path.join(os.tmpdir(), "ts-csp-style-chromium-"));
let browser;
let code = 1;
const guard = setTimeout(() => {
  console.error(`browser: FAILED: no results within ${TIMEOUT_MS / 1000} s`);
  cleanup().finally(() => process.exit(1));
}, TIMEOUT_MS);

async function cleanup() {
  clearTimeout(guard);
  await browser?.close().catch(() => {});
  server.close();
  rmSync(profile, { recursive: true, force: true });
}

try {
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    timeout: 30_000,
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.stack || String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(`console.error: ${m.text()}`);
  });
  const version = browser.browser()?.version() ?? "?";
  await page.goto(url);
  await page.waitForFunction(() => globalThis.__cspResults !== undefined, null, { timeout: TIMEOUT_MS - 10_000 });
  const results = await page.evaluate(() => globalThis.__cspResults);

  let passed = 0;
  let failed = 0;
  for (const r of results) {
    if (r.ok) passed++;
    else failed++;
    console.log(`  ${r.ok ? "ok  " : "FAIL"} ${r.name} (${r.ms} ms)${r.ok ? "" : `\n       ${r.error.replace(/\n/g, "\n       ")}`}`);
  }
  if (pageErrors.length > 0) {
    failed++;
    console.log(`  FAIL uncaught errors in the page:\n       ${pageErrors.join("\n       ")}`);
  }
  if (results.length === 0) failed++;
  say(`Chromium ${version}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  say(`${passed} passed, ${failed} failed`);
  code = failed === 0 ? 0 : 1;
} catch (e) {
  console.error(`browser: FAILED: ${e && e.stack ? e.stack : e}`);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
