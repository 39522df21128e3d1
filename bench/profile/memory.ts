// Where a parked task's bytes go, by V8 object kind: a heap snapshot before
// and after parking k tasks on one shared channel, diffed, for the raw
// floor, the API floor (bench/raw.ts) and the library. Kinds are what the
// snapshot names them (a class name, "closure", "system / Context", ...);
// "made by" says which code allocates them.
// Run standalone: node --expose-gc --import ./bench/loader/register.mjs bench/profile/memory.ts

import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { chan, go, runtime } from "../../src/index.js";
import { check, forceGc, macroturn } from "../harness.js";
import { RawChan, spawnWatched, watched } from "../raw.js";

export const SCENARIOS = ["raw floor", "API floor", "library"] as const;
type Scenario = (typeof SCENARIOS)[number];

export interface KindRow {
  kind: string;
  madeBy: string;
  /** Objects and bytes per parked task, one entry per scenario. */
  per: { count: number; bytes: number }[];
}

export interface Breakdown {
  k: number;
  rows: KindRow[];
  /** Bytes per task in all, per scenario (kinds under 4 B per task included). */
  totals: number[];
}

/** Which code makes objects of each kind, in the shapes measured here. */
const MADE_BY: [RegExp, string][] = [
  [/^object:Generator$/, "the task's async function: its suspended frame"],
  [/^array:$/, "the suspended frame's register file (locals, temporaries)"],
  [/^object:Promise$/, "the async function's own promise; the receive's promise; go()'s derived promise (library, API floor)"],
  [/^closure:$/, "the receive's resolve function; await's two continuations; go()'s two settlement callbacks (library, API floor)"],
  [/^object:system \/ Context$/, "the scopes those closures share (one per resolver pair, per await, per go())"],
  [/^hidden:system \/ PromiseReaction$/, "await's reaction on the receive's promise; go()'s reaction on the task's promise"],
  [/^object:Waiter$/, "library: the parked receive (its queue slot, registry fields, value, resolve)"],
  [/^object:Task$/, "library: the task record (registry links, id, name)"],
  [/^object:Object$/, "API floor: the task record of spawnWatched"],
  [/^closure:parked$/, "the task function (one for all tasks)"],
  [/^array:\(object elements\)$/, "raw/API floor: the receive queue's array slot"],
  [/^number:heap number$/, "a fractional number stored in a field (a boxed double)"],
];

type Counts = Map<string, { n: number; b: number }>;

async function snapshot(): Promise<Counts> {
  forceGc();
  const chunks: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const s = v8.getHeapSnapshot();
    s.on("data", (c: Buffer) => chunks.push(c.toString()));
    s.on("end", () => resolve());
    s.on("error", reject);
  });
  const j = JSON.parse(chunks.join("")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const f = j.snapshot.meta.node_fields;
  const types = j.snapshot.meta.node_types[0];
  const nf = f.length;
  const ti = f.indexOf("type");
  const ni = f.indexOf("name");
  const si = f.indexOf("self_size");
  const out: Counts = new Map();
  for (let i = 0; i < j.nodes.length; i += nf) {
    const type = types[j.nodes[i + ti]!]!;
    // Strings are named by their contents: count them together.
    const name = type === "string" || type === "concatenated string" || type === "sliced string" ? "" : j.strings[j.nodes[i + ni]!]!;
    const key = `${type}:${name.length > 60 ? name.slice(0, 60) : name}`;
    const e = out.get(key) ?? { n: 0, b: 0 };
    e.n++;
    e.b += j.nodes[i + si]!;
    out.set(key, e);
  }
  return out;
}

/** Park k tasks of `scenario` on one shared channel; returns the wake-up and its check. */
function park(scenario: Scenario, k: number): () => Promise<void> {
  let closed = 0;
  if (scenario === "library") {
    const base = runtime.numGoroutine();
    const ch = chan<number>();
    const parked = async (c: typeof ch): Promise<void> => {
      const [, ok] = await c.recv();
      if (!ok) closed++;
    };
    for (let i = 0; i < k; i++) go(parked, ch);
    return async () => {
      ch.close();
      await macroturn();
      check(closed === k && runtime.numGoroutine() === base, `memory breakdown (library): ${closed} of ${k} woke`);
    };
  }
  const tuples = scenario === "API floor";
  const ch = new RawChan<number>(0, tuples);
  if (tuples) {
    const parked = async (c: RawChan<number>): Promise<void> => {
      const [, ok] = await c.recvTuple();
      if (!ok) closed++;
    };
    for (let i = 0; i < k; i++) spawnWatched(parked, ch);
  } else {
    const parked = async (c: RawChan<number>): Promise<void> => {
      if ((await c.recv()) === undefined) closed++;
    };
    for (let i = 0; i < k; i++) void parked(ch);
  }
  const live = watched.live;
  return async () => {
    ch.close();
    await macroturn();
    check(closed === k && (!tuples || watched.live === live - k), `memory breakdown (${scenario}): ${closed} of ${k} woke`);
  };
}

export async function memoryBreakdown(k: number): Promise<Breakdown> {
  // Two passes, the first thrown away: in a process that has run other
  // cases, objects still held by their leftovers (pending timers, the first
  // snapshot's own allocations) are let go during the first pass, and would
  // show as negative bytes in whichever scenario came first.
  await breakdownPass(Math.ceil(k / 10));
  return breakdownPass(k);
}

async function breakdownPass(k: number): Promise<Breakdown> {
  const per: Map<string, { n: number; b: number }[]> = new Map();
  const totals: number[] = [];
  for (const [si, scenario] of SCENARIOS.entries()) {
    const before = await snapshot();
    const wake = park(scenario, k);
    await macroturn(); // every task has started and parked
    const after = await snapshot();
    let total = 0;
    for (const [key, v] of after) {
      const o = before.get(key) ?? { n: 0, b: 0 };
      const row = per.get(key) ?? SCENARIOS.map(() => ({ n: 0, b: 0 }));
      row[si] = { n: (v.n - o.n) / k, b: (v.b - o.b) / k };
      per.set(key, row);
      total += (v.b - o.b) / k;
    }
    totals.push(total);
    await wake();
  }
  const rows: KindRow[] = [...per.entries()]
    .filter(([, v]) => v.some((x) => x.b >= 4))
    .map(([kind, v]) => ({
      kind,
      madeBy: MADE_BY.find(([re]) => re.test(kind))?.[1] ?? "",
      per: v.map((x) => ({ count: x.n, bytes: x.b })),
    }))
    .sort((a, b) => b.per[2]!.bytes - a.per[2]!.bytes);
  return { k, rows, totals };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runtime.setTracing(false);
  const b = await memoryBreakdown(20_000);
  console.log(`per parked task, ${b.k} tasks on one shared channel: ${SCENARIOS.join(" / ")}`);
  for (const r of b.rows) console.log(`${r.kind.padEnd(40)} ${r.per.map((p) => `${p.count.toFixed(2)} × = ${p.bytes.toFixed(0).padStart(4)} B`).join("   ")}  ${r.madeBy}`);
  console.log(`${"total".padEnd(40)} ${b.totals.map((t) => `${t.toFixed(0).padStart(13)} B`).join("   ")}`);
}
