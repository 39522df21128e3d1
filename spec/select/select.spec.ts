import { describe, expect, it } from "vitest";
import { chan, go, otherwise, Panic, recv, runtime, select, send, type Chan } from "../../src/index.js";
import { settle, track } from "../_promise.js";
import { withoutTracing, withTracing } from "../_tracing.js";

/** Parked operations that involve channel `ch`. */
function parkedOn(ch: { id: number }) {
  return runtime.parked().filter((op) => op.channels.some((c) => c.id === ch.id));
}

/** Parked operations on no channel at all (`select()`, or only nil arms). */
function parkedOnNothing() {
  return runtime.parked().filter((op) => op.channels.length === 0);
}

function full<T>(v: T): Chan<T> {
  const ch = chan<T>(1);
  ch.trySend(v);
  return ch;
}

describe("select: choosing among ready arms", () => {
  it("chooses uniformly at random among several ready arms", async () => {
    const chans = [full(0), full(1), full(2)];
    const counts = [0, 0, 0];
    const N = 3000;
    for (let i = 0; i < N; i++) {
      const k = await select(
        recv(chans[0], (v) => v as number),
        recv(chans[1], (v) => v as number),
        recv(chans[2], (v) => v as number),
      );
      counts[k]++;
      chans[k].trySend(k);
    }
    // Expected 1000 each, standard deviation ~26: +-250 is ~10 sigma.
    for (const c of counts) {
      expect(c).toBeGreaterThan(750);
      expect(c).toBeLessThan(1250);
    }
  });

  it("chooses among a ready send arm and a ready receive arm at random, too", async () => {
    const counts = { send: 0, recv: 0 };
    for (let i = 0; i < 1000; i++) {
      const out = chan<number>(1);
      const inp = full(1);
      counts[await select(send(out, 1, () => "send" as const), recv(inp, () => "recv" as const))]++;
    }
    expect(counts.send).toBeGreaterThan(350);
    expect(counts.recv).toBeGreaterThan(350);
  });

  it("takes a ready arm over otherwise, every time", async () => {
    let defaults = 0;
    for (let i = 0; i < 200; i++) {
      const ch = full(i);
      const v = await select(
        recv(ch, (v) => v),
        otherwise(() => {
          defaults++;
          return -1;
        }),
      );
      expect(v).toBe(i);
    }
    expect(defaults).toBe(0);
  });

  it("runs otherwise when no arm is ready, and leaves nothing parked", async () => {
    const a = chan<number>();
    const b = chan<number>(1);
    b.trySend(1);
    const v = await select(
      recv(a, () => "a"),
      send(b, 2, () => "b"),
      otherwise(() => "default"),
    );
    expect(v).toBe("default");
    expect(parkedOn(a)).toEqual([]);
    expect(parkedOn(b)).toEqual([]);
    expect(a.trySend(1)).toBe(false);
    expect(b.len).toBe(1);
  });

  it("treats a send arm that has a parked receiver as ready", async () => {
    const ch = chan<string>();
    const r = track(ch.recv());
    await settle();
    const v = await select(send(ch, "v", () => "sent"), otherwise(() => "default"));
    expect(v).toBe("sent");
    await settle();
    expect(r.value).toEqual(["v", true]);
  });
});

describe("select: bad arguments", () => {
  it("throws TypeError synchronously for two otherwise arms", () => {
    expect(() => select(otherwise(), otherwise())).toThrow(TypeError);
  });

  it.each([
    ["a plain object", {}],
    ["a channel", chan<number>()],
    ["null", null],
    ["undefined", undefined],
    ["a function", () => 1],
    ["a thenable-looking object", { then: () => {} }],
  ])("throws TypeError synchronously for an argument that is not an arm: %s", (_label, bad) => {
    expect(() => select(bad as never)).toThrow(TypeError);
  });

  it("throws TypeError for a non-arm argument even when another arm is ready, and takes nothing", () => {
    const ch = full(1);
    expect(() => select(recv(ch), 42 as never)).toThrow(TypeError);
    expect(ch.len).toBe(1);
  });

  it.each([
    ["a plain object", {}],
    ["a number", 3],
    ["a string", "ch"],
    ["an async iterable", { [Symbol.asyncIterator]: () => ({}) }],
  ])("throws TypeError synchronously from recv() given %s instead of a channel", (_label, bad) => {
    expect(() => recv(bad as never)).toThrow(TypeError);
  });

  it("throws TypeError synchronously from send() given something that is not a channel", () => {
    expect(() => send({} as never, 1)).toThrow(TypeError);
  });

  it("throws TypeError synchronously for an arm body that is not a function", () => {
    const ch = chan<number>(1);
    expect(() => recv(ch, 42 as never)).toThrow(TypeError);
    expect(() => send(ch, 1, "then" as never)).toThrow(TypeError);
    expect(() => otherwise({} as never)).toThrow(TypeError);
  });
});

describe("select: nil channels", () => {
  it("never finds a null or undefined channel arm ready, so otherwise runs", async () => {
    const v = await select(
      recv(null, () => "recv null"),
      recv(undefined, () => "recv undefined"),
      send(null, 1, () => "send null"),
      send(undefined, 1, () => "send undefined"),
      otherwise(() => "default"),
    );
    expect(v).toBe("default");
  });

  it("picks the real ready arm over nil arms", async () => {
    for (let i = 0; i < 50; i++) {
      const v = await select(recv(null, () => "nil"), recv(full("x"), () => "real"), send(undefined, 0, () => "nil send"));
      expect(v).toBe("real");
    }
  });

  it("parks a select with only nil arms and no otherwise, listed in runtime.parked() with channels []", async () => {
    const before = parkedOnNothing().length;
    const s = track(select(recv(null), send(undefined, 1)));
    await settle();
    expect(s.settled).toBe(false);
    const now = parkedOnNothing();
    expect(now).toHaveLength(before + 1);
    expect(now[now.length - 1]!.kind).toBe("select");
    expect(now[now.length - 1]!.channels).toEqual([]);
  });
});

describe("select: closed channels", () => {
  it("finds a receive arm on a closed channel ready, with (undefined, false)", async () => {
    const ch = chan<number>();
    ch.close();
    const got = await select(recv(ch, (v, ok) => ({ v, ok })));
    expect(got).toEqual({ v: undefined, ok: false });
  });

  it("wakes a parked receive arm with (undefined, false) when its channel closes", async () => {
    const ch = chan<number>();
    const other = chan<number>();
    const s = track(select<unknown>(recv(ch, (v, ok) => ({ v, ok })), recv(other, () => "other")));
    await settle();
    ch.close();
    await settle();
    expect(s.value).toEqual({ v: undefined, ok: false });
    expect(parkedOn(other)).toEqual([]);
  });

  it('rejects with Panic("send on closed channel") when a ready send arm on a closed channel is chosen', async () => {
    const ch = chan<number>(1);
    ch.close();
    let body = false;
    const p = select(
      send(ch, 1, () => {
        body = true;
      }),
    );
    await expect(p).rejects.toBeInstanceOf(Panic);
    await expect(p).rejects.toThrow("send on closed channel");
    expect(body).toBe(false);
  });

  it("treats a send arm on a closed channel as ready, so it wins over otherwise and rejects", async () => {
    const ch = chan<number>();
    ch.close();
    const p = select(send(ch, 1), otherwise(() => "default"));
    await expect(p).rejects.toThrow("send on closed channel");
  });

  it("rejects a parked select with Panic when the channel of its send arm is closed", async () => {
    const ch = chan<number>();
    const other = chan<number>();
    const s = track(select(send(ch, 1, () => "sent"), recv(other, () => "other")));
    await settle();
    expect(s.settled).toBe(false);
    ch.close();
    await settle();
    expect(s.error).toBeInstanceOf(Panic);
    expect((s.error as Error).message).toBe("send on closed channel");
    expect(parkedOn(other)).toEqual([]);
    expect(other.trySend(1)).toBe(false);
  });
});

describe("select: no arms", () => {
  it("parks select() forever, listed in runtime.parked() as a select on channels []", async () => {
    const before = parkedOnNothing().length;
    const s = track(select());
    await settle();
    expect(s.settled).toBe(false);
    const now = parkedOnNothing();
    expect(now).toHaveLength(before + 1);
    expect(now[now.length - 1]).toMatchObject({ kind: "select", channels: [] });
  });

  describe("with tracing", () => {
    withTracing();

    it('shows a task parked in select() with state "select (no cases)"', async () => {
      const task = go(async function stuckForever() {
        await select();
      });
      await settle();
      const info = runtime.goroutines().find((g) => g.id === task.id);
      expect(info).toBeDefined();
      expect(info!.name).toBe("stuckForever");
      expect(info!.state).toBe("select (no cases)");
      const op = runtime.parked().find((o) => o.task?.id === task.id);
      expect(op).toMatchObject({ kind: "select", channels: [], task: { id: task.id, name: "stuckForever" } });
    });
  });

  describe("with tracing off", () => {
    withoutTracing();

    it('shows a task parked in select() as "waiting", and lists its select on channels [] without a task', async () => {
      const before = parkedOnNothing().length;
      const task = go(async function stuckUntraced() {
        await select();
      });
      await settle();
      expect(runtime.goroutines().find((g) => g.id === task.id)).toMatchObject({ name: "stuckUntraced", state: "waiting" });
      const now = parkedOnNothing();
      expect(now).toHaveLength(before + 1);
      expect(now[now.length - 1]).toEqual({ kind: "select", channels: [], since: expect.any(Number) });
    });
  });
});

describe("select: arm bodies", () => {
  it("resolves to the awaited result of an async body", async () => {
    const ch = full(2);
    const v = await select(
      recv(ch, async (x) => {
        await runtime.gosched();
        return (x as number) * 21;
      }),
    );
    expect(v).toBe(42);
  });

  it("resolves to undefined when the chosen arm has no body", async () => {
    expect(await select(recv(full(1)))).toBeUndefined();
    expect(await select(send(chan<number>(1), 1))).toBeUndefined();
    expect(await select(recv(chan<number>()), otherwise())).toBeUndefined();
  });

  it("passes the received value and ok = true to a receive arm's body", async () => {
    const got = await select(recv(full("hello"), (v, ok) => [v, ok]));
    expect(got).toEqual(["hello", true]);
  });

  it("rejects the select with the error a body throws", async () => {
    const boom = new Error("boom");
    const p = select(
      recv(full(1), () => {
        throw boom;
      }),
    );
    await expect(p).rejects.toBe(boom);
  });

  it("rejects the select when an async body rejects", async () => {
    const boom = new Error("async boom");
    await expect(
      select(
        otherwise(async () => {
          await runtime.gosched();
          throw boom;
        }),
      ),
    ).rejects.toBe(boom);
  });

  it("rejects, rather than throws, when an otherwise body throws", async () => {
    const boom = new Error("default boom");
    let p: Promise<unknown> | undefined;
    expect(() => {
      p = select(
        otherwise(() => {
          throw boom;
        }),
      );
    }).not.toThrow();
    await expect(p).rejects.toBe(boom);
  });

  it("runs a parked select's body only after the choice is committed: the other arms are already withdrawn", async () => {
    const a = chan<number>();
    const b = chan<number>();
    let seen: { bParked: number; bTrySend: boolean; selectParked: number } | undefined;
    const s = track(
      select(
        recv(a, () => {
          seen = { bParked: parkedOn(b).length, bTrySend: b.trySend(99), selectParked: parkedOn(a).length };
          return "a";
        }),
        recv(b, () => "b"),
      ),
    );
    await settle();
    await a.send(1);
    await settle();
    expect(s.value).toBe("a");
    expect(seen).toEqual({ bParked: 0, bTrySend: false, selectParked: 0 });
  });

  it("runs a ready select's body after the value has moved", async () => {
    const ch = chan<number>(2);
    ch.trySend(1);
    ch.trySend(2);
    let lenInBody = -1;
    await select(
      recv(ch, () => {
        lenInBody = ch.len;
      }),
    );
    expect(lenInBody).toBe(1);
  });
});

describe("select: parking and withdrawal", () => {
  it("resolves a parked select with the arm whose channel completes first", async () => {
    const a = chan<number>();
    const b = chan<number>();
    const s = track(select(recv(a, (v) => `a:${v}`), recv(b, (v) => `b:${v}`)));
    await settle();
    expect(s.settled).toBe(false);
    await b.send(7);
    await settle();
    expect(s.value).toBe("b:7");
  });

  it("withdraws the losing receive arm: a later send on its channel stays parked and nothing is taken", async () => {
    const a = chan<number>();
    const b = chan<number>();
    const s = track(select(recv(a, (v) => `a:${v}`), recv(b, (v) => `b:${v}`)));
    await settle();
    await a.send(1);
    await settle();
    expect(s.value).toBe("a:1");

    const later = track(b.send(2));
    await settle();
    expect(later.settled).toBe(false);
    const ops = parkedOn(b);
    expect(ops.map((op) => op.kind)).toEqual(["send"]);
    // The value is still the sender's: the next receiver gets it.
    expect(b.tryRecv()).toEqual([2, true]);
    await settle();
    expect(later.fulfilled).toBe(true);
  });

  it("withdraws the losing send arm: its value is never delivered", async () => {
    const a = chan<number>();
    const b = chan<string>();
    const s = track(select(recv(a, () => "a"), send(b, "lost", () => "b")));
    await settle();
    await a.send(1);
    await settle();
    expect(s.value).toBe("a");
    expect(b.tryRecv()).toBeUndefined();
    const r = track(b.recv());
    await settle();
    expect(r.settled).toBe(false);
    expect(parkedOn(b).map((op) => op.kind)).toEqual(["recv"]);
    b.close();
    await settle();
    expect(r.value).toEqual([undefined, false]);
  });

  it("withdraws the losing arm of a buffered channel: no value is taken from its buffer", async () => {
    const a = chan<number>();
    const b = chan<number>(1);
    const s = track(select(recv(a, () => "a"), send(b, 5, () => "b")));
    // b has room, so the send arm is ready at once and wins.
    await settle();
    expect(s.value).toBe("b");
    expect(b.len).toBe(1);
    // Now b is full: a second select parks on both, and is won by a.
    const s2 = track(select(recv(a, () => "a"), send(b, 6, () => "b")));
    await settle();
    expect(s2.settled).toBe(false);
    await a.send(0);
    await settle();
    expect(s2.value).toBe("a");
    expect(b.tryRecv()).toEqual([5, true]);
    expect(b.tryRecv()).toBeUndefined();
  });

  it("commits exactly one arm when the same channel appears in two receive arms", async () => {
    const ch = chan<number>();
    let bodies = 0;
    const s = track(
      select(
        recv(ch, (v) => {
          bodies++;
          return `first:${v}`;
        }),
        recv(ch, (v) => {
          bodies++;
          return `second:${v}`;
        }),
      ),
    );
    await settle();
    const ops = parkedOn(ch);
    expect(ops).toHaveLength(1);
    expect(ops[0]!.channels.map((c) => c.id)).toEqual([ch.id, ch.id]);
    await ch.send(1);
    await settle();
    expect(["first:1", "second:1"]).toContain(s.value);
    expect(bodies).toBe(1);
    // The other arm was withdrawn: nothing receives a second value.
    expect(ch.trySend(2)).toBe(false);
    expect(parkedOn(ch)).toEqual([]);
  });

  it("chooses among two ready receive arms on the same channel and takes one value only", async () => {
    const ch = chan<number>(2);
    ch.trySend(1);
    ch.trySend(2);
    const v = await select(
      recv(ch, (v) => v),
      recv(ch, (v) => v),
    );
    expect(v).toBe(1);
    expect(ch.len).toBe(1);
  });

  it("never pairs a select's send arm with its own receive arm on the same unbuffered channel", async () => {
    const ch = chan<string>();
    const s = track(select(send(ch, "mine", () => "sent"), recv(ch, (v) => `got:${v}`)));
    await settle();
    expect(s.settled).toBe(false);
    const ops = parkedOn(ch);
    expect(ops).toHaveLength(1);
    expect(ops[0]!.kind).toBe("select");

    let received: unknown;
    const other = go(async function receiver() {
      received = await ch.recv();
    });
    await other.done;
    await settle();
    expect(received).toEqual(["mine", true]);
    expect(s.value).toBe("sent");
    expect(parkedOn(ch)).toEqual([]);
  });

  it("lets another task's send complete the receive arm of a select that also sends on the same channel", async () => {
    const ch = chan<string>();
    const s = track(select(send(ch, "mine", () => "sent"), recv(ch, (v) => `got:${v}`)));
    await settle();
    const other = go(async function sender() {
      await ch.send("theirs");
    });
    await other.done;
    await settle();
    expect(s.value).toBe("got:theirs");
    expect(ch.tryRecv()).toBeUndefined();
  });

  it("lists a parked select once in runtime.parked() with all its channels, and drops it when it commits", async () => {
    const a = chan<number>(0, { name: "a" });
    const b = chan<number>(0, { name: "b" });
    const c = chan<number>(0, { name: "c" });
    const s = track(select(recv(a), recv(null), send(b, 1), recv(c)));
    await settle();
    const ops = runtime.parked().filter((op) => op.channels.some((ch) => [a.id, b.id, c.id].includes(ch.id)));
    expect(ops).toHaveLength(1);
    expect(ops[0]!.kind).toBe("select");
    expect(ops[0]!.channels).toEqual([
      { id: a.id, name: "a" },
      { id: b.id, name: "b" },
      { id: c.id, name: "c" },
    ]);
    await c.send(3);
    await settle();
    expect(s.fulfilled).toBe(true);
    expect(parkedOn(a)).toEqual([]);
    expect(parkedOn(b)).toEqual([]);
    expect(parkedOn(c)).toEqual([]);
  });

  describe("with tracing", () => {
    withTracing();

    it('shows a task parked in a select with state "select"', async () => {
      const ch = chan<number>();
      const task = go(async function waiter() {
        await select(recv(ch), recv(null));
      });
      await settle();
      expect(runtime.goroutines().find((g) => g.id === task.id)?.state).toBe("select");
      ch.close();
      await task.done;
    });
  });

  describe("with tracing off", () => {
    withoutTracing();

    it('shows a task parked in a select as "waiting", its select listed once on its channels without a task', async () => {
      const ch = chan<number>();
      const task = go(async function untracedWaiter() {
        await select(recv(ch), recv(null));
      });
      await settle();
      expect(runtime.goroutines().find((g) => g.id === task.id)?.state).toBe("waiting");
      expect(parkedOn(ch)).toEqual([{ kind: "select", channels: [{ id: ch.id }], since: expect.any(Number) }]);
      ch.close();
      await task.done;
      expect(parkedOn(ch)).toEqual([]);
    });
  });

  it("serves a parked select in FIFO order with plain receivers on the same channel", async () => {
    const ch = chan<number>();
    const order: string[] = [];
    const p1 = ch.recv().then(([v]) => order.push(`plain1:${v}`));
    const p2 = select(recv(ch, (v) => order.push(`select:${v}`)), recv(chan<number>()));
    const p3 = ch.recv().then(([v]) => order.push(`plain2:${v}`));
    await settle();
    await ch.send(1);
    await ch.send(2);
    await ch.send(3);
    await Promise.all([p1, p2, p3]);
    expect(order).toEqual(["plain1:1", "select:2", "plain2:3"]);
  });

  it("pairs a parked select's send arm with another select's receive arm", async () => {
    const ch = chan<number>();
    const sender = track(select(send(ch, 9, () => "sent"), recv(chan<number>())));
    await settle();
    const got = await select(recv(ch, (v, ok) => [v, ok]), recv(chan<number>()));
    expect(got).toEqual([9, true]);
    await settle();
    expect(sender.value).toBe("sent");
    expect(parkedOn(ch)).toEqual([]);
  });

  it("wakes a select with two receive arms on a closing channel exactly once, and the plain receiver behind it too", async () => {
    const ch = chan<number>();
    let bodies = 0;
    const s = track(
      select(
        recv(ch, (_v, ok) => {
          bodies++;
          return ok;
        }),
        recv(ch, (_v, ok) => {
          bodies++;
          return ok;
        }),
      ),
    );
    const plain = track(ch.recv());
    await settle();
    ch.close();
    await settle();
    expect(s.value).toBe(false);
    expect(bodies).toBe(1);
    expect(plain.value).toEqual([undefined, false]);
    expect(parkedOn(ch)).toEqual([]);
  });

  it("delivers every value exactly once to a consumer selecting over two producers", async () => {
    const a = chan<number>();
    const b = chan<number>();
    const N = 500;
    go(async function producerA() {
      for (let i = 0; i < N; i++) await a.send(i);
      a.close();
    });
    go(async function producerB() {
      for (let i = 0; i < N; i++) await b.send(N + i);
      b.close();
    });
    const got: number[] = [];
    let open = 2;
    let ra: Chan<number> | null = a;
    let rb: Chan<number> | null = b;
    while (open > 0) {
      await select(
        recv(ra, (v, ok) => {
          if (ok) got.push(v as number);
          else {
            ra = null;
            open--;
          }
        }),
        recv(rb, (v, ok) => {
          if (ok) got.push(v as number);
          else {
            rb = null;
            open--;
          }
        }),
      );
    }
    expect(got.slice().sort((x, y) => x - y)).toEqual(Array.from({ length: 2 * N }, (_, i) => i));
    expect(got.filter((v) => v < N)).toEqual(Array.from({ length: N }, (_, i) => i));
  });
});

describe("select: an arm awaited by mistake", () => {
  it("rejects `await recv(ch)` with a TypeError that points to ch.recv()", async () => {
    const ch = chan<number>(1);
    ch.trySend(7);
    await expect(Promise.resolve().then(() => recv(ch))).rejects.toThrow(/recv\(ch\) is a select arm, not a receive/);
    expect(ch.len).toBe(1); // nothing was received
  });

  it("rejects `await send(ch, v)` with a TypeError that points to ch.send(v)", async () => {
    const ch = chan<number>(1);
    await expect(Promise.resolve().then(() => send(ch, 1))).rejects.toThrow(/send\(ch, v\) is a select arm, not a send/);
    expect(ch.len).toBe(0); // nothing was sent
  });
});
