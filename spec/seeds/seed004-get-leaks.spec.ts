// Seed 004, Pattern 1, checked by the garbage collector: leaks.find() (Go
// 1.26's goroutine leak profile) inside a synctest bubble. After the leaky
// get() times out, nothing can reach its unbuffered channel any more except
// the producer parked sending on it, so that producer is provably leaked and
// is reported as "[chan send (leaked)"; get-buffered.ts leaves nothing to
// find. The leaked producers outlive the bubble's main task, so the leaky
// bubble ends in Go's synctest deadlock; the findings are taken inside fn.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runtime, time } from "../../src/index.js";
import { Deadlock, leaks, synctest } from "../../src/testing/index.js";
import * as buffered from "../../examples/seed004/get-buffered.js";
import * as leaky from "../../examples/seed004/get-leaky.js";

const CALLS = 5;
const LEAKY_FILE = fileURLToPath(new URL("../../examples/seed004/get-leaky.ts", import.meta.url));

interface Findings {
  found: leaks.LeakedTask[];
  /** Ids of the tasks parked in "chan send" when find() ran. */
  senders: number[];
  error: unknown;
}

/** Call `get` CALLS times in a bubble, let every producer reach its send (2 s), then run leaks.find() there. */
async function findAfter(get: () => Promise<unknown>): Promise<Findings> {
  const r: Findings = { found: [], senders: [], error: undefined };
  try {
    await synctest.test(async () => {
      for (let i = 0; i < CALLS; i++) await get();
      await time.sleep(3 * time.Second);
      r.senders = runtime
        .goroutines()
        .filter((t) => t.state === "chan send")
        .map((t) => t.id);
      r.found = await leaks.find();
    });
  } catch (e) {
    r.error = e;
  }
  return r;
}

afterAll(() => {
  expect(runtime.numGoroutine()).toBe(0);
  expect(runtime.parked()).toEqual([]);
});

describe("seed 004: leaks.find() on the leaky get() (get-leaky.ts)", () => {
  let r: Findings;
  beforeAll(async () => {
    r = await findAfter(leaky.get);
  });

  it("finds exactly the producer tasks parked in 'chan send', one per call", () => {
    expect(r.senders).toHaveLength(CALLS);
    expect(r.found.map((l) => l.task.id).sort((a, b) => a - b)).toEqual([...r.senders].sort((a, b) => a - b));
  });

  it("reports each as a send parked in get-leaky.ts, its dump reading '[chan send (leaked)'", () => {
    expect(r.found).toHaveLength(CALLS);
    for (const l of r.found) {
      expect(l.kind).toBe("send");
      expect(l.site?.startsWith(`${LEAKY_FILE}:`)).toBe(true);
      expect(l.dump).toMatch(new RegExp(`^goroutine ${l.task.id} \\[chan send \\(leaked\\)`));
    }
  });

  it("ends the bubble with 'deadlock: main bubble goroutine has exited but blocked goroutines remain'", () => {
    expect(r.error).toBeInstanceOf(Deadlock);
    expect((r.error as Deadlock).message.split("\n")[0]).toBe("deadlock: main bubble goroutine has exited but blocked goroutines remain");
  });
});

describe("seed 004: leaks.find() on the fixed get() (get-buffered.ts)", () => {
  let r: Findings;
  beforeAll(async () => {
    r = await findAfter(buffered.get);
  });

  it("finds nothing, and no task is parked in 'chan send'", () => {
    expect(r.senders).toEqual([]);
    expect(r.found).toEqual([]);
  });

  it("ends the bubble cleanly", () => {
    expect(r.error).toBeUndefined();
  });
});
