import { describe, expect, it } from "vitest";
import { go, runtime } from "../../src/index.js";
import { explore, leaks } from "../../src/testing/index.js";

// Options are checked at the call, synchronously, before any wait: a bad
// limit would otherwise make the check never return (NaN compares false with
// everything) or fail in a way that names something else.

/** What `f` threw synchronously; fails if it returned instead. */
function thrownBy(f: () => unknown): Error {
  let returned: unknown;
  try {
    returned = f();
  } catch (e) {
    return e as Error;
  }
  if (returned instanceof Promise) returned.catch(() => {});
  throw new Error("expected a synchronous throw, got none");
}

describe("leaks.verifyNone: its options", () => {
  it("throws RangeError at the call for maxRetries: NaN", () => {
    const e = thrownBy(() => leaks.verifyNone({ maxRetries: NaN }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe("leaks.verifyNone: maxRetries must be a non-negative integer, got NaN");
  });

  it("throws RangeError at the call for maxWaitMs: NaN, which would never let it return", () => {
    const e = thrownBy(() => leaks.verifyNone({ maxRetries: Number.MAX_SAFE_INTEGER, maxWaitMs: NaN }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe("leaks.verifyNone: maxWaitMs must be finite and not negative, got NaN");
  });

  it("throws TypeError at the call for ignoreIds that is not a Set", () => {
    const e = thrownBy(() => leaks.verifyNone({ ignoreIds: [1, 2] as unknown as Set<number> }));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(/^leaks\.verifyNone: ignoreIds must be a Set of task ids/);
  });

  it("matches a global RegExp in ignoreSites on every check, not every other one", async () => {
    // Sites are recorded only while tracing.
    const tracing = runtime.setTracing(true);
    const before = leaks.ignoreCurrent();
    let release!: () => void;
    const outside = new Promise<void>((r) => (release = r));
    // Waiting on no runtime primitive, it has one site: where it was created.
    go(async function waitingOutside() {
      await outside;
    });
    const site = /options\.spec\.ts/g;
    try {
      await leaks.verifyNone({ ...before, ignoreSites: [site], maxRetries: 0 });
      await leaks.verifyNone({ ...before, ignoreSites: [site], maxRetries: 0 });
    } finally {
      release();
      runtime.setTracing(tracing);
    }
  });
});

describe("leaks.verifyEachTest: its arguments", () => {
  it("throws at registration for bad options, not in every test after", () => {
    const registered: unknown[] = [];
    const hooks = { beforeEach: (fn: () => unknown) => registered.push(fn), afterEach: (fn: () => unknown) => registered.push(fn) };
    const e = thrownBy(() => leaks.verifyEachTest(hooks, { maxWaitMs: -1 }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toMatch(/^leaks\.verifyEachTest: maxWaitMs/);
    expect(registered).toHaveLength(0);
  });
});

describe("explore: its options", () => {
  it('throws TypeError at the call for seed: "x", which would otherwise explore the schedules of seed 0', () => {
    const e = thrownBy(() => explore(() => {}, { seed: "x" as unknown as number }));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('explore: seed must be a number, got "x"');
  });

  it("throws RangeError at the call for runs: 0", () => {
    const e = thrownBy(() => explore(() => {}, { runs: 0 }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe("explore: runs must be a positive integer, got 0");
  });

  it("throws RangeError at the call for exhaustive.maxRuns: NaN", () => {
    const e = thrownBy(() => explore(() => {}, { exhaustive: { preemptions: 1, maxRuns: NaN } }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe("explore: exhaustive.maxRuns must be a positive integer, got NaN");
  });

  it("checks runs and seed even when exhaustive makes them moot", () => {
    const e = thrownBy(() => explore(() => {}, { runs: -1, exhaustive: { preemptions: 0 } }));
    expect(e).toBeInstanceOf(RangeError);
  });

  it("still explores with valid options", async () => {
    expect(await explore(() => {}, { runs: 3, seed: -7 })).toEqual({ runs: 3 });
    expect(await explore(() => {}, { exhaustive: { preemptions: 1, maxRuns: 10 } })).toEqual({ runs: 1 });
  });
});
