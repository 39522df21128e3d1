// Port of Go's test/chan/nonblock.go: channel operations that test for blocking, with several operand types.
import { afterAll, describe, expect, it } from "vitest";
import { chan, go, otherwise, recv, runtime, select, send, time, type Chan } from "../../src/index.js";
import { goMain, panic } from "./helpers.js";

async function i32receiver(c: Chan<number>, strobe: Chan<boolean>): Promise<void> {
  if ((await c.recv())[0] !== 123) panic("i32 value");
  await strobe.send(true);
}

async function i32sender(c: Chan<number>, strobe: Chan<boolean>): Promise<void> {
  await c.send(234);
  await strobe.send(true);
}

async function i64receiver(c: Chan<bigint>, strobe: Chan<boolean>): Promise<void> {
  if ((await c.recv())[0] !== 123456n) panic("i64 value");
  await strobe.send(true);
}

async function i64sender(c: Chan<bigint>, strobe: Chan<boolean>): Promise<void> {
  await c.send(234567n);
  await strobe.send(true);
}

async function breceiver(c: Chan<boolean>, strobe: Chan<boolean>): Promise<void> {
  if (!(await c.recv())[0]) panic("b value");
  await strobe.send(true);
}

async function bsender(c: Chan<boolean>, strobe: Chan<boolean>): Promise<void> {
  await c.send(true);
  await strobe.send(true);
}

async function sreceiver(c: Chan<string>, strobe: Chan<boolean>): Promise<void> {
  if ((await c.recv())[0] !== "hello") panic("s value");
  await strobe.send(true);
}

async function ssender(c: Chan<string>, strobe: Chan<boolean>): Promise<void> {
  await c.send("hello again");
  await strobe.send(true);
}

// var ticker = time.Tick(10 * 1000) // 10 us
const ticker = time.newTicker(10 * time.Microsecond);
afterAll(() => void ticker.stop());

async function sleep(): Promise<void> {
  await ticker.c.recv();
  await ticker.c.recv();
  await runtime.gosched();
  await runtime.gosched();
  await runtime.gosched();
}

const maxTries = 10000; // Up to 100ms per test.

/**
 * One operand type of Go's main loop: the non-blocking receive on an empty
 * channel, then a receiver fed by a retried non-blocking send, then a sender
 * drained by a retried non-blocking receive.
 */
async function checkType<T>(
  buffer: number,
  c: Chan<T>,
  sync: Chan<boolean>,
  names: { blocked: string; receiver: string; sender: string; value: string },
  receiver: (c: Chan<T>, strobe: Chan<boolean>) => Promise<void>,
  sender: (c: Chan<T>, strobe: Chan<boolean>) => Promise<void>,
  sent: T,
  expected: T,
): Promise<void> {
  await select(
    recv(c, () => panic(names.blocked)),
    otherwise(),
  );

  go(receiver, c, sync);
  let tries = 0;
  for (;;) {
    const done = await select(
      send(c, sent, () => true),
      otherwise(() => false),
    );
    if (done) break;
    tries++;
    if (tries > maxTries) panic(names.receiver);
    await sleep();
  }
  await sync.recv();

  go(sender, c, sync);
  if (buffer > 0) await sync.recv();
  tries = 0;
  let got: T | undefined;
  for (;;) {
    const done = await select(
      recv(c, (v) => {
        got = v;
        return true;
      }),
      otherwise(() => false),
    );
    if (done) break;
    tries++;
    if (tries > maxTries) panic(names.sender);
    await sleep();
  }
  if (got !== expected) panic(names.value);
  if (buffer === 0) await sync.recv();
}

describe("test/chan/nonblock.go", () => {
  for (const buffer of [0, 1]) {
    it(`non-blocking sends and receives on channels of capacity ${buffer} succeed exactly when a counterparty or buffer space is there`, async () => {
      await goMain(async () => {
        const sync = chan<boolean>();
        const c32 = chan<number>(buffer);
        const c64 = chan<bigint>(buffer);
        const cb = chan<boolean>(buffer);
        const cs = chan<string>(buffer);

        await checkType(buffer, c32, sync, { blocked: "blocked i32sender", receiver: "i32receiver", sender: "i32sender", value: "i32sender value" }, i32receiver, i32sender, 123, 234);
        await checkType(buffer, c64, sync, { blocked: "blocked i64sender", receiver: "i64receiver", sender: "i64sender", value: "i64sender value" }, i64receiver, i64sender, 123456n, 234567n);
        await checkType(buffer, cb, sync, { blocked: "blocked bsender", receiver: "breceiver", sender: "bsender", value: "bsender value" }, breceiver, bsender, true, true);
        await checkType(buffer, cs, sync, { blocked: "blocked ssender", receiver: "sreceiver", sender: "ssender", value: "ssender value" }, sreceiver, ssender, "hello", "hello again");
      });
    });
  }

  it("a non-blocking receive on an empty channel takes the default arm", async () => {
    for (const buffer of [0, 1]) {
      const c = chan<number>(buffer);
      expect(c.tryRecv()).toBeUndefined();
      expect(await select(recv(c, () => "received"), otherwise(() => "default"))).toBe("default");
    }
  });

  it("a non-blocking send on an unbuffered channel with no receiver takes the default arm", async () => {
    const c = chan<number>();
    expect(c.trySend(1)).toBe(false);
    expect(await select(send(c, 1, () => "sent"), otherwise(() => "default"))).toBe("default");
    expect(c.len).toBe(0);
  });
});
