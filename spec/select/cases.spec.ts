// select over named cases: `await select({ name: arm, ... })` resolves to
// which case won, with what it received, so the code after the await is the
// case body and `return`, `break` and `continue` act on the enclosing loop
// or function, as inside Go's select.
import { describe, expect, it } from "vitest";
import { chan, Chan, go, otherwise, Panic, recv, runtime, select, send, time } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";
import { settle, track } from "../_promise.js";

function full<T>(v: T): Chan<T> {
  const ch = chan<T>(1);
  ch.trySend(v);
  return ch;
}

function parkedOn(ch: { id: number }) {
  return runtime.parked().filter((op) => op.channels.some((c) => c.id === ch.id));
}

describe("select over named cases: what it resolves to", () => {
  it("names the ready receive case, with its value and ok true", async () => {
    const nums = full(7);
    const words = chan<string>();
    expect(await select({ num: recv(nums), word: recv(words) })).toEqual({ case: "num", value: 7, ok: true });
  });

  it("names a receive case on a closed channel with value undefined and ok false", async () => {
    const ch = chan<number>();
    ch.close();
    expect(await select({ v: recv(ch) })).toEqual({ case: "v", value: undefined, ok: false });
  });

  it("names the ready send case once its value is in the channel", async () => {
    const out = chan<number>(1);
    const s = await select({ sent: send(out, 42), quit: recv(chan<void>()) });
    expect(s.case).toBe("sent");
    expect(out.tryRecv()).toEqual([42, true]);
  });

  it("names the default case when no other case is ready, and moves nothing", async () => {
    const ch = chan<number>();
    const s = await select({ got: recv(ch), none: otherwise() });
    expect(s.case).toBe("none");
    expect(parkedOn(ch)).toEqual([]);
  });

  it("takes a ready case over the default, every time", async () => {
    for (let i = 0; i < 50; i++) {
      expect((await select({ got: recv(full(i)), none: otherwise() })).case).toBe("got");
    }
  });

  it("resolves a parked select with the case whose channel completes first, with the value sent", async () => {
    const a = chan<number>();
    const b = chan<string>();
    const s = track(select({ a: recv(a), b: recv(b) }));
    await settle();
    expect(s.settled).toBe(false);
    await b.send("late");
    await settle();
    expect(s.value).toEqual({ case: "b", value: "late", ok: true });
  });

  it("resolves a parked send case when a receiver takes its value", async () => {
    const out = chan<number>();
    const s = track(select({ out: send(out, 9), other: recv(chan<number>()) }));
    await settle();
    expect(await out.recv()).toEqual([9, true]);
    await settle();
    expect(s.value).toMatchObject({ case: "out" });
  });

  it("wakes a parked receive case with value undefined and ok false when its channel closes", async () => {
    const ch = chan<number>();
    const s = track(select({ v: recv(ch), other: recv(chan<number>()) }));
    await settle();
    ch.close();
    await settle();
    expect(s.value).toEqual({ case: "v", value: undefined, ok: false });
  });

  it("withdraws the losing cases of a parked select: a later send on a loser's channel stays parked", async () => {
    const a = chan<number>();
    const b = chan<number>();
    const s = track(select({ a: recv(a), b: recv(b) }));
    await settle();
    await a.send(1);
    await settle();
    expect(s.value).toMatchObject({ case: "a", value: 1 });
    const later = track(b.send(2));
    await settle();
    expect(later.settled).toBe(false);
    expect(parkedOn(b).map((op) => op.kind)).toEqual(["send"]);
    expect(b.tryRecv()).toEqual([2, true]);
  });

  it("never finds a case on a null channel ready", async () => {
    const s = await select({ nilRecv: recv(null), nilSend: send(null), none: otherwise() });
    expect(s.case).toBe("none");
  });

  it("chooses uniformly at random among ready cases", async () => {
    const chans = { a: full(0), b: full(1), c: full(2) };
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 3000; i++) {
      const s = await select({ a: recv(chans.a), b: recv(chans.b), c: recv(chans.c) });
      counts[s.case]!++;
      chans[s.case].trySend(0);
    }
    // Expected 1000 each, standard deviation ~26: +-250 is ~10 sigma.
    for (const n of Object.values(counts)) {
      expect(n).toBeGreaterThan(750);
      expect(n).toBeLessThan(1250);
    }
  });

  it("rejects with Panic when the chosen case sends on a closed channel", async () => {
    const ch = chan<number>(1);
    ch.close();
    const p = select({ out: send(ch, 1) });
    await expect(p).rejects.toBeInstanceOf(Panic);
    await expect(p).rejects.toThrow("send on closed channel");
  });

  it("rejects a parked select with Panic when the channel of its send case is closed", async () => {
    const ch = chan<number>();
    const s = track(select({ out: send(ch, 1), other: recv(chan<number>()) }));
    await settle();
    ch.close();
    await settle();
    expect(s.error).toBeInstanceOf(Panic);
  });

  it("lists a parked select of named cases in runtime.parked() as a select on its channels, in case order", async () => {
    const a = chan<number>();
    const b = chan<number>();
    const s = track(select({ a: recv(a), b: send(b, 1) }));
    await settle();
    const ops = parkedOn(a);
    expect(ops).toHaveLength(1);
    expect(ops[0]!.kind).toBe("select");
    expect(ops[0]!.channels.map((c) => c.id)).toEqual([a.id, b.id]);
    a.close();
    await settle();
    expect(s.settled).toBe(true);
  });
});

describe("select over named cases: Go's control flow after the await", () => {
  it("returns from the enclosing function from inside a case, as Go's return in a select", async () => {
    const done = chan<void>();
    const out = chan<number>();
    const sent: number[] = [];
    async function sq(nums: number[]): Promise<string> {
      for (const n of nums) {
        const s = await select({ out: send(out, n * n), done: recv(done) });
        if (s.case === "done") return "cancelled";
      }
      return "finished";
    }
    const r = track(sq([1, 2, 3]));
    const [first, ok] = await out.recv();
    if (ok) sent.push(first);
    done.close();
    await settle();
    expect(sent).toEqual([1]);
    expect(r.value).toBe("cancelled");
  });

  it("continues and breaks the enclosing loop from inside a case", async () => {
    const jobs = chan<number>(5);
    for (const j of [1, -1, 2, 0, 3]) jobs.trySend(j);
    const handled: number[] = [];
    for (;;) {
      const s = await select({ job: recv(jobs), idle: otherwise() });
      if (s.case === "idle") break;
      if (!s.ok) break;
      if (s.value < 0) continue;
      if (s.value === 0) break;
      handled.push(s.value);
    }
    expect(handled).toEqual([1, 2]);
    expect(jobs.len).toBe(1);
  });

  it("lets a case assign a nil-able channel that the next iteration's select reads", async () => {
    await synctest.test(async () => {
      const results: number[] = [];
      let fetchDone: Chan<number> | null = null;
      for (let round = 0; round < 4; round++) {
        const startFetch = fetchDone === null ? time.after(time.Second) : null;
        const s = await select({ start: recv(startFetch), fetched: recv(fetchDone) });
        switch (s.case) {
          case "start": {
            const c = chan<number>(1);
            fetchDone = c;
            go(async () => {
              await time.sleep(time.Second);
              await c.send(round);
            });
            break;
          }
          case "fetched":
            fetchDone = null;
            if (s.ok) results.push(s.value);
            break;
        }
      }
      expect(results).toEqual([0, 2]);
    });
  });
});

describe("select over named cases: bad arguments", () => {
  it("throws TypeError synchronously for a case that is not an arm, naming the case", () => {
    const ch = full(1);
    expect(() => select({ a: recv(ch), b: ch as never })).toThrow(/case "b" is not an arm/);
    expect(ch.len).toBe(1);
  });

  it("throws TypeError synchronously for a case whose arm has a body, and takes nothing", () => {
    const ch = full(1);
    expect(() => select({ a: recv(ch, (v) => v) as never })).toThrow(/case "a" has a body/);
    expect(ch.len).toBe(1);
  });

  it("throws TypeError synchronously for two default cases", () => {
    expect(() => select({ a: otherwise(), b: otherwise() })).toThrow(TypeError);
  });

  it("throws TypeError synchronously for no cases at all, pointing to select()", () => {
    expect(() => select({} as never)).toThrow(/no cases in select\(\{\}\)/);
  });

  it("still takes an array of arms for a bad argument, not for cases", () => {
    expect(() => select([recv(chan<number>())] as never)).toThrow(/argument 0 is not an arm/);
  });
});
