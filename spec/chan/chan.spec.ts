import { describe, expect, it } from "vitest";
import { chan, Panic, runtime, type Chan } from "../../src/index.js";
import { settle, track } from "../_promise.js";

/** Parked operations that involve channel `ch`. */
function parkedOn(ch: Chan<unknown> | Chan<never> | { id: number }) {
  return runtime.parked().filter((op) => op.channels.some((c) => c.id === ch.id));
}

describe("chan: construction", () => {
  it("makes an unbuffered channel by default, with cap 0 and len 0", () => {
    const ch = chan<number>();
    expect(ch.cap).toBe(0);
    expect(ch.len).toBe(0);
  });

  it("makes a buffered channel whose cap is the capacity given", () => {
    const ch = chan<number>(3);
    expect(ch.cap).toBe(3);
    expect(ch.len).toBe(0);
  });

  it.each([
    ["-1", -1],
    ["1.5", 1.5],
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ['the string "3"', "3" as unknown as number],
  ])("throws RangeError for a capacity of %s", (_label, capacity) => {
    expect(() => chan<number>(capacity)).toThrow(RangeError);
  });
});

describe("chan: unbuffered rendezvous", () => {
  it("does not resolve a send until a receiver takes the value", async () => {
    const ch = chan<number>();
    const sent = track(ch.send(1));
    await settle();
    expect(sent.settled).toBe(false);
    expect(await ch.recv()).toEqual([1, true]);
    await settle();
    expect(sent.fulfilled).toBe(true);
  });

  it("does not resolve a receive until a sender hands over a value", async () => {
    const ch = chan<string>();
    const got = track(ch.recv());
    await settle();
    expect(got.settled).toBe(false);
    await ch.send("hi");
    await settle();
    expect(got.value).toEqual(["hi", true]);
  });

  it("never buffers a value: len stays 0 while a sender is parked", async () => {
    const ch = chan<number>();
    track(ch.send(1));
    await settle();
    expect(ch.len).toBe(0);
    expect(ch.tryRecv()).toEqual([1, true]);
  });
});

describe("chan: buffered", () => {
  it("delivers buffered values in FIFO order", async () => {
    const ch = chan<number>(3);
    await ch.send(1);
    await ch.send(2);
    await ch.send(3);
    expect(await ch.recv()).toEqual([1, true]);
    expect(await ch.recv()).toEqual([2, true]);
    expect(await ch.recv()).toEqual([3, true]);
  });

  it("resolves a send at once while the buffer has room, with no receiver", async () => {
    const ch = chan<number>(2);
    const a = track(ch.send(1));
    const b = track(ch.send(2));
    await settle();
    expect(a.fulfilled).toBe(true);
    expect(b.fulfilled).toBe(true);
    expect(ch.len).toBe(2);
  });

  it("parks a send on a full buffer until a receive makes room", async () => {
    const ch = chan<number>(1);
    await ch.send(1);
    const second = track(ch.send(2));
    await settle();
    expect(second.settled).toBe(false);
    expect(parkedOn(ch).map((op) => op.kind)).toEqual(["send"]);
    expect(await ch.recv()).toEqual([1, true]);
    await settle();
    expect(second.fulfilled).toBe(true);
    expect(parkedOn(ch)).toEqual([]);
  });

  it("moves the first parked sender's value into the buffer on a receive from a full buffer, and resumes only that sender", async () => {
    const ch = chan<number>(2);
    await ch.send(1);
    await ch.send(2);
    const s3 = track(ch.send(3));
    const s4 = track(ch.send(4));
    await settle();
    expect(s3.settled).toBe(false);
    expect(s4.settled).toBe(false);

    expect(await ch.recv()).toEqual([1, true]);
    // 3 moved into the freed slot: the buffer is full again.
    expect(ch.len).toBe(2);
    await settle();
    expect(s3.fulfilled).toBe(true);
    expect(s4.settled).toBe(false);

    expect(await ch.recv()).toEqual([2, true]);
    expect(ch.len).toBe(2);
    await settle();
    expect(s4.fulfilled).toBe(true);

    expect(await ch.recv()).toEqual([3, true]);
    expect(await ch.recv()).toEqual([4, true]);
    expect(ch.len).toBe(0);
  });

  it("reports len as the number of buffered values", async () => {
    const ch = chan<number>(4);
    expect(ch.len).toBe(0);
    await ch.send(1);
    await ch.send(2);
    expect(ch.len).toBe(2);
    await ch.recv();
    expect(ch.len).toBe(1);
    expect(ch.cap).toBe(4);
  });

  it("keeps FIFO order across wrap-around of a large buffer", async () => {
    const ch = chan<number>(20);
    const out: number[] = [];
    let next = 0;
    for (let i = 0; i < 7; i++) expect(ch.trySend(next++)).toBe(true);
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 13; i++) expect(ch.trySend(next++)).toBe(true);
      expect(ch.trySend(-1)).toBe(false);
      for (let i = 0; i < 13; i++) out.push((await ch.recv())[0] as number);
    }
    while (ch.len > 0) out.push((await ch.recv())[0] as number);
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
  });
});

describe("chan: close", () => {
  it("wakes every parked receiver with [undefined, false]", async () => {
    const ch = chan<number>();
    const rs = [track(ch.recv()), track(ch.recv()), track(ch.recv())];
    await settle();
    ch.close();
    await settle();
    for (const r of rs) expect(r.value).toEqual([undefined, false]);
    expect(parkedOn(ch)).toEqual([]);
  });

  it('rejects every parked sender with Panic("send on closed channel")', async () => {
    const ch = chan<number>();
    const ss = [track(ch.send(1)), track(ch.send(2))];
    await settle();
    ch.close();
    await settle();
    for (const s of ss) {
      expect(s.fulfilled).toBe(false);
      expect(s.error).toBeInstanceOf(Panic);
      expect((s.error as Error).message).toBe("send on closed channel");
    }
    expect(parkedOn(ch)).toEqual([]);
  });

  it("rejects parked senders of a full buffered channel and keeps the buffered values", async () => {
    const ch = chan<number>(1);
    await ch.send(1);
    const s = track(ch.send(2));
    await settle();
    ch.close();
    await settle();
    expect(s.error).toBeInstanceOf(Panic);
    expect(await ch.recv()).toEqual([1, true]);
    expect(await ch.recv()).toEqual([undefined, false]);
  });

  it("lets receivers drain buffered values after close before returning [undefined, false]", async () => {
    const ch = chan<number>(3);
    await ch.send(1);
    await ch.send(2);
    ch.close();
    expect(ch.len).toBe(2);
    expect(await ch.recv()).toEqual([1, true]);
    expect(await ch.recv()).toEqual([2, true]);
    expect(await ch.recv()).toEqual([undefined, false]);
    expect(await ch.recv()).toEqual([undefined, false]);
  });

  it('throws Panic("close of closed channel") synchronously on a second close', () => {
    const ch = chan<number>();
    ch.close();
    let thrown: unknown;
    try {
      ch.close();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Panic);
    expect((thrown as Error).message).toBe("close of closed channel");
  });

  it("returns a rejected promise, not a synchronous throw, from send on a closed channel", async () => {
    const ch = chan<number>(1);
    ch.close();
    let p: Promise<void> | undefined;
    expect(() => {
      p = ch.send(1);
    }).not.toThrow();
    expect(p).toBeInstanceOf(Promise);
    await expect(p).rejects.toBeInstanceOf(Panic);
    await expect(p).rejects.toThrow("send on closed channel");
  });

  it("stores nothing when a send on a closed channel rejects", async () => {
    const ch = chan<number>(2);
    ch.close();
    await expect(ch.send(1)).rejects.toBeInstanceOf(Panic);
    expect(ch.len).toBe(0);
    expect(await ch.recv()).toEqual([undefined, false]);
  });
});

describe("chan: trySend and tryRecv", () => {
  it("trySend buffers a value and returns true when the buffer has room", () => {
    const ch = chan<number>(1);
    expect(ch.trySend(7)).toBe(true);
    expect(ch.len).toBe(1);
  });

  it("trySend returns false and stores nothing when it would block", () => {
    const full = chan<number>(1);
    full.trySend(1);
    expect(full.trySend(2)).toBe(false);
    expect(full.len).toBe(1);
    expect(full.tryRecv()).toEqual([1, true]);

    const unbuffered = chan<number>();
    expect(unbuffered.trySend(3)).toBe(false);
    expect(unbuffered.tryRecv()).toBeUndefined();
  });

  it("trySend hands the value to a parked receiver of an unbuffered channel", async () => {
    const ch = chan<number>();
    const r = track(ch.recv());
    await settle();
    expect(ch.trySend(5)).toBe(true);
    await settle();
    expect(r.value).toEqual([5, true]);
  });

  it("trySend throws Panic synchronously on a closed channel", () => {
    const ch = chan<number>(1);
    ch.close();
    expect(() => ch.trySend(1)).toThrow(Panic);
    expect(() => ch.trySend(1)).toThrow("send on closed channel");
  });

  it("tryRecv returns undefined when a receive would block", () => {
    expect(chan<number>().tryRecv()).toBeUndefined();
    expect(chan<number>(2).tryRecv()).toBeUndefined();
  });

  it("tryRecv takes a buffered value", () => {
    const ch = chan<number>(2);
    ch.trySend(1);
    ch.trySend(2);
    expect(ch.tryRecv()).toEqual([1, true]);
    expect(ch.len).toBe(1);
  });

  it("tryRecv takes the value of a parked sender and resumes it", async () => {
    const ch = chan<string>();
    const s = track(ch.send("x"));
    await settle();
    expect(ch.tryRecv()).toEqual(["x", true]);
    await settle();
    expect(s.fulfilled).toBe(true);
  });

  it("tryRecv returns [undefined, false] on a closed and drained channel", () => {
    const ch = chan<number>(1);
    ch.trySend(1);
    ch.close();
    expect(ch.tryRecv()).toEqual([1, true]);
    expect(ch.tryRecv()).toEqual([undefined, false]);
  });
});

describe("chan: for await", () => {
  it("ends the loop once the channel is closed and drained", async () => {
    const ch = chan<number>(3);
    await ch.send(1);
    await ch.send(2);
    await ch.send(3);
    ch.close();
    const seen: number[] = [];
    for await (const v of ch) seen.push(v);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("receives values sent while the loop is parked, and ends when the sender closes", async () => {
    const ch = chan<number>();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const v of ch) seen.push(v);
    })();
    for (let i = 0; i < 5; i++) await ch.send(i);
    ch.close();
    await loop;
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it("does not close the channel when the loop breaks", async () => {
    const ch = chan<number>(3);
    await ch.send(1);
    await ch.send(2);
    for await (const v of ch) {
      expect(v).toBe(1);
      break;
    }
    expect(() => ch.trySend(3)).not.toThrow();
    expect(await ch.recv()).toEqual([2, true]);
    expect(await ch.recv()).toEqual([3, true]);
    expect(() => ch.close()).not.toThrow();
  });
});

describe("chan: fairness of waiters", () => {
  it("serves parked senders in FIFO order", async () => {
    const ch = chan<string>();
    track(ch.send("a"));
    track(ch.send("b"));
    track(ch.send("c"));
    await settle();
    expect(await ch.recv()).toEqual(["a", true]);
    expect(await ch.recv()).toEqual(["b", true]);
    expect(await ch.recv()).toEqual(["c", true]);
  });

  it("serves parked receivers in FIFO order", async () => {
    const ch = chan<number>();
    const order: string[] = [];
    const r1 = ch.recv().then(([v]) => order.push(`r1:${v}`));
    const r2 = ch.recv().then(([v]) => order.push(`r2:${v}`));
    const r3 = ch.recv().then(([v]) => order.push(`r3:${v}`));
    await settle();
    await ch.send(1);
    await ch.send(2);
    await ch.send(3);
    await Promise.all([r1, r2, r3]);
    expect(order).toEqual(["r1:1", "r2:2", "r3:3"]);
  });
});

describe("chan: registry", () => {
  it("lists a parked operation's channel under its options.name in runtime.parked()", async () => {
    const ch = chan<number>(0, { name: "jobs" });
    const r = track(ch.recv());
    await settle();
    const ops = parkedOn(ch);
    expect(ops).toHaveLength(1);
    expect(ops[0]!.kind).toBe("recv");
    expect(ops[0]!.channels).toEqual([{ id: ch.id, name: "jobs" }]);
    ch.close();
    await settle();
    expect(r.value).toEqual([undefined, false]);
  });

  it("lists a parked send as kind send and removes it once it completes", async () => {
    const ch = chan<number>(0, { name: "out" });
    const s = track(ch.send(1));
    await settle();
    expect(parkedOn(ch).map((op) => [op.kind, op.channels])).toEqual([["send", [{ id: ch.id, name: "out" }]]]);
    await ch.recv();
    await settle();
    expect(s.fulfilled).toBe(true);
    expect(parkedOn(ch)).toEqual([]);
  });
});

describe("Panic", () => {
  it('is an Error subclass named "Panic" that carries Go\'s message', () => {
    const p = new Panic("send on closed channel");
    expect(p).toBeInstanceOf(Error);
    expect(p).toBeInstanceOf(Panic);
    expect(p.name).toBe("Panic");
    expect(p.message).toBe("send on closed channel");
  });

  it("is what the runtime throws for a channel panic", () => {
    const ch = chan<number>();
    ch.close();
    try {
      ch.close();
      expect.unreachable("second close must throw");
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).name).toBe("Panic");
    }
  });
});

describe("chan: results of a closed channel", () => {
  it("yields one shared, frozen [undefined, false] to every receive after close and drain", async () => {
    const ch = chan<number>();
    const parked = ch.recv();
    ch.close();
    const [a, b] = [await parked, await ch.recv()];
    expect(a).toEqual([undefined, false]);
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    expect(ch.tryRecv()).toBe(a);
  });
});
