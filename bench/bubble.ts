// `npm run bench:bubble`: node --expose-gc --import ./bench/loader/register.mjs bench/bubble.ts
//
// What a synctest bubble costs (issue 16): Pike's daisy chain of 4k, 16k and
// 100k tasks outside a bubble, with tracing off and on, and as a bubble's
// main task; and 100 tasks sleeping 1,000 times 1 ms of virtual time. Prints
// the table and rewrites only the "synctest bubbles" section of
// BENCHMARKS.md, between the markers below; `npm run bench` writes the same
// section in its full run (bench/index.ts).
//
// A bubble always traces: AsyncLocalStorage is how it tells its tasks
// apart. So the program is measured outside a bubble both ways. Tracing off
// is what the program costs in production; tracing on is what it costs in a
// test runner, which traces by default, and isolates what the bubble itself
// adds. On Node 20 and 22, once an AsyncLocalStorage has run the process
// keeps promise hooks on and every promise is dearer: the tracing-off runs
// therefore come first, before anything has run in a bubble or traced.

import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as library from "../src/index.js";
import * as testing from "../src/testing/index.js";
import * as c from "./cases.js";
import { alternated, check, forceGc, median, type Sample } from "./harness.js";
import { SECTION_END, withSection } from "./nodes.js";

export const BUBBLE_START = "<!-- bench:bubble:start -->";
export const BUBBLE_END = "<!-- bench:bubble:end -->";

/** Chain sizes, and measured runs at each (after one warm-up): the big one is slow. */
export const CHAIN_RUNS: readonly (readonly [number, number])[] = [
  [4_000, 9],
  [16_000, 7],
  [100_000, 5],
];
const SLEEPERS = { tasks: 100, sleeps: 1000, runs: 5 };

/** One run: wall-clock and CPU milliseconds. */
interface Timing {
  wall: number;
  cpu: number;
}

export interface ChainRow {
  n: number;
  /** Medians of the runs outside a bubble, tracing off. */
  off: Timing;
  /** Medians outside a bubble, tracing on. */
  on: Timing;
  /** Medians with the chain as a bubble's main task. */
  inside: Timing;
  /** Median of the per-round wall ratios inside ÷ tracing on, the two run back to back. */
  insideOverOn: number;
}

export interface BubbleRun {
  node: string;
  date: string;
  load: string;
  chains: ChainRow[];
  sleepers: Timing & { tasks: number; sleeps: number };
}

/** Time `run` as wall and CPU milliseconds, from a full collection. */
async function timed(run: () => Promise<Sample>): Promise<Timing> {
  forceGc();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function medianOf(ts: Timing[]): Timing {
  return { wall: median(ts.map((t) => t.wall)), cpu: median(ts.map((t) => t.cpu)) };
}

async function repeat(runs: number, run: () => Promise<Sample>): Promise<Timing> {
  await timed(run);
  const out: Timing[] = [];
  for (let i = 0; i < runs; i++) out.push(await timed(run));
  return medianOf(out);
}

const chainOutside = (n: number) => () => c.daisyChain(n);
const chainInside = (n: number) => () => c.daisyChainInBubble(n, testing);

function withTracing(on: boolean, run: () => Promise<Sample>): () => Promise<Sample> {
  return async () => {
    const prev = library.runtime.setTracing(on);
    try {
      return await run();
    } finally {
      library.runtime.setTracing(prev);
    }
  };
}

/**
 * Phase one, before any AsyncLocalStorage has run in the process: each
 * chain outside a bubble with tracing off.
 */
export async function measureUntraced(log: (s: string) => void): Promise<Map<number, Timing>> {
  const out = new Map<number, Timing>();
  for (const [n, runs] of CHAIN_RUNS) {
    const t = await repeat(runs, withTracing(false, chainOutside(n)));
    out.set(n, t);
    log(`  daisy chain ${String(n).padStart(7)} outside, tracing off   ${t.wall.toFixed(0).padStart(6)} ms (cpu ${t.cpu.toFixed(0)} ms)`);
  }
  return out;
}

/**
 * Phase two: each chain outside with tracing on and inside a bubble, in
 * rounds that run the two back to back (alternating which goes first), so a
 * loaded machine's drift falls on both; then the sleepers.
 */
export async function measureTraced(untraced: Map<number, Timing>, log: (s: string) => void): Promise<BubbleRun> {
  const chains: ChainRow[] = [];
  for (const [n, runs] of CHAIN_RUNS) {
    const on = withTracing(true, chainOutside(n));
    const inside = chainInside(n);
    await timed(on);
    await timed(inside);
    const pairs = await alternated(runs, () => timed(on), () => timed(inside));
    const row: ChainRow = {
      n,
      off: untraced.get(n)!,
      on: medianOf(pairs.map(([a]) => a)),
      inside: medianOf(pairs.map(([, b]) => b)),
      insideOverOn: median(pairs.map(([a, b]) => b.wall / a.wall)),
    };
    chains.push(row);
    log(`  daisy chain ${String(n).padStart(7)} outside, tracing on    ${row.on.wall.toFixed(0).padStart(6)} ms (cpu ${row.on.cpu.toFixed(0)} ms)`);
    log(`  daisy chain ${String(n).padStart(7)} inside a bubble        ${row.inside.wall.toFixed(0).padStart(6)} ms (cpu ${row.inside.cpu.toFixed(0)} ms); inside ÷ off ${(row.inside.wall / row.off.wall).toFixed(2)}x, inside ÷ on ${row.insideOverOn.toFixed(2)}x`);
  }
  const s = await repeat(SLEEPERS.runs, () => c.sleepersInBubble(SLEEPERS.tasks, SLEEPERS.sleeps, testing));
  log(`  ${SLEEPERS.tasks} tasks x ${SLEEPERS.sleeps} sleeps of 1 ms in a bubble ${s.wall.toFixed(0).padStart(6)} ms (cpu ${s.cpu.toFixed(0)} ms)`);
  return {
    node: process.version,
    date: new Date().toISOString(),
    load: os.loadavg().map((x) => x.toFixed(2)).join(" "),
    chains,
    sleepers: { ...s, tasks: SLEEPERS.tasks, sleeps: SLEEPERS.sleeps },
  };
}

const ms = (t: number): string => `${t.toFixed(0)} ms`;
const x = (r: number): string => `${r.toFixed(2)}x`;

/** The "synctest bubbles" section of BENCHMARKS.md, markers included. */
export function renderBubbles(r: BubbleRun): string {
  const row = (n: number) => r.chains.find((ch) => ch.n === n);
  const table = [
    "| tasks | outside, tracing off | outside, tracing on | inside a bubble | inside ÷ tracing off | inside ÷ tracing on (interleaved) | CPU: inside ÷ tracing off | CPU: inside ÷ tracing on |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...r.chains.map(
      (ch) =>
        `| ${ch.n.toLocaleString("en-US")} | ${ms(ch.off.wall)} | ${ms(ch.on.wall)} | ${ms(ch.inside.wall)} | ${x(ch.inside.wall / ch.off.wall)} | ${x(ch.insideOverOn)} | ${x(ch.inside.cpu / ch.off.cpu)} | ${x(ch.inside.cpu / ch.on.cpu)} |`,
    ),
  ].join("\n");
  const scale = (a: number, b: number): string => {
    const ra = row(a);
    const rb = row(b);
    return ra && rb ? `${x(rb.inside.wall / ra.inside.wall)} for ${x(b / a)} the tasks` : "n/a";
  };
  const s = r.sleepers;
  const perSleep = (s.wall * 1000) / (s.tasks * s.sleeps);
  return [
    BUBBLE_START,
    "## synctest bubbles",
    "",
    `\`npm run bench:bubble\` (\`bench/bubble.ts\`; \`npm run bench\` writes this section too): Node ${r.node}, ${r.date}, load average ${r.load}. Pike's daisy chain: n tasks in a row, each receiving from the channel on its left and sending one more to the channel on its right; one value goes in at the left end. Timed from making the first channel to the value leaving the right end (inside a bubble, around the whole \`synctest.test\`). Medians of ${CHAIN_RUNS.map(([n, runs]) => `${runs} runs at ${n / 1000}k`).join(", ")}, each after a full collection and one warm-up; wall-clock time, and CPU time of the process beside it, which a loaded machine inflates less.`,
    "",
    "A bubble always traces (AsyncLocalStorage tells its tasks apart, and its deadlock dumps show sites), so the chain is measured outside a bubble both ways. Tracing off is the program in production, measured first, before anything in the process has used AsyncLocalStorage; tracing on is the program in a test runner, which traces by default, and the ratio to it is what the bubble itself adds (its counters, its driver, and its run queue, which resumes woken tasks one at a time, each running until it blocks). That ratio comes from rounds that run the two back to back.",
    "",
    table,
    "",
    `- Scaling inside a bubble: 4k → 16k ${scale(4_000, 16_000)}; 16k → 100k ${scale(16_000, 100_000)}. The driver counts its running tasks as they start, park, wake and exit, and decides only when a change may have blocked the bubble, so a chain costs it a handful of steps, not one per host turn (spec/testing/bubble-events.spec.ts). The polling driver before it scanned every task on every host turn: on this machine, Node 20.20, loaded, it took 300 ms at 4k, 836 ms at 16k, and did not finish 100k within 395 s (the issue measured 139 s).`,
    `- ${s.tasks} tasks each sleeping ${s.sleeps} times 1 ms of virtual time: ${ms(s.wall)} (CPU ${ms(s.cpu)}), ${perSleep.toFixed(1)} µs per sleep. Each virtual millisecond wakes ${s.tasks} sleepers; the driver takes one step per instant, and the run queue resumes them one after another without a host turn between. Before, with the polling driver and a host turn per resumed task: 1.1–1.4 s on Node 24.22 here, 2.2–4.7 s on Node 20.20 under load.`,
    "- Where a bubble's cost over tracing off goes, measured by hand on 2026-12-06 (Node 24.22, a 100k chain, CPU time, medians of 3 runs, twice; a copy of the tree with site capture stubbed out beside the tree itself): tracing off 0.53–0.57 s; tracing on without sites (attribution through AsyncLocalStorage, the registry's shadows) 0.97–1.01 s; a bubble without sites 0.99–1.16 s; tracing on 1.67–1.71 s; a bubble, as shipped, 1.96–1.99 s. What a bubble needs is attribution: it tells its tasks apart by it, and its counters live on the traced side of a task. Site capture (a stack trace at every `go` and every park, about 4 µs each, for the deadlock dumps and `runtime.goroutines()`) is what takes a bubble past 2x tracing off; without it a bubble costs 1.8–2.1x tracing off. The polling driver and the run queue's host turn per resumed task (before this change, 0.7 s of CPU per 100k hops) no longer show.",
    BUBBLE_END,
  ].join("\n");
}

/**
 * BENCHMARKS.md's text with its synctest-bubbles section replaced; in a file
 * that has none yet, placed where `npm run bench` puts it, after "Across
 * Node versions" (else at the end).
 */
export function withBubbles(md: string, section: string): string {
  const across = md.indexOf(SECTION_END);
  if (!md.includes(BUBBLE_START) && across >= 0) {
    const at = across + SECTION_END.length;
    return `${md.slice(0, at)}\n\n${section}${md.slice(at)}`;
  }
  return withSection(md, BUBBLE_START, BUBBLE_END, section);
}

async function main(): Promise<void> {
  const log = (s: string) => console.log(s);
  const prev = library.runtime.setTracing(false);
  console.log(`synctest bubbles — Node ${process.version}; load average ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`);
  const untraced = await measureUntraced(log);
  const run = await measureTraced(untraced, log);
  library.runtime.setTracing(prev);
  check(run.chains.length === CHAIN_RUNS.length, "bench/bubble: a chain size is missing");
  const out = join(dirname(fileURLToPath(import.meta.url)), "..", "BENCHMARKS.md");
  writeFileSync(out, withBubbles(readFileSync(out, "utf8"), renderBubbles(run)));
  console.log(`updated the "synctest bubbles" section of ${out}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
