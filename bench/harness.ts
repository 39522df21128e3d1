// Runs a case several times after warm-up, checks nothing panicked, and
// summarises: median and spread (min-max). A case measures itself (so setup
// is outside its timing) and must throw when its own result is wrong, so a
// broken case can never report a speed.

import { runtime } from "../src/index.js";

export interface Sample {
  /** The metric: a rate in ops/s, or bytes for a memory case. */
  value: number;
  /** Further numbers worth reporting (the median of each is kept). */
  extra?: Record<string, number>;
}

export interface Row {
  /** Which shape this row belongs to (one per numbered section). */
  group: string;
  /** What was measured, e.g. "library" or "raw-promise floor". */
  label: string;
  impl: "lib" | "raw" | "ref" | "peer";
  /** Workload size (values, round trips, tasks, iterations). */
  n: number;
  unit: "ops/s" | "bytes";
  /** Short name of one op for the unit column, e.g. "round trips". */
  what: string;
  samples: number[];
  median: number;
  min: number;
  max: number;
  extra: Record<string, number>;
  /** Key of the raw row this is compared with. */
  baseline?: string;
  key: string;
}

export interface Options {
  runs: number;
  warmup: number;
  /** A run that takes longer fails (deadlock or pathological slowness). */
  timeoutMs?: number;
}

export const DEFAULT: Options = { runs: 5, warmup: 1, timeoutMs: 30_000 };

let panics: unknown[] = [];
runtime.onPanic((err) => {
  panics.push(err);
});

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== "function") throw new Error("run with node --expose-gc (npm run bench does)");
  gc();
  gc();
}

export function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

/** One macrotask turn: every microtask queued before it has run. */
export function macroturn(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

export function hostSleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(`bench self-check failed: ${what}`);
}

/** A counter whose `all` promise resolves once `n` arrivals are counted. */
export class Countdown {
  count = 0;
  readonly all: Promise<void>;
  private resolve!: () => void;
  constructor(readonly n: number) {
    this.all = new Promise((r) => (this.resolve = r));
    if (n === 0) this.resolve();
  }
  arrive(): void {
    if (++this.count === this.n) this.resolve();
  }
}

// Every case makes a Countdown and drops it. One kept for the life of the
// process keeps its hidden classes alive across the full collections between
// runs, so \`arrive\` is not deoptimized after each (see src/runtime/layouts.ts).
const KEPT_COUNTDOWN = new Countdown(0);
void KEPT_COUNTDOWN;

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: run did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, guard]);
  } finally {
    clearTimeout(timer);
  }
}

export interface CaseSpec {
  group: string;
  label: string;
  impl: Row["impl"];
  n: number;
  unit: Row["unit"];
  what: string;
  key: string;
  baseline?: string;
  opts?: Partial<Options>;
  /** Called between runs (not timed). */
  between?: () => Promise<void>;
  run: () => Promise<Sample>;
}

export async function measure(spec: CaseSpec, log: (s: string) => void): Promise<Row> {
  const o = { ...DEFAULT, ...spec.opts };
  const began = performance.now();
  const samples: number[] = [];
  const extras: Record<string, number[]> = {};
  for (let i = 0; i < o.warmup + o.runs; i++) {
    if (i > 0 && spec.between) await spec.between();
    panics = [];
    let s: Sample;
    try {
      s = await withTimeout(spec.run(), o.timeoutMs ?? 30_000, `${spec.group} / ${spec.label}`);
    } catch (e) {
      if (panics.length > 0) throw new Error(`${spec.group} / ${spec.label}: a task panicked: ${String(panics[0])}`);
      throw e;
    }
    if (panics.length > 0) throw new Error(`${spec.group} / ${spec.label}: a task panicked: ${String(panics[0])}`);
    check(Number.isFinite(s.value), `${spec.label}: metric is not a finite number`);
    if (i < o.warmup) continue;
    samples.push(s.value);
    for (const [k, v] of Object.entries(s.extra ?? {})) (extras[k] ??= []).push(v);
  }
  const row: Row = {
    group: spec.group,
    label: spec.label,
    impl: spec.impl,
    n: spec.n,
    unit: spec.unit,
    what: spec.what,
    key: spec.key,
    baseline: spec.baseline,
    samples,
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    extra: Object.fromEntries(Object.entries(extras).map(([k, v]) => [k, median(v)])),
  };
  log(`  ${spec.group.padEnd(28)} ${spec.label.padEnd(44)} ${fmtValue(row.median, row.unit).padStart(10)}  (${((performance.now() - began) / 1000).toFixed(1)} s)`);
  return row;
}

export function fmtRate(v: number): string {
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return v.toFixed(0);
}

export function fmtValue(v: number, unit: Row["unit"]): string {
  return unit === "bytes" ? `${v.toFixed(0)} B` : `${fmtRate(v)}/s`;
}

/** A ratio measured from interleaved runs: the median of the per-round ratios and its quartiles. */
export interface PairedRatio {
  median: number;
  q1: number;
  q3: number;
  rounds: number;
  /** How the runs were paired, for reports: "11 interleaved rounds". */
  how: string;
}

/** The median of per-round ratios and its quartiles. */
function ratioOf(ratios: number[], how: string): PairedRatio {
  const s = [...ratios].sort((p, q) => p - q);
  return { median: median(ratios), q1: s[Math.floor(s.length / 4)]!, q3: s[Math.floor((3 * s.length) / 4)]!, rounds: ratios.length, how };
}

/**
 * `a`'s metric over `b`'s, from `rounds` rounds that each run both back to
 * back (alternating which goes first), after one warm-up of each. A shared
 * machine drifts by tens of percent within seconds; two runs a few hundred
 * milliseconds apart see nearly the same machine, so the ratio of a pair
 * is steadier than the ratio of two medians taken minutes apart.
 */
export async function paired(a: () => Promise<Sample>, b: () => Promise<Sample>, rounds: number): Promise<PairedRatio> {
  await a();
  await b();
  // Each side starts from a full collection, so neither pays for the other's
  // garbage, and then runs once unmeasured: a full collection that finds
  // every instance of a class dead frees the class's hidden classes and
  // deoptimizes the code specialized to them, and a measured run straight
  // after it would time V8 re-optimizing, not the steady state.
  const run = async (f: () => Promise<Sample>): Promise<number> => {
    forceGc();
    await f();
    return (await f()).value;
  };
  const ratios: number[] = [];
  for (const [x, y] of await alternated(rounds, () => run(a), () => run(b))) {
    check(Number.isFinite(x) && Number.isFinite(y) && y !== 0, "paired: a metric is not a finite number");
    ratios.push(x / y);
  }
  return ratioOf(ratios, `${rounds} interleaved rounds`);
}

/** `rounds` pairs of one run of `a` and one of `b`, back to back, alternating which goes first. */
export async function alternated<T>(rounds: number, a: () => Promise<T>, b: () => Promise<T>): Promise<[T, T][]> {
  const pairs: [T, T][] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      const x = await a();
      pairs.push([x, await b()]);
    } else {
      const y = await b();
      pairs.push([await a(), y]);
    }
  }
  return pairs;
}

/**
 * `a`'s metric over `b`'s from `chunks` short runs of each, alternated one
 * by one (which goes first alternates too), after `warm` runs of each and
 * with no forced collection. Finer than {@link paired}: a neighbour's burst
 * lands on both sides of a few chunks instead of on one side of a round, so
 * ratios a few percent apart can be told apart. For shapes whose runs are
 * short and leave little garbage (ping-pong, buffered transfer).
 */
export async function interleaved(a: () => Promise<Sample>, b: () => Promise<Sample>, chunks: number, what: string, warm = 20): Promise<PairedRatio> {
  for (let i = 0; i < warm; i++) {
    await a();
    await b();
  }
  const ratios: number[] = [];
  for (let i = 0; i < chunks; i++) {
    let x: number;
    let y: number;
    if (i % 2 === 0) {
      x = (await a()).value;
      y = (await b()).value;
    } else {
      y = (await b()).value;
      x = (await a()).value;
    }
    check(Number.isFinite(x) && Number.isFinite(y) && y !== 0, "interleaved: a metric is not a finite number");
    ratios.push(x / y);
  }
  return ratioOf(ratios, `${chunks} alternated runs of ${what}`);
}
