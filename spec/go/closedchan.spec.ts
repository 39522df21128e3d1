// Port of Go's test/closedchan.go: close(c) and every way of receiving from and sending to a closed channel.
import { describe, expect, it } from "vitest";
import { chan, otherwise, Panic, recv, select, send, type Chan as RawChan } from "../../src/index.js";
import { recoverFrom } from "./helpers.js";

// Go's zero value of a received int is 0; this library's is undefined.
const zero = undefined;

interface Chan {
  Send(x: number): Promise<void>;
  Nbsend(x: number): Promise<boolean>;
  Recv(): Promise<number | undefined>;
  Nbrecv(): Promise<[number | undefined, boolean]>;
  Recv2(): Promise<[number | undefined, boolean]>;
  Nbrecv2(): Promise<[number | undefined, boolean, boolean]>;
  Close(): void;
  Impl(): string;
}

// direct channel operations when possible
class XChan implements Chan {
  constructor(readonly c: RawChan<number>) {}
  Send(x: number): Promise<void> {
    return this.c.send(x);
  }
  Nbsend(x: number): Promise<boolean> {
    return Promise.resolve(this.c.trySend(x));
  }
  async Recv(): Promise<number | undefined> {
    return (await this.c.recv())[0];
  }
  async Nbrecv(): Promise<[number | undefined, boolean]> {
    const r = this.c.tryRecv();
    return r === undefined ? [zero, false] : [r[0], true];
  }
  async Recv2(): Promise<[number | undefined, boolean]> {
    return await this.c.recv();
  }
  async Nbrecv2(): Promise<[number | undefined, boolean, boolean]> {
    const r = this.c.tryRecv();
    return r === undefined ? [zero, false, false] : [r[0], r[1], true];
  }
  Close(): void {
    this.c.close();
  }
  Impl(): string {
    return "(<- operator)";
  }
}

// indirect operations via select
class SChan implements Chan {
  constructor(readonly c: RawChan<number>) {}
  async Send(x: number): Promise<void> {
    await select(send(this.c, x));
  }
  Nbsend(x: number): Promise<boolean> {
    return select(
      otherwise(() => false),
      send(this.c, x, () => true),
    );
  }
  Recv(): Promise<number | undefined> {
    return select(recv(this.c, (x) => x));
  }
  Nbrecv(): Promise<[number | undefined, boolean]> {
    return select<[number | undefined, boolean]>(
      otherwise(() => [zero, false]),
      recv(this.c, (x) => [x, true]),
    );
  }
  Recv2(): Promise<[number | undefined, boolean]> {
    return select(recv(this.c, (x, ok) => [x, ok]));
  }
  Nbrecv2(): Promise<[number | undefined, boolean, boolean]> {
    return select<[number | undefined, boolean, boolean]>(
      otherwise(() => [zero, false, false]),
      recv(this.c, (x, ok) => [x, ok, true]),
    );
  }
  Close(): void {
    this.c.close();
  }
  Impl(): string {
    return "(select)";
  }
}

// indirect operations via larger selects
const dummy = chan<boolean>();

class SSChan implements Chan {
  constructor(readonly c: RawChan<number>) {}
  async Send(x: number): Promise<void> {
    await select(send(this.c, x), recv(dummy));
  }
  async Nbsend(x: number): Promise<boolean> {
    const r = await select<boolean | "dummy">(
      otherwise(() => false),
      recv(dummy, () => "dummy"),
      send(this.c, x, () => true),
    );
    if (r === "dummy") throw new Error("nbsend");
    return r;
  }
  async Recv(): Promise<number | undefined> {
    const r = await select<{ x: number | undefined } | "dummy">(
      recv(dummy, () => "dummy"),
      recv(this.c, (x) => ({ x })),
    );
    if (r === "dummy") throw new Error("recv");
    return r.x;
  }
  async Nbrecv(): Promise<[number | undefined, boolean]> {
    const r = await select<[number | undefined, boolean] | "dummy">(
      recv(dummy, () => "dummy"),
      otherwise(() => [zero, false]),
      recv(this.c, (x) => [x, true]),
    );
    if (r === "dummy") throw new Error("nbrecv");
    return r;
  }
  async Recv2(): Promise<[number | undefined, boolean]> {
    const r = await select<[number | undefined, boolean] | "dummy">(
      recv(dummy, () => "dummy"),
      recv(this.c, (x, ok) => [x, ok]),
    );
    if (r === "dummy") throw new Error("recv");
    return r;
  }
  async Nbrecv2(): Promise<[number | undefined, boolean, boolean]> {
    const r = await select<[number | undefined, boolean, boolean] | "dummy">(
      recv(dummy, () => "dummy"),
      otherwise(() => [zero, false, false]),
      recv(this.c, (x, ok) => [x, ok, true]),
    );
    if (r === "dummy") throw new Error("nbrecv");
    return r;
  }
  Close(): void {
    this.c.close();
  }
  Impl(): string {
    return "(select)";
  }
}

// Go only checks that f panics; here it must be the runtime's own panic.
async function shouldPanic(f: () => unknown, message: string): Promise<void> {
  const e = await recoverFrom(f);
  if (e === null) throw new Error("did not panic");
  expect(e).toBeInstanceOf(Panic);
  expect((e as Panic).message).toBe(message);
}

async function test1(c: Chan): Promise<void> {
  for (let i = 0; i < 3; i++) {
    // recv a close signal (a zero value)
    expect(await c.Recv(), `test1: recv on closed: ${c.Impl()}`).toBe(zero);
    expect(await c.Recv2(), `test1: recv2 on closed: ${c.Impl()}`).toEqual([zero, false]);

    // should work with select: received a value without blocking, so selected == true.
    expect(await c.Nbrecv(), `test1: recv on closed nb: ${c.Impl()}`).toEqual([zero, true]);
    expect(await c.Nbrecv2(), `test1: recv2 on closed nb: ${c.Impl()}`).toEqual([zero, false, true]);
  }

  // send should work with ,ok too: sent a value without blocking, so ok == true.
  await shouldPanic(() => c.Nbsend(1), "send on closed channel");

  // the value should have been discarded.
  expect(await c.Recv(), `test1: recv on closed got non-zero after send on closed: ${c.Impl()}`).toBe(zero);

  // similarly Send.
  await shouldPanic(() => c.Send(2), "send on closed channel");
  expect(await c.Recv(), `test1: recv on closed got non-zero after send on closed: ${c.Impl()}`).toBe(zero);
}

async function testasync1(c: Chan): Promise<void> {
  // should be able to get the last value via Recv
  expect(await c.Recv(), `testasync1: Recv did not get 1: ${c.Impl()}`).toBe(1);
  await test1(c);
}

async function testasync2(c: Chan): Promise<void> {
  // should be able to get the last value via Recv2
  expect(await c.Recv2(), `testasync1: Recv did not get 1, true: ${c.Impl()}`).toEqual([1, true]);
  await test1(c);
}

async function testasync3(c: Chan): Promise<void> {
  // should be able to get the last value via Nbrecv
  expect(await c.Nbrecv(), `testasync2: Nbrecv did not get 1, true: ${c.Impl()}`).toEqual([1, true]);
  await test1(c);
}

async function testasync4(c: Chan): Promise<void> {
  // should be able to get the last value via Nbrecv2
  expect(await c.Nbrecv2(), `testasync2: Nbrecv did not get 1, true, true: ${c.Impl()}`).toEqual([1, true, true]);
  await test1(c);
}

function closedsync(): RawChan<number> {
  const c = chan<number>();
  c.close();
  return c;
}

function closedasync(): RawChan<number> {
  const c = chan<number>(2);
  if (!c.trySend(1)) throw new Error("buffered send failed"); // c <- 1
  c.close();
  return c;
}

const mks: [string, (c: RawChan<number>) => Chan][] = [
  ["XChan", (c) => new XChan(c)],
  ["SChan", (c) => new SChan(c)],
  ["SSChan", (c) => new SSChan(c)],
];

const testcloseds: [string, (c: Chan) => Promise<void>][] = [
  ["Recv", testasync1],
  ["Recv2", testasync2],
  ["Nbrecv", testasync3],
  ["Nbrecv2", testasync4],
];

describe("test/closedchan.go", () => {
  for (const [name, mk] of mks) {
    it(`a closed unbuffered channel used through ${name} yields zero values at once and panics on send`, async () => {
      await test1(mk(closedsync()));
    });
  }

  for (const [how, testclosed] of testcloseds) {
    for (const [name, mk] of mks) {
      it(`a closed buffered channel used through ${name} still yields its buffered value via ${how}, then behaves as closed`, async () => {
        await testclosed(mk(closedasync()));
      });
    }
  }

  // Go's `var ch chan int; close(ch)` panics "close of nil channel"; a nil
  // channel here is null, which has no close method, so there is nothing to port.

  it("closing a closed channel panics with close of closed channel", async () => {
    const ch = chan<number>();
    ch.close();
    await shouldPanic(() => {
      ch.close();
    }, "close of closed channel");
    expect(() => ch.close()).toThrow(Panic); // and it throws synchronously
  });

  it("on a closed channel trySend throws its panic synchronously while send and a send arm reject", async () => {
    const c = closedsync();
    expect(() => c.trySend(1)).toThrow(new Panic("send on closed channel"));
    let sendPromise: Promise<void> | undefined;
    expect(() => {
      sendPromise = c.send(2);
    }).not.toThrow();
    await expect(sendPromise).rejects.toThrow(new Panic("send on closed channel"));
    let selectPromise: Promise<unknown> | undefined;
    expect(() => {
      selectPromise = select(send(c, 3));
    }).not.toThrow();
    await expect(selectPromise).rejects.toThrow(new Panic("send on closed channel"));
  });
});
