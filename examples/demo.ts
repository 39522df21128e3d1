// `npm run demo`: the seeds' leaks, shown live by the runtime registry.
//
// Seed 004 (a select with a timeout protects the reader, not the writer):
// for the leaky get() and for Pattern 1 (capacity-1 channel), do what the
// seed's main does - print runtime.numGoroutine(), call get() 1000 times,
// sleep 3 s, print runtime.numGoroutine() again - then show where the
// leaked tasks are parked. Exits non-zero if the numbers are not the
// expected ones (leaky: 1000 left parked on `ch.send`; Pattern 1: none).
//
// Go's main calls get() sequentially, which takes 1000 x 500 ms = 500 s.
// Here the 1000 calls run concurrently: every call still times out after
// 500 ms and every producer still wakes at 2 s, so the counts are the same,
// and each variant finishes in about 3.5 s of real time. The example files
// keep the seed's durations unchanged.
//
// Differences from Go worth knowing: main is not a task here, so "before"
// is 0 rather than Go's 1; and Pattern 1 runs first, because the tasks the
// leaky version leaks never finish and would otherwise be counted in
// Pattern 1's "before".
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runtime, time } from "../src/index.js";
import * as buffered from "./seed004/get-buffered.js";
import * as leaky from "./seed004/get-leaky.js";

const CALLS = 1000;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const rel = (s: string): string => s.split(ROOT + path.sep).join("");

interface Row {
  variant: string;
  file: string;
  before: number;
  after: number;
  timeouts: number;
  parkedSends: number;
}

async function run(variant: string, file: string, get: () => Promise<[number, Error | null]>): Promise<Row> {
  const before = runtime.numGoroutine();
  process.stdout.write(`${variant.padEnd(28)} before: ${before}`);
  const results = await Promise.all(Array.from({ length: CALLS }, () => get()));
  const timeouts = results.filter(([v, err]) => v === 0 && err?.message === "timeout").length;
  await time.sleep(3 * time.Second);
  await runtime.gosched(); // let every woken producer reach its send
  const after = runtime.numGoroutine();
  process.stdout.write(`  ...  after: ${after}\n`);
  const parkedSends = runtime.parked().filter((op) => op.kind === "send" && op.site?.includes(file)).length;
  return { variant, file, before, after, timeouts, parkedSends };
}

runtime.setTracing(true); // task attribution and sites: blockedAt, createdAt, parked().site

console.log(`seed 004: a select with a timeout protects the reader, not the writer`);
console.log(`${CALLS} concurrent get() calls per variant, then time.sleep(3 * time.Second):`);

const fixed = await run("Pattern 1: chan<number>(1)", "get-buffered.ts", buffered.get);
const leak = await run("leaky: chan<number>()", "get-leaky.ts", leaky.get);
const rows = [leak, fixed];
console.log();

const table = [
  ["variant", "file", "before", "after", "timeouts", "parked sends"],
  ...rows.map((r) => [r.variant, `examples/seed004/${r.file}`, r.before, r.after, r.timeouts, r.parkedSends].map(String)),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
for (const row of table) console.log(row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));

const bySite = new Map<string, number>();
for (const op of runtime.parked()) {
  if (op.kind !== "send") continue;
  const site = rel(op.site ?? "(unknown site)");
  bySite.set(site, (bySite.get(site) ?? 0) + 1);
}
console.log(`\nruntime.parked(): ${[...bySite.values()].reduce((a, b) => a + b, 0)} parked sends, by site`);
for (const [site, n] of bySite) console.log(`  ${String(n).padStart(5)}  ${site}`);

const firstDump = runtime.stack().split("\n\n")[0] ?? "";
console.log(`\nruntime.stack(), first of ${runtime.numGoroutine()} blocks:\n${rel(firstDump)}\n`);

const leakySite = /examples\/seed004\/get-leaky\.ts:\d+:\d+/;
const checks: [string, boolean][] = [
  [`every get() returned the timeout error`, leak.timeouts === CALLS && fixed.timeouts === CALLS],
  [`leaky get() left ${CALLS} tasks`, leak.after - leak.before === CALLS],
  [`all ${CALLS} parked on ch.send in get-leaky.ts`, leak.parkedSends === CALLS && bySite.size === 1 && leakySite.test([...bySite.keys()][0] ?? "")],
  [`Pattern 1 left no task`, fixed.before === 0 && fixed.after === 0 && fixed.parkedSends === 0],
  [`the dump shows a task in [chan send] at get-leaky.ts`, /^goroutine \d+ \[chan send\]:/.test(firstDump) && leakySite.test(firstDump)],
];
for (const [what, ok] of checks) console.log(`${ok ? "ok  " : "FAIL"}  ${what}`);
const ok = checks.every(([, pass]) => pass);
console.log(ok ? "\ndemo: the leak and its fix behave as the seed says" : "\ndemo: FAILED");
process.exitCode = ok ? 0 : 1;
