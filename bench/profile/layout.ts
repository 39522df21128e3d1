// Why waking 100k parked tasks costs the library more per task than waking
// 10k: the shape of the wait queue. The same wake-by-close, with no library
// at all, on three queues of 10k and 100k parked async functions:
// - "resolvers in an array": the raw floor's queue of resolve functions;
// - "waiter records in an array": a record per parked operation (as the
//   library's Waiter: links, value, flags, resolve function), held in an array;
// - "waiter records in an intrusive list": the same records linked through
//   their own prev/next fields, as DESIGN.md suggests and as the library's
//   queues were until this measurement moved them to slots of an array
//   (src/chan/waitqueue.ts).
// Run standalone: node --expose-gc --import ./bench/loader/register.mjs bench/profile/layout.ts

import { fileURLToPath } from "node:url";
import { Fifo } from "../raw.js";
import { check, forceGc, macroturn, median } from "../harness.js";

export const LAYOUTS = ["resolvers in an array", "waiter records in an array", "waiter records in an intrusive list"] as const;
type Layout = (typeof LAYOUTS)[number];

type Result = readonly [undefined, false];
const CLOSED: Result = Object.freeze([undefined, false] as const);

/** Shaped as the library's Waiter: 13 fields, the resolve function among them. */
class Record {
  entry: unknown = null;
  tick = 0;
  chan: unknown = null;
  dir = 1;
  prev: Record | null = null;
  next: Record | null = null;
  queued = false;
  value: unknown = undefined;
  ok = false;
  iter = false;
  sel: unknown = null;
  arm = 0;
  resolve: ((r: Result) => void) | null = null;
}

/** Park k async functions on one queue of `layout`, close it; ns per task for the close loop and for the resumptions after it. */
async function once(layout: Layout, k: number): Promise<[number, number]> {
  let woken = 0;
  const resolvers = new Fifo<(r: Result) => void>();
  const records = new Fifo<Record>();
  const list = { head: null as Record | null, tail: null as Record | null };
  const park = (): Promise<Result> => {
    if (layout === "resolvers in an array") return new Promise<Result>((r) => resolvers.push(r));
    const w = new Record();
    const p = new Promise<Result>((r) => (w.resolve = r));
    w.queued = true;
    if (layout === "waiter records in an array") records.push(w);
    else {
      w.prev = list.tail;
      if (list.tail !== null) list.tail.next = w;
      else list.head = w;
      list.tail = w;
    }
    return p;
  };
  const task = async (): Promise<void> => {
    const [, ok] = await park();
    if (!ok) woken++;
  };
  for (let i = 0; i < k; i++) void task();
  await macroturn();
  forceGc();
  const t0 = performance.now();
  if (layout === "resolvers in an array") {
    for (let r = resolvers.shift(); r !== undefined; r = resolvers.shift()) r(CLOSED);
  } else if (layout === "waiter records in an array") {
    for (let w = records.shift(); w !== undefined; w = records.shift()) {
      w.queued = false;
      w.ok = false;
      w.resolve!(CLOSED);
    }
  } else {
    for (let w = list.head; w !== null; w = list.head) {
      list.head = w.next;
      if (list.head !== null) list.head.prev = null;
      w.next = null;
      w.queued = false;
      w.ok = false;
      w.resolve!(CLOSED);
    }
    list.tail = null;
  }
  const t1 = performance.now();
  await macroturn();
  const t2 = performance.now();
  check(woken === k, `layout ${layout}: ${woken} of ${k} woke`);
  return [((t1 - t0) * 1e6) / k, ((t2 - t1) * 1e6) / k];
}

export interface LayoutRow {
  layout: Layout;
  k: number;
  closeNs: number;
  resumeNs: number;
}

/** Medians of `runs` runs of each layout at each k, the layouts interleaved. */
export async function queueLayouts(ks: number[] = [10_000, 100_000], runs = 7): Promise<LayoutRow[]> {
  const out: LayoutRow[] = [];
  for (const k of ks) {
    const got = new Map<Layout, [number, number][]>(LAYOUTS.map((l) => [l, []]));
    for (const l of LAYOUTS) await once(l, k); // warm-up
    for (let i = 0; i < runs; i++) for (const l of LAYOUTS) got.get(l)!.push(await once(l, k));
    for (const l of LAYOUTS) {
      const xs = got.get(l)!;
      out.push({ layout: l, k, closeNs: median(xs.map((x) => x[0])), resumeNs: median(xs.map((x) => x[1])) });
    }
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await queueLayouts()) console.log(`${r.layout.padEnd(38)} ${String(r.k).padStart(7)}  close ${r.closeNs.toFixed(0).padStart(5)} ns/task  resumptions ${r.resumeNs.toFixed(0).padStart(5)} ns/task`);
}
