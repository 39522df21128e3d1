// The kept instances of runtime/layouts.ts are only worth keeping while real
// instances share their hidden class: a field added after construction, or
// a fractional number where the kept instance holds an integer, gives real
// instances a map the kept one does not hold, and a full collection would
// again throw away the optimized code of the hot paths.
import * as v8 from "node:v8";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chan, go, recv, runtime, select, time } from "../../src/index.js";
import { Chan } from "../../src/chan/chan.js";
import { Waiter } from "../../src/chan/waiter.js";
import { WaitQueue } from "../../src/chan/waitqueue.js";
import { Arm } from "../../src/select/select.js";
import { Task } from "../../src/runtime/registry.js";
import { TimerChan } from "../../src/time/time.js";
import { keptInstance } from "../../src/runtime/layouts.js";

let haveSameMap: (a: object, b: object) => boolean;
let prevTracing = false;

beforeAll(() => {
  v8.setFlagsFromString("--allow-natives-syntax");
  haveSameMap = new Function("a", "b", "return %HaveSameMap(a, b)") as typeof haveSameMap;
  prevTracing = runtime.setTracing(false);
});
afterAll(() => {
  runtime.setTracing(prevTracing);
});

function expectKeptLayout(cls: abstract new (...args: never[]) => object, real: object): void {
  const kept = keptInstance(cls);
  expect(kept, `a kept ${cls.name}`).toBeDefined();
  expect(haveSameMap(kept!, real), `${cls.name}: a real instance has the kept instance's hidden class`).toBe(true);
}

describe("layouts: kept instances share the hidden class of real ones", () => {
  it("a channel, its parked receiver and its wait queue, after a value has passed", async () => {
    const ch = chan<number>();
    const got = ch.recv();
    const w = ch.recvq!.peek()!;
    expectKeptLayout(Chan, ch);
    expectKeptLayout(Waiter, w);
    expectKeptLayout(WaitQueue, ch.recvq!);
    await ch.send(1.5);
    expect(await got).toEqual([1.5, true]);
    expectKeptLayout(Waiter, w);
    expectKeptLayout(Chan, ch);
  });

  it("a parked select's record and its arms", async () => {
    const a = chan<number>();
    const b = chan<string>();
    const arm = recv(a, (v) => v);
    const p = select(arm, recv(b, () => 0));
    const op = a.recvq!.peek()!.sel!;
    expectKeptLayout(op.constructor as abstract new (...args: never[]) => object, op);
    expectKeptLayout(Arm, arm);
    await a.send(2);
    expect(await p).toBe(2);
  });

  it("a task that has finished", async () => {
    const t = go(async () => {});
    await t.done;
    expectKeptLayout(Task, t);
  });

  it("a time.after channel whose value was received", async () => {
    const c = time.after(1);
    await c.recv();
    expectKeptLayout(TimerChan, c);
  });
});
