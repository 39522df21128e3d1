// Seed 002 as properties: for any number of requests arriving at any times
// and any explored schedule, every request gets TimeoutHandler's 503; the
// leaky ServeHTTP tasks are all still alive at the horizon (1 s, their loop
// lasts 5 s), and each of the three fixes and the first fix leaves none.
import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { expect } from "vitest";
import { schedule, type Schedule } from "../../src/testing/index.js";
import { program, run } from "../../examples/gallery.js";

const arrivals = fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 8 });
const OPTS = { numRuns: 12 };

test.prop([arrivals, schedule()], OPTS)("leaky: one live ServeHTTP per request at the horizon, every request answered 503", async (at: number[], s: Schedule) => {
  const o = await run(program("002/leaky"), { requests: at.length, arrivals: at, schedule: s, horizon: 500 });
  expect(o.timedOut).toBe(at.length);
  expect(o.tasksLeft).toBe(at.length);
  for (const t of o.tasks) expect([t.name, t.state]).toEqual(["ServeHTTP", "sleep"]);
});

for (const id of ["002/fixed", "002/fixed-select", "002/fixed-custom-timeout", "002/fixed-timeout-handler"]) {
  test.prop([arrivals, schedule()], OPTS)(`${id}: every request answered 503, no task left`, async (at: number[], s: Schedule) => {
    const o = await run(program(id), { requests: at.length, arrivals: at, schedule: s, horizon: 500 });
    expect(o.timedOut).toBe(at.length);
    expect(o.tasksLeft).toBe(0);
    expect(o.bubbleError).toBeUndefined();
  });
}
