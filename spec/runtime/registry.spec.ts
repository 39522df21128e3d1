import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { chan, go, recv, runtime, select, time, type Task } from "../../src/index.js";
import { hostDelay, lineOf, settle } from "./_helpers.js";
import { listedChannels } from "../../src/runtime/registry.js";
import { projectTraces, withoutTracing, withTracing } from "../_tracing.js";

const specFile = fileURLToPath(import.meta.url);

/** The snapshot of task `t` in goroutines(), which must list it. */
function infoOf(t: Task): runtime.TaskInfo {
  const info = runtime.goroutines().find((g) => g.id === t.id);
  if (!info) throw new Error(`task ${t.id} is not in goroutines()`);
  return info;
}

/** The parked operations involving channel `id`. */
function parkedOn(id: number): runtime.ParkedOp[] {
  return runtime.parked().filter((op) => op.channels.some((c) => c.id === id));
}

/** `goroutine N [...]:` block of task `t` in runtime.stack(). */
function dumpOf(t: Task): string {
  const block = runtime.stack()
    .split("\n\n")
    .find((b) => b.startsWith(`goroutine ${t.id} [`));
  if (!block) throw new Error(`task ${t.id} is not in runtime.stack()`);
  return block;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A `path:line:col` site in this spec file at the line tagged `@site:<name>`. */
function siteAt(name: string): RegExp {
  return new RegExp(`^${escape(specFile)}:${lineOf(specFile, name)}:\\d+$`);
}

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A channel closed after the test, releasing whatever parked on it. */
function tempChan<T>(capacity = 0, name?: string) {
  const ch = chan<T>(capacity, name === undefined ? undefined : { name });
  cleanup.push(() => {
    try {
      ch.close();
    } catch {
      // already closed by the test
    }
  });
  return ch;
}


describe("goroutines()", () => {
  it("lists every live task with its id and name", async () => {
    const ch = tempChan<void>();
    const t = go(async function lister() {
      await ch.recv();
    });
    await settle();
    expect(infoOf(t)).toMatchObject({ id: t.id, name: "lister" });
  });

  it("stops listing a task once it has finished", async () => {
    const t = go(function quick() {});
    await t.done;
    expect(runtime.goroutines().some((g) => g.id === t.id)).toBe(false);
  });

  it("gives no `since` to a running task", async () => {
    let info: runtime.TaskInfo | undefined;
    const t = go(function selfSince() {
      info = runtime.goroutines().find((g) => g.id === t.id);
    });
    await t.done;
    expect(info).toBeDefined();
    expect(info!.since).toBeUndefined();
  });

  // Per-task states, `since` and sites come from task attribution: tracing.
  describe("with tracing", () => {
    withTracing();

    it("reports `chan send` for a task parked sending", async () => {
      const ch = tempChan<number>();
      const t = go(async function sender() {
        await ch.send(1);
      });
      await settle();
      expect(infoOf(t).state).toBe("chan send");
      await ch.recv();
    });

    it("reports `chan receive` for a task parked receiving", async () => {
      const ch = tempChan<number>();
      const t = go(async function receiver() {
        await ch.recv();
      });
      await settle();
      expect(infoOf(t).state).toBe("chan receive");
    });

    it("reports `select` for a task parked in a select", async () => {
      const a = tempChan<number>();
      const b = tempChan<number>();
      const t = go(async function selector() {
        await select(recv(a), recv(b));
      });
      await settle();
      expect(infoOf(t).state).toBe("select");
    });

    it("reports `select (no cases)` for a task in a select with no arms", async () => {
      const t = go(async function forever() {
        await select(); // parks for good, as Go's select {}
      });
      await settle();
      expect(infoOf(t).state).toBe("select (no cases)");
    });

    it("reports `sleep` for a task inside time.sleep", async () => {
      const t = go(async function sleeper() {
        await time.sleep(100);
      });
      cleanup.push(() => t.done);
      await settle();
      expect(infoOf(t).state).toBe("sleep");
    });

    it("reports `running` for a task asking about itself", async () => {
      let state: string | undefined;
      const t = go(function self() {
        state = runtime.goroutines().find((g) => g.id === t.id)?.state;
      });
      await t.done;
      expect(state).toBe("running");
    });

    it("reports `running` for a task asking about itself after it resumed from a channel", async () => {
      const ch = tempChan<number>(1);
      let state: string | undefined;
      const t = go(async function resumed() {
        await ch.recv();
        state = runtime.goroutines().find((g) => g.id === t.id)?.state;
      });
      await settle();
      await ch.send(1);
      await t.done;
      expect(state).toBe("running");
    });

    it("reports `runnable` for a task woken by a counterparty but not yet resumed", async () => {
      const ch = tempChan<number>();
      const t = go(async function wakee() {
        await ch.recv();
      });
      await settle();
      expect(ch.trySend(1)).toBe(true);
      expect(infoOf(t).state).toBe("runnable");
      await t.done;
    });

    it("reports `IO wait` for a task awaiting a promise from outside the runtime", async () => {
      const t = go(async function io() {
        await hostDelay(100);
      });
      cleanup.push(() => t.done);
      await settle();
      expect(infoOf(t).state).toBe("IO wait");
    });

    it("reports `IO wait` for a task awaiting an outside promise after a channel receive", async () => {
      const ch = tempChan<number>(1);
      ch.trySend(1);
      const t = go(async function ioAfterRecv() {
        await ch.recv();
        await hostDelay(100);
      });
      cleanup.push(() => t.done);
      await hostDelay(20);
      expect(infoOf(t).state).toBe("IO wait");
    });

    it("reports `IO wait` for a task awaiting an outside promise after it slept", async () => {
      const t = go(async function ioAfterSleep() {
        await time.sleep(1);
        await hostDelay(150);
      });
      cleanup.push(() => t.done);
      await hostDelay(50);
      expect(infoOf(t).state).toBe("IO wait");
    });

    it("gives a parked task a `since` between when it parked and now", async () => {
      const ch = tempChan<number>();
      const before = time.now();
      const t = go(async function waiter() {
        await ch.recv();
      });
      await settle();
      const info = infoOf(t);
      expect(info.since).toBeGreaterThanOrEqual(before);
      expect(info.since).toBeLessThanOrEqual(time.now());
    });

    it("records in createdAt the path:line:col of the go() call", async () => {
      const ch = tempChan<number>();
      const t = go(async function created() { await ch.recv(); }); // @site:created
      await settle();
      expect(infoOf(t).createdAt).toMatch(siteAt("created"));
    });

    it("records in blockedAt the path:line:col where the task parked", async () => {
      const ch = tempChan<number>();
      async function blocked() {
        await ch.recv(); // @site:blocked
      }
      const t = go(blocked);
      await settle();
      expect(infoOf(t).blockedAt).toMatch(siteAt("blocked"));
    });

    it("records in blockedAt where the task sleeps", async () => {
      async function napper() {
        await time.sleep(60); // @site:sleeping
      }
      const t = go(napper);
      cleanup.push(() => t.done);
      await settle();
      expect(infoOf(t).blockedAt).toMatch(siteAt("sleeping"));
    });
  });
});

describe("parked()", () => {
  it("lists an operation made outside any task, without a task", async () => {
    const ch = tempChan<number>();
    const pending = ch.recv();
    const ops = parkedOn(ch.id);
    expect(ops).toHaveLength(1);
    expect(ops[0]!.kind).toBe("recv");
    expect(ops[0]).not.toHaveProperty("task");
    ch.trySend(5);
    await expect(pending).resolves.toEqual([5, true]);
  });

  it("drops an operation once it completes", async () => {
    const ch = tempChan<number>();
    const t = go(async function oneShot() {
      await ch.send(1);
    });
    await settle();
    expect(parkedOn(ch.id)).toHaveLength(1);
    await ch.recv();
    await t.done;
    expect(parkedOn(ch.id)).toHaveLength(0);
  });

  it("drops every arm of a select once one arm wins", async () => {
    const a = tempChan<number>();
    const b = tempChan<number>();
    const t = go(async function twoWays() {
      await select(recv(a), recv(b));
    });
    await settle();
    a.trySend(1);
    await t.done;
    expect(parkedOn(a.id)).toHaveLength(0);
    expect(parkedOn(b.id)).toHaveLength(0);
  });

  // Which task parked an operation, and where: tracing.
  describe("with tracing", () => {
    withTracing();

    it("lists a plain send with its channel, time, task and site", async () => {
      const ch = tempChan<number>(0, "jobs");
      const before = time.now();
      async function producer() {
        await ch.send(1); // @site:parked-send
      }
      const t = go(producer);
      await settle();
      const ops = parkedOn(ch.id);
      expect(ops).toHaveLength(1);
      expect(ops[0]).toMatchObject({ kind: "send", channels: [{ id: ch.id, name: "jobs" }], task: { id: t.id, name: "producer" } });
      expect(ops[0]!.since).toBeGreaterThanOrEqual(before);
      expect(ops[0]!.since).toBeLessThanOrEqual(time.now());
      expect(ops[0]!.site).toMatch(siteAt("parked-send"));
      await ch.recv();
    });

    it("lists a plain receive with its channel, task and site", async () => {
      const ch = tempChan<number>();
      async function consumer() {
        await ch.recv(); // @site:parked-recv
      }
      const t = go(consumer);
      await settle();
      const ops = parkedOn(ch.id);
      expect(ops).toHaveLength(1);
      expect(ops[0]).toMatchObject({ kind: "recv", task: { id: t.id, name: "consumer" } });
      expect(ops[0]!.channels).toEqual([{ id: ch.id }]);
      expect(ops[0]!.site).toMatch(siteAt("parked-recv"));
    });

    it("lists a parked select once, with every channel it waits on", async () => {
      const a = tempChan<number>(0, "a");
      const b = tempChan<number>();
      async function chooser() {
        await select(recv(a), recv(b)); // @site:parked-select
      }
      const t = go(chooser);
      await settle();
      const ops = runtime.parked().filter((op) => op.task?.id === t.id);
      expect(ops).toHaveLength(1);
      expect(ops[0]!.kind).toBe("select");
      expect([...ops[0]!.channels].sort((x, y) => x.id - y.id)).toEqual([{ id: a.id, name: "a" }, { id: b.id }].sort((x, y) => x.id - y.id));
      expect(ops[0]!.site).toMatch(siteAt("parked-select"));
    });

    it("lists a select with no arms with no channels", async () => {
      const t = go(async function nothing() {
        await select();
      });
      await settle();
      const ops = runtime.parked().filter((op) => op.task?.id === t.id);
      expect(ops).toHaveLength(1);
      expect(ops[0]).toMatchObject({ kind: "select", channels: [] });
    });

    it("lists a select whose arms are all nil channels with no channels", async () => {
      const t = go(async function nils() {
        await select(recv(null), recv(undefined));
      });
      await settle();
      const ops = runtime.parked().filter((op) => op.task?.id === t.id);
      expect(ops).toHaveLength(1);
      expect(ops[0]).toMatchObject({ kind: "select", channels: [] });
    });

    it("records the site of an operation made outside any task", async () => {
      const ch = tempChan<number>();
      const pending = ch.recv(); // @site:outside
      const ops = parkedOn(ch.id);
      expect(ops).toHaveLength(1);
      expect(ops[0]).not.toHaveProperty("task");
      expect(ops[0]!.site).toMatch(siteAt("outside"));
      ch.trySend(5);
      await expect(pending).resolves.toEqual([5, true]);
    });
  });
});

// Go's dump: state words, sites and the wait come from tracing.
describe("stack()", () => {
  withTracing();

  it("dumps a parked task in Go's format: header, function, site, creator", async () => {
    const ch = tempChan<number>();
    async function dumper() {
      await ch.send(1); // @site:dump-blocked
    }
    const t = go(dumper); // @site:dump-created
    await settle();
    const lines = dumpOf(t).split("\n");
    expect(lines[0]).toBe(`goroutine ${t.id} [chan send]:`);
    expect(lines[1]).toBe("dumper(...)");
    expect(lines[2]!.startsWith("\t")).toBe(true);
    expect(lines[2]!.slice(1)).toMatch(siteAt("dump-blocked"));
    expect(lines[3]).toMatch(/^created by \S+/);
    expect(lines[4]!.startsWith("\t")).toBe(true);
    expect(lines[4]!.slice(1)).toMatch(siteAt("dump-created"));
    await ch.recv();
  });

  it("separates tasks by a blank line", async () => {
    const ch = tempChan<number>();
    const t1 = go(async function first() {
      await ch.recv();
    });
    const t2 = go(async function second() {
      await ch.recv();
    });
    await settle();
    const blocks = runtime.stack().split("\n\n");
    expect(blocks.some((b) => b.startsWith(`goroutine ${t1.id} [chan receive]:\nfirst(...)`))).toBe(true);
    expect(blocks.some((b) => b.startsWith(`goroutine ${t2.id} [chan receive]:\nsecond(...)`))).toBe(true);
  });

  it("shows how long a task has waited once it is a minute or more, as `, N minutes`", async () => {
    const ch = tempChan<number>();
    const t = go(async function longWait() {
      await ch.recv();
    });
    await settle();
    const realNow = performance.now.bind(performance);
    const spy = vi.spyOn(performance, "now").mockImplementation(() => realNow() + 2 * 60_000 + 5_000);
    let header: string;
    try {
      header = dumpOf(t).split("\n")[0]!;
    } finally {
      spy.mockRestore();
    }
    expect(header).toBe(`goroutine ${t.id} [chan receive, 2 minutes]:`);
  });

  it("writes `1 minutes` for a wait of one minute, as Go does", async () => {
    const ch = tempChan<number>();
    const t = go(async function minuteWait() {
      await ch.recv();
    });
    await settle();
    const realNow = performance.now.bind(performance);
    const spy = vi.spyOn(performance, "now").mockImplementation(() => realNow() + 60_000 + 5_000);
    let header: string;
    try {
      header = dumpOf(t).split("\n")[0]!;
    } finally {
      spy.mockRestore();
    }
    expect(header).toBe(`goroutine ${t.id} [chan receive, 1 minutes]:`);
  });

  it("shows no wait time for a wait under a minute", async () => {
    const ch = tempChan<number>();
    const t = go(async function shortWait() {
      await ch.recv();
    });
    await settle();
    expect(dumpOf(t).split("\n")[0]).toBe(`goroutine ${t.id} [chan receive]:`);
  });
});

describe("gosched()", () => {
  it("lets host macrotasks queued before it run before the caller continues", async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    await runtime.gosched();
    expect(ran).toBe(true);
  });

  it("lets other tasks run before the yielding task continues", async () => {
    const order: string[] = [];
    const a = go(async function a() {
      order.push("a1");
      await runtime.gosched();
      order.push("a2");
    });
    const b = go(async function b() {
      order.push("b1");
      await runtime.gosched();
      order.push("b2");
    });
    await Promise.all([a.done, b.done]);
    expect(order.indexOf("b1")).toBeLessThan(order.indexOf("a2"));
    expect(order.indexOf("a1")).toBeLessThan(order.indexOf("b2"));
  });
});

describe("setTracing", () => {
  it("is on in the traced project and off in the untraced one (CSP_TRACE), and returns the previous setting", () => {
    const prev = runtime.setTracing(true);
    try {
      expect(prev).toBe(projectTraces);
      expect(runtime.setTracing(false)).toBe(true);
      expect(runtime.setTracing(false)).toBe(false);
    } finally {
      runtime.setTracing(prev);
    }
  });

  it("when off, reports a parked task as `waiting`, with no since or sites, and still counts it", async () => {
    const prev = runtime.setTracing(false);
    cleanup.push(() => void runtime.setTracing(prev));
    const ch = tempChan<number>();
    const before = runtime.numGoroutine();
    const t = go(async function untraced() {
      await ch.recv();
    });
    await settle();
    expect(runtime.numGoroutine()).toBe(before + 1);
    expect(infoOf(t)).toEqual({ id: t.id, name: "untraced", state: "waiting" });
  });

  it("when off, lists parked operations without task or site", async () => {
    const prev = runtime.setTracing(false);
    cleanup.push(() => void runtime.setTracing(prev));
    const ch = tempChan<number>();
    go(async function untracedSender() {
      await ch.send(1);
    });
    await settle();
    const ops = parkedOn(ch.id);
    expect(ops).toHaveLength(1);
    expect(ops[0]!.kind).toBe("send");
    expect(typeof ops[0]!.since).toBe("number");
    expect(ops[0]).not.toHaveProperty("task");
    expect(ops[0]).not.toHaveProperty("site");
    await ch.recv();
  });

  it("when off, dates a parked operation to the millisecond, no later than now", async () => {
    const prev = runtime.setTracing(false);
    cleanup.push(() => void runtime.setTracing(prev));
    const ch = tempChan<number>();
    await new Promise((r) => setImmediate(r)); // a fresh host turn: the coarse clock is read anew
    const before = time.now();
    go(async function untracedReceiver() {
      await ch.recv();
    });
    await settle();
    const since = parkedOn(ch.id)[0]!.since;
    expect(since).toBeGreaterThan(before - 1);
    expect(since).toBeLessThanOrEqual(time.now());
    await ch.send(1);
  });
});

describe("the registry with tracing off", () => {
  withoutTracing();

  it("lists a parked send and a parked receive, each once, and neither after they complete", async () => {
    const a = tempChan<number>();
    const b = tempChan<number>();
    go(async function sender() {
      await a.send(1);
    });
    go(async function receiver() {
      await b.recv();
    });
    await settle();
    expect(parkedOn(a.id).map((op) => op.kind)).toEqual(["send"]);
    expect(parkedOn(b.id).map((op) => op.kind)).toEqual(["recv"]);
    await a.recv();
    await b.send(2);
    await settle();
    expect(parkedOn(a.id)).toHaveLength(0);
    expect(parkedOn(b.id)).toHaveLength(0);
  });

  it("lists a select once, with all its channels, however many arms wait on one channel", async () => {
    const a = tempChan<number>();
    const b = tempChan<number>();
    go(async function selector() {
      await select(recv(a), recv(a), recv(b));
    });
    await settle();
    const ops = runtime.parked().filter((op) => op.kind === "select" && op.channels.some((c) => c.id === a.id));
    expect(ops).toHaveLength(1);
    expect(ops[0]!.channels.map((c) => c.id)).toEqual([a.id, a.id, b.id]);
    await b.send(1);
    await settle();
    expect(parkedOn(a.id)).toHaveLength(0);
  });

  it("lists a select on nil channels only, with no channels", async () => {
    const before = runtime.parked().filter((op) => op.kind === "select" && op.channels.length === 0).length;
    go(async function stuck() {
      await select(recv(null));
    });
    await settle();
    expect(runtime.parked().filter((op) => op.kind === "select" && op.channels.length === 0)).toHaveLength(before + 1);
  });

  it("lists a select with no arms once, with no channels and no task", async () => {
    const before = runtime.parked().filter((op) => op.channels.length === 0).length;
    go(async function nothingUntraced() {
      await select();
    });
    await settle();
    const now = runtime.parked().filter((op) => op.channels.length === 0);
    expect(now).toHaveLength(before + 1);
    expect(now[now.length - 1]).toEqual({ kind: "select", channels: [], since: expect.any(Number) });
  });

  it("dumps a parked task in stack() as `waiting` and its function, without sites", async () => {
    const ch = tempChan<number>();
    const t = go(async function untracedDumper() {
      await ch.send(1);
    });
    await settle();
    expect(dumpOf(t)).toBe(`goroutine ${t.id} [waiting]:\nuntracedDumper(...)`);
    await ch.recv();
  });

  it("lists parked operations in the order they parked, across channels", async () => {
    const a = tempChan<number>();
    const b = tempChan<number>();
    go(async function first() {
      await a.recv();
    });
    await hostDelay(5); // later clock ticks
    go(async function second() {
      await b.recv();
    });
    await hostDelay(5);
    go(async function third() {
      await a.recv();
    });
    await settle();
    const ids = runtime
      .parked()
      .filter((op) => op.channels.some((c) => c.id === a.id || c.id === b.id))
      .map((op) => op.channels[0]!.id);
    expect(ids).toEqual([a.id, b.id, a.id]);
  });

  it("lists both operations of a channel parked on once with tracing on and once with it off", async () => {
    const ch = tempChan<number>();
    runtime.setTracing(true);
    cleanup.push(() => void runtime.setTracing(false));
    go(async function tracedReceiver() {
      await ch.recv();
    });
    await settle();
    runtime.setTracing(false);
    go(async function untracedReceiver() {
      await ch.recv();
    });
    await settle();
    expect(parkedOn(ch.id)).toHaveLength(2);
    runtime.setTracing(true);
    await ch.send(1);
    await ch.send(2);
    await settle();
    expect(parkedOn(ch.id)).toHaveLength(0);
  });
});

describe("the untraced registry's list of channels", () => {
  withoutTracing();

  /** `k` channels, each with a task parked receiving on it. */
  async function parkedReceivers(k: number) {
    const chans = Array.from({ length: k }, () => tempChan<number>());
    for (const ch of chans) go(async () => void (await ch.recv()));
    // A burst of starts may straddle a fairness yield: wait until all parked.
    for (let turn = 0; turn < 100 && !chans.every((ch) => ch.recvWaiters() === 1); turn++) await settle();
    return chans;
  }

  it("unlists every channel by the next macrotask turn once none of them has waiters", async () => {
    await settle();
    const before = listedChannels();
    const chans = await parkedReceivers(200);
    expect(listedChannels()).toBe(before + 200);
    // In one turn: a fairness yield between sends would let a sweep run
    // midway, and the channels emptied after it wait for the next batch.
    for (const ch of chans) expect(ch.trySend(1)).toBe(true);
    await settle();
    await settle();
    expect(listedChannels()).toBeLessThanOrEqual(before);
  });

  it("keeps listing a channel that gained a waiter again before the sweep", async () => {
    const chans = await parkedReceivers(50);
    for (const ch of chans) await ch.send(1); // all empty: a sweep is due
    const again = chans[7]!;
    go(async function parkedAgain() {
      await again.recv();
    });
    await settle(); // parks, then the sweep runs
    await settle();
    expect(parkedOn(again.id).map((op) => op.kind)).toEqual(["recv"]);
    await again.send(2);
  });

  it("lists fewer than twice the channels that have waiters while new channels keep gaining and losing one", async () => {
    await settle();
    const before = listedChannels();
    await parkedReceivers(100);
    const requests = tempChan<ReturnType<typeof chan<number>>>();
    go(async function server() {
      for (;;) {
        const [reply, ok] = await requests.recv();
        if (!ok) return;
        await reply.send(1);
      }
    });
    let most = 0;
    for (let i = 0; i < 5_000; i++) {
      const reply = chan<number>(); // parked on once, then never again
      await requests.send(reply);
      await reply.recv();
      most = Math.max(most, listedChannels() - before);
    }
    // At any moment 100 channels have a waiter, and one or two more; the
    // sweep's slack lets up to 2 * 64 empty ones wait for it.
    expect(most).toBeLessThan(2 * 102 + 2 * 64);
  });
});

describe("fairness", () => {
  /**
   * Two tasks hand a value back and forth on unbuffered channels until told
   * to stop; returns how long a 10 ms host timer started meanwhile took.
   */
  async function timerDuringPingPong(): Promise<{ firedAfter: number; rounds: number }> {
    const ping = chan<number>();
    const pong = chan<number>();
    let stop = false;
    let rounds = 0;
    const a = go(async function pinger() {
      while (!stop) {
        await ping.send(rounds);
        await pong.recv();
        rounds++;
      }
      ping.close();
    });
    const b = go(async function ponger() {
      for await (const _ of ping) await pong.send(0);
    });
    const start = performance.now();
    const firedAt = await new Promise<number>((r) => setTimeout(() => r(performance.now()), 10));
    stop = true;
    await Promise.race([Promise.all([a.done, b.done]), hostDelay(2_000)]);
    return { firedAfter: firedAt - start, rounds };
  }

  it("does not let two tasks ping-ponging forever starve a 10 ms host timer", async () => {
    const { firedAfter, rounds } = await timerDuringPingPong();
    expect(rounds).toBeGreaterThan(0);
    expect(firedAfter).toBeLessThan(200);
  });

  it("does not let a ping-pong starve a 10 ms host timer with tracing off", async () => {
    const prev = runtime.setTracing(false);
    cleanup.push(() => void runtime.setTracing(prev));
    const { firedAfter, rounds } = await timerDuringPingPong();
    expect(rounds).toBeGreaterThan(0);
    expect(firedAfter).toBeLessThan(200);
  });
});
