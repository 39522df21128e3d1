// HTTP in virtual time: the seeds' own programs - their node:http servers,
// timeoutHandler and the Client - run in synctest bubbles on an in-memory
// network (ts-csp-style/http/httptest). Every deadline is on the bubble's
// clock, so each timeout ends at exactly its value, seconds and minutes of
// it in milliseconds of wall time; a task a program leaks is the bubble's
// Deadlock, with Go's dump of it. spec/http's seed specs run the same
// programs over loopback in real time.
import { test } from "@fast-check/vitest";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { context, go, runtime, sync, time } from "../../src/index.js";
import { Deadlock, schedule, synctest, type Schedule } from "../../src/testing/index.js";
import { Client, HttpTimeoutError } from "../../src/http/index.js";
import * as httptest from "../../src/http/httptest/index.js";
import { clientOn, lineOf, slowUpstream } from "../../examples/gallery.js";
import * as s000fixed from "../../examples/seed000/fixed.js";
import * as s000leaky from "../../examples/seed000/leaky.js";
import * as s002fixed from "../../examples/seed002/fixed.js";
import * as s002leaky from "../../examples/seed002/leaky.js";
import * as clientTimeout from "../../examples/seed003/client-timeout.js";
import * as dial from "../../examples/seed003/dial-timeout.js";
import * as responseHeader from "../../examples/seed003/response-header-timeout.js";
import * as timeoutConn from "../../examples/seed003/timeout-conn.js";
import * as tlsHandshake from "../../examples/seed003/tls-handshake-timeout.js";
import { httpServer } from "./_helpers.js";

const bg = context.background();
const abs = (file: string): string => fileURLToPath(new URL(`../../${file}`, import.meta.url));
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

afterAll(() => {
  expect(runtime.numGoroutine()).toBe(0);
});

type Program = (timeout: number, network: httptest.Network) => Promise<unknown>;

// The seed's values: Docker's 5 s dial, Go's DefaultTransport 10 s TLS
// handshake, 10 s for the response headers and the whole exchange, and
// Docker's TimeoutConn's 1 minute per read.
const layers: [string, HttpTimeoutError["layer"], number, Program, RegExp][] = [
  ["dial-timeout.ts", "dial", 5 * time.Second, dial.run, /^dial tcp 127\.0\.0\.1:9: i\/o timeout$/],
  ["tls-handshake-timeout.ts", "tlsHandshake", 10 * time.Second, tlsHandshake.run, /^net\/http: TLS handshake timeout$/],
  ["response-header-timeout.ts", "responseHeader", 10 * time.Second, responseHeader.run, /^net\/http: timeout awaiting response headers$/],
  ["client-timeout.ts", "total", 10 * time.Second, clientTimeout.run, /^net\/http: request canceled \(Client\.Timeout exceeded while reading body\)$/],
  ["timeout-conn.ts", "idle", 1 * time.Minute, timeoutConn.run, /^read tcp 127\.0\.0\.1:10000->127\.0\.0\.1:8000: i\/o timeout$/],
];

describe("seed 003 in a bubble: each timeout layer ends in its typed error at exactly its deadline", () => {
  it.each(layers)("%s ends in HttpTimeoutError(%s) after exactly %d ms of virtual time, leaving no timer", async (_file, layer, timeout, run, message) => {
    await synctest.test(async () => {
      const start = time.now();
      const err = await run(timeout, httptest.newNetwork());
      expect(time.since(start)).toBe(timeout);
      expect(err).toBeInstanceOf(HttpTimeoutError);
      expect((err as HttpTimeoutError).layer).toBe(layer);
      expect((err as HttpTimeoutError).message).toMatch(message);
      expect(runtime.numTimers()).toBe(0);
    });
  });
});

describe("a real socket in a bubble", () => {
  it("holds the clock while the real server works: no deadline passes meanwhile", async () => {
    const srv = await httpServer((_req, res) => void setTimeout(() => res.end("slow but real"), 50));
    try {
      await synctest.test(async () => {
        const client = new Client({ timeout: 10 * time.Millisecond, disableKeepAlives: true });
        const start = time.now();
        const resp = await client.get(bg, srv.url);
        expect(await resp.text()).toBe("slow but real");
        expect(time.since(start)).toBe(0);
      });
    } finally {
      await srv.close();
    }
  });

  it("holds it only while a task waits on the socket: a body nobody reads yet does not stop time", async () => {
    const srv = await httpServer((_req, res) => res.end("read later"));
    try {
      await synctest.test(async () => {
        const client = new Client({ timeout: time.Hour, disableKeepAlives: true });
        const resp = await client.get(bg, srv.url);
        const start = time.now();
        await time.sleep(time.Minute);
        expect(time.since(start)).toBe(time.Minute);
        expect(await resp.text()).toBe("read later");
      });
    } finally {
      await srv.close();
    }
  });
});

// ---- seed 000: the handler's fetch tasks ----

const REQUESTS = 5;

interface Served {
  bodies: string[];
  /** Virtual ms from the requests to the last answer. */
  took: number;
}

/**
 * Seed 000's program on a network, inside the current bubble: its handler
 * behind a node:http server (http.HandleFunc("/", handler)), its
 * timeoutHttpGet fetching from an upstream server that answers after
 * 600 ms, and REQUESTS concurrent requests sent by the Client. Once every
 * upstream has answered, the servers close.
 */
async function serve000(mod: typeof s000leaky | typeof s000fixed): Promise<Served> {
  const saved = { ...mod.upstream };
  const network = httptest.newNetwork();
  const upstream = slowUpstream(network, () => 600 * time.Millisecond);
  mod.upstream.url = "http://google.com";
  mod.upstream.Client = clientOn(network);
  try {
    const srv = httptest.newServer(mod.handler, { network });
    const client = srv.client({ disableKeepAlives: true });
    const bodies: string[] = [];
    const wg = new sync.WaitGroup();
    const start = time.now();
    for (let i = 0; i < REQUESTS; i++) {
      wg.go(async function request() {
        const resp = await client.get(bg, srv.url);
        bodies.push(await resp.text());
      });
    }
    await wg.wait();
    const took = time.since(start);
    await time.sleep(time.Second); // every upstream has answered: each fetch task reached its send
    srv.close();
    upstream.close();
    return { bodies, took };
  } finally {
    Object.assign(mod.upstream, saved);
  }
}

describe("seed 000 in a bubble, with its real server and Client", () => {
  it("leaky: every request times out at exactly 250 ms; the fetch tasks left parked at their send are the bubble's Deadlock", async () => {
    let served: Served | undefined;
    const run = synctest.test(async () => {
      served = await serve000(s000leaky);
    });
    const err = await run.catch((e: unknown) => e);
    expect(served).toEqual({ bodies: Array(REQUESTS).fill("timeout"), took: 250 });
    expect(err).toBeInstanceOf(Deadlock);
    const d = err as Deadlock;
    expect(d.message.split("\n")[0]).toBe("deadlock: main bubble goroutine has exited but blocked goroutines remain");
    const line = await lineOf("examples/seed000/leaky.ts", "await select(send(ch, { resp: body, err: null }))");
    const at = new RegExp(`^goroutine \\d+ \\[select \\(durable\\), synctest bubble \\d+\\]:\\nfetch\\(\\.\\.\\.\\)\\n\\t${escape(abs("examples/seed000/leaky.ts"))}:${line}:\\d+$`, "gm");
    expect(d.dump.match(at)).toHaveLength(REQUESTS);
    expect(d.dump.match(/^goroutine /gm)).toHaveLength(REQUESTS);
  });

  it("fixed: every request still times out at exactly 250 ms, and the bubble ends with no task left", async () => {
    const served = await synctest.test(async () => {
      const s = await serve000(s000fixed);
      expect(runtime.numGoroutine()).toBe(1); // only this bubble's main task
      return s;
    });
    expect(served).toEqual({ bodies: Array(REQUESTS).fill("timeout"), took: 250 });
  });

  test.prop([schedule()], { numRuns: 10 })("leaky, explored: whatever the interleaving, exactly one fetch task per request is left at its send", async (s: Schedule) => {
    const err = await synctest.test(() => serve000(s000leaky), { schedule: s }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Deadlock);
    expect((err as Deadlock).dump.match(/^goroutine \d+ \[select \(durable\), synctest bubble \d+\]:\nfetch/gm)).toHaveLength(REQUESTS);
  });
});

// ---- seed 002: the ServeHTTP tasks TimeoutHandler abandons ----

/** Seed 002's handler (TimeoutHandler around `mod`'s ServeHTTP) behind a node:http server; REQUESTS concurrent GETs. */
async function serve002(mod: typeof s002leaky | typeof s002fixed): Promise<{ answers: [number, string][]; took: number }> {
  const srv = httptest.newServer(mod.newHandler());
  const client = srv.client({ disableKeepAlives: true });
  const answers: [number, string][] = [];
  const wg = new sync.WaitGroup();
  const start = time.now();
  for (let i = 0; i < REQUESTS; i++) {
    wg.go(async function request() {
      const resp = await client.get(bg, srv.url);
      answers.push([resp.status, await resp.text()]);
    });
  }
  await wg.wait();
  const took = time.since(start);
  srv.close();
  return { answers, took };
}

describe("seed 002 in a bubble, with its real server, timeoutHandler and Client", () => {
  const printed: string[] = [];
  const quiet = (fmt: { printf: (f: string) => void }) => (fmt.printf = (f: string) => void printed.push(f));
  quiet(s002leaky.fmt);
  quiet(s002fixed.fmt);
  s002fixed.fmt.println = (...a: unknown[]) => void printed.push(a.join(" "));

  it("leaky: 503 at exactly 10 ms, and the ServeHTTP tasks still sleeping through their loop are the bubble's Deadlock", async () => {
    let got: Awaited<ReturnType<typeof serve002>> | undefined;
    const err = await synctest.test(async () => {
      got = await serve002(s002leaky);
    }).catch((e: unknown) => e);
    expect(got).toEqual({ answers: Array(REQUESTS).fill([503, "Timeout"]), took: 10 });
    expect(err).toBeInstanceOf(Deadlock);
    const line = await lineOf("examples/seed002/leaky.ts", "await time.sleep(10 * time.Millisecond)");
    const at = new RegExp(`^goroutine \\d+ \\[sleep \\(durable\\), synctest bubble \\d+\\]:\\nServeHTTP\\(\\.\\.\\.\\)\\n\\t${escape(abs("examples/seed002/leaky.ts"))}:${line}:\\d+$`, "gm");
    expect((err as Deadlock).dump.match(at)).toHaveLength(REQUESTS);
  });

  it("fixed: 503 at exactly 100 ms, and every ServeHTTP returns one sleep later: the bubble ends cleanly", async () => {
    const got = await synctest.test(async () => {
      const served = await serve002(s002fixed);
      await time.sleep(10 * time.Millisecond); // one sleep: each handler sees ctx done and returns
      expect(runtime.goroutines().filter((g) => g.name === "ServeHTTP")).toEqual([]);
      return served;
    });
    expect(got).toEqual({ answers: Array(REQUESTS).fill([503, "Timeout"]), took: 100 });
  });
});

describe("the Client in a bubble", () => {
  it("parks its caller durably while an in-memory exchange waits: other tasks' timers fire meanwhile", async () => {
    await synctest.test(async () => {
      const srv = httptest.newServer(async (_req, res) => {
        await time.sleep(time.Hour);
        res.end("an hour later");
      });
      let ticks = 0;
      const ticker = go(async function tick() {
        for (let i = 0; i < 3; i++) {
          await time.sleep(time.Minute);
          ticks++;
        }
      });
      const resp = await srv.client().get(bg, srv.url);
      expect(await resp.text()).toBe("an hour later");
      expect(ticks).toBe(3);
      await ticker.done;
      srv.close();
    });
  });
});
