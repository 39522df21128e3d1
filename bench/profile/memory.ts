// Where a parked task's bytes go: the same 100k-task measurement as the
// memory shape, on a ladder of things that park, each adding one piece.
// Run standalone: node --expose-gc --import ./bench/loader/register.mjs bench/profile/memory.ts

import { fileURLToPath } from "node:url";
import { chan, go, runtime, type Chan } from "../../src/index.js";
import { check, forceGc, heapUsed, macroturn } from "../harness.js";
import { RawChan } from "../raw.js";

export interface Breakdown {
  k: number;
  lines: { what: string; bytes: number; step?: string }[];
  summary: string[];
}

/**
 * Heap bytes per item after `make(k)` has run and every task parked; then
 * `release` and check. Each repetition is its own call: a suspended async
 * function keeps its locals, so a loop here would keep the previous
 * repetition's tasks alive across the next baseline.
 */
async function once(k: number, make: (k: number) => { release(): void; done(): Promise<void> | void }): Promise<number> {
  forceGc();
  const h0 = heapUsed();
  const m = make(k);
  await macroturn();
  forceGc();
  const bytes = (heapUsed() - h0) / k;
  m.release();
  await m.done();
  await macroturn();
  return bytes;
}

/** After a run at k/10 (which pays for one-time allocations: code, feedback, maps). */
async function perTask(k: number, make: (k: number) => { release(): void; done(): Promise<void> | void }): Promise<number> {
  const first = await once(Math.ceil(k / 10), make);
  const second = await once(k, make);
  if (process.env.MEM_DEBUG) console.log("runs", first.toFixed(1), second.toFixed(1));
  return second;
}

function deferreds(k: number): { promises: Promise<void>[]; resolvers: (() => void)[] } {
  const promises: Promise<void>[] = new Array(k);
  const resolvers: (() => void)[] = new Array(k);
  for (let i = 0; i < k; i++) promises[i] = new Promise<void>((r) => (resolvers[i] = r));
  return { promises, resolvers };
}

export async function memoryBreakdown(k: number): Promise<Breakdown> {
  const base = runtime.numGoroutine();
  const bare = await perTask(k, (k) => {
    const d = deferreds(k);
    return { release: () => d.resolvers.forEach((r) => r()), done: () => {} };
  });
  const asyncFn = await perTask(k, (k) => {
    const d = deferreds(k);
    let n = 0;
    const f = async (p: Promise<void>) => {
      await p;
      n++;
    };
    const all = d.promises.map((p) => f(p));
    return {
      release: () => d.resolvers.forEach((r) => r()),
      done: async () => {
        await Promise.all(all);
        check(n === k, `async fn: ${n} of ${k} resumed`);
      },
    };
  });
  const goTask = await perTask(k, (k) => {
    const d = deferreds(k);
    const tasks = d.promises.map((p) =>
      go(async function parked(p: Promise<void>) {
        await p;
      }, p),
    );
    return {
      release: () => d.resolvers.forEach((r) => r()),
      done: async () => {
        for (const t of tasks) await t.done;
        check(runtime.numGoroutine() === base, `go on promise: ${runtime.numGoroutine() - base} tasks left`);
      },
    };
  });
  const chanOnly = await perTask(k, (k) => {
    const cs: Chan<number>[] = new Array(k);
    for (let i = 0; i < k; i++) cs[i] = chan<number>();
    return { release: () => (cs.length = 0), done: () => {} };
  });
  const rawChanOnly = await perTask(k, (k) => {
    const cs: RawChan<number>[] = new Array(k);
    for (let i = 0; i < k; i++) cs[i] = new RawChan<number>();
    return { release: () => (cs.length = 0), done: () => {} };
  });
  const onChan = (shared: boolean) =>
    perTask(k, (k) => {
      const one = shared ? chan<number>() : null;
      const cs: Chan<number>[] = shared ? [] : new Array(k);
      let closed = 0;
      const tasks: { done: Promise<void> }[] = [];
      for (let i = 0; i < k; i++) {
        const c = one ?? (cs[i] = chan<number>());
        tasks.push(
          go(async function parked(c: Chan<number>) {
            const [, ok] = await c.recv();
            if (!ok) closed++;
          }, c),
        );
      }
      return {
        release: () => (one ? one.close() : cs.forEach((c) => c.close())),
        done: async () => {
          for (const t of tasks) await t.done;
          check(closed === k && runtime.numGoroutine() === base, `go on chan: ${closed} of ${k} closed, ${runtime.numGoroutine() - base} left`);
        },
      };
    });
  const own = await onChan(false);
  const shared = await onChan(true);
  const rawOwn = await perTask(k, (k) => {
    const cs: RawChan<number>[] = new Array(k);
    let n = 0;
    const f = async (c: RawChan<number>) => {
      await c.recv();
      n++;
    };
    const all: Promise<void>[] = [];
    for (let i = 0; i < k; i++) all.push(f((cs[i] = new RawChan<number>())));
    return {
      release: () => cs.forEach((c) => c.close()),
      done: async () => {
        await Promise.all(all);
        check(n === k, `raw: ${n} of ${k}`);
      },
    };
  });

  const fn = asyncFn - bare;
  const goAdds = goTask - asyncFn;
  const parkOwn = own - chanOnly - goTask + bare; // the recv's waiter, promise and registry record, instead of a bare promise
  const parkShared = shared - goTask + bare;
  const lines = [
    { what: "a pending promise and its resolve function (no task)", bytes: bare, step: "baseline" },
    { what: "bare async function awaiting that promise", bytes: asyncFn, step: `async frame + its promise: ${fn.toFixed(0)} B` },
    { what: "go() task (async function) awaiting that promise", bytes: goTask, step: `go() adds: ${goAdds.toFixed(0)} B` },
    { what: "chan() alone, no task", bytes: chanOnly, step: `a library channel: ${chanOnly.toFixed(0)} B (raw floor's: ${rawChanOnly.toFixed(0)} B)` },
    { what: "go() task parked on recv of its own chan", bytes: own, step: `parked recv (waiter + recv promise + registry) in place of the bare promise: ${parkOwn.toFixed(0)} B` },
    { what: "go() task parked on recv of one shared chan", bytes: shared, step: `parked recv on a shared chan: ${parkShared.toFixed(0)} B` },
    { what: "raw: async function parked on recv of its own raw chan", bytes: rawOwn, step: `raw chan + resolver + async frame` },
  ];
  const summary = [
    `Of the library's ${own.toFixed(0)} B per task on its own channel: async function and its promise ${fn.toFixed(0)} B, go() bookkeeping ${goAdds.toFixed(0)} B, the channel ${chanOnly.toFixed(0)} B, the parked receive ${(parkOwn + bare).toFixed(0)} B (waiter, recv promise and resolver, registry record).`,
    `The raw floor itself needs ${rawOwn.toFixed(0)} B for an async function parked on its own raw channel (frame and promise, channel, resolver), so <= 700 B per task on its own channel is below this design's floor; the library's own share on top of it is ${(own - rawOwn).toFixed(0)} B, mostly what go() adds (${goAdds.toFixed(0)} B).`,
  ];
  return { k, lines, summary };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const b = await memoryBreakdown(100_000);
  for (const l of b.lines) console.log(`${l.what.padEnd(60)} ${l.bytes.toFixed(0).padStart(6)} B  ${l.step ?? ""}`);
  for (const s of b.summary) console.log(s);
}
