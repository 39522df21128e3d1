#!/usr/bin/env node
// The demo's report page in headless Chromium: generate demo-report.html
// into a temp dir with the demo itself (tsx examples/demo.ts --report <tmp>),
// open it over file:// in Debian's chromium driven by playwright-core (no
// browser download, fresh profile, no network), and check that every chart
// renders both series: a leaky polyline and at least one fixed polyline,
// each with data points and a drawn, non-empty box; that the page loads
// nothing from anywhere; and that its inline script ran without errors.
//
//   npm run test:report          (part of npm test)
//   CHROMIUM=/path/to/chrome npm run test:report
//
// .ci/run installs chromium when it is missing.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const EXPECTED_CHARTS = ["000", "002", "004/get", "004/first", "004/poll"];

const say = (msg) => console.log(`report: ${msg}`);
function die(msg) {
  console.error(`report: FAILED: ${msg}`);
  process.exit(1);
}

if (!existsSync(CHROMIUM)) {
  die(`${CHROMIUM} not found. The report test needs Debian's chromium package: run .ci/run, which installs it, or point CHROMIUM= at a Chromium/Chrome binary.`);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "ts-csp-style-report-"));
const profile = path.join(tmp, "profile");
const file = path.join(tmp, "demo-report.html");
let browser;
let code = 1;
const guard = setTimeout(() => {
  console.error("report: FAILED: no result within 60 s");
  process.exit(1);
}, 60_000);

try {
  // 1. The demo writes the page (and checks the seeds' numbers itself).
  const out = execFileSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "examples", "demo.ts"), "--requests", "20", "--json", "--report", file], { cwd: ROOT, encoding: "utf8" });
  const summary = JSON.parse(out);
  if (!summary.ok) die(`the demo's own checks failed: ${summary.checks.filter((c) => !c.ok).map((c) => c.what).join("; ")}`);
  const html = readFileSync(file, "utf8");
  if (/<script[^>]+src=|<link[^>]+href=|https?:\/\//.test(html.replace(/<script type="application\/json"[\s\S]*?<\/script>/g, ""))) die("the page references something outside itself");
  say(`demo wrote ${path.basename(file)} (${(html.length / 1024).toFixed(0)} KiB)`);

  // 2. Open it in headless Chromium.
  const { chromium } = await import("playwright-core");
  browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 30_000 });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const errors = [];
  const requests = [];
  page.on("pageerror", (e) => errors.push(e.stack || String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(`console.error: ${m.text()}`));
  page.on("request", (r) => r.url() !== pathToFileURL(file).href && requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await page.waitForFunction(() => document.body.dataset.charts !== undefined, null, { timeout: 10_000 });

  // 3. Every chart, both series, really drawn.
  if (process.env.REPORT_SCREENSHOT) await page.screenshot({ path: process.env.REPORT_SCREENSHOT, fullPage: true });
  const charts = await page.evaluate(() =>
    [...document.querySelectorAll("svg[data-chart]")].map((svg) => ({
      id: svg.dataset.chart,
      box: (({ width, height }) => ({ width, height }))(svg.getBoundingClientRect()),
      series: [...svg.querySelectorAll("polyline[data-series]")].map((pl) => {
        const b = pl.getBBox();
        return { id: pl.dataset.series, variant: pl.dataset.variant, points: pl.points.numberOfItems, declared: Number(pl.dataset.points), last: Number(pl.dataset.last), width: b.width, height: b.height, stroke: getComputedStyle(pl).stroke };
      }),
    })),
  );
  // hover works: the inline script fills the readout
  await page.hover('svg[data-chart="004/get"]', { position: { x: 300, y: 100 } });
  const readout = await page.textContent('svg[data-chart="004/get"] .readout');

  const problems = [];
  const ids = charts.map((c) => c.id);
  if (JSON.stringify(ids) !== JSON.stringify(EXPECTED_CHARTS)) problems.push(`charts ${JSON.stringify(ids)}, expected ${JSON.stringify(EXPECTED_CHARTS)}`);
  for (const c of charts) {
    const leaky = c.series.filter((s) => s.variant === "leaky");
    const fixed = c.series.filter((s) => s.variant === "fixed");
    if (leaky.length !== 1 || fixed.length < 1) problems.push(`${c.id}: ${leaky.length} leaky and ${fixed.length} fixed series`);
    if (c.box.width <= 0 || c.box.height <= 0) problems.push(`${c.id}: not laid out`);
    for (const s of c.series) {
      if (s.points < 2 || s.points !== s.declared) problems.push(`${c.id} ${s.id}: ${s.points} points drawn, ${s.declared} declared`);
      if (s.width <= 0) problems.push(`${c.id} ${s.id}: empty drawing`);
      if (s.stroke === "none" || s.stroke === "") problems.push(`${c.id} ${s.id}: no stroke`);
    }
    // the leak shows: the leaky series ends above every fix
    for (const f of fixed) if (!(leaky[0]?.last > f.last)) problems.push(`${c.id}: leaky ends at ${leaky[0]?.last}, ${f.id} at ${f.last}`);
    say(`${c.id}: ${c.series.map((s) => `${s.id} (${s.variant}, ${s.points} points)`).join(", ")}`);
  }
  if (!readout || !/^t=\d+ ms/.test(readout)) problems.push(`hover readout is ${JSON.stringify(readout)}`);
  if (errors.length) problems.push(`page errors:\n  ${errors.join("\n  ")}`);
  if (requests.length) problems.push(`the page requested: ${requests.join(", ")}`);
  say(`Chromium ${browser.browser()?.version() ?? "?"}: ${charts.length} charts, ${charts.reduce((n, c) => n + c.series.length, 0)} series`);
  if (problems.length) {
    for (const p of problems) console.error(`  FAIL ${p}`);
    code = 1;
  } else {
    say("every chart renders its leaky and its fixed series");
    code = 0;
  }
} catch (e) {
  console.error(`report: FAILED: ${e && e.stack ? e.stack : e}`);
  code = 1;
} finally {
  clearTimeout(guard);
  await browser?.close().catch(() => {});
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
