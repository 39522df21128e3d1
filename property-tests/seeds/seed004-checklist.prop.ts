// Seed 004's four-point checklist as four properties, each over any number
// of requests, any upstream latencies and any explored schedule, with the
// seed's durations (500 ms timeouts, 30 s poll window).
//
// 1. A one-shot result a select may walk away from needs a buffer of 1:
//    the unbuffered get() leaves exactly one parked sender per call that
//    timed out; with chan(1) none.
// 2. A producer doing real work must watch ctx.done(): get(ctx) leaves no
//    task from the deadline of the last call on, whatever the latencies.
// 3. time.After in a for loop -> an owned timer you reset: the loop holds
//    one armed timer per iteration still inside its 30 s window; the owned
//    timer is always exactly one, and none once poll returns.
// 4. A fan-in: buffer to the producer count, guard each send with
//    ctx.done(), deferred cancel(): first() leaves no producer; without the
//    guards a loser that finished in the winner's instant parks forever.
import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { expect } from "vitest";
import { schedule, type Schedule } from "../../src/testing/index.js";
import { lineOf, MIRRORS, program, run } from "../../examples/gallery.js";

const OPTS = { numRuns: 20 };
const requests = fc.integer({ min: 1, max: 10 });
const latencies = fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 10 });

// 1 ----
test.prop([requests, latencies, schedule()], OPTS)("1. buffer of 1: unbuffered get() leaves one parked sender per timed-out call; chan(1) none", async (n: number, lat: number[], s: Schedule) => {
  const leaky = await run(program("004/get-leaky"), { requests: n, latencies: lat, schedule: s, horizon: 4000 });
  const line = await lineOf("examples/seed004/get-leaky.ts", "await ch.send(await slowValue())");
  expect(leaky.unanswered).toBe(0);
  expect(leaky.tasksLeft).toBe(leaky.timedOut);
  expect(leaky.parked.filter((op) => op.kind === "send")).toHaveLength(leaky.timedOut);
  for (const t of leaky.tasks) expect([t.state, t.blockedAt?.includes(`get-leaky.ts:${line}:`)]).toEqual(["chan send", true]);
  const lateCalls = Array.from({ length: n }, (_, i) => lat[i % lat.length]!).filter((ms) => ms > 500).length;
  expect(leaky.timedOut).toBeGreaterThanOrEqual(lateCalls);

  const fixed = await run(program("004/get-buffered"), { requests: n, latencies: lat, schedule: s, horizon: 4000 });
  expect(fixed.timedOut).toBeGreaterThanOrEqual(lateCalls);
  expect(fixed.tasksLeft).toBe(0);
  expect(fixed.bubbleError).toBeUndefined();
});

// 2 ----
test.prop([requests, latencies, schedule()], OPTS)("2. ctx.done(): get(ctx) leaves no task once the last call's deadline has passed", async (n: number, lat: number[], s: Schedule) => {
  // Calls arrive over the first second; the last deadline is at 1 s + 500 ms.
  const o = await run(program("004/get-ctx"), { requests: n, latencies: lat, schedule: s, horizon: 1500 });
  expect(o.unanswered).toBe(0);
  expect(o.tasksLeft).toBe(0);
  expect(o.bubbleError).toBeUndefined();
  const lateCalls = Array.from({ length: n }, (_, i) => lat[i % lat.length]!).filter((ms) => ms > 500).length;
  expect(o.timedOut).toBeGreaterThanOrEqual(lateCalls);
});

// 3 ----
/** Iteration starts of poll-after-loop: 0, every value, and every 30 s of silence; null if a value ties with a 30 s timeout (the select may go either way). */
function iterationStarts(arrivals: number[], horizon: number): number[] | null {
  const starts = [0];
  let cur = 0;
  let i = 0;
  for (;;) {
    const a = arrivals[i];
    if (a !== undefined && a === cur + 30_000) return null;
    if (a !== undefined && a < cur + 30_000) {
      cur = a;
      i++;
    } else if (cur + 30_000 <= horizon) {
      cur += 30_000;
    } else break;
    starts.push(cur);
  }
  return starts;
}

const arrivalsArb = fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 1, maxLength: 15 }).map((xs) => xs.map((x) => x * 1000).sort((a, b) => a - b));

test.prop([arrivalsArb, schedule()], OPTS)("3. time.After loop: one armed timer per iteration inside its 30 s window; the owned timer: exactly one, none after", async (arrivals: number[], s: Schedule) => {
  const horizon = 100_000;
  const starts = iterationStarts(arrivals, horizon);
  fc.pre(starts !== null);
  const after = await run(program("004/poll-after-loop"), { requests: arrivals.length, arrivals, schedule: s, horizon });
  for (const smp of after.samples) {
    expect(smp.timers, `t=${smp.t}`).toBe(starts!.filter((a) => a <= smp.t && a + 30_000 > smp.t).length);
  }
  const owned = await run(program("004/poll-owned-timer"), { requests: arrivals.length, arrivals, schedule: s, horizon });
  for (const smp of owned.samples) expect(smp.timers, `t=${smp.t}`).toBe(1);
  expect(owned.timersLeft).toBe(0);
  expect(owned.tasksLeft).toBe(0);
});

// 4 ----
const mirrorLatency = fc.integer({ min: 0, max: 800 }).filter((ms) => ms !== 500);

test.prop([requests, fc.array(mirrorLatency, { minLength: MIRRORS, maxLength: 3 * MIRRORS }), schedule()], OPTS)(
  "4. fan-in: first() leaves no producer; unguarded, only losers tied with the winner park, at the plain send",
  async (n: number, lat: number[], s: Schedule) => {
    const fixed = await run(program("004/first"), { requests: n, latencies: lat, schedule: s, horizon: 2000 });
    expect(fixed.unanswered).toBe(0);
    expect(fixed.tasksLeft).toBe(0);
    expect(fixed.bubbleError).toBeUndefined();

    const leaky = await run(program("004/first-leaky"), { requests: n, latencies: lat, schedule: s, horizon: 2000 });
    expect(leaky.unanswered).toBe(0);
    expect(leaky.timedOut).toBe(fixed.timedOut);
    // Latencies are handed out in fetch order, which the schedule may permute
    // within a call; the bound uses the worst case: all ties of the fastest
    // latency in play among one call's mirrors.
    const line = await lineOf("examples/seed004/first-leaky.ts", "await results.send(r)");
    for (const t of leaky.tasks) expect([t.name, t.state, t.blockedAt?.includes(`first-leaky.ts:${line}:`)]).toEqual(["producer", "chan send", true]);
    expect(leaky.tasksLeft).toBeLessThanOrEqual(n * (MIRRORS - 1));
    if (lat.every((ms) => ms > 500)) expect(leaky.tasksLeft).toBe(0);
  },
);
