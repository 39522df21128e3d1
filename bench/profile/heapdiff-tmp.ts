import v8 from "node:v8";
import { chan, go, runtime } from "../../src/index.js";

function snap(): Map<string, { n: number; b: number }> {
  const s = v8.getHeapSnapshot();
  const chunks: string[] = [];
  return new Promise<any>((res) => {
    s.on("data", (c) => chunks.push(c.toString()));
    s.on("end", () => res(JSON.parse(chunks.join(""))));
  }) as any;
}
async function agg(): Promise<Map<string, { n: number; b: number }>> {
  (globalThis as any).gc();
  const j: any = await snap();
  const f = j.snapshot.meta.node_fields as string[];
  const types = j.snapshot.meta.node_types[0] as string[];
  const nf = f.length, ti = f.indexOf("type"), ni = f.indexOf("name"), si = f.indexOf("self_size");
  const m = new Map<string, { n: number; b: number }>();
  const nodes = j.nodes as number[];
  for (let i = 0; i < nodes.length; i += nf) {
    const t = types[nodes[i + ti]];
    let name = j.strings[nodes[i + ni]] as string;
    if (t === "string" || t === "concatenated string") name = "";
    if (name.length > 40) name = name.slice(0, 40);
    const k = t + ":" + name;
    const e = m.get(k) ?? { n: 0, b: 0 };
    e.n++; e.b += nodes[i + si];
    m.set(k, e);
  }
  return m;
}
const mode = process.argv[2] ?? "shared";
const K = 20000;
const a = await agg();
const one = chan<number>();
const keep: unknown[] = [];
for (let i = 0; i < K; i++) {
  const c = mode === "shared" ? one : chan<number>();
  keep.push(c);
  if (mode === "bare") { keep.push((async (p: Promise<void>) => { await p; })(new Promise<void>(r => keep.push(r)))); continue; }
  go(async function parked(c) { const [, ok] = await c.recv(); }, c);
}
await new Promise((r) => setTimeout(r, 10));
const b = await agg();
const rows: [string, number, number][] = [];
for (const [k, v] of b) {
  const o = a.get(k) ?? { n: 0, b: 0 };
  const dn = v.n - o.n, db = v.b - o.b;
  if (Math.abs(db) / K >= 4) rows.push([k, dn / K, db / K]);
}
rows.sort((x, y) => y[2] - x[2]);
let tot = 0;
for (const r of rows) { tot += r[2]; console.log(r[2].toFixed(1).padStart(8), r[1].toFixed(2).padStart(6), r[0]); }
console.log("total", tot.toFixed(1), "numGoroutine", runtime.numGoroutine());
{
  (globalThis as any).gc();
  const j: any = await snap();
  const f = j.snapshot.meta.node_fields as string[];
  const ef = j.snapshot.meta.edge_fields as string[];
  const etypes = j.snapshot.meta.edge_types[0] as string[];
  const types = j.snapshot.meta.node_types[0] as string[];
  const nf = f.length, ti = f.indexOf("type"), ni = f.indexOf("name"), si = f.indexOf("self_size"), eci = f.indexOf("edge_count");
  const nodes = j.nodes as number[], edges = j.edges as number[];
  let e = 0;
  const owners = new Map<string, number>();
  for (let i = 0; i < nodes.length; i += nf) {
    const ec = nodes[i + eci];
    for (let k = 0; k < ec; k++, e += ef.length) {
      const to = edges[e + 2];
      const tname = j.strings[nodes[to + ni]];
      if (tname === "(object properties)" || (tname === "" && types[nodes[to + ti]] === "array")) {
        const et = etypes[edges[e]];
        const en = et === "element" || et === "hidden" ? String(edges[e + 1]) : j.strings[edges[e + 1]];
        const key = tname + " <- " + types[nodes[i + ti]] + ":" + j.strings[nodes[i + ni]].slice(0, 30) + " ." + en + " size " + nodes[to + si];
        owners.set(key, (owners.get(key) ?? 0) + 1);
      }
    }
  }
  [...owners].filter(([, n]) => n > 1000).sort((a, b) => b[1] - a[1]).slice(0, 15).forEach((x) => console.log(x[1], x[0]));
}
