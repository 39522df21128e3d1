// `npm run demo`: the leak gallery, live. Every leaky program of the seeds
// (examples/seed000, seed002, seed004) and its fixes run in synctest
// bubbles - many requests, seconds of Go time in milliseconds of wall time;
// the HTTP seeds with their real node:http servers and the Client on an
// in-memory network (ts-csp-style/http/httptest) - and for each seed the
// demo prints a compact table (requests, timed out, tasks left, timers left)
// with a sparkline of the task count over virtual time, then the Deadlock a
// leaky program's bubble ends in, with Go's dump of one leaked task pointing
// at its line in examples/. Seed 003 (the client's timeout layers, no leak)
// runs each layer in a bubble on the in-memory network at the seed's own
// durations (5 s to 1 minute of virtual time, milliseconds of wall time) and
// shows the typed error it ends in, at exactly its deadline. It writes
// demo-report.html, a self-contained page with a chart per leak, leaky
// against fixed.
//
//   npm run demo                       every seed, 100 requests per program
//   npm run demo -- --seed 004         one seed (000, 002, 003 or 004)
//   npm run demo -- --requests 1000    more requests
//   npm run demo -- --json             machine-readable output on stdout
//   npm run demo -- --report out.html  write the page elsewhere (--no-report: not at all)
//
// Exits non-zero if a leak or a fix does not behave as its seed says.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { time } from "../src/index.js";
import { Deadlock, synctest } from "../src/testing/index.js";
import { HttpTimeoutError } from "../src/http/index.js";
import * as httptest from "../src/http/httptest/index.js";
import { dumpsOf, PROGRAMS, program, ROOT, run, type Outcome, type Program } from "./gallery.js";
import { renderReport, type Chart, type ReportData } from "./report.js";

const SEEDS = ["000", "002", "003", "004"] as const;
type Seed = (typeof SEEDS)[number];

const SEED_TITLES: Record<Seed, string> = {
  "000": "golang http timeout and goroutines accumulation (timeoutHttpGet behind an HTTP handler)",
  "002": "http.TimeoutHandler does not stop the ServeHTTP it abandons",
  "003": "the timeout layers of Go's HTTP client (no leak: each layer ends in its typed error)",
  "004": "a select with a timeout protects the reader, not the writer",
};

interface Group {
  seed: Seed;
  id: string;
  title: string;
  leaky: string;
  measure: "tasks" | "timers";
}

const GROUPS: Group[] = [
  { seed: "000", id: "000", title: "seed 000: the handler's fetch tasks", leaky: "000/leaky", measure: "tasks" },
  { seed: "002", id: "002", title: "seed 002: ServeHTTP tasks after TimeoutHandler's 503", leaky: "002/leaky", measure: "tasks" },
  { seed: "004", id: "004/get", title: "seed 004: get(), Pattern 1 and Pattern 2", leaky: "004/get-leaky", measure: "tasks" },
  { seed: "004", id: "004/first", title: "seed 004: Pattern 3, first() over three mirrors", leaky: "004/first-leaky", measure: "tasks" },
  { seed: "004", id: "004/poll", title: "seed 004: the time.After loop and the owned timer", leaky: "004/poll-after-loop", measure: "timers" },
];

// ---- checks: what each seed says ----

type Check = [what: string, ok: boolean];

function checksFor(p: Program, o: Outcome): Check[] {
  const n = o.requests;
  const c: Check[] = [[`${p.id}: every request answered`, o.unanswered === 0]];
  switch (p.id) {
    case "000/leaky":
    case "004/get-leaky":
      c.push([`${p.id}: every request timed out and left its producer parked (${n})`, o.timedOut === n && o.tasksLeft === n && o.parked.length === n]);
      break;
    case "002/leaky":
      c.push([`${p.id}: 503 for all, and every ServeHTTP still running (${n})`, o.timedOut === n && o.tasks.filter((t) => t.name === "ServeHTTP").length === n]);
      break;
    case "004/first-leaky":
      c.push([`${p.id}: one tied loser per call parked on its send (${n})`, o.tasksLeft === n && o.tasks.every((t) => t.state === "chan send")]);
      break;
    case "004/poll-after-loop":
      c.push([`${p.id}: timers pile up (${o.maxTimers} at most) and outlive poll (${o.timersLeft})`, o.maxTimers > 1 && o.timersLeft > 0 && o.tasksLeft === 0]);
      break;
    case "004/poll-owned-timer":
      c.push([`${p.id}: exactly one timer while polling, none after`, o.maxTimers === 1 && o.timersLeft === 0 && o.tasksLeft === 0]);
      break;
    default:
      c.push([`${p.id}: no task left`, o.tasksLeft === 0 && o.parked.length === 0 && o.bubbleError === undefined]);
  }
  if (p.variant === "leaky" && p.id !== "004/poll-after-loop") c.push([`${p.id}: its bubble ends in Go's synctest deadlock`, o.bubbleError instanceof Deadlock]);
  return c;
}

// ---- text output ----

const BARS = "▁▂▃▄▅▆▇█";

/** `values` squeezed into `width` columns (max per bucket), scaled to `max`. */
export function sparkline(values: number[], max: number, width = 40): string {
  const cols = Math.min(width, values.length);
  let s = "";
  for (let i = 0; i < cols; i++) {
    const from = Math.floor((i * values.length) / cols), to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / cols));
    const v = Math.max(...values.slice(from, to));
    s += v === 0 ? " " : BARS[Math.min(BARS.length - 1, Math.ceil((v / Math.max(max, 1)) * BARS.length) - 1)]!;
  }
  return s;
}

const rel = (s: string): string => s.split(ROOT).join("");

function table(rows: string[][], right: Set<number>): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return rows.map((r) => r.map((cell, i) => (right.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd()).join("\n");
}

function fmtSpan(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

// ---- seed 003 ----

interface LayerResult {
  program: string;
  layer: string | null;
  error: string;
  /** The layer's timeout: the seed's value. */
  timeout: number;
  /** Virtual ms from the request to the error. */
  virtualMs: number;
  /** Wall ms the bubble took. */
  wallMs: number;
  ok: boolean;
}

type Layer003 = { run(ms: number, network: httptest.Network): Promise<unknown> };

async function seed003(): Promise<LayerResult[]> {
  // The seed's durations: Docker's 5 s dial, Go's 10 s TLS handshake, 10 s
  // for the headers and the whole exchange, TimeoutConn's 1 minute per read.
  const layers: [string, string, number, () => Promise<Layer003>][] = [
    ["dial-timeout.ts", "dial", 5 * time.Second, () => import("./seed003/dial-timeout.js")],
    ["tls-handshake-timeout.ts", "tlsHandshake", 10 * time.Second, () => import("./seed003/tls-handshake-timeout.js")],
    ["response-header-timeout.ts", "responseHeader", 10 * time.Second, () => import("./seed003/response-header-timeout.js")],
    ["client-timeout.ts", "total", 10 * time.Second, () => import("./seed003/client-timeout.js")],
    ["timeout-conn.ts", "idle", time.Minute, () => import("./seed003/timeout-conn.js")],
  ];
  const out: LayerResult[] = [];
  for (const [file, want, timeout, load] of layers) {
    const program = await load();
    const t0 = Date.now();
    const { err, virtualMs } = await synctest.test(async () => {
      const start = time.now();
      const e = await program.run(timeout, httptest.newNetwork());
      return { err: e, virtualMs: time.since(start) };
    });
    const layer = err instanceof HttpTimeoutError ? err.layer : null;
    out.push({
      program: `examples/seed003/${file}`,
      layer,
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      timeout,
      virtualMs,
      wallMs: Date.now() - t0,
      ok: layer === want && virtualMs === timeout,
    });
  }
  return out;
}

// ---- main ----

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: "string" },
      requests: { type: "string", default: "100" },
      json: { type: "boolean", default: false },
      report: { type: "string", default: path.join(ROOT, "demo-report.html") },
      "no-report": { type: "boolean", default: false },
    },
  });
  const requests = Number(values.requests);
  if (!Number.isInteger(requests) || requests < 1) throw new Error(`--requests must be a positive integer, got ${values.requests}`);
  const seeds: Seed[] = values.seed === undefined ? [...SEEDS] : [values.seed.padStart(3, "0") as Seed];
  for (const s of seeds) if (!SEEDS.includes(s)) throw new Error(`--seed must be one of ${SEEDS.join(", ")}, got ${values.seed}`);
  const say = values.json ? (_: string) => {} : (s: string) => console.log(s);
  const t0 = Date.now();

  const checks: Check[] = [];
  const charts: Chart[] = [];
  const text: Record<string, string> = {};
  const json: Record<string, unknown> = {};

  for (const seed of seeds) {
    const lines: string[] = [`seed ${seed}: ${SEED_TITLES[seed]}`];
    if (seed === "003") {
      const layers = await seed003();
      lines.push(
        "each layer in a synctest bubble, on an in-memory network, at the seed's own timeout",
        table(
          [["program", "layer", "virtual", "wall", "error"], ...layers.map((l) => [l.program, l.layer ?? "-", fmtSpan(l.virtualMs), `${l.wallMs} ms`, l.error])],
          new Set([2, 3]),
        ),
      );
      for (const l of layers) checks.push([`${l.program}: ends in HttpTimeoutError (${l.layer}) at exactly ${fmtSpan(l.timeout)} of virtual time`, l.ok]);
      json[seed] = { layers };
    } else {
      const groups = GROUPS.filter((g) => g.seed === seed);
      const seedJson: Record<string, unknown>[] = [];
      let dumped = false;
      for (const g of groups) {
        const members = [program(g.leaky), ...PROGRAMS.filter((p) => p.fixes === g.leaky)];
        const outcomes: Outcome[] = [];
        let wall = 0;
        for (const p of members) {
          const t = Date.now();
          outcomes.push(await run(p, { requests }));
          wall += Date.now() - t;
        }
        const max = Math.max(...outcomes.flatMap((o) => o.samples.map((s) => s[g.measure])));
        const span = fmtSpan(members[0]!.horizon);
        const rows = [["program", "", "requests", "timed out", "tasks left", "timers left", `${g.measure} over ${span} (max ${max})`]];
        members.forEach((p, i) => {
          const o = outcomes[i]!;
          const cs = checksFor(p, o);
          checks.push(...cs);
          rows.push([p.file.replace("examples/", ""), p.variant, String(o.requests), String(o.timedOut), String(o.tasksLeft), String(o.timersLeft), `│${sparkline(o.samples.map((s) => s[g.measure]), max)}│`]);
          seedJson.push({
            id: p.id, file: p.file, variant: p.variant, fixes: p.fixes ?? null, title: p.title,
            requests: o.requests, timedOut: o.timedOut, tasksLeft: o.tasksLeft, timersLeft: o.timersLeft, maxTimers: o.maxTimers,
            leftStates: Object.fromEntries([...new Set(o.tasks.map((t) => t.state))].map((st) => [st, o.tasks.filter((t) => t.state === st).length])),
            blockedAt: [...new Set(o.tasks.map((t) => rel(t.blockedAt ?? "?")))],
            samples: o.samples.map((s) => [s.t, s.tasks, s.timers]),
            ok: cs.every(([, ok]) => ok),
          });
        });
        lines.push("", g.title.replace(/^seed \d+: /, ""), table(rows, new Set([2, 3, 4, 5])));
        charts.push({ id: g.id, seed, title: g.title, measure: g.measure, series: members.map((p, i) => ({ program: p, outcome: outcomes[i]! })) });
        const leaky = outcomes[0]!;
        lines.push(`(${members.length} programs x ${span} of virtual time, ${wall} ms of wall time in all)`);
        if (!dumped && leaky.tasks.length > 0 && leaky.bubbleError instanceof Deadlock) {
          // The leak as Go's synctest reports it: the bubble's Deadlock, one of its dump's tasks.
          const d = leaky.bubbleError;
          const block = dumpsOf(d.dump, [leaky.tasks[0]!.id])[0] ?? "";
          lines.push("", `its bubble: Deadlock: ${d.message.split("\n")[0]}; 1 of the ${leaky.tasks.length} tasks it dumps:`, rel(block).replace(/^/gm, "  "));
          dumped = true;
        }
      }
      json[seed] = { programs: seedJson };
    }
    text[seed] = lines.join("\n");
    say(text[seed]! + "\n");
  }

  const data: ReportData = { requests, charts, text };
  let report: string | null = null;
  if (!values["no-report"]) {
    report = path.resolve(values.report!);
    writeFileSync(report, renderReport(data));
  }

  const ok = checks.every(([, pass]) => pass);
  const failed = checks.filter(([, pass]) => !pass);
  if (values.json) {
    console.log(JSON.stringify({ requests, seeds: json, checks: checks.map(([what, pass]) => ({ what, ok: pass })), report, ok, wallMs: Date.now() - t0 }, null, 2));
  } else {
    say(`${checks.length - failed.length}/${checks.length} checks hold${failed.length ? "; FAILED:" : ""}`);
    for (const [what] of failed) say(`  FAIL  ${what}`);
    if (report) say(`report: ${path.relative(process.cwd(), report) || report} (open it in a browser)`);
    say(ok ? `demo: every leak and fix behaves as its seed says (${((Date.now() - t0) / 1000).toFixed(1)} s)` : "demo: FAILED");
  }
  return ok ? 0 : 1;
}

process.exitCode = await main();
