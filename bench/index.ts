// `npm run bench`: node --expose-gc --import ./bench/loader/register.mjs bench/index.ts
//
// Every shape runs on the library (src/, type-stripped by bench/loader as a
// user's compiler would, without tsx's keepNames), on the
// raw-promise floor of bench/raw.ts, and on each peer of bench/peers/ (other
// JavaScript channel libraries, and Go when it is on the PATH), side by side
// in the same process. Each case checks its own result and throws if it is
// wrong. Then CPU profiles and a per-parked-task memory breakdown of the
// library (bench/profile/). Prints the tables and overwrites BENCHMARKS.md.

import { buildPair } from "./bare.js";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as library from "../src/index.js";
const { runtime } = library;
import * as c from "./cases.js";
import { fmtRate, fmtValue, interleaved, measure, paired, type CaseSpec, type Options, type PairedRatio, type Row, type Sample } from "./harness.js";
import { drainHostTimers } from "./hosttimers.js";
import { effectQueue } from "./peers/effect.js";
import { goPeer } from "./peers/go.js";
import { jsCsp } from "./peers/js-csp.js";
import { thingCsp } from "./peers/thing-csp.js";
import { tsChan } from "./peers/ts-chan.js";
import { isNA, type Impl, type Maybe, type Peer } from "./peers/types.js";
import { memoryBreakdown, SCENARIOS, type Breakdown } from "./profile/memory.js";
import { queueLayouts, type LayoutRow } from "./profile/layout.js";
import { profileAll, type ProfileSummary } from "./profile/run.js";
import { measureTraced, measureUntraced, renderBubbles } from "./bubble.js";
import { HEADLINE_MAJOR, loadInterleaved, loadRuns, majorOf, renderAcross, saveRun, withAcross, type NodeRun } from "./nodes.js";

const PING_N = c.SIZE.ping;
const TRACE_N = 10_000;
const BUF_N = c.SIZE.buf;
const BUF_CAP = c.SIZE.bufCap;
const SELECT_N = c.SIZE.select;
const FAN_N = c.SIZE.fan;
const FAN_P = c.SIZE.fanProducers;
const PARK_K = c.SIZE.park;
/** Tasks in the heap-snapshot breakdown: a snapshot of 100k parked tasks is a few hundred MB of JSON. */
const BREAKDOWN_K = 20_000;
/** Interleaved rounds for the targets that are ratios (harness.paired). */
// Ratios to the floors and to the stubbed build: short runs alternated one
// by one (harness.interleaved), fine enough to tell a few percent apart.
const CHUNKS = 200;
/** Interleaved rounds against a peer: fewer, as a peer's run can take seconds. */
const PEER_PAIR_ROUNDS = 7;
// Bytes per task barely vary between runs (spread < 1%), and each run is slow.
// No warm-up: the first run allocates nothing extra that the next ones do not.
const MEM_OPTS = { runs: 3, warmup: 0 };
const WAKE_KS = [10_000, 50_000, c.SIZE.wake];
/** Peers run fewer times than the library: several are slow, and the point is the ratio. */
const PEER_OPTS: Partial<Options> = { runs: 3, warmup: 1 };
/** Go's bytes per parked goroutine, from issue 8, when Go is not here to measure it. */
const GO_PARKED_BYTES_ISSUE = 2600;

const G1 = "1. unbuffered ping-pong";
const G2 = `2. buffered(${BUF_CAP}) prod/cons`;
const G3 = "3. select vs 1 s timeout";
const G4 = `4. fan-in ${FAN_P}->1 unbuffered`;
const G5 = "5. memory per parked task";
const G6 = "6. wake parked on one chan";
const ORDER = [G1, G2, G3, G4, G5, G6];

/** One measured cell of the comparison: a shape (case) on one implementation. */
interface CaseDef {
  id: string;
  group: string;
  /** Sub-case, e.g. "own chan" or "100k, close()". */
  sub: string;
  n: number;
  unit: Row["unit"];
  what: string;
}

interface Result {
  def: CaseDef;
  /** Column: "raw", "lib", a ref key, or a peer key. */
  col: string;
  label: string;
  impl: Row["impl"];
  row?: Row;
  na?: string;
}

const API_FLOOR = "ref: API floor ([v, ok] results, watched tasks)";

const PEERS: Peer[] = [tsChan(false), tsChan(true), jsCsp(), thingCsp(), effectQueue(), goPeer()];
/** The JavaScript peers: "best peer" is the best of these (Go is an anchor, not a peer to beat). */
const JS_PEERS = PEERS.filter((p) => p.key !== "go");

const CASES = {
  pp: { id: "pp", group: G1, sub: "", n: PING_N, unit: "ops/s", what: "round trips" },
  buf: { id: "buf", group: G2, sub: "", n: BUF_N, unit: "ops/s", what: "values" },
  sel: { id: "sel", group: G3, sub: "", n: SELECT_N, unit: "ops/s", what: "iterations" },
  fan: { id: "fan", group: G4, sub: "", n: FAN_N, unit: "ops/s", what: "values" },
  memOwn: { id: "mem-own", group: G5, sub: "each on its own chan", n: PARK_K, unit: "bytes", what: "per task" },
  memShared: { id: "mem-shared", group: G5, sub: "all on one shared chan", n: PARK_K, unit: "bytes", what: "per task" },
} satisfies Record<string, CaseDef>;

function wakeDef(k: number, by: "close" | "send"): CaseDef {
  return { id: `wake-${by}-${k}`, group: G6, sub: `${k / 1000}k tasks, ${by === "close" ? "close()" : `send ${k / 1000}k values`}`, n: k, unit: "ops/s", what: "tasks" };
}

interface Planned {
  def: CaseDef;
  col: string;
  label: string;
  impl: Row["impl"];
  spec?: CaseSpec;
  na?: string;
  /** Runs after everything else (see plan()). */
  late?: boolean;
}

function spec(def: CaseDef, col: string, label: string, impl: Row["impl"], run: () => Promise<Sample>, opts?: Partial<Options>, n?: number, between?: () => Promise<void>): Planned {
  return {
    def,
    col,
    label,
    impl,
    spec: { group: def.group + (def.sub ? ` / ${def.sub}` : ""), label, impl, n: n ?? def.n, unit: def.unit, what: def.what, key: `${def.id}:${col}`, opts, run, between },
  };
}

function peerPlan<A extends unknown[]>(def: CaseDef, p: Peer, m: Maybe<A>, args: (n: number) => A, extraOpts?: Partial<Options>, before?: () => Promise<void>): Planned {
  if (isNA(m)) return { def, col: p.key, label: p.label, impl: "peer", na: m.na };
  const impl = m as Impl<A>;
  const n = impl.n ?? def.n;
  const run = before
    ? async () => {
        await before();
        return impl.run(...args(n));
      }
    : () => impl.run(...args(n));
  return spec(def, p.key, p.label, "peer", run, { ...PEER_OPTS, ...impl.opts, ...extraOpts }, n);
}

/** Let every timer a previous select run armed fire first, so each run starts from empty timer queues. */
async function drainAll(): Promise<void> {
  await c.drainTimers();
  await drainHostTimers();
}


function plan(): Planned[] {
  const out: Planned[] = [];
  const d = CASES;
  out.push(
    spec(d.pp, "raw", "raw-promise floor", "raw", () => c.pingPongRaw(PING_N)),
    spec(d.pp, "api", "ref: API floor (raw channel answering [v, ok])", "ref", () => c.pingPongApiFloor(PING_N)),
    spec(d.pp, "lib", "library go() tasks", "lib", () => c.pingPongLib(PING_N)),
  );
  for (const p of PEERS) out.push(peerPlan(d.pp, p, p.pingPong, (n) => [n] as [number]));

  out.push(spec(d.buf, "raw", "raw-promise floor", "raw", () => c.bufferedRaw(BUF_N, BUF_CAP)), spec(d.buf, "lib", "library go() tasks", "lib", () => c.bufferedLib(BUF_N, BUF_CAP)));
  for (const p of PEERS) out.push(peerPlan(d.buf, p, p.buffered, (n) => [n, BUF_CAP] as [number, number]));

  out.push(spec(d.fan, "raw", "raw-promise floor", "raw", () => c.fanInRaw(FAN_N, FAN_P)), spec(d.fan, "lib", "library go() tasks", "lib", () => c.fanInLib(FAN_N, FAN_P)));
  for (const p of PEERS) out.push(peerPlan(d.fan, p, p.fanIn, (n) => [n, FAN_P] as [number, number]));

  out.push(
    spec(d.memOwn, "raw", "raw async fn + raw chan", "raw", () => c.parkedMemoryRaw(PARK_K, false), MEM_OPTS),
    spec(d.memOwn, "api", API_FLOOR, "ref", () => c.parkedMemoryRaw(PARK_K, false, "api"), MEM_OPTS),
    spec(d.memOwn, "lib", "library go() tasks", "lib", () => c.parkedMemoryLib(PARK_K, false), MEM_OPTS),
  );
  for (const p of PEERS) out.push(peerPlan(d.memOwn, p, p.memOwn, (k) => [k] as [number]));
  out.push(
    spec(d.memShared, "raw", "raw async fn + raw chan", "raw", () => c.parkedMemoryRaw(PARK_K, true), MEM_OPTS),
    spec(d.memShared, "api", API_FLOOR, "ref", () => c.parkedMemoryRaw(PARK_K, true, "api"), MEM_OPTS),
    spec(d.memShared, "lib", "library go() tasks", "lib", () => c.parkedMemoryLib(PARK_K, true), MEM_OPTS),
  );
  for (const p of PEERS) out.push(peerPlan(d.memShared, p, p.memShared, (k) => [k] as [number]));

  for (const by of ["close", "send"] as const) {
    for (const k of WAKE_KS) {
      const def = wakeDef(k, by);
      out.push(
        spec(def, "raw", "raw-promise floor", "raw", () => c.wakeRaw(k, by)),
        spec(def, "api", API_FLOOR, "ref", () => c.wakeRaw(k, by, "api")),
        spec(def, "lib", "library go() tasks", "lib", () => c.wakeLib(k, by)),
      );
      // The quadratic peers take seconds per run at 50k-100k: no warm-up there (the 10k runs warmed them).
      const big = k > WAKE_KS[0] ? { warmup: 0, runs: 2 } : undefined;
      for (const p of PEERS) out.push(peerPlan(def, p, p.wake, (kk) => [kk, by] as [number, "close" | "send"], big));
    }
  }

  // Select last: the trap's runs leave up to 200k timers armed for a second.
  out.push(
    spec(d.sel, "raw", "raw floor: trySend + await recv, no select", "raw", () => c.selectLoopRaw(SELECT_N)),
    spec(d.sel, "ref-recv", "ref: library trySend + await ch.recv()", "ref", () => c.selectLoopLib(SELECT_N, "recv-only")),
    spec(d.sel, "ref-nil", "ref: library select(recv(ch), recv(neverReady))", "ref", () => c.selectLoopLib(SELECT_N, "nil-arm")),
    spec(d.sel, "lib", "library select(recv(ch), recv(time.after(1000)))", "lib", async () => {
      await drainAll();
      return c.selectLoopLib(SELECT_N, "after");
    }),
  );
  for (const p of PEERS) out.push(peerPlan(d.sel, p, p.select, (n) => [n] as [number], undefined, drainAll));

  // Last of all: once an AsyncLocalStorage has run, Node keeps promise hooks
  // on for the rest of the process, which makes every promise dearer (the
  // raw ping-pong ~3x slower, ~170 B more per parked task). Measured earlier,
  // these rows slowed every row after them.
  out.push(
    { ...spec(d.pp, "ref-als", "ref: raw floor inside AsyncLocalStorage.run", "ref", () => c.pingPongRawInAls(PING_N)), late: true },
    { ...spec(d.pp, "ref-trace", "ref: library, tracing ON", "ref", withTracing(() => c.pingPongLib(TRACE_N)), undefined, TRACE_N), late: true },
  );
  return out;
}

function withTracing(run: () => Promise<Sample>) {
  return async () => {
    const prev = runtime.setTracing(true);
    try {
      return await run();
    } finally {
      runtime.setTracing(prev);
    }
  };
}

// ---- formatting ----------------------------------------------------------

const better = (unit: Row["unit"], a: number, b: number) => (unit === "bytes" ? a < b : a > b);

function rawOf(results: Result[], r: Result): Row | undefined {
  return results.find((x) => x.def.id === r.def.id && x.col === "raw")?.row;
}

/** The best JavaScript peer's row for a case (highest rate, or fewest bytes). */
function bestPeer(results: Result[], id: string): Result | undefined {
  let best: Result | undefined;
  for (const x of results) {
    if (x.def.id !== id || x.impl !== "peer" || !x.row || !JS_PEERS.some((p) => p.key === x.col)) continue;
    if (!best || better(x.def.unit, x.row.median, best.row!.median)) best = x;
  }
  return best;
}

function ratioText(v: number): string {
  return `${v >= 10 ? v.toFixed(1) : v.toFixed(2)}x`;
}

function notes(r: Row): string {
  const e = r.extra;
  const out: string[] = [];
  if (e.hostTimersLeft !== undefined) out.push(`host timers left: ${e.hostTimersLeft.toFixed(0)} (setTimeout calls: ${e.hostTimerCalls?.toFixed(0)})`);
  if (e.outstandingTimers !== undefined) out.push(`runtime.numTimers(): ${e.outstandingTimers.toFixed(0)}`);
  if (e.bytesPerOutstanding !== undefined) out.push(`heap +${e.bytesPerOutstanding.toFixed(e.bytesPerOutstanding < 10 ? 1 : 0)} B per outstanding timeout (${e.outstanding?.toFixed(0)} outstanding)`);
  else if (e.bytesPerIter !== undefined) out.push(`heap ${e.bytesPerIter >= 0 ? "+" : ""}${e.bytesPerIter.toFixed(1)} B per iteration, no timeout outstanding`);
  if (e.ms !== undefined && r.group.startsWith(G6)) out.push(`${e.ms.toFixed(1)} ms to wake all`);
  if (r.n !== undefined && r.impl === "peer" && r.samples.length > 0) out.push(`${r.samples.length} runs`);
  return out.join("; ");
}

function detailRows(results: Result[]): string[][] {
  const sorted = [...results].sort((a, b) => ORDER.indexOf(a.def.group) - ORDER.indexOf(b.def.group));
  return sorted.map((r) => {
    const name = r.def.group + (r.def.sub ? ` / ${r.def.sub}` : "");
    if (!r.row) return [name, r.label, "", r.na ?? "n/a", "", "", "", ""];
    const row = r.row;
    const raw = rawOf(results, r);
    const best = bestPeer(results, r.def.id);
    const vsRaw = raw && r.col !== "raw" ? ratioText(row.median / raw.median) : "";
    const vsBest = best && best.row ? (best === r ? "best peer" : ratioText(row.median / best.row.median)) : "";
    return [
      name,
      r.label,
      row.n.toLocaleString("en-US"),
      row.unit === "bytes" ? `${fmtValue(row.median, row.unit)} ${row.what}` : `${fmtRate(row.median)} ${row.what}/s`,
      row.unit === "bytes" ? `${row.min.toFixed(0)}–${row.max.toFixed(0)} B` : `${fmtRate(row.min)}–${fmtRate(row.max)}`,
      vsRaw,
      vsBest,
      notes(row),
    ];
  });
}

const DETAIL_HEAD = ["case", "implementation", "N", "median", "spread (min–max)", "vs raw", "vs best peer", "notes"];

function summaryTable(results: Result[]): { head: string[]; rows: string[][] } {
  const cols = ["raw", "api", "lib", ...PEERS.map((p) => p.key)];
  const head = ["case", "raw floor", "API floor", "library", ...PEERS.map((p) => p.label), "library vs best peer"];
  const ids: CaseDef[] = [];
  for (const r of results) if (!ids.some((d) => d.id === r.def.id)) ids.push(r.def);
  ids.sort((a, b) => ORDER.indexOf(a.group) - ORDER.indexOf(b.group));
  const rows = ids.map((def) => {
    const cells = cols.map((col) => {
      const r = results.find((x) => x.def.id === def.id && x.col === col);
      if (!r) return "";
      if (!r.row) return r.na ?? "n/a";
      return def.unit === "bytes" ? `${r.row.median.toFixed(0)} B` : fmtRate(r.row.median);
    });
    const lib = results.find((x) => x.def.id === def.id && x.col === "lib")?.row;
    const best = bestPeer(results, def.id);
    const vs = lib && best?.row ? `${ratioText(lib.median / best.row.median)} (${best.label})` : "";
    const unit = def.unit === "bytes" ? "B/task" : `${def.what}/s`;
    return [`${def.group}${def.sub ? ` / ${def.sub}` : ""} (${unit})`, ...cells, vs];
  });
  return { head, rows };
}

function textTable(head: string[], rows: string[][]): string {
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((cell, i) => (cell ?? "").padEnd(w[i])).join("  ").trimEnd();
  return [line(head), w.map((n) => "-".repeat(n)).join("  "), ...rows.map(line)].join("\n");
}

function mdTable(head: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return [`| ${head.map(esc).join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`)].join("\n");
}

// ---- targets (issue 8) ---------------------------------------------------

interface Target {
  shape: string;
  target: string;
  measured: string;
  met: boolean | null;
  /** What the floors themselves reach on this target: whether any design on promises could meet it. */
  floor: string;
}

/** Ratios measured from interleaved runs (harness.paired), where a target is a ratio that close. */
interface Pairs {
  /** Library ping-pong over the raw floor's. */
  ppRaw?: PairedRatio;
  /** The API floor's ping-pong over the raw floor's. */
  ppApiRaw?: PairedRatio;
  /** Library buffered over the raw floor's. */
  bufRaw?: PairedRatio;
  /** The bundled library's ping-pong over the same bundle with the registry and fairness stubbed out. */
  fullBare?: PairedRatio;
  /** The same bundle built twice, measured the same way: how far apart identical code measures. */
  fullTwin?: PairedRatio;
  /** Per case id: the library over the peer its target names (or the best peer by median), interleaved. */
  peers: Record<string, { col: string; ratio: PairedRatio }>;
}

const pairedText = (p: PairedRatio): string => `${ratioText(p.median)} (quartiles ${ratioText(p.q1)}–${ratioText(p.q3)}, ${p.how})`;

function targets(results: Result[], pairs: Pairs): Target[] {
  const get = (id: string, col: string) => results.find((x) => x.def.id === id && x.col === col)?.row;
  const lib = (id: string) => get(id, "lib");
  const out: Target[] = [];
  const rate = (r: Row | undefined) => (r ? fmtRate(r.median) : "n/a");
  const vsRaw = (shape: string, target: string, p: PairedRatio | undefined, min: number, floor: string) => {
    if (!p) return out.push({ shape, target, measured: "n/a (not measured)", met: null, floor });
    out.push({ shape, target, measured: pairedText(p), met: p.median >= min, floor });
  };
  const vsPeer = (shape: string, target: string, id: string, col: string | null, min: number) => {
    const l = lib(id);
    const b = col === null ? bestPeer(results, id) : results.find((x) => x.def.id === id && x.col === col);
    const raw = get(id, "raw");
    const api = get(id, "api");
    if (!l || !b?.row) return out.push({ shape, target, measured: "n/a (peer not measured)", met: null, floor: "" });
    const p = pairs.peers[id];
    const x = p && p.col === b.col ? p.ratio.median : l.median / b.row.median;
    const floors = [raw ? `raw floor ${ratioText(raw.median / b.row.median)}` : "", api ? `API floor ${ratioText(api.median / b.row.median)}` : ""].filter(Boolean).join(", ");
    out.push({
      shape,
      target,
      measured:
        p && p.col === b.col
          ? `${pairedText(p.ratio)}${col === null ? ` vs ${b.label}` : ""}; medians ${fmtRate(l.median)} vs ${fmtRate(b.row.median)}`
          : `${ratioText(x)}${col === null ? ` vs ${b.label}` : ""} (${fmtRate(l.median)} vs ${fmtRate(b.row.median)})`,
      met: x >= min,
      floor: `${floors} vs the same peer${raw && raw.median / b.row.median < min ? ": below the target" : ""}`,
    });
  };
  vsRaw(G1, ">= 0.8x raw-promise", pairs.ppRaw, 0.8, pairs.ppApiRaw ? `API floor ${pairedText(pairs.ppApiRaw)}` : "");
  vsPeer(G1, ">= 3x ts-chan (unsafe)", "pp", "ts-chan-unsafe", 3);
  vsRaw(G2, ">= 0.75x raw-promise", pairs.bufRaw, 0.75, "");
  vsPeer(G2, ">= 2x the best peer", "buf", null, 2);
  vsPeer(G3, ">= 4x the best peer", "sel", null, 4);
  const sel = lib("sel");
  if (sel) {
    const left = sel.extra.hostTimersLeft;
    out.push({ shape: G3, target: "no more than one host timer", measured: `${left?.toFixed(0)} host timer(s) left armed after the loop (${sel.extra.hostTimerCalls?.toFixed(0)} setTimeout calls)`, met: left !== undefined && left <= 1, floor: "" });
    const b = sel.extra.bytesPerOutstanding;
    out.push({ shape: G3, target: "heap growth <= 16 B per outstanding `after`", measured: b === undefined ? "n/a" : `${b.toFixed(1)} B per outstanding after (${sel.extra.outstandingTimers?.toFixed(0)} outstanding)`, met: b !== undefined && b <= 16, floor: "" });
  }
  vsPeer(G4, ">= 2x the best peer", "fan", null, 2);
  const go = PEERS.find((p) => p.key === "go")!;
  const goOwn = get("mem-own", "go");
  const goBytes = goOwn?.median ?? GO_PARKED_BYTES_ISSUE;
  const goSrc = goOwn ? `Go measured ${goBytes.toFixed(0)} B` : `Go ~${GO_PARKED_BYTES_ISSUE} B from issue 8 (${go.unavailable ?? "not measured"})`;
  for (const [id, sub] of [
    ["mem-own", "own chan"],
    ["mem-shared", "shared chan"],
  ] as const) {
    const l = lib(id);
    if (!l) continue;
    const raw = get(id, "raw");
    const api = get(id, "api");
    const floor = `raw floor ${raw ? raw.median.toFixed(0) : "?"} B, API floor ${api ? api.median.toFixed(0) : "?"} B`;
    out.push({ shape: `${G5} (${sub})`, target: "<= 700 B", measured: `${l.median.toFixed(0)} B`, met: l.median <= 700, floor });
    out.push({ shape: `${G5} (${sub})`, target: "under a third of Go's ~2.6 KB", measured: `${(l.median / goBytes).toFixed(2)} of Go (${goSrc})`, met: l.median < goBytes / 3, floor });
  }
  for (const by of ["close", "send"] as const) {
    const lo = lib(`wake-${by}-${WAKE_KS[0]}`);
    const hiId = `wake-${by}-${WAKE_KS[WAKE_KS.length - 1]}`;
    const hi = lib(hiId);
    if (!lo || !hi) continue;
    const growth = lo.median / hi.median; // per-task cost at 100k over that at 10k
    // The floors' per-task cost grows too from 10k to 100k parked tasks: the
    // working set outgrows the caches (over 100 MB at 100k). Linear means no
    // growth beyond that, and nowhere near a quadratic 10x.
    const rawLo = get(`wake-${by}-${WAKE_KS[0]}`, "raw");
    const rawHi = get(hiId, "raw");
    const rawGrowth = rawLo && rawHi ? rawLo.median / rawHi.median : 1;
    out.push({
      shape: `${G6} (${by})`,
      target: "linear (per-task cost at 100k <= 1.5x that at 10k, beyond the raw floor's own growth)",
      measured: `${growth.toFixed(2)}x per-task cost at 100k vs 10k (quadratic: 10x)`,
      met: growth <= 1.5 * Math.max(1, rawGrowth),
      floor: `raw floor ${rawGrowth.toFixed(2)}x: the memory hierarchy, not the algorithm`,
    });
    out.push({ shape: `${G6} (${by})`, target: ">= 1.5M tasks/s at 100k", measured: `${fmtRate(hi.median)} tasks/s`, met: hi.median >= 1.5e6, floor: `raw floor ${rate(get(hiId, "raw"))}, API floor ${rate(get(hiId, "api"))} tasks/s` });
  }
  const fb = pairs.fullBare;
  const twin = pairs.fullTwin;
  const twinText = twin ? `; the same bundle built twice measured ${pairedText(twin)} apart, the noise of this comparison` : "";
  out.push(
    fb
      ? { shape: "registry and fairness always on", target: "<= 10 % against the same build with them off", measured: `${((1 - 1 / fb.median) * 100).toFixed(1)} % on ping-pong (stubbed build ${pairedText(fb)} as fast; two esbuild bundles of src/, bench/bare.ts${twinText})`, met: 1 - 1 / fb.median <= 0.1, floor: "" }
      : { shape: "registry and fairness always on", target: "<= 10 % against the same build with them off", measured: "n/a (bundles not measured)", met: null, floor: "" },
  );
  return out;
}

// ---- main ----------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const prevTracing = runtime.setTracing(false);
  const cpu = os.cpus()[0]?.model?.trim() ?? "unknown";
  const env = {
    node: process.version,
    cpu: `${cpu} (${os.cpus().length} logical CPUs)`,
    mem: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    load: os.loadavg().map((x) => x.toFixed(2)).join(" "),
  };
  console.log(`ts-csp-style benchmarks — Node ${env.node}, ${env.cpu}, ${env.mem}, ${env.platform}`);
  console.log(`peers: ${PEERS.map((p) => `${p.label} ${p.unavailable ? `(${p.unavailable})` : p.version}`).join(", ")}`);
  console.log(`tracing off (default in this process: ${prevTracing ? "on" : "off"}); load average ${env.load}`);

  const results: Result[] = [];
  const planned = plan();
  const runPlanned = async (p: Planned) => {
    if (!p.spec) {
      results.push({ def: p.def, col: p.col, label: p.label, impl: p.impl, na: p.na });
      console.log(`  ${(p.def.group + (p.def.sub ? ` / ${p.def.sub}` : "")).padEnd(28)} ${p.label.padEnd(44)} ${p.na}`);
      return;
    }
    const row = await measure(p.spec, (s) => console.log(s));
    results.push({ def: p.def, col: p.col, label: p.label, impl: p.impl, row });
  };
  for (const p of planned) if (!p.late) await runPlanned(p);
  // synctest bubbles (bench/bubble.ts), on the headline Node only, which
  // alone writes that section: the chains outside a bubble with tracing off
  // now, before anything has used AsyncLocalStorage; the rest at the end.
  const headline = majorOf(process.version) === HEADLINE_MAJOR;
  const log = (s: string) => console.log(s);
  if (headline) console.log("\nsynctest bubbles: daisy chains outside a bubble, tracing off ...");
  const untracedChains = headline ? await measureUntraced(log) : null;

  console.log(`\ninterleaved ratios for the targets that are ratios to the floor or to the stubbed build (${CHUNKS} alternated short runs each) ...`);
  const { full, twin, bare } = await buildPair();
  const pp = c.SHAPES.pp!.short!;
  const buf = c.SHAPES.buf!.short!;
  const pairs: Pairs = {
    ppRaw: await interleaved(() => pp.lib(library), pp.raw!, CHUNKS, pp.what),
    ppApiRaw: await interleaved(pp.api!, pp.raw!, CHUNKS, pp.what),
    bufRaw: await interleaved(() => buf.lib(library), buf.raw!, CHUNKS, buf.what),
    fullBare: await interleaved(() => pp.lib(bare), () => pp.lib(full), CHUNKS, pp.what),
    fullTwin: await interleaved(() => pp.lib(twin), () => pp.lib(full), CHUNKS, pp.what),
    peers: {},
  };
  // The targets that are ratios to a peer: the library and that peer, interleaved too.
  for (const [id, named] of [
    ["pp", "ts-chan-unsafe"],
    ["buf", null],
    ["sel", null],
    ["fan", null],
  ] as const) {
    const col = named ?? bestPeer(results, id)?.col;
    const libSpec = planned.find((p) => p.def.id === id && p.col === "lib")?.spec;
    const peerSpec = planned.find((p) => p.def.id === id && p.col === col)?.spec;
    if (col === undefined || !libSpec || !peerSpec) continue;
    pairs.peers[id] = { col, ratio: await paired(libSpec.run, peerSpec.run, PEER_PAIR_ROUNDS) };
  }
  for (const [k, v] of Object.entries(pairs)) if (k !== "peers" && v) console.log(`  ${k.padEnd(10)} ${pairedText(v as PairedRatio)}`);
  for (const [id, v] of Object.entries(pairs.peers)) console.log(`  ${id} vs ${v.col}: ${pairedText(v.ratio)}`);

  console.log("\nper-parked-task memory breakdown, then profiles (node --cpu-prof, child processes) ...");
  await drainAll();
  const breakdown = await memoryBreakdown(BREAKDOWN_K);
  const layouts = await queueLayouts();
  const profiles = profileAll();
  console.log("AsyncLocalStorage rows (last: they leave promise hooks on) ...");
  for (const p of planned) if (p.late) await runPlanned(p);
  if (untracedChains !== null) console.log("synctest bubbles: daisy chains with tracing on and in a bubble, sleepers in a bubble ...");
  const bubbles = untracedChains !== null ? renderBubbles(await measureTraced(untracedChains, log)) : "";
  
  const sum = summaryTable(results);
  const detail = detailRows(results);
  const tgt = targets(results, pairs);
  const tgtRows = tgt.map((t) => [t.shape, t.target, t.measured, t.met === null ? "not measured" : t.met ? "met" : "NOT met", t.floor]);
  const TGT_HEAD = ["shape", "target (issue 8)", "measured", "status", "what the floors reach"];
  const seconds = (performance.now() - started) / 1000;

  console.log("");
  console.log(textTable(sum.head, sum.rows));
  console.log("");
  console.log(textTable(TGT_HEAD, tgtRows));
  console.log("");
  console.log(breakdownText(breakdown));
  console.log(`\ntotal ${seconds.toFixed(1)} s`);

  const here = dirname(fileURLToPath(import.meta.url));
  const saved = saveRun(join(here, "results"), nodeRun(env, seconds, results, pairs));
  console.log(`wrote ${saved}`);
  const across = renderAcross(loadRuns(join(here, "results")), loadInterleaved(join(here, "results")));
  const out = join(here, "..", "BENCHMARKS.md");
  if (headline) {
    writeFileSync(out, renderMarkdown({ env, prevTracing, sum, detail, tgtRows, TGT_HEAD, results, breakdown, profiles, seconds, pairs, layouts, across, bubbles }));
    console.log(`wrote ${out}`);
  } else {
    // Only the headline Node's run writes the whole file; this one updates its row of the comparison.
    writeFileSync(out, withAcross(readFileSync(out, "utf8"), across));
    console.log(`updated the "Across Node versions" section of ${out} (the rest is the Node ${HEADLINE_MAJOR} run)`);
  }
}

function nodeRun(env: Record<string, string>, seconds: number, results: Result[], pairs: Pairs): NodeRun {
  const medians: NodeRun["medians"] = {};
  const units: NodeRun["units"] = {};
  for (const r of results) {
    if (!r.row) continue;
    (medians[r.def.id] ??= {})[r.col] = r.row.median;
    units[r.def.id] = r.def.unit;
  }
  const ratios: NodeRun["ratios"] = {};
  for (const k of ["ppRaw", "ppApiRaw", "bufRaw", "fullBare"] as const) if (pairs[k]) ratios[k] = pairs[k]!.median;
  const pp = medians.pp;
  if (pp?.lib !== undefined && pp["ref-trace"] !== undefined) ratios.ppTracing = pp.lib / pp["ref-trace"];
  return { node: env.node!, date: env.date!, load: env.load!, seconds, medians, units, ratios };
}

function breakdownRows(b: Breakdown): string[][] {
  const cell = (p: { count: number; bytes: number }) => (Math.abs(p.bytes) < 0.5 ? "" : `${p.count.toFixed(2)} × = ${p.bytes.toFixed(0)} B`);
  return [...b.rows.map((r) => [r.kind, ...r.per.map(cell), r.madeBy]), ["total", ...b.totals.map((t) => `${t.toFixed(0)} B`), ""]];
}
const BREAKDOWN_HEAD = ["V8 object kind", ...SCENARIOS, "made by"];

function breakdownText(b: Breakdown): string {
  return `per parked task, heap snapshot diff, ${b.k} tasks on one shared channel:\n${textTable(BREAKDOWN_HEAD, breakdownRows(b))}`;
}

interface MdInput {
  env: Record<string, string>;
  prevTracing: boolean;
  sum: { head: string[]; rows: string[][] };
  detail: string[][];
  tgtRows: string[][];
  TGT_HEAD: string[];
  results: Result[];
  breakdown: Breakdown;
  profiles: ProfileSummary[];
  seconds: number;
  pairs: Pairs;
  layouts: LayoutRow[];
  /** The "Across Node versions" section (bench/nodes.ts). */
  across: string;
  /** The "synctest bubbles" section (bench/bubble.ts). */
  bubbles: string;
}

/**
 * For each target not met: what the floors themselves reach on it, measured
 * in this run, so the report says whether a target is out of reach of any
 * design on promises, or only of this one.
 */
function layoutSentence(rows: LayoutRow[]): string {
  const at = (layout: string, k: number) => rows.find((r) => r.layout === layout && r.k === k);
  const big = Math.max(...rows.map((r) => r.k));
  const arr = at("waiter records in an array", big);
  const list = at("waiter records in an intrusive list", big);
  if (!arr || !list) return "";
  return `at ${big.toLocaleString("en-US")} parked tasks, closing costs ${list.closeNs.toFixed(0)} ns per task with waiter records in an intrusive list and ${arr.closeNs.toFixed(0)} ns with the same records in an array, and the resumptions after it ${list.resumeNs.toFixed(0)} against ${arr.resumeNs.toFixed(0)} ns.`;
}

function ceilings(m: MdInput): string {
  const get = (id: string, col: string) => m.results.find((x) => x.def.id === id && x.col === col)?.row;
  const r = (v: number | undefined) => (v === undefined ? "?" : ratioText(v));
  const ratio = (id: string, a: string, b: string) => {
    const x = get(id, a);
    const y = get(id, b);
    return x && y ? x.median / y.median : undefined;
  };
  const best = (id: string) => bestPeer(m.results, id);
  const bufBest = best("buf");
  const selBest = best("sel");
  const wakeClose = `wake-close-${WAKE_KS[WAKE_KS.length - 1]}`;
  const wakeSend = `wake-send-${WAKE_KS[WAKE_KS.length - 1]}`;
  const rate = (id: string, col: string) => {
    const x = get(id, col);
    return x ? fmtRate(x.median) : "?";
  };
  const bytes = (id: string, col: string) => {
    const x = get(id, col);
    return x ? `${x.median.toFixed(0)} B` : "?";
  };
  const fb = m.pairs.fullBare;
  const libTotal = m.breakdown.totals[2];
  const apiTotal = m.breakdown.totals[1];
  return [
    `- **Ping-pong >= 0.8x the raw floor.** Answering \`[v, ok]\` tuples and watching each task for its end brings the raw floor to ${m.pairs.ppApiRaw ? pairedText(m.pairs.ppApiRaw) : "?"} of itself (the API floor), before any registry, fairness yield or waiter record a select can withdraw. The library is ${m.pairs.ppRaw ? pairedText(m.pairs.ppRaw) : "?"}. The registry and the fairness yield, which issue 8 requires always on, cost ${fb ? `${((1 - 1 / fb.median) * 100).toFixed(1)} %` : "?"} of the library's time in this run (stubbed out in an otherwise identical bundle, bench/bare.ts). ${m.pairs.ppApiRaw && fb ? `The API floor with only that cost added would be at ${ratioText(m.pairs.ppApiRaw.median / fb.median)} of the raw floor${m.pairs.ppApiRaw.median / fb.median < 0.8 ? ", below the target before the library's own records cost anything" : ""}.` : ""}`,
    `- **Ping-pong >= 3x ts-chan (unsafe).** The raw floor itself is ${r(ratio("pp", "raw", "ts-chan-unsafe"))} ts-chan unsafe in this run, the API floor ${r(ratio("pp", "api", "ts-chan-unsafe"))}: ${(ratio("pp", "raw", "ts-chan-unsafe") ?? 0) < 3 ? "3x of ts-chan's unsafe mode is above what promises allow" : "not out of reach of the raw floor in this run, but of the API floor"}. (Medians measured minutes apart: this ratio moves by tens of percent between runs.)`,
    `- **Buffered >= 2x the best peer.** The raw floor runs at ${r(ratio("buf", "raw", bufBest?.col ?? ""))} the best peer (${bufBest?.label ?? "?"}), so 2x of that peer is above the floor. @thi.ng/csp's producer skips the await when the buffer has room (\`offer(v) || await write(v)\`); every value here costs both tasks an await, as Go's API shape (\`await ch.send(v)\`) does.`,
    `- **Select against time.after >= 4x the best peer.** Not out of reach of promises: the raw loop without a timer is ${r(selBest?.row ? get("sel", "raw")!.median / selBest.row.median : undefined)} ${selBest?.label ?? "?"}. The library's \`select(recv(ch), recv(time.after(1000)))\` runs at ${rate("sel", "lib")} (${r(ratio("sel", "lib", selBest?.col ?? ""))} the best peer), and a select with a never-ready arm in place of the timer at ${rate("sel", "ref-nil")}: making the timer is ${(() => { const x = ratio("sel", "lib", "ref-nil"); return x === undefined ? "?" : `${((1 - x) * 100).toFixed(0)} %`; })()} of each iteration. Of that, reading the monotonic clock (\`performance.now()\`, about 70 ns on Node 20) is about a sixth of the select profile below; Go's \`time.After\` must know now to know when, and a turn-old clock would let a timer fire early.`,
    `- **<= 700 B per parked task.** The API floor alone is ${bytes("mem-shared", "api")} per task on a shared channel (${bytes("mem-own", "api")} on its own channel): an async function suspended in \`await\`, a pending promise with its resolve function, and one promise reaction with two callbacks to learn when the task ends. The heap breakdown below counts each object: ${apiTotal?.toFixed(0) ?? "?"} B of API floor, ${libTotal?.toFixed(0) ?? "?"} B of library, whose own share is the \`Waiter\` (the parked operation: its queue slot, registry fields, value, resolve function, select arm) and the \`Task\` record. 700 B is below what V8's promises cost for the API's shape, before any registry.`,
    `- **Waking 100k tasks >= 1.5M/s.** By close, the library wakes ${rate(wakeClose, "lib")} tasks/s and the API floor ${rate(wakeClose, "api")}/s. By sending, the library wakes ${rate(wakeSend, "lib")}/s and the API floor ${rate(wakeSend, "api")}/s${(() => { const api = get(wakeSend, "api"); return api === undefined ? "" : api.median < 1.5e6 ? ": the API floor itself is below the target in this run" : ""; })()}. Each send is a round of the microtask queue for the sender as well as a wake-up, and each woken task is a cold object graph of about 1.1 KB (its suspended frame, its promises, its waiter and task records): at 100k tasks the working set is over 100 MB, far past the caches, so every wake is a few cache misses whatever the runtime does. The library's wait queues were intrusive linked lists until this measurement, and paid about 2.5x that: V8's collectors copy and mark a long chain one link at a time and leave the records it reaches scattered over the heap. The queue-layout measurement below isolates it with no library at all: ${layoutSentence(m.layouts)} The queues are now slots of an array (src/chan/waitqueue.ts), which keeps O(1) withdrawal and bounded storage.`,
    `- **Registry and fairness <= 10 %.** Measured at ${fb ? `${((1 - 1 / fb.median) * 100).toFixed(0)} %` : "?"} above. Most of what this measured was not the work itself but TurboFan's inlining budget: every hot path of a task's loop shares about 920 bytes of inlined bytecode, and with the registry and fairness checks in, enqueue, dequeue and the wake path stopped being inlined (\`--trace-turbo-inlining\`); keeping only their fast paths inline took the cost from 14-17 % to 6-11 % in this session. The registry's share is what it does on every park (the turn's clock tick, and listing the channel if it is not listed) and every wake (counting a channel that emptied); unlisting a channel at once when it emptied, and listing it again at its next park, cost 8 % on its own until channels were left listed for a batched sweep. The fairness share is the counter on every operation that completes at once, and the macrotask turn it takes every 2 ms (Go's scheduler preempts a goroutine after 10 ms): without that turn ping-pong runs about 3 % faster, and timers and I/O starve.`,
  ].join("\n");
}

function renderMarkdown(m: MdInput): string {
  const { env, results } = m;
  const get = (id: string, col: string) => results.find((x) => x.def.id === id && x.col === col)?.row;
  const pp = get("pp", "lib");
  const ppTrace = get("pp", "ref-trace");
  const ppRaw = get("pp", "raw");
  const ppAls = get("pp", "ref-als");
  const peerLines = PEERS.map((p) => `- **${p.label}** — ${p.pkg ? `npm \`${p.pkg}\` ${p.version}` : p.unavailable ? `not run: ${p.unavailable}` : p.version}: ${p.how}`);
  const perTask = (by: string, col: string) =>
    WAKE_KS.map((k) => {
      const r = get(`wake-${by}-${k}`, col);
      return r ? `${k / 1000}k: ${(1e9 / r.median).toFixed(0)} ns/task` : `${k / 1000}k: n/a`;
    }).join(", ");
  const wakeCols = [["lib", "library"], ...PEERS.filter((p) => !isNA(p.wake)).map((p) => [p.key, p.label])];
  const profileMd = m.profiles
    .map((p) => {
      const rows = p.top.map((t) => [t.name, t.where, `${t.selfMs.toFixed(1)} ms`, `${t.pct.toFixed(1)} %`]);
      return `### ${p.title}\n\n${p.what}\n\n${mdTable(["function", "where", "self time", "share"], rows)}\n\nBy area: ${p.byArea.map((a) => `${a.area} ${a.pct.toFixed(0)} %`).join(", ")}.`;
    })
    .join("\n\n");
  const b = m.breakdown;
  return `# Benchmarks

Generated by \`npm run bench\` (\`bench/index.ts\`) on Node ${HEADLINE_MAJOR}, the headline; overwritten by every run on Node ${HEADLINE_MAJOR} (this one took ${m.seconds.toFixed(0)} s). A run on another Node rewrites only "Across Node versions"; \`npm run bench:nodes\` runs it on Node 22, 26 and then 24.

- Node: ${env.node}
- Machine: ${env.cpu}, ${env.mem}; ${env.platform}
- Date: ${env.date}
- Load average at start: ${env.load}; at end: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} (other processes on a shared machine widen the spreads)
- Library: imported from \`src/\`, type-stripped by esbuild as every file here (\`bench/loader/\`: tsx's keepNames would add a property store to every closure made per task, a cost compiled user code does not have), tracing off (\`runtime.setTracing(false)\`) except the "tracing ON" row.
- Method: the library and the raw floor run 1 warm-up + 5 measured runs (memory: 0 + 3); peers 1 + 3 (memory 0 + 2; select 1 + 2; wake at 50k/100k: 0 + 2) and, where slow, a smaller N (the N column) — all in one process, one case at a time. Tables show the median; the detail table also the spread (min–max).
- The AsyncLocalStorage and tracing rows run last: once an AsyncLocalStorage has run, Node keeps promise hooks on for the rest of the process and every promise gets dearer (the raw ping-pong about 3x slower, about 170 B more per parked task), which skewed every row measured after them.
  Each case checks its own result (sums, counts, live tasks, registry) and throws if it is wrong, so a broken case cannot report a speed.
- "raw floor" is \`bench/raw.ts\`: an unbuffered channel that is only two FIFO queues of resolvers, and a trivially buffered one; no select, registry, fairness yield or validation.
- "API floor" is the same raw channel answering as this library's API must: a receive yields a \`[v, ok]\` tuple, and every task is watched for its end by a promise reaction (\`spawnWatched\`), as \`go\` must to keep \`runtime.numGoroutine()\` exact and to turn a rejection into a panic. What the library costs beyond the API floor is its design; what the API floor costs beyond the raw floor is Go's API shape on promises.
- Targets that are ratios come from interleaved runs, not from the medians above, which were taken minutes apart. Against a floor or the stubbed build: ${CHUNKS} short runs of each side alternated one by one after 20 warm-up runs each (\`harness.interleaved\`: ${c.SHAPES.pp!.short!.what}, ${c.SHAPES.buf!.short!.what}), the median of the per-run ratios with quartiles; a neighbour's burst on this shared machine then lands on both sides of a few runs rather than on one side of a round. Against a peer, whose full-size runs are longer: ${PEER_PAIR_ROUNDS} rounds (\`harness.paired\`: the two runs of a round back to back, alternating which goes first, each after a full collection and one unmeasured run, so that neither pays for the other's garbage nor times V8 re-optimizing code that the collection deoptimized). \`npm run bench:pairs\` and \`npm run bench:ab\` give a quick look at one shape or one change.
- Ratios: for rates, this implementation's rate ÷ the other's (above 1 is faster); for bytes, this ÷ the other (below 1 is smaller). "Best peer" is the best JavaScript peer on that row (Go is an anchor, not counted).

## Peers

${peerLines.join("\n")}

${PEERS.find((p) => p.key === "go")?.unavailable ? `Go was not run (${PEERS.find((p) => p.key === "go")?.unavailable}). For scale only, not from this run: a hand run of the same twin on this machine with Debian's Go 1.19.8 (unpacked outside the PATH, GOMAXPROCS=1) gave ping-pong 2.21M/s, buffered 7.40M/s, select with time.After 931k/s (+209 B heap per iteration), fan-in 4.07M/s, 2674 B / 2577 B per parked goroutine (own / shared channel), and woke 100k goroutines at 1.61M/s (close) / 1.38M/s (send).\n\n` : ""}## Side by side (medians)

Rates in operations per second (k = thousand, M = million); memory in heap bytes per parked task.

${mdTable(m.sum.head, m.sum.rows)}

## Targets (issue 8)

${mdTable(m.TGT_HEAD, m.tgtRows)}

${m.across}

${m.bubbles}

## Detail

${mdTable(DETAIL_HEAD, m.detail)}

## Ceilings: what the floors reach on each target not met

${ceilings(m)}

## Reading it

- Tracing (task attribution through AsyncLocalStorage, plus sites) costs ${pp && ppTrace ? (pp.median / ppTrace.median).toFixed(0) : "?"}x on ping-pong (${pp ? fmtRate(pp.median) : "?"} → ${ppTrace ? fmtRate(ppTrace.median) : "?"} round trips/s). AsyncLocalStorage alone costs the raw floor ${ppRaw && ppAls ? (ppRaw.median / ppAls.median).toFixed(1) : "?"}x.
- Host timers in the select shape are counted by wrapping \`globalThis.setTimeout\`/\`clearTimeout\` during the loop (\`bench/hosttimers.ts\`): "host timers left" are those neither fired nor cleared when the loop ends. Heap growth is divided by the timeouts still outstanding (for the library, \`runtime.numTimers()\`; for the peers, their live host timers). Effect never arms a timer here: its take completes synchronously, before \`timeoutOption\` starts the sleep.
- Wake-up cost per task (one shared channel, send): ${wakeCols.map(([col, label]) => `${label} — ${perTask("send", col)}`).join("; ")}.
- js-csp and @thi.ng/csp cannot park more than 1024 receivers on one channel, so they have no shared-channel memory or wake rows.

## Hardening (issue 14) against the revision before it

\`npm run bench:ab -- 0e10ea6\` (Node 20.20, this machine, idle; \`CHUNKS=200\`, \`AB_ROUNDS=21\`), run after the hardening landed: every wake, every \`go()\`, the \`sync\` calls that complete at once, \`select\`'s default arm and \`sleep(<= 0)\` now count toward the fairness yield; a window restarts after a host turn instead of yielding; foreign-copy brands, argument checks and the iterator's withdrawal are in. The noise floor is \`bench:ab -- twin\` (the same tree bundled twice), measured in the same session:

| shape | hardened / before | quartiles | twin (noise floor) |
| --- | --- | --- | --- |
| ping-pong | 1.042 | 1.016–1.064 (200 alternated runs) | 0.93–1.02 (earlier runs) |
| buffered(128) | 1.027 | 0.975–1.094 (200 alternated runs) | |
| fan-in 100 → 1 | 0.956 | 0.938–0.990 (21 rounds) | 1.060 (1.042–1.084) |
| select against \`time.after\` | 0.961 | 0.870–1.053 (21 rounds) | |
| select with a nil arm | 1.001 | 0.978–1.008 (21 rounds) | |
| waking 100k by close | 0.920 | 0.827–1.343 (21 rounds) | 1.066 (0.912–1.769) |
| waking 100k by send | 1.010 | 0.897–1.673 (21 rounds) | 1.022 (0.806–1.681) |
| memory per task parked on its own channel | 1.000 | exact | |
| memory per task parked on a shared channel | 1.000 | exact | |

Two steps on the way measured below the floor and were fixed before this run:

- The batch decision inlined into \`resumeFairly\` pushed the wake path out of its callers' inlining budget: ping-pong 0.870 (0.845–0.895). Moved out of line: 1.000 (0.973–1.020) against the revision before it.
- Waking 100k by close measured 0.48 (0.30–1.00): the bench parked its 100k tasks with a burst of \`go()\` (which now counts), so the close opened with the yield that burst had earned, and a yield in the middle of a 100k wake costs about 9 ms. The window now restarts when the host has had a turn, and the wake shapes start their timed part a host turn after the burst (\`bench/cases.ts\`), as a program's waiters park long before their close. Where a close does fall on a due yield, its 100k wakes resume one turn later, one array of them (about 20 → 30 ms at 100k).

## What each optimization bought

Measured when each landed (same machine, same shapes; the machine's noise is about ±20 % on rates, memory is exact to a few bytes):

| change | effect |
| --- | --- |
| One-shot timers (\`after\`, \`newTimer\`) enter the heap only while a receiver waits; until then only the deadline is counted | select against \`time.after(1 s)\`: 354k → 1.0–1.6M iterations/s; heap per outstanding timer 336 B → 0 B (8 B in a Float64Array); 0 host timers |
| \`since\` of untraced parks read from the wall clock once per host turn | \`registerParked\` 15.8 % → 2.5 % of the ping-pong profile |
| Tracing-only task state in a side object; unbuffered channels share one empty buffer | -100 B per task parked on its own channel |
| Waiters keep no task, site or leak fields (the tracing shadow has them) | -30 B per parked operation |
| A channel's two wait queues inline in the channel | -88 B per task parked on its own channel |
| Closed receives share one frozen \`[undefined, false]\` | with the memory changes above: waking 100k tasks by close 0.47M → 0.53–0.70M/s |
| \`go\` queues starts for one draining microtask (no closure per \`go\`) | spawning and finishing tasks 0.55–0.60M → 0.75M/s |
| Sites: raw call sites, one mapped frame, cached by position | tracing ON ping-pong 12k → 30–40k round trips/s |
| (measurement) The bench runs its TypeScript through \`bench/loader\` (esbuild, no keepNames) instead of tsx, and every case makes its task function once, as the raw floor does | library, per task parked on a shared channel: 1448 → 1152 B. tsx's keepNames gave every closure made per task a 256 B property store, and the library's cases made one closure per task |
| An untraced park's \`since\` is a whole-millisecond tick kept inside the record | -16 B per parked operation (no boxed double per record) |
| A task's bubble and \`done\` live in its trace side object | -24 B per task (Task 96 → 72 B) |
| A buffered channel allocates its buffer on its first buffered value | a timer that never fires (the time.After trap) allocates no buffer: select against \`time.after\` +2 % (bench:ab, 9 rounds, within noise) |
| Untraced parked operations are found through a list of the channels that have waiters, instead of each record being linked into the registry's list | the registry's share of ping-pong (bench:ab bare with BARE_ONLY=registry, 15 rounds): 13–15 % → 6 %; registry and fairness together 20–26 % → 10–14 %; -16 B per parked operation, +16 B per channel (a task parked on its own channel: no change) |
| Class fields compiled as assignments in the constructor (tsconfig.json \`useDefineForClassFields: false\`; V8 11 defines each initialized class field one by one, as \`Object.defineProperty\` would) | \`time.after(1000)\` in a tight loop 428 → 332 ns per call, \`chan()\` 47 → 43 ns (medians of 15 rounds, both bundles in one process); select against \`time.after\` +16 % and +35 % in two bench:ab runs (15 and 21 rounds, quartiles from -9 to +78 %) |
| \`select\` with exactly one ready arm commits it without a second readiness pass; a body returning nothing shares one resolved promise | select with a nil arm +16 % (quartiles +5 to +39 %), select against \`time.after\` +11 % (quartiles -13 to +30 %): bench:ab, 11 interleaved rounds |
| Wait queues are slots of an array instead of intrusive linked lists (src/chan/waitqueue.ts): V8's collectors scatter the records a long chain reaches | bench:ab against the revision before, 9 rounds: waking 100k tasks by close 3.2x (quartiles 1.8–3.9x), by send 1.27x (1.06–1.80x); ping-pong +2 %, fan-in -2 % (within noise); per task parked on its own channel +3.1 % (a queue object and a one-slot array per channel, less the links in the waiter), on a shared channel -2.1 % |
| The registry's list of channels with waiters keeps a channel that emptied until a batched sweep, instead of unlisting it at once and listing it again at its next park | ping-pong: the registry's cost against the stubbed build 12.9 % → 6.6 % (200 interleaved chunks of 20k round trips, BARE_ONLY=registry); the working tree against the revision before it +2 to +5 % in five such runs |
| The closure that waits out a fairness yield is made in a helper, not in \`recv\`, \`nextResult\` and select's commit (a function that makes a closure allocates a context for the captured values on every call, whether or not the closure is made) | ping-pong +3.8 % and +2.9 % (two runs of 200 alternated runs of 20k round trips, working tree against the revision before); the registry-and-fairness cost against the stubbed build 18 % → 14 % in the same setting |
| Timer and deadline channels watch their receivers through one hook (\`receiverParked\`/\`receiverLeft\`) instead of a \`timed\` flag and first/last-waiter hooks, so a plain channel's enqueue and dequeue are one check smaller | ping-pong +5.5 % and +9.2 % (200 alternated runs of 20k round trips, twice); select against \`time.after\` +3 % (bench:ab, 9 rounds); -8 B per channel. TurboFan had stopped inlining enqueue and dequeue into the tasks' loops: every hot path shares one inlining budget (about 920 bytes of bytecode), and what the registry and fairness added had used it up |
| \`ready()\` resumes a woken task at once when the default scheduler is installed and no bubble can be running, without looking the scheduler up | ping-pong +2 to +4 % (200 alternated runs, twice) |
| Only the fast paths of \`yieldDue\`, the channel list's emptied count, a direction's first queue and a send's closed-channel outcome stay inline; the rest is out of line | ping-pong +1 to +4 % (three runs; the noise of two identical bundles is 2-4 %) |
| The fairness check is one countdown (held at zero while a yield is pending or a preempting scheduler runs); the channel list's sweep checks one threshold | ping-pong +2 to +9 % (three runs); registry and fairness against the stubbed build 14-17 % → 9-12 % |
| The turn's clock tick doubles as its validity; a claim checks the waiter's tracing shadow before calling into the registry | ping-pong +1.5 to +4 % (three runs); registry and fairness against the stubbed build 6-11 % |
| One instance of each hot class (channel, waiter, wait queue, select record, arm, task, timer channel) kept for the life of the program (src/runtime/layouts.ts) | after a full collection that finds every channel, waiter and task dead (a program between bursts; the bench's paired rounds before they re-warmed each side): fan-in 1.5–2.0M → 2.4–2.8M values/s, 0 deoptimizations for "weak objects" where there were 167 in 16 rounds. In warm steady state it changes nothing |
| Wakes that wait out a fairness yield are one array resumed by one reaction on it, not a closure and a promise reaction each | waking 100k by close across a yield: 0.24x → 0.47x the revision before the fairness change (bench:ab, 9 rounds, loaded machine) |
| A call that wakes every waiter (close, WaitGroup at zero, Once done) counts as one operation, its first wake deciding for all; the decision is out of line | ping-pong 0.870 → 1.000 against the revision before (200 alternated runs) |
| A fairness window restarts after a host turn instead of yielding | waking 100k by close, with the bench's setup ending in a host turn: 0.92x (quartiles 0.83–1.34) the revision before the hardening, within the twin's 0.91–1.77 |

## Profile

CPU profiles of the library taken by \`node --cpu-prof\` on the standalone scripts in \`bench/profile/\` (run by \`npm run bench\` as child processes; samples outside the measured loop — start-up, compilation, warm-up — are dropped by time window). Self time is time spent in the function itself, not its callees; "where" is the file (relative to the repository) and line.

${profileMd}

### Wait-queue layout, 10k and 100k parked tasks

\`bench/profile/layout.ts\`, no library: async functions parked on one queue, woken by a close loop that resolves each with \`[undefined, false]\`. Medians of 7 runs per layout, interleaved. "close" is the loop itself; "resumptions" is every woken task running to its end afterwards.

${mdTable(
    ["queue", "parked tasks", "close, ns per task", "resumptions, ns per task"],
    m.layouts.map((r) => [r.layout, r.k.toLocaleString("en-US"), r.closeNs.toFixed(0), r.resumeNs.toFixed(0)]),
  )}

### Memory per parked task, by V8 object kind

A heap snapshot before and after parking ${b.k.toLocaleString("en-US")} tasks on one shared channel, diffed by object kind and divided by the tasks (\`bench/profile/memory.ts\`; kinds under 4 B per task left out, so a column may not add up to its total). The raw floor is async functions parked on \`bench/raw.ts\`'s channel; the API floor the same with \`[v, ok]\` results and each task watched for its end (\`spawnWatched\`), as \`go\` must.

${mdTable(BREAKDOWN_HEAD, breakdownRows(b))}

- Everything in the API floor column is V8's price for the API's shape on promises: an async function suspended in \`await\` (frame, register file, its promise, await's reaction and continuations), a pending promise with its resolve function, and a promise reaction with two callbacks to learn when the task ends. None of it is the library's; it already exceeds 700 B.
- What the library adds to the API floor is its parked-operation record (\`Waiter\`: its queue slot, the registry's tick and tracing shadow, value, result flags, resolve function, select arm) and its task record (\`Task\`: registry links, id, name). Those are the registry: who is parked, on what, since when.
`;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
