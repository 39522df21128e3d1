// Runs each script of bench/profile/ under `node --cpu-prof` and summarises
// the self time of the samples inside the script's measured windows.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  title: string;
  what: string;
  totalMs: number;
  top: { name: string; where: string; selfMs: number; pct: number }[];
  byArea: { area: string; pct: number }[];
}

function where(url: string, line: number): string {
  if (!url) return "";
  const rel = url.startsWith("file://") ? url.slice("file://".length) : url;
  const r = rel.startsWith(ROOT + "/") ? rel.slice(ROOT.length + 1) : rel;
  // The profile's positions are those of the type-stripped module
  // (bench/loader), which keeps most lines where the source has them.
  const file = r.replace(/^.*node_modules\//, "node_modules/");
  return line > 0 ? `${file}:${line + 1}` : file;
}

function area(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "native/builtins";
  const w = where(url, 0);
  const m = /^src\/([^/]+)\//.exec(w);
  if (m) return `src/${m[1]}`;
  if (w.startsWith("bench/")) return "bench (the script)";
  if (w.startsWith("node:")) return "node internals";
  return "other";
}

export function summarise(prof: CpuProfile, windows: [number, number][], title: string, what: string, topN = 12): ProfileSummary {
  const byId = new Map(prof.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, { name: string; where: string; us: number }>();
  const areas = new Map<string, number>();
  let total = 0;
  let t = prof.startTime;
  for (let i = 0; i < prof.samples.length; i++) {
    t += prof.timeDeltas[i];
    const dur = prof.timeDeltas[i + 1] ?? 0;
    if (!windows.some(([a, b]) => t >= a && t <= b)) continue;
    const cf = byId.get(prof.samples[i]);
    if (!cf || cf.functionName === "(idle)") continue;
    const name = cf.functionName || "(anonymous)";
    const key = `${name}|${cf.url}|${cf.lineNumber}`;
    const e = self.get(key) ?? { name, where: where(cf.url, cf.lineNumber), us: 0 };
    e.us += dur;
    self.set(key, e);
    const ar = area(cf.url, name);
    areas.set(ar, (areas.get(ar) ?? 0) + dur);
    total += dur;
  }
  if (total === 0) throw new Error(`${title}: no samples inside the measured windows`);
  const top = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, topN)
    .map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, pct: (100 * e.us) / total }));
  const byArea = [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([a, us]) => ({ area: a, pct: (100 * us) / total }));
  return { title, what, totalMs: total / 1000, top, byArea };
}

export function profileScript(script: string, args: string[], title: string, what: string): ProfileSummary {
  const dir = mkdtempSync(join(tmpdir(), "bench-prof-"));
  try {
    const r = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "50", "--expose-gc", "--import", join(ROOT, "bench", "loader", "register.mjs"), join(HERE, script), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 16 << 20,
    });
    if (r.status !== 0) throw new Error(`profile ${script} failed: ${r.stderr || r.stdout}`);
    const last = r.stdout.trim().split("\n").pop() ?? "";
    const { windows } = JSON.parse(last) as { windows: [number, number][] };
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error(`profile ${script}: no .cpuprofile written`);
    const prof = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
    const inside = windows.every(([a, b]) => a >= prof.startTime && b <= prof.endTime);
    if (!inside) throw new Error(`profile ${script}: measured windows fall outside the profile's time range`);
    return summarise(prof, windows, title, what);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function profileAll(): ProfileSummary[] {
  return [
    profileScript("pingpong.ts", [], "Unbuffered ping-pong (library)", "`bench/profile/pingpong.ts`: 3 × 200k round trips between two go() tasks, after a warm-up."),
    profileScript("wake.ts", ["close"], "Waking 100k tasks parked on one channel, by close() (library)", "`bench/profile/wake.ts close`: 4 × (park 100k go() tasks on `ch.recv()`, then `ch.close()` and wait for all); only the wake is in the window."),
    profileScript("select.ts", [], "select against time.after (library)", "`bench/profile/select.ts`: 3 × 200k iterations of `select(recv(ch), recv(time.after(1000)))` over an always-ready channel, after a warm-up."),
    profileScript("wake.ts", ["send"], "Waking 100k tasks parked on one channel, by sending 100k values (library)", "`bench/profile/wake.ts send`: as above, one sender task sending 100k values."),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const p of profileAll()) {
    console.log(`\n${p.title} (${p.totalMs.toFixed(0)} ms sampled)`);
    for (const t of p.top) console.log(`  ${t.pct.toFixed(1).padStart(5)} %  ${t.selfMs.toFixed(1).padStart(7)} ms  ${t.name}  ${t.where}`);
    console.log(`  by area: ${p.byArea.map((a) => `${a.area} ${a.pct.toFixed(0)} %`).join(", ")}`);
  }
}
