// Invariant 2 (DESIGN.md): a withdrawn waiter leaves its queue at once, so a
// hot loop of select over a busy channel and a never-ready one does not grow
// the never-ready channel's queue, the registry, or the heap.
// In its own file so that runtime.parked() starts, and must end, empty.
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { describe, expect, it } from "vitest";
import { chan, go, recv, runtime, select, type Chan, type Task } from "../../src/index.js";
import { withoutTracing, withTracing } from "../_tracing.js";

/** A full collection, when the host lets us force one. */
function findGc(): (() => void) | undefined {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === "function") return g;
  try {
    v8.setFlagsFromString("--expose-gc");
    const fn = vm.runInNewContext("gc") as unknown;
    return typeof fn === "function" ? (fn as () => void) : undefined;
  } catch {
    return undefined;
  }
}

describe("select: no growth in a hot loop", () => {
  // Tracing (on under vitest) captures a stack on every park, which under
  // vitest's source-mapped stacks costs ~0.2 ms: the million-iteration loop
  // runs with tracing off; the traced variant below is shorter.
  it("leaves no waiter on a never-ready channel after 1,000,000 selects that sometimes park", async () => {
    const prevTracing = runtime.setTracing(false);
    try {
      await hotLoop();
    } finally {
      runtime.setTracing(prevTracing);
    }
  });

  it("keeps a channel's queue within a few dozen slots while a receiver stays parked at its head and 100,000 selects park behind it and are withdrawn", async () => {
    const prevTracing = runtime.setTracing(false);
    try {
      const busy = chan<number>(1, { name: "busy" });
      const done = chan<void>(0, { name: "done" });
      const watcher = go(async function watcher() {
        await done.recv();
      });
      await runtime.gosched();
      let maxSlots = 0;
      for (let i = 0; i < 100_000; i++) {
        const p = select(
          recv(busy, (v) => v as number),
          recv(done, () => -1),
        );
        const q = (done as Chan<void>).recvq!;
        maxSlots = Math.max(maxSlots, q.slots, q.capacity);
        busy.trySend(i);
        await p;
      }
      expect(maxSlots).toBeLessThanOrEqual(32);
      expect(runtime.parked()).toHaveLength(1);
      done.close();
      await watcher.done;
      expect(runtime.parked()).toEqual([]);
    } finally {
      runtime.setTracing(prevTracing);
    }
  });

  describe("with tracing", () => {
    withTracing();

    it("leaves no waiter and no registry entry behind after 1,000 traced selects in a task that park every time", async () => {
      await parkEveryTime((op, consumer) => expect(op.task?.id).toBe(consumer.id));
    });
  });

  describe("with tracing off", () => {
    withoutTracing();

    it("leaves no waiter and no registry entry behind after 1,000 untraced selects in a task that park every time", async () => {
      await parkEveryTime((op) => expect(op).not.toHaveProperty("task"));
    });
  });
});

/**
 * A task runs 1,000 selects over a busy channel and a never-ready one, each
 * parking before the busy channel is filled; `check` sees each parked select.
 */
async function parkEveryTime(check: (op: runtime.ParkedOp, consumer: Task) => void): Promise<void> {
  const busy = chan<number>(1, { name: "busy" });
  const neverReady = chan<number>(0, { name: "neverReady" });
  const N = 1000;
  let maxParked = 0;
  let sum = 0;
  const consumer = go(async function consumer() {
    for (let i = 0; i < N; i++) {
      sum += (await select(
        recv(busy, (v) => v as number),
        recv(neverReady, () => -1),
      )) as number;
    }
  });
  for (let i = 0; i < N; i++) {
    // Wait until the consumer's select has parked, then complete it via busy.
    while (runtime.parked().length === 0) await runtime.gosched();
    const ops = runtime.parked();
    maxParked = Math.max(maxParked, ops.length);
    expect(ops[0]!.kind).toBe("select");
    check(ops[0]!, consumer);
    expect(busy.trySend(i)).toBe(true);
  }
  await consumer.done;
  expect(sum).toBe((N * (N - 1)) / 2);
  expect(maxParked).toBe(1);
  expect(runtime.parked()).toEqual([]);
  expect(neverReady.trySend(1)).toBe(false);
}

async function hotLoop(): Promise<void> {
  {
    const gc = findGc();
    const busy = chan<number>(1, { name: "busy" });
    const neverReady = chan<number>(0, { name: "neverReady" });
    expect(runtime.parked()).toEqual([]);

    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;

    const N = 1_000_000;
    let sum = 0;
    let parkedSeen = 0;
    let refused = 0;
    for (let i = 0; i < N; i++) {
      if (i % 4 !== 0) {
        // Ready path: busy is full, so the select takes its value at once.
        busy.trySend(i);
        sum += (await select(
          recv(busy, (v) => v as number),
          recv(neverReady, () => -1),
        )) as number;
      } else {
        // Parking path: busy is empty, the select parks on both arms, and
        // the send on busy wins, which must withdraw the neverReady arm.
        const p = select(
          recv(busy, (v) => v as number),
          recv(neverReady, () => -1),
        );
        if (i % 100_000 === 0) {
          const ops = runtime.parked();
          expect(ops).toHaveLength(1);
          expect(ops[0]!.kind).toBe("select");
          parkedSeen++;
        }
        if (!busy.trySend(i)) refused++;
        sum += (await p) as number;
      }
      if (i % 100_000 === 99_999) expect(runtime.parked()).toEqual([]);
    }

    // Every value came through busy; the neverReady body never ran.
    expect(sum).toBe((N * (N - 1)) / 2);
    expect(parkedSeen).toBe(N / 100_000);
    expect(refused).toBe(0);
    expect(runtime.parked()).toEqual([]);
    // No receiver is left waiting on neverReady: a send finds nobody.
    expect(neverReady.trySend(1)).toBe(false);
    expect(busy.len).toBe(0);

    if (gc !== undefined) {
      await runtime.gosched();
      gc();
      const growth = process.memoryUsage().heapUsed - heapBefore;
      expect(growth).toBeLessThan(50 * 1024 * 1024);
    }
  }
}
