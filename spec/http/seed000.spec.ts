// Seed 000: the handler that fetches a slow upstream with a select timeout.
// Drives examples/seed000 with real requests: a loopback upstream that
// answers after 600 ms, the example's server on loopback, and its handler's
// 250 ms select timeout (the seed's 5 s, scaled). Every request answers
// "timeout"; once the upstream has answered, the leaky version has one task
// per request parked forever on its send (ch is nil by then), the fixed one
// (capacity 1) has none.
import * as http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runtime } from "../../src/index.js";
import * as fixed from "../../examples/seed000/fixed.js";
import * as leaky from "../../examples/seed000/leaky.js";
import { eventually, hostDelay, httpServer, type TestServer } from "./_helpers.js";
import { withTracing } from "../_tracing.js";

const REQUESTS = 5;
const UPSTREAM_DELAY = 600;

let upstream: TestServer;
let answered = 0;
const servers: TestServer[] = [];

beforeAll(async () => {
  upstream = await httpServer((_req, res) => {
    const t = setTimeout(() => {
      answered++;
      res.end("upstream body");
    }, UPSTREAM_DELAY);
    res.on("close", () => clearTimeout(t));
  });
  servers.push(upstream);
  leaky.upstream.url = upstream.url;
  fixed.upstream.url = upstream.url;
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => resolve(body));
      })
      .on("error", reject);
  });
}

/** REQUESTS concurrent requests to a server running `handler`; returns the tasks left once the upstream has answered them all. */
async function drive(handler: http.RequestListener): Promise<{ bodies: string[]; inFlight: number; left: number; fetchers: ReturnType<typeof runtime.goroutines> }> {
  const srv = await httpServer(handler);
  servers.push(srv);
  const before = runtime.numGoroutine();
  const answeredBefore = answered;
  const bodies = await Promise.all(Array.from({ length: REQUESTS }, () => get(srv.url)));
  // Every handler has returned "timeout"; the fetch tasks are still waiting for the upstream.
  const inFlight = runtime.numGoroutine() - before;
  expect(await eventually(() => answered - answeredBefore === REQUESTS, 3000)).toBe(true);
  // Give the fetchers time to read their bodies and reach the send: each one
  // either finishes or parks in its select for good.
  await eventually(() => runtime.goroutines().every((t) => t.name !== "fetch" || t.state.startsWith("select")), 2000);
  await hostDelay(100);
  const left = runtime.numGoroutine() - before;
  return { bodies, inFlight, left, fetchers: runtime.goroutines().filter((t) => t.name === "fetch") };
}

describe("seed 000: goroutines accumulate behind an http.Get timeout", () => {
  it("fixed (capacity 1): every fetch task finishes once the upstream answers", async () => {
    const r = await drive(fixed.handler);
    expect(r.bodies).toEqual(Array(REQUESTS).fill("timeout"));
    expect(r.inFlight).toBe(REQUESTS);
    expect(r.left).toBe(0);
    expect(r.fetchers).toHaveLength(0);
  });

  // The fetch tasks' state words and parked().task need tracing.
  describe("with tracing", () => {
    withTracing();

    it("leaky (unbuffered, nil-ed): one task per request is left parked on its send forever", async () => {
      const r = await drive(leaky.handler);
      expect(r.bodies).toEqual(Array(REQUESTS).fill("timeout"));
      expect(r.inFlight).toBe(REQUESTS);
      expect(r.left).toBe(REQUESTS);
      expect(r.fetchers).toHaveLength(REQUESTS);
      for (const t of r.fetchers) expect(t.state).toMatch(/^select/);
      // A send on a nil channel: the parked selects wait on no channel at all.
      const parked = runtime.parked().filter((p) => p.task?.name === "fetch");
      expect(parked).toHaveLength(REQUESTS);
      for (const p of parked) expect(p.channels).toEqual([]);
      // Still there later: nothing will ever wake them.
      await hostDelay(200);
      expect(runtime.goroutines().filter((t) => t.name === "fetch")).toHaveLength(REQUESTS);
    });
  });
});
