// Seed 002 (http.TimeoutHandler cannot stop the ServeHTTP it abandons), in
// synctest bubbles: each example's handler behind a node:http server on an
// in-memory network, asked by the Client (examples/gallery.ts). Durations
// are the examples' (the seed's scaled down 100x). Every request is answered
// 503; the leaky ServeHTTP then sleeps on through its 500 iterations (5 s),
// the three fixes of the answers and the first fix all return within one
// sleep of the timeout.
import { afterAll, describe, expect, it } from "vitest";
import { runtime, time } from "../../src/index.js";
import { program, run } from "../../examples/gallery.js";
import { describeFix, describeLeak } from "./_gallery.js";

afterAll(() => {
  expect(runtime.numGoroutine()).toBe(0);
  expect(runtime.parked()).toEqual([]);
});

describeLeak("002/leaky", {
  state: "sleep",
  statement: "await time.sleep(10 * time.Millisecond)",
  name: "ServeHTTP",
  found: "none",
  because: "the abandoned ServeHTTP is not parked on a channel but sleeping, and would end after its 500 iterations",
});

describeFix("002/fixed");
describeFix("002/fixed-select");
describeFix("002/fixed-custom-timeout");
describeFix("002/fixed-timeout-handler");

/** One request at t = 0, sampled every virtual millisecond: when is the last task gone? */
async function lastTaskGoneAt(id: string, horizon: number): Promise<number | null> {
  const o = await run({ ...program(id), step: 1 }, { requests: 1, horizon });
  const zero = o.samples.findIndex((s, i) => i > 0 && s.tasks === 0);
  return zero < 0 ? null : o.samples[zero]!.t;
}

describe("seed 002: how long after the timeout each ServeHTTP lives", () => {
  it("leaky (TimeoutHandler 10 ms): still alive 1 s later (its loop lasts 5 s)", async () => {
    expect(await lastTaskGoneAt("002/leaky", 1 * time.Second)).toBeNull();
  });
  it("fixed.ts (TimeoutHandler 100 ms, ctx checked after each 10 ms sleep): gone by 110 ms", async () => {
    const t = await lastTaskGoneAt("002/fixed", 500);
    expect(t).toBeGreaterThanOrEqual(100);
    expect(t).toBeLessThanOrEqual(110);
  });
  it("fixed-select.ts (TimeoutHandler 10 ms, ctx checked before each 10 ms sleep): gone by 20 ms", async () => {
    const t = await lastTaskGoneAt("002/fixed-select", 500);
    expect(t).toBeGreaterThanOrEqual(10);
    expect(t).toBeLessThanOrEqual(20);
  });
  it("fixed-custom-timeout.ts (own 10 ms deadline): ServeHTTP and its worker gone by 20 ms", async () => {
    const t = await lastTaskGoneAt("002/fixed-custom-timeout", 500);
    expect(t).toBeGreaterThanOrEqual(10);
    expect(t).toBeLessThanOrEqual(20);
  });
  it("fixed-timeout-handler.ts (TimeoutHandler 5 ms, 1 ms sleeps): gone by 6 ms", async () => {
    const t = await lastTaskGoneAt("002/fixed-timeout-handler", 500);
    expect(t).toBeGreaterThanOrEqual(5);
    expect(t).toBeLessThanOrEqual(6);
  });
});
