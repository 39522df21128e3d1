// leaks: uber-go/goleak's VerifyNone and Go 1.26's GC-proven goroutine leak
// profile for ts-csp-style (issue 4).
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { chan, go, runtime, select, send, time } from "../../src/index.js";
import { leaks, synctest } from "../../src/testing/index.js";
import * as buffered from "../../examples/seed004/get-buffered.js";
import * as leaky from "../../examples/seed004/get-leaky.js";
import { withoutTracing, withTracing } from "../_tracing.js";

const LEAKY_FILE = fileURLToPath(new URL("../../examples/seed004/get-leaky.ts", import.meta.url));

/** The error `fn` rejects or throws with. */
async function errorOf(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error, got none");
}

/** "passed", or the message of the error `p` rejects with. */
function outcomeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "passed",
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
}

/** A task parked receiving on a channel the test keeps; `release` ends it. */
function parkedReceiver(name = "stuckReceiver"): { release: () => Promise<void> } {
  const ch = chan<number>();
  const task = go(
    Object.defineProperty(
      async () => {
        await ch.recv();
      },
      "name",
      { value: name },
    ),
  );
  return {
    release: async () => {
      ch.close();
      await task.done;
    },
  };
}

afterAll(() => {
  expect(runtime.numGoroutine()).toBe(0);
  expect(runtime.parked()).toEqual([]);
});

describe("leaks.verifyNone", () => {
  it("passes when no task is alive", async () => {
    await expect(leaks.verifyNone()).resolves.toBeUndefined();
  });

  it("retries, so a task that finishes within about 50 ms does not fail it", async () => {
    go(async () => {
      await time.sleep(50);
    });
    await expect(leaks.verifyNone()).resolves.toBeUndefined();
    expect(runtime.numGoroutine()).toBe(0);
  });

  it("gives up after its retries and reports a task that outlives them", async () => {
    const stuck = parkedReceiver();
    const start = Date.now();
    const err = await errorOf(() => leaks.verifyNone());
    const waited = Date.now() - start;
    await stuck.release();
    expect(err.message).toContain("found unexpected goroutines:");
    expect(waited).toBeGreaterThanOrEqual(400);
    expect(waited).toBeLessThan(2000);
  });

  it("ignores tasks named in ignoreNames", async () => {
    const stuck = parkedReceiver("ignoredByName");
    await runtime.gosched();
    const outcome = await outcomeOf(leaks.verifyNone({ ignoreNames: ["ignoredByName"], maxWaitMs: 50 }));
    await stuck.release();
    expect(outcome).toBe("passed");
  });

  it("still reports a task whose sites match none of ignoreSites", async () => {
    const stuck = parkedReceiver();
    await runtime.gosched();
    const err = await errorOf(() => leaks.verifyNone({ ignoreSites: ["no-such-file.ts", /^$/], maxWaitMs: 50 }));
    await stuck.release();
    expect(err.message).toContain("found unexpected goroutines:");
  });

  it("ignores the tasks alive when ignoreCurrent() took its snapshot", async () => {
    const old = parkedReceiver("old");
    await runtime.gosched();
    const opts = leaks.ignoreCurrent();
    const outcome = await outcomeOf(leaks.verifyNone({ ...opts, maxWaitMs: 50 }));
    await old.release();
    expect(outcome).toBe("passed");
  });

  it("reports tasks started after the ignoreCurrent() snapshot", async () => {
    const old = parkedReceiver("old");
    await runtime.gosched();
    const opts = leaks.ignoreCurrent();
    const fresh = parkedReceiver("fresh");
    await runtime.gosched();
    const err = await errorOf(() => leaks.verifyNone({ ...opts, maxWaitMs: 50 }));
    await old.release();
    await fresh.release();
    expect(err.message).toMatch(/^fresh\(\.\.\.\)$/m);
    expect(err.message).not.toMatch(/^old\(\.\.\.\)$/m);
  });

  // The dump's state word and sites, and so ignoreSites, need tracing.
  describe("with tracing", () => {
    withTracing();

    it("throws 'found unexpected goroutines:' with a dump of a task still parked", async () => {
      const stuck = parkedReceiver();
      await runtime.gosched();
      const err = await errorOf(() => leaks.verifyNone({ maxWaitMs: 50 }));
      await stuck.release();
      expect(err.message.startsWith("found unexpected goroutines:\n")).toBe(true);
      expect(err.message).toMatch(/^goroutine \d+ \[chan receive\]:\nstuckReceiver\(\.\.\.\)\n\t.*leaks\.spec\.ts:\d+:\d+$/m);
    });

    it("ignores tasks created or blocked at a site matching an ignoreSites string", async () => {
      const stuck = parkedReceiver();
      await runtime.gosched();
      const outcome = await outcomeOf(leaks.verifyNone({ ignoreSites: ["leaks.spec.ts"], maxWaitMs: 50 }));
      await stuck.release();
      expect(outcome).toBe("passed");
    });

    it("ignores tasks created or blocked at a site matching an ignoreSites RegExp", async () => {
      const stuck = parkedReceiver();
      await runtime.gosched();
      const outcome = await outcomeOf(leaks.verifyNone({ ignoreSites: [/leaks\.spec\.ts:\d+:\d+$/], maxWaitMs: 50 }));
      await stuck.release();
      expect(outcome).toBe("passed");
    });
  });

  describe("with tracing off", () => {
    withoutTracing();

    it("throws 'found unexpected goroutines:' with a dump naming a parked task, its state 'waiting' and no site", async () => {
      const stuck = parkedReceiver();
      await runtime.gosched();
      const err = await errorOf(() => leaks.verifyNone({ maxWaitMs: 50 }));
      await stuck.release();
      expect(err.message).toMatch(/^found unexpected goroutines:\ngoroutine \d+ \[waiting\]:\nstuckReceiver\(\.\.\.\)$/);
    });

    it("ignores no task by ignoreSites, since no site is recorded", async () => {
      const stuck = parkedReceiver();
      await runtime.gosched();
      const err = await errorOf(() => leaks.verifyNone({ ignoreSites: ["leaks.spec.ts", /.*/], maxWaitMs: 50 }));
      await stuck.release();
      expect(err.message).toMatch(/^stuckReceiver\(\.\.\.\)$/m);
    });
  });
});

describe("leaks.verifyEachTest", () => {
  function fakeHooks(): { before: (() => unknown)[]; after: (() => unknown)[]; hooks: leaks.TestHooks } {
    const before: (() => unknown)[] = [];
    const after: (() => unknown)[] = [];
    return { before, after, hooks: { beforeEach: (fn) => before.push(fn), afterEach: (fn) => after.push(fn) } };
  }

  it("registers one beforeEach and one afterEach hook", () => {
    const f = fakeHooks();
    leaks.verifyEachTest(f.hooks);
    expect(f.before).toHaveLength(1);
    expect(f.after).toHaveLength(1);
  });

  it("makes afterEach fail for a task a test leaves parked", async () => {
    const f = fakeHooks();
    leaks.verifyEachTest(f.hooks, { maxWaitMs: 50 });
    await f.before[0]!();
    const stuck = parkedReceiver("leftBehind");
    await runtime.gosched();
    const err = await errorOf(() => f.after[0]!());
    await stuck.release();
    expect(err.message.startsWith("found unexpected goroutines:")).toBe(true);
    expect(err.message).toMatch(/^leftBehind\(\.\.\.\)$/m);
  });

  it("makes afterEach pass for a test that leaves nothing behind", async () => {
    const f = fakeHooks();
    leaks.verifyEachTest(f.hooks, { maxWaitMs: 50 });
    await f.before[0]!();
    await go(async () => {
      await time.sleep(1);
    }).done;
    expect(await outcomeOf(Promise.resolve(f.after[0]!()))).toBe("passed");
  });

  it("ignores in afterEach the tasks that were alive when beforeEach ran", async () => {
    const f = fakeHooks();
    leaks.verifyEachTest(f.hooks, { maxWaitMs: 50 });
    const old = parkedReceiver("fromAnEarlierTest");
    await runtime.gosched();
    await f.before[0]!();
    const outcome = await outcomeOf(Promise.resolve(f.after[0]!()));
    await old.release();
    expect(outcome).toBe("passed");
  });
});

describe("leaks.find", () => {
  /** Runs seed 004's leaky get() `calls` times in a bubble, lets every producer reach its send, then calls find(). */
  async function findAfterLeakyGets(calls: number) {
    let found: leaks.LeakedTask[] = [];
    let parked: runtime.ParkedOp[] = [];
    let producers: number[] = [];
    // The producers are blocked forever, so the bubble ends in a deadlock
    // and takes them with it: nothing is left behind in the process.
    const err = await errorOf(() =>
      synctest.test(async () => {
        const before = new Set(runtime.goroutines().map((t) => t.id));
        for (let i = 0; i < calls; i++) await leaky.get();
        await time.sleep(3 * time.Second); // every producer is parked in ch.send by now
        producers = runtime.goroutines().filter((t) => !before.has(t.id) && t.blockedAt?.startsWith(LEAKY_FILE)).map((t) => t.id);
        found = await leaks.find();
        parked = runtime.parked();
      }),
    );
    return { found, parked, producers, err };
  }

  it("reports exactly the producer tasks seed 004's leaky get() leaves behind", async () => {
    const r = await findAfterLeakyGets(3);
    expect(r.producers).toHaveLength(3);
    expect(r.found.map((l) => l.task.id).sort((a, b) => a - b)).toEqual(r.producers);
  });

  it("reports each leaked producer with kind 'send' at the ch.send line of get-leaky.ts", async () => {
    const r = await findAfterLeakyGets(3);
    expect(r.found).toHaveLength(3);
    for (const l of r.found) {
      expect(l.kind).toBe("send");
      expect(l.site).toMatch(new RegExp(`^${LEAKY_FILE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+$`));
      expect(l.task.state).toBe("chan send");
    }
  });

  it("starts each leaked task's dump with 'goroutine N [chan send (leaked)' and its bubble", async () => {
    const r = await findAfterLeakyGets(3);
    expect(r.found).toHaveLength(3);
    for (const l of r.found) {
      expect(l.dump).toMatch(new RegExp(`^goroutine ${l.task.id} \\[chan send \\(leaked\\), synctest bubble \\d+\\]:\n`));
    }
  });

  it("keeps listing the leaked operations in runtime.parked() with leaked: true", async () => {
    const r = await findAfterLeakyGets(3);
    const leakedOps = r.parked.filter((op) => op.leaked === true);
    expect(leakedOps.map((op) => op.task!.id).sort((a, b) => a - b)).toEqual(r.producers);
    for (const op of leakedOps) expect(op.kind).toBe("send");
  });

  it("leaves none of the leaked tasks in the registry once their bubble has ended", async () => {
    const r = await findAfterLeakyGets(2);
    expect(r.err.message.startsWith("deadlock: main bubble goroutine has exited but blocked goroutines remain")).toBe(true);
    expect(runtime.numGoroutine()).toBe(0);
    expect(runtime.parked()).toEqual([]);
  });

  it("reports nothing for seed 004's fixed get() with a buffered result channel", async () => {
    const found = await synctest.test(async () => {
      for (let i = 0; i < 3; i++) await buffered.get();
      await time.sleep(3 * time.Second);
      return leaks.find();
    });
    expect(found).toEqual([]);
  });

  // Outside a bubble (which traces), leak tracking needs tracing on.
  describe("outside a bubble, with tracing", () => {
    withTracing();

    it("does not report a task parked on a channel the test still holds", async () => {
      const ch = chan<number>();
      const t = go(async () => {
        await ch.send(7);
      });
      await runtime.gosched();
      const found = await leaks.find();
      expect(found).toEqual([]);
      expect(runtime.parked().filter((op) => op.kind === "send")).toHaveLength(1);
      expect(await ch.recv()).toEqual([7, true]);
      await t.done;
    });

    it("reports nothing once a parked task has been released and finished", async () => {
      const stuck = parkedReceiver();
      await runtime.gosched();
      await stuck.release();
      expect(await leaks.find()).toEqual([]);
    });
  });

  it("rejects with an error saying tracing is off when it is", async () => {
    const before = runtime.setTracing(false);
    let err: Error;
    try {
      err = await errorOf(() => leaks.find());
    } finally {
      runtime.setTracing(before);
    }
    expect(err.message).toMatch(/^leaks\.find: /);
    expect(err.message).toMatch(/tracing/);
  });
});

describe("leaks.find: tasks that nothing could ever wake", () => {
  it("reports a task in select() with no cases and one on a nil channel, as Go's leak profile does", async () => {
    let found: Awaited<ReturnType<typeof leaks.find>> = [];
    const run = synctest.test(async () => {
      go(async function selectNoCases() {
        await select();
      });
      go(async function nilSend() {
        await select(send(null, 1));
      });
      await time.sleep(10);
      found = await leaks.find();
    });
    await expect(run).rejects.toThrow(/main bubble goroutine has exited but blocked goroutines remain/);
    expect(found.map((l) => l.task.name).sort()).toEqual(["nilSend", "selectNoCases"]);
    expect(found.every((l) => l.channels.length === 0)).toBe(true);
    expect(found.find((l) => l.task.name === "selectNoCases")?.dump).toMatch(/^goroutine \d+ \[select \(no cases\) \(leaked\)/);
  });
});
