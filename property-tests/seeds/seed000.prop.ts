// Seed 000 as properties: for any number of requests, any upstream latency
// per request and any explored schedule, examples/seed000/leaky.ts leaves
// exactly as many fetch tasks parked (forever, on the nil ch) as requests
// that timed out, and examples/seed000/fixed.ts leaves none. The handler's
// timeout is 250 ms; latencies range over 0..600 ms, so some requests beat
// it, some lose and some tie with it.
import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { expect } from "vitest";
import { schedule, type Schedule } from "../../src/testing/index.js";
import { lineOf, program, run } from "../../examples/gallery.js";

const requests = fc.integer({ min: 1, max: 12 });
const latencies = fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 12 });
const OPTS = { numRuns: 20 };
const horizon = 2 * 1000 + 600; // the window (2 s) plus the slowest upstream

test.prop([requests, latencies, schedule()], OPTS)("leaky: parked senders = requests that timed out, each at the send line", async (n: number, lat: number[], s: Schedule) => {
  const p = program("000/leaky");
  const o = await run(p, { requests: n, latencies: lat, schedule: s, horizon });
  const line = await lineOf(p.file, "await select(send(ch, { resp: body, err: null }))");
  expect(o.unanswered).toBe(0);
  expect(o.tasksLeft).toBe(o.timedOut);
  expect(o.parked).toHaveLength(o.timedOut);
  for (const t of o.tasks) expect(t.blockedAt).toContain(`seed000/leaky.ts:${line}:`);
  // every request slower than the timeout timed out; every faster one did not
  const slow = Array.from({ length: n }, (_, i) => lat[i % lat.length]!).filter((ms) => ms > 250).length;
  const fast = Array.from({ length: n }, (_, i) => lat[i % lat.length]!).filter((ms) => ms < 250).length;
  expect(o.timedOut).toBeGreaterThanOrEqual(slow);
  expect(o.timedOut).toBeLessThanOrEqual(n - fast);
});

test.prop([requests, latencies, schedule()], OPTS)("fixed: no task left, whatever timed out", async (n: number, lat: number[], s: Schedule) => {
  const o = await run(program("000/fixed"), { requests: n, latencies: lat, schedule: s, horizon });
  expect(o.unanswered).toBe(0);
  expect(o.tasksLeft).toBe(0);
  expect(o.parked).toEqual([]);
  expect(o.bubbleError).toBeUndefined();
});
