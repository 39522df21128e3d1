// Seed 004 ("a select with a timeout protects the reader, not the writer"),
// every program of examples/seed004/ in synctest bubbles with the seed's
// durations: the blocked send of get() and Pattern 1's buffer, Pattern 2's
// get(ctx), Pattern 3's first() unguarded and as the seed writes it, and the
// time.After loop against the owned timer. Requests arrive spread over a
// window of virtual time; counts are taken inside the bubble.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runtime, time } from "../../src/index.js";
import { program, run, type Outcome } from "../../examples/gallery.js";
import { describeFix, describeLeak, REQUESTS } from "./_gallery.js";

afterAll(() => {
  expect(runtime.numGoroutine()).toBe(0);
  expect(runtime.parked()).toEqual([]);
});

// ---- the blocked send, Pattern 1, Pattern 2 ----

describeLeak("004/get-leaky", { state: "chan send", statement: "await ch.send(await slowValue())", found: "all" });
describeFix("004/get-buffered");
describeFix("004/get-ctx");

describe("seed 004: when the producer of one get() call exits", () => {
  const at = (o: Outcome, t: number) => o.samples.find((s) => s.t === t)!;
  let leaky: Outcome, buffered: Outcome, withCtx: Outcome;
  beforeAll(async () => {
    // One bubble at a time: runtime.numGoroutine() counts every live task.
    leaky = await run(program("004/get-leaky"), { requests: 1 });
    buffered = await run(program("004/get-buffered"), { requests: 1 });
    withCtx = await run(program("004/get-ctx"), { requests: 1 });
  });

  it("all three time out at 500 ms: only the producer is left after it", () => {
    for (const o of [leaky, buffered, withCtx]) expect(o.timedOut).toBe(1);
    expect(at(leaky, 450).tasks).toBe(2); // the caller (request) and its producer
    expect(at(leaky, 500).tasks).toBe(1);
    expect(at(buffered, 500).tasks).toBe(1);
  });

  it("leaky: the producer is parked from 2 s on, forever", () => {
    expect(at(leaky, 2000).tasks).toBe(1);
    expect(at(leaky, 3500).tasks).toBe(1);
  });

  it("Pattern 1: the producer sleeps on to 2 s (the work runs for nobody), then sends into the buffer and exits", () => {
    expect(at(buffered, 1950).tasks).toBe(1);
    expect(at(buffered, 2000).tasks).toBe(0);
  });

  it("Pattern 2: the producer exits at the 500 ms deadline, its work abandoned; slowValueCtx's 2 s time.after stays armed until it fires", () => {
    expect(at(withCtx, 500).tasks).toBe(0);
    expect(at(withCtx, 500).timers).toBe(1);
    expect(at(withCtx, 1950).timers).toBe(1);
    expect(at(withCtx, 2000).timers).toBe(0);
  });
});

// ---- Pattern 3 ----

// Each first() call asks three mirrors; two answer at 100 ms (a tie), one at
// 300 ms. One of the tied two wins, the other loser has its result in hand
// when first() returns: it is the one that leaks. The slow mirror's fetch is
// cancelled by the deferred cancel() and its producer exits.
describeLeak("004/first-leaky", { state: "chan send", statement: "await results.send(r)", name: "producer", found: "all" });
describeFix("004/first", { timedOut: 0 });

describe("seed 004, Pattern 3: first() with every mirror slower than the 500 ms deadline", () => {
  it("both versions return ctx.err() and leave nothing: every fetch is cancelled before it has a result", async () => {
    for (const id of ["004/first-leaky", "004/first"]) {
      const o = await run(program(id), { requests: REQUESTS, latencies: [600, 700, 800] });
      expect(o.timedOut).toBe(REQUESTS);
      expect(o.tasksLeft).toBe(0);
      expect(o.bubbleError).toBeUndefined();
    }
  });
});

// ---- the time.After loop and the owned timer ----

describe("seed 004: poll() fed one value every 3 s for a minute, with the seed's 30 s window", () => {
  const N = 20;
  let after: Outcome, owned: Outcome;
  let arrivals: number[];
  beforeAll(async () => {
    arrivals = Array.from({ length: N }, (_, i) => i * 3 * time.Second);
    after = await run(program("004/poll-after-loop"), { requests: N, arrivals });
    owned = await run(program("004/poll-owned-timer"), { requests: N, arrivals });
  });

  /** Timers armed at virtual time t by poll-after-loop: one per iteration begun (at 0, and after each value) less than 30 s ago. */
  const windowCount = (t: number) => [0, ...arrivals].filter((a) => a <= t && a + 30 * time.Second > t).length;

  it("time.After loop: at every second, exactly one armed timer per iteration still inside its 30 s window", () => {
    for (const s of after.samples) expect(s.timers, `t=${s.t}`).toBe(windowCount(s.t));
    expect(after.maxTimers).toBe(11); // the initial one and ten values within 30 s
  });

  it("time.After loop: poll returns on cancel, yet its timers of the last 30 s stay armed behind it", () => {
    expect(after.tasksLeft).toBe(0);
    expect(after.timersLeft).toBe(arrivals.filter((a) => a + 30 * time.Second > after.horizon).length);
    expect(after.timersLeft).toBeGreaterThan(0);
  });

  it("owned timer: exactly one armed timer at every second, none once poll has returned", () => {
    for (const s of owned.samples) expect(s.timers, `t=${s.t}`).toBe(1);
    expect(owned.timersLeft).toBe(0);
    expect(owned.tasksLeft).toBe(0);
  });
});
