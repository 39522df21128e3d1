// The leak gallery as data: every program of examples/ that leaks (or
// fixes a leak), with a driver that runs it in a synctest bubble - many
// requests arriving over a window of virtual time, against an upstream of
// chosen latencies, optionally under an explored schedule - and records
// what the registry sees: the task count (and armed timers) at every step of
// virtual time, then, at the horizon, the tasks left, where they are parked,
// Go's dump of them and, on request, what leaks.find() proves leaked.
//
// The HTTP seeds (000, 002) run whole on an in-memory network
// (ts-csp-style/http/httptest): their handlers behind a real node:http
// server, requests sent by the Client, and seed 000's upstream a second
// node:http server that answers after the chosen latency, all in the
// bubble's virtual time.
// Used by `npm run demo` (examples/demo.ts), the specs in spec/seeds/ and
// the properties in property-tests/seeds/. Everything is captured inside the
// bubble's main function before it returns: a leaky program's bubble then
// fails with Go's synctest Deadlock ("main bubble goroutine has exited but
// blocked goroutines remain"), which the driver records as `bubbleError`.
import { fileURLToPath } from "node:url";
import type * as http from "node:http";
import { chan, context, go, runtime, time } from "../src/index.js";
import { leaks, synctest, type LeakedTask, type Schedule } from "../src/testing/index.js";
import { Client, type ClientOptions } from "../src/http/index.js";
import * as httptest from "../src/http/httptest/index.js";
import * as s000fixed from "./seed000/fixed.js";
import * as s000leaky from "./seed000/leaky.js";
import * as s002customTimeout from "./seed002/fixed-custom-timeout.js";
import * as s002select from "./seed002/fixed-select.js";
import * as s002timeoutHandler from "./seed002/fixed-timeout-handler.js";
import * as s002fixed from "./seed002/fixed.js";
import * as s002leaky from "./seed002/leaky.js";
import * as firstFixed from "./seed004/first.js";
import * as firstLeaky from "./seed004/first-leaky.js";
import * as getBuffered from "./seed004/get-buffered.js";
import * as getCtx from "./seed004/get-ctx.js";
import * as getLeaky from "./seed004/get-leaky.js";
import * as pollAfter from "./seed004/poll-after-loop.js";
import * as pollOwned from "./seed004/poll-owned-timer.js";

type TaskInfo = ReturnType<typeof runtime.goroutines>[number];
type ParkedOp = ReturnType<typeof runtime.parked>[number];

export type SeedId = "000" | "002" | "004";

/** One step of the recording: virtual ms since the start, live tasks (the bubble's main task not counted), armed timers. */
export interface Sample {
  t: number;
  tasks: number;
  timers: number;
}

/** What one run of a program left, captured inside its bubble. */
export interface Outcome {
  program: string;
  requests: number;
  /** Requests that ended in the timeout (or ctx) error / a 503. */
  timedOut: number;
  /** Requests still unanswered at the horizon (should be 0). */
  unanswered: number;
  /** Tasks alive at the horizon, besides the bubble's main task. */
  tasksLeft: number;
  /** Timers armed at the horizon. */
  timersLeft: number;
  /** The most timers armed at any sample. */
  maxTimers: number;
  tasks: TaskInfo[];
  parked: ParkedOp[];
  /** runtime.stack() at the horizon. */
  stack: string;
  samples: Sample[];
  /** leaks.find() at the horizon, when asked for. */
  leaked?: LeakedTask[];
  /** What the bubble rejected with (a Deadlock when tasks outlive fn), or undefined. */
  bubbleError: unknown;
  /** Virtual ms the run covered. */
  horizon: number;
}

export interface RunOptions {
  requests?: number;
  /** Upstream latency per request, in ms (cycled); the program's seed value when omitted. */
  latencies?: readonly number[];
  /** Virtual ms at which each request arrives (cycled); spread evenly over the program's window when omitted. */
  arrivals?: readonly number[];
  schedule?: Schedule;
  /** Run leaks.find() at the horizon. */
  find?: boolean;
  /** Override the program's horizon (virtual ms). */
  horizon?: number;
}

/** A program of the gallery. */
export interface Program {
  /** Unique id, e.g. "004/get-leaky". */
  id: string;
  seed: SeedId;
  /** The example file, relative to the repository root. */
  file: string;
  variant: "leaky" | "fixed";
  /** The id of the leaky program this one fixes (fixed programs only). */
  fixes?: string;
  /** A few words: the pattern it shows. */
  title: string;
  /** What the registry shows once the run is over, in words. */
  expect: string;
  /** Requests arrive spread over [0, window) of virtual time. */
  window: number;
  /** Recording horizon and sampling step (virtual ms). */
  horizon: number;
  step: number;
  /** Upstream latency when none is given (cycled per fetch); `latency` alone when unset. */
  latency: number;
  latencies?: readonly number[];
  /** Inside the bubble: prepare once, then answer one request; `true` if it timed out. */
  setup(latency: () => number): Harness;
}

interface Harness {
  request(i: number): Promise<boolean>;
  /** Called at the horizon, before the capture (e.g. cancel poll's ctx). */
  teardown?(): Promise<void>;
  restore(): void;
}

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

const quiet = (fmt: { printf: (...a: never[]) => void; println?: (...a: never[]) => void }): (() => void) => {
  const saved = { ...fmt };
  fmt.printf = () => {};
  if (fmt.println) fmt.println = () => {};
  return () => Object.assign(fmt, saved);
};

/** Seed 000's upstream ("http://google.com"): a node:http server on `network` answering each GET after the next latency. */
export function slowUpstream(network: httptest.Network, latency: () => number): httptest.Server {
  return httptest.newServer(
    async function upstream(_req: http.IncomingMessage, res: http.ServerResponse) {
      await time.sleep(latency());
      res.end("<html>google</html>");
    },
    { network, address: "google.com:80" },
  );
}

/** Seed 000's `upstream.Client` on `network`: the program's own transport options, its connections made on the in-memory network. */
export function clientOn(network: httptest.Network): new (tr: ClientOptions) => Client {
  return class extends Client {
    constructor(tr: ClientOptions) {
      super({ ...tr, dial: network.dial });
    }
  };
}

const bg = context.background();

function seed000(mod: typeof s000leaky | typeof s000fixed) {
  return (latency: () => number): Harness => {
    const saved = { ...mod.upstream };
    const network = httptest.newNetwork();
    const upstream = slowUpstream(network, latency);
    mod.upstream.url = "http://google.com";
    mod.upstream.Client = clientOn(network);
    const srv = httptest.newServer(mod.handler, { network }); // http.HandleFunc("/", handler)
    const client = srv.client({ disableKeepAlives: true });
    return {
      async request() {
        const resp = await client.get(bg, srv.url);
        return (await resp.text()) === "timeout";
      },
      async teardown() {
        srv.close();
        upstream.close();
      },
      restore: () => void Object.assign(mod.upstream, saved),
    };
  };
}

function seed002(mod: { fmt: { printf: (...a: never[]) => void }; newHandler(): http.RequestListener }) {
  return (): Harness => {
    const restore = quiet(mod.fmt as never);
    const srv = httptest.newServer(mod.newHandler());
    const client = srv.client({ disableKeepAlives: true });
    return {
      async request() {
        const resp = await client.get(bg, srv.url);
        await resp.arrayBuffer();
        return resp.status === 503;
      },
      async teardown() {
        srv.close();
      },
      restore,
    };
  };
}

function seed004get(mod: { upstream: { latency: () => number }; get: () => Promise<[number, Error | null]> }) {
  return (latency: () => number): Harness => {
    const saved = mod.upstream.latency;
    mod.upstream.latency = latency;
    return {
      async request() {
        const [, err] = await mod.get();
        return err !== null;
      },
      restore: () => void (mod.upstream.latency = saved),
    };
  };
}

function seed004getCtx(latency: () => number): Harness {
  const saved = getCtx.upstream.latency;
  getCtx.upstream.latency = latency;
  return {
    async request() {
      const [, err] = await getCtx.get(context.background());
      return err !== null;
    },
    restore: () => void (getCtx.upstream.latency = saved),
  };
}

/** The mirrors of one first() call: three, the seed's "several goroutines". */
export const MIRRORS = 3;

function seed004first(mod: typeof firstLeaky | typeof firstFixed) {
  return (latency: () => number): Harness => {
    const saved = mod.upstream.latency;
    const assigned = new Map<string, number>();
    mod.upstream.latency = (url: string) => {
      let ms = assigned.get(url);
      if (ms === undefined) assigned.set(url, (ms = latency()));
      return ms;
    };
    return {
      async request(i) {
        const urls = Array.from({ length: MIRRORS }, (_, m) => `https://mirror${m}.example/${i}`);
        const [, err] = await mod.first(context.background(), urls);
        return err !== null;
      },
      restore: () => void (mod.upstream.latency = saved),
    };
  };
}

function seed004poll(mod: typeof pollAfter | typeof pollOwned) {
  return (): Harness => {
    const [ctx, cancel] = context.withCancel(context.background());
    const ch = chanOfNumbers();
    const task = go(mod.poll, ctx, ch, { handle: () => {}, log: () => {} });
    return {
      async request(i) {
        await ch.send(i);
        return false;
      },
      async teardown() {
        cancel();
        await task.done;
      },
      restore: () => {},
    };
  };
}

const chanOfNumbers = () => chan<number>();

const S = time.Second;
const MS = time.Millisecond;

export const PROGRAMS: Program[] = [
  // ---- seed 000 ----
  {
    id: "000/leaky", seed: "000", file: "examples/seed000/leaky.ts", variant: "leaky",
    title: "timeoutHttpGet: unbuffered ch, set to nil in a defer",
    expect: "one fetch task per timed-out request, parked forever on its send on the nil ch",
    window: 2 * S, horizon: 3 * S, step: 50 * MS, latency: 600 * MS, setup: seed000(s000leaky),
  },
  {
    id: "000/fixed", seed: "000", file: "examples/seed000/fixed.ts", variant: "fixed", fixes: "000/leaky",
    title: "make(chan Response, 1), no defer",
    expect: "no task once the upstream has answered",
    window: 2 * S, horizon: 3 * S, step: 50 * MS, latency: 600 * MS, setup: seed000(s000fixed),
  },
  // ---- seed 002 ----
  {
    id: "002/leaky", seed: "002", file: "examples/seed002/leaky.ts", variant: "leaky",
    title: "TimeoutHandler around a ServeHTTP that ignores ctx",
    expect: "one ServeHTTP task per request, still sleeping through its 500 iterations after the 503",
    window: 200 * MS, horizon: 1 * S, step: 10 * MS, latency: 0, setup: seed002(s002leaky),
  },
  {
    id: "002/fixed", seed: "002", file: "examples/seed002/fixed.ts", variant: "fixed", fixes: "002/leaky",
    title: "checks req.Context().Done() after each sleep",
    expect: "no task one sleep after the (10 s) timeout",
    window: 200 * MS, horizon: 1 * S, step: 10 * MS, latency: 0, setup: seed002(s002fixed),
  },
  {
    id: "002/fixed-select", seed: "002", file: "examples/seed002/fixed-select.ts", variant: "fixed", fixes: "002/leaky",
    title: "select on ctx.Done() at the top of every iteration",
    expect: "no task one sleep after the 503",
    window: 200 * MS, horizon: 1 * S, step: 10 * MS, latency: 0, setup: seed002(s002select),
  },
  {
    id: "002/fixed-custom-timeout", seed: "002", file: "examples/seed002/fixed-custom-timeout.ts", variant: "fixed", fixes: "002/leaky",
    title: "own context.WithTimeout, worker closes done, 503 by hand",
    expect: "neither ServeHTTP nor its worker is left one sleep after the 503",
    window: 200 * MS, horizon: 1 * S, step: 10 * MS, latency: 0, setup: seed002(s002customTimeout),
  },
  {
    id: "002/fixed-timeout-handler", seed: "002", file: "examples/seed002/fixed-timeout-handler.ts", variant: "fixed", fixes: "002/leaky",
    title: "TimeoutHandler 500 ms, handler checks ctx between short sleeps",
    expect: "no task one short sleep after the 503",
    window: 200 * MS, horizon: 1 * S, step: 10 * MS, latency: 0, setup: seed002(s002timeoutHandler),
  },
  // ---- seed 004 ----
  {
    id: "004/get-leaky", seed: "004", file: "examples/seed004/get-leaky.ts", variant: "leaky",
    title: "get(): unbuffered result channel",
    expect: "one producer per timed-out call, parked forever in chan send",
    window: 1 * S, horizon: 3500 * MS, step: 50 * MS, latency: 2 * S, setup: seed004get(getLeaky),
  },
  {
    id: "004/get-buffered", seed: "004", file: "examples/seed004/get-buffered.ts", variant: "fixed", fixes: "004/get-leaky",
    title: "Pattern 1: chan<number>(1)",
    expect: "no task once slowValue() has returned (2 s)",
    window: 1 * S, horizon: 3500 * MS, step: 50 * MS, latency: 2 * S, setup: seed004get(getBuffered),
  },
  {
    id: "004/get-ctx", seed: "004", file: "examples/seed004/get-ctx.ts", variant: "fixed", fixes: "004/get-leaky",
    title: "Pattern 2: get(ctx), slowValueCtx watches ctx.done()",
    expect: "no task from the 500 ms deadline on: the work stops too",
    window: 1 * S, horizon: 3500 * MS, step: 50 * MS, latency: 2 * S, setup: seed004getCtx,
  },
  {
    id: "004/first-leaky", seed: "004", file: "examples/seed004/first-leaky.ts", variant: "leaky",
    title: "Pattern 3 unguarded: unbuffered results, plain send",
    expect: "one producer per loser that finished with the winner, parked forever in chan send",
    window: 1 * S, horizon: 2 * S, step: 25 * MS, latency: 100 * MS, latencies: [100 * MS, 100 * MS, 300 * MS], setup: seed004first(firstLeaky),
  },
  {
    id: "004/first", seed: "004", file: "examples/seed004/first.ts", variant: "fixed", fixes: "004/first-leaky",
    title: "Pattern 3: results buffered to len(urls), send guarded by ctx.done()",
    expect: "no producer once first() has returned",
    window: 1 * S, horizon: 2 * S, step: 25 * MS, latency: 100 * MS, latencies: [100 * MS, 100 * MS, 300 * MS], setup: seed004first(firstFixed),
  },
  {
    id: "004/poll-after-loop", seed: "004", file: "examples/seed004/poll-after-loop.ts", variant: "leaky",
    title: "time.After(30 s) in the loop",
    expect: "one armed timer per value of the last 30 s, left behind when poll returns",
    window: 60 * S, horizon: 75 * S, step: 1 * S, latency: 0, setup: seed004poll(pollAfter),
  },
  {
    id: "004/poll-owned-timer", seed: "004", file: "examples/seed004/poll-owned-timer.ts", variant: "fixed", fixes: "004/poll-after-loop",
    title: "one owned time.Timer, stopped, drained, reset",
    expect: "exactly one armed timer while polling, none after",
    window: 60 * S, horizon: 75 * S, step: 1 * S, latency: 0, setup: seed004poll(pollOwned),
  },
];

export function program(id: string): Program {
  const p = PROGRAMS.find((q) => q.id === id);
  if (p === undefined) throw new Error(`no program ${id}`);
  return p;
}

/** Run `p` in a bubble: `requests` requests arriving over its window, sampled every step up to the horizon. */
export async function run(p: Program, options: RunOptions = {}): Promise<Outcome> {
  const requests = options.requests ?? 100;
  const horizon = options.horizon ?? p.horizon;
  const latencies = options.latencies ?? p.latencies ?? [p.latency];
  const arrivals = options.arrivals ?? Array.from({ length: requests }, (_, i) => Math.floor((i * p.window) / requests));
  let next = 0;
  const latency = () => latencies[next++ % latencies.length]!;
  let out: Outcome | undefined;
  let bubbleError: unknown = undefined;
  const body = async function main(): Promise<void> {
    const h = p.setup(latency);
    try {
      const start = time.now();
      const results: (boolean | undefined)[] = Array.from({ length: requests }, () => undefined);
      const order = Array.from({ length: requests }, (_, i) => i).sort((a, b) => arrivals[a % arrivals.length]! - arrivals[b % arrivals.length]! || a - b);
      const samples: Sample[] = [];
      let k = 0;
      for (let t = 0; ; t += p.step) {
        while (k < order.length && arrivals[order[k]! % arrivals.length]! <= t) {
          const i = order[k++]!;
          go(async function request() {
            results[i] = await h.request(i);
          });
        }
        await synctest.wait(); // every task is parked again: the count is settled
        samples.push({ t, tasks: runtime.numGoroutine() - 1, timers: runtime.numTimers() });
        if (t >= horizon) break;
        await time.sleep(Math.min(p.step, horizon - t));
      }
      await h.teardown?.();
      const tasks = runtime.goroutines().filter((g) => g.state !== "running");
      out = {
        program: p.id,
        requests,
        timedOut: results.filter((r) => r === true).length,
        unanswered: results.filter((r) => r === undefined).length,
        tasksLeft: runtime.numGoroutine() - 1,
        timersLeft: runtime.numTimers(),
        maxTimers: Math.max(...samples.map((s) => s.timers)),
        tasks,
        parked: runtime.parked(),
        stack: runtime.stack(),
        samples,
        bubbleError: undefined,
        horizon: time.since(start),
      };
      if (options.find) out.leaked = await leaks.find();
    } finally {
      h.restore();
    }
  };
  try {
    await synctest.test(body, options.schedule === undefined ? {} : { schedule: options.schedule });
  } catch (e) {
    bubbleError = e;
  }
  if (out === undefined) throw bubbleError;
  out.bubbleError = bubbleError;
  return out;
}

/** 1-based line of the first code line (not a // comment) of `file` (relative to the root) containing `needle`. */
export async function lineOf(file: string, needle: string): Promise<number> {
  const { readFileSync } = await import("node:fs");
  const lines = readFileSync(new URL(file, new URL("..", import.meta.url)), "utf8").split("\n");
  const hits = lines.flatMap((l, i) => (!l.trim().startsWith("//") && l.includes(needle) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`${JSON.stringify(needle)} found on ${hits.length} code lines of ${file}`);
  return hits[0]!;
}

/** The dump blocks of runtime.stack() for the given task ids. */
export function dumpsOf(stack: string, ids: Iterable<number>): string[] {
  const want = new Set(ids);
  return stack.split("\n\n").filter((d) => want.has(Number(/^goroutine (\d+) /.exec(d)?.[1])));
}
