// Check 2, no growth: each loop of growth-loops.ts runs N iterations, then
// 4N more. What the runtime holds after them (registry counts, armed
// timers, wait-queue slots, the loop's own internal figures, and the heap
// after full collections) must be the same after 5N as after N, and the
// peaks seen while the 4N ran no higher than while the N ran, give or take
// timing noise (at most twice, or 8 more). A per-iteration leak shows as a
// difference that grows with N; the heap may differ by noise (1 MiB, or
// 2 bytes per iteration, whichever is more).
import { runtime } from "../src/index.js";
import { LOOPS, type GrowthLoop } from "./growth-loops.js";
import { registryChannels } from "./internals.js";
import type { Case, Options, Row } from "./protocol.js";

type Figures = Record<string, number>;

/** Iterations between two samples of the peaks. */
const CHUNK = 1000;
/** Heap growth allowed over the 4N iterations: at least this much... */
const HEAP_SLACK_BYTES = 1024 * 1024;
/** ...or this much per iteration, whichever is more. */
const HEAP_BYTES_PER_ITER = 2;

const hostTurn = (): Promise<void> => new Promise((r) => setImmediate(r));
const hostSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function counts(loop: GrowthLoop, s: unknown): Figures {
  return {
    tasks: runtime.numGoroutine(),
    parked: runtime.parked().length,
    timers: runtime.numTimers(),
    "registry channels": registryChannels(),
    ...loop.probe(s),
  };
}

/** Run `n` iterations, returning the highest counts seen between chunks. */
async function runSampled(loop: GrowthLoop, s: unknown, n: number): Promise<Figures> {
  const peak: Figures = {};
  for (let done = 0; done < n; done += CHUNK) {
    await loop.run(s, Math.min(CHUNK, n - done));
    for (const [k, v] of Object.entries(counts(loop, s))) peak[k] = Math.max(peak[k] ?? -Infinity, v);
  }
  return peak;
}

/** Counts and heap once the loop's deadlines passed and the heap was fully collected. */
async function settled(loop: GrowthLoop, s: unknown): Promise<Figures> {
  if (loop.settleMs) await hostSleep(loop.settleMs);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run node with --expose-gc (the supervisor does)");
  // Twice, with host turns between: finalizers (the traced registry's leak
  // tracking) and the registry's deferred sweep run in macrotasks.
  for (let i = 0; i < 2; i++) {
    await hostTurn();
    gc();
    await hostTurn();
  }
  return { ...counts(loop, s), heap: process.memoryUsage().heapUsed };
}

const kb = (b: number): string => `${b >= 0 ? "+" : ""}${(b / 1024).toFixed(0)} KB`;
const k = (n: number): string => (n >= 1000 ? `${n / 1000}k` : String(n));

async function measureLoop(loop: GrowthLoop, n: number): Promise<Omit<Row, "mode">> {
  const s = await loop.setup();
  await loop.run(s, Math.max(1, n >> 2)); // warm-up: compiled code, grown caches
  const peakN = await runSampled(loop, s, n);
  const afterN = await settled(loop, s);
  const peak4N = await runSampled(loop, s, 4 * n);
  const after5N = await settled(loop, s);
  await loop.teardown(s);

  const problems: string[] = [];
  const shown: string[] = [];
  for (const key of Object.keys(afterN)) {
    if (key === "heap") continue;
    const a = afterN[key]!;
    const b = after5N[key]!;
    if (!(b <= a)) problems.push(`${key}: ${a} after N, ${b} after 5N`); // NaN (a field gone) fails too
    const pa = peakN[key]!;
    const pb = peak4N[key]!;
    const timeBounded = loop.timeBounded?.includes(key) ?? false;
    if (!timeBounded && !(pb <= Math.max(2 * pa, pa + 8))) problems.push(`${key}: peak ${pa} during N, ${pb} during 4N`);
    const peaks = pa !== a || pb !== b ? ` (peaks ${pa}, ${pb})` : "";
    shown.push(`${key} ${a === b ? a : `${a}→${b}`}${peaks}`);
  }
  const growth = after5N.heap! - afterN.heap!;
  const allowed = Math.max(HEAP_SLACK_BYTES, 4 * n * HEAP_BYTES_PER_ITER);
  if (growth > allowed) problems.push(`heap grew ${kb(growth)} over 4N iterations (allowed ${kb(allowed)})`);
  const perIter = growth / (4 * n);
  return {
    check: "no-growth",
    name: loop.name,
    figure: `after N=${k(n)} and 5N: ${shown.join(", ")}; heap ${kb(growth)} over 4N (${perIter.toFixed(2)} B/iter)`,
    pass: problems.length === 0,
    detail: problems.length ? problems.join("\n") : undefined,
  };
}

export const cases: Case[] = LOOPS.map((loop) => ({
  check: "no-growth",
  name: loop.name,
  // Traced iterations that park record a site each: allow ~50 µs apiece.
  timeoutMs: (o: Options) => 30_000 + o.growthN * 6 * 0.05,
  run: async (o: Options) => [await measureLoop(loop, o.growthN)],
}));
