// Benchmarks across Node versions.
//
// Every `npm run bench` saves what it measured as bench/results/node<major>.json.
// BENCHMARKS.md is written in full only by a run on the headline Node (the
// one most users run); a run on any other Node rewrites only the section
// between the markers below, so the file always holds one headline run and,
// beside it, the latest run on each other Node. `npm run bench:nodes` runs
// the bench on every pinned Node (scripts/runtimes.mjs), headline last.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmtRate } from "./harness.js";

/** The Node whose run is the headline: the active LTS line most users run. */
export const HEADLINE_MAJOR = 24;
export const SECTION_START = "<!-- bench:nodes:start -->";
export const SECTION_END = "<!-- bench:nodes:end -->";

/** What one run keeps for the comparison: medians by case and column, and the interleaved ratios. */
export interface NodeRun {
  node: string;
  date: string;
  load: string;
  seconds: number;
  /** case id → column ("raw", "api", "lib", a peer key) → median */
  medians: Record<string, Record<string, number>>;
  units: Record<string, "ops/s" | "bytes">;
  /** Interleaved ratios (medians of per-run ratios): library ÷ raw floor and the like. */
  ratios: Record<string, number>;
}

export function majorOf(version: string): number {
  return Number(/^v?(\d+)/.exec(version)?.[1] ?? NaN);
}

export function saveRun(dir: string, run: NodeRun): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `node${majorOf(run.node)}.json`);
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  return file;
}

/**
 * The interleaved comparison (scripts/bench-nodes.mjs --interleaved): per
 * shape and Node, the median and quartiles over rounds of that Node's
 * median ÷ the headline Node's median in the same round.
 */
export interface Interleaved {
  date: string;
  rounds: number;
  nodes: string[];
  /** shape → node version → side ("lib" or "raw") → ratio to the headline */
  ratios: Record<string, Record<string, Record<string, { median: number; q1: number; q3: number }>>>;
  units: Record<string, "ops/s" | "bytes">;
}

export function loadInterleaved(dir: string): Interleaved | undefined {
  const file = join(dir, "interleaved.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Interleaved) : undefined;
}

export function loadRuns(dir: string): NodeRun[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^node\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as NodeRun)
    .sort((a, b) => majorOf(a.node) - majorOf(b.node));
}

/** The rows compared across versions: [case id, column, label]. */
const ROWS: [string, string, string][] = [
  ["pp", "lib", "1. ping-pong, library (round trips/s)"],
  ["pp", "raw", "1. ping-pong, raw floor"],
  ["buf", "lib", "2. buffered(128), library (values/s)"],
  ["buf", "raw", "2. buffered(128), raw floor"],
  ["sel", "lib", "3. select vs 1 s timeout, library (iterations/s)"],
  ["fan", "lib", "4. fan-in 100→1, library (values/s)"],
  ["mem-own", "lib", "5. memory per task parked on its own chan, library"],
  ["mem-own", "raw", "5. memory per task parked on its own chan, raw floor"],
  ["mem-shared", "lib", "5. memory per task parked on a shared chan, library"],
  ["wake-close-100000", "lib", "6. wake 100k by close(), library (tasks/s)"],
  ["wake-send-100000", "lib", "6. wake 100k by send, library (tasks/s)"],
];

const RATIO_ROWS: [string, string][] = [
  ["ppRaw", "ping-pong: library ÷ raw floor (interleaved)"],
  ["ppApiRaw", "ping-pong: API floor ÷ raw floor (interleaved)"],
  ["bufRaw", "buffered: library ÷ raw floor (interleaved)"],
  ["fullBare", "ping-pong: library with the registry and fairness stubbed out ÷ library (what they cost)"],
  ["ppTracing", "ping-pong: tracing off ÷ tracing on (medians)"],
];

const SHAPE_NAMES: Record<string, string> = {
  pp: "1. ping-pong",
  buf: "2. buffered(128)",
  sel: "3. select vs 1 s timeout",
  fan: "4. fan-in 100→1",
  "wake-close": "6. wake 100k by close()",
  "wake-send": "6. wake 100k by send",
  "mem-own": "5. memory per task parked on its own chan",
  "mem-shared": "5. memory per task parked on a shared chan",
};

function interleavedTable(il: Interleaved): string {
  const others = il.nodes.filter((n) => majorOf(n) !== HEADLINE_MAJOR);
  const head = ["shape", ...others.flatMap((n) => [`library, Node ${n}`, `raw floor, Node ${n}`])];
  const q = (r: { median: number; q1: number; q3: number } | undefined) => (r ? `${r.median.toFixed(2)}x (${r.q1.toFixed(2)}–${r.q3.toFixed(2)})` : "");
  const rows = Object.keys(il.ratios).map((shape) => [SHAPE_NAMES[shape] ?? shape, ...others.flatMap((n) => [q(il.ratios[shape]?.[n]?.lib), q(il.ratios[shape]?.[n]?.raw)])]);
  return [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

/** The markdown section comparing the saved runs, each against the headline. */
export function renderAcross(runs: NodeRun[], il?: Interleaved): string {
  const head = runs.find((r) => majorOf(r.node) === HEADLINE_MAJOR);
  const label = (r: NodeRun) => `Node ${r.node}${majorOf(r.node) === HEADLINE_MAJOR ? " (headline)" : ""}`;
  const cell = (r: NodeRun, id: string, col: string): string => {
    const v = r.medians[id]?.[col];
    if (v === undefined) return "";
    const text = r.units[id] === "bytes" ? `${v.toFixed(0)} B` : fmtRate(v);
    const h = head?.medians[id]?.[col];
    if (!head || r === head || h === undefined) return text;
    return `${text} (${(v / h).toFixed(2)}x)`;
  };
  const rows = ROWS.filter(([id, col]) => runs.some((r) => r.medians[id]?.[col] !== undefined)).map(([id, col, name]) => [name, ...runs.map((r) => cell(r, id, col))]);
  const ratioRows = RATIO_ROWS.filter(([k]) => runs.some((r) => r.ratios[k] !== undefined)).map(([k, name]) => [name, ...runs.map((r) => (r.ratios[k] === undefined ? "" : `${r.ratios[k]!.toFixed(2)}x`))]);
  const table = (h: string[], body: string[][]) => [`| ${h.join(" | ")} |`, `| ${h.map(() => "---").join(" | ")} |`, ...body.map((b) => `| ${b.join(" | ")} |`)].join("\n");
  const cols = ["", ...runs.map(label)];
  return [
    SECTION_START,
    "## Across Node versions",
    "",
    `The same bench on each Node the project supports, one process per Node on this machine, one after another (\`npm run bench:nodes\`). The sections above are the Node ${HEADLINE_MAJOR} run. In parentheses: that Node's median ÷ Node ${HEADLINE_MAJOR}'s (for rates above 1 is faster, for bytes below 1 is smaller). Runs: ${runs.map((r) => `Node ${r.node} on ${r.date.slice(0, 10)}, ${r.seconds.toFixed(0)} s, load ${r.load}`).join("; ")}.`,
    "",
    table(cols, rows),
    "",
    "Ratios from interleaved runs within each process, which the machine's drift between processes does not touch:",
    "",
    table(cols, ratioRows),
    ...(il
      ? [
          "",
          `The medians above come from processes minutes apart, and the machine drifts by tens of percent in that time. The comparison to trust is interleaved: ${il.rounds} rounds, each a fresh process per Node one after another (the order rotating every round), each process measuring every shape on the library and the raw floor (one warm-up and three runs, the median kept; \`bench/node-round.ts\`). Below, per shape, the median over rounds of that Node's figure ÷ Node ${HEADLINE_MAJOR}'s in the same round, with quartiles (${il.date.slice(0, 10)}; rates: above 1 is faster than Node ${HEADLINE_MAJOR}; bytes: below 1 is smaller):`,
          "",
          interleavedTable(il),
        ]
      : []),
    SECTION_END,
  ].join("\n");
}

/**
 * `md` with the text from marker `start` to marker `end` replaced by
 * `section` (which carries both markers), or with `section` appended when
 * the markers are not both there in order: how a run that measures only
 * part of BENCHMARKS.md rewrites its own section and leaves the rest.
 */
export function withSection(md: string, start: string, end: string, section: string): string {
  const a = md.indexOf(start);
  const b = md.indexOf(end);
  if (a < 0 || b < a) return `${md.trimEnd()}\n\n${section}\n`;
  return md.slice(0, a) + section + md.slice(b + end.length);
}

/** Replaces the across-versions section of a BENCHMARKS.md text, or appends it. */
export function withAcross(md: string, section: string): string {
  return withSection(md, SECTION_START, SECTION_END, section);
}

// `node --import ./bench/loader/register.mjs bench/nodes.ts`: re-render the
// section from bench/results/ (scripts/bench-nodes.mjs --interleaved does).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const here = dirname(fileURLToPath(import.meta.url));
  const out = join(here, "..", "BENCHMARKS.md");
  const dir = join(here, "results");
  writeFileSync(out, withAcross(readFileSync(out, "utf8"), renderAcross(loadRuns(dir), loadInterleaved(dir))));
  console.log(`updated the "Across Node versions" section of ${out}`);
}
