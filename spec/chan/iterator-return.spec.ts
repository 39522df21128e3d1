import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { chan, go, runtime, type Chan } from "../../src/index.js";
import { settle, track } from "../_promise.js";

// `for await (const v of ch)` is Go's `range ch`. Leaving the loop calls the
// iterator's return(); when that happens while a next() waits (Readable.from
// destroyed early does exactly this), the waiting receive must be withdrawn,
// or the next value sent is handed to a reader that is gone.

function parkedOn(ch: Chan<unknown>) {
  return runtime.parked().filter((op) => op.channels.some((c) => c.id === ch.id));
}

describe("chan: the async iterator's return()", () => {
  it("resolves a pending next() with done", async () => {
    const ch = chan<number>();
    const it = ch[Symbol.asyncIterator]();
    const pending = track(it.next());
    await it.return!();
    await settle();
    expect(pending.value).toEqual({ value: undefined, done: true });
  });

  it("withdraws the pending receive, so a later send finds no receiver", async () => {
    const ch = chan<number>();
    const it = ch[Symbol.asyncIterator]();
    void it.next();
    await it.return!();
    expect(ch.trySend(1)).toBe(false);
  });

  it("withdraws the pending receive, so a later send goes to the next receiver", async () => {
    const ch = chan<number>();
    const it = ch[Symbol.asyncIterator]();
    const pending = track(it.next());
    await it.return!();
    const other = track(ch.recv());
    expect(ch.trySend(7)).toBe(true);
    await settle();
    expect(other.value).toEqual([7, true]);
    expect(pending.value).toEqual({ value: undefined, done: true });
  });

  it("takes the withdrawn receive out of runtime.parked()", async () => {
    const ch = chan<number>();
    const it = ch[Symbol.asyncIterator]();
    void it.next();
    expect(parkedOn(ch)).toHaveLength(1);
    await it.return!();
    expect(parkedOn(ch)).toHaveLength(0);
  });

  it("withdraws every pending next() of that iterator", async () => {
    const ch = chan<number>();
    const it = ch[Symbol.asyncIterator]();
    const a = track(it.next());
    const b = track(it.next());
    await it.return!();
    await settle();
    expect([a.value, b.value]).toEqual([
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
    expect(ch.trySend(1)).toBe(false);
  });

  it("keeps a value already handed to a pending next(): that next() resolves with it", async () => {
    const ch = chan<number>(1);
    const it = ch[Symbol.asyncIterator]();
    const pending = it.next();
    expect(ch.trySend(5)).toBe(true);
    await it.return!();
    expect(await pending).toEqual({ value: 5, done: false });
  });

  it("ends the iterator: next() after return() resolves done and receives nothing", async () => {
    const ch = chan<number>(1);
    const it = ch[Symbol.asyncIterator]();
    await it.return!();
    ch.trySend(3);
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(ch.len).toBe(1);
  });

  it("leaves the channel open and leaves other iterators of it running", async () => {
    const ch = chan<number>();
    const first = ch[Symbol.asyncIterator]();
    const second = ch[Symbol.asyncIterator]();
    void first.next();
    const kept = track(second.next());
    await first.return!();
    expect(ch.trySend(9)).toBe(true);
    await settle();
    expect(kept.value).toEqual({ value: 9, done: false });
  });

  it("loses no value when a for await loop breaks while a sender is producing", async () => {
    const ch = chan<number>();
    const got: number[] = [];
    const producer = go(async () => {
      for (let i = 0; i < 10; i++) await ch.send(i);
      ch.close();
    });
    for await (const v of ch) {
      got.push(v);
      if (v === 4) break;
    }
    for await (const v of ch) got.push(v);
    await producer.done;
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe("chan: Readable.from(ch)", () => {
  it("destroyed while waiting for a value, leaves the next value sent to the next receiver", async () => {
    const ch = chan<number>();
    const stream = Readable.from(ch);
    const data: unknown[] = [];
    stream.on("data", (v) => data.push(v));
    await settle();
    expect(parkedOn(ch)).toHaveLength(1);
    stream.destroy();
    await new Promise((r) => stream.once("close", r));
    expect(parkedOn(ch)).toHaveLength(0);
    const other = track(ch.recv());
    await ch.send(1);
    await settle();
    expect(other.value).toEqual([1, true]);
    expect(data).toEqual([]);
  });

  it("streams every value sent before it is destroyed", async () => {
    const ch = chan<number>();
    const stream = Readable.from(ch);
    const data: unknown[] = [];
    stream.on("data", (v) => data.push(v));
    await ch.send(1);
    await ch.send(2);
    await settle();
    stream.destroy();
    await new Promise((r) => stream.once("close", r));
    expect(data).toEqual([1, 2]);
    expect(ch.trySend(3)).toBe(false);
  });
});
