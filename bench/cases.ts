// The benchmark shapes. Each returns a Sample measured by itself (setup
// excluded) and throws if its own result is wrong.

import { AsyncLocalStorage } from "node:async_hooks";
import * as library from "../src/index.js";
import { runtime, type Chan } from "../src/index.js";

/** A build of the library: src/ itself, or a bundle of some revision of it (bench/bare.ts, bench/ab.ts). */
export type Lib = typeof library;

/** Which floor a raw case measures (bench/raw.ts): the raw floor, or the API floor. */
export type Floor = "raw" | "api";
import { check, Countdown, forceGc, heapUsed, macroturn, type Sample } from "./harness.js";
import { measureSelect } from "./peers/shapes.js";
import { RawChan, spawnWatched, watched } from "./raw.js";

const now = (): number => performance.now();
const sumTo = (n: number): number => (n * (n - 1)) / 2; // 0 + 1 + ... + (n-1)

// 1. Unbuffered ping-pong: two tasks exchanging n values over two channels.

/** On `lib`: the library from src/, or another build of it (bench/bare.ts). */
export async function pingPongLib(n: number, lib: Lib = library): Promise<Sample> {
  const a = lib.chan<number>();
  const b = lib.chan<number>();
  let sum = 0;
  const t0 = now();
  const ping = lib.go(async function ping() {
    for (let i = 0; i < n; i++) {
      await a.send(i);
      const [v, ok] = await b.recv();
      if (!ok) throw new Error("ping: channel closed");
      sum += v;
    }
  });
  const pong = lib.go(async function pong() {
    for (let i = 0; i < n; i++) {
      const [v, ok] = await a.recv();
      if (!ok) throw new Error("pong: channel closed");
      await b.send(v + 1);
    }
  });
  await ping.done;
  await pong.done;
  const ms = now() - t0;
  check(sum === sumTo(n) + n, `ping-pong sum ${sum} !== ${sumTo(n) + n}`);
  return { value: (n / ms) * 1000 };
}

export async function pingPongRaw(n: number): Promise<Sample> {
  const a = new RawChan<number>();
  const b = new RawChan<number>();
  let sum = 0;
  const t0 = now();
  const ping = (async () => {
    for (let i = 0; i < n; i++) {
      await a.send(i);
      sum += (await b.recv()) as number;
    }
  })();
  const pong = (async () => {
    for (let i = 0; i < n; i++) {
      const v = (await a.recv()) as number;
      await b.send(v + 1);
    }
  })();
  await Promise.all([ping, pong]);
  const ms = now() - t0;
  check(sum === sumTo(n) + n, `raw ping-pong sum ${sum} !== ${sumTo(n) + n}`);
  return { value: (n / ms) * 1000 };
}

/** The API floor (bench/raw.ts): raw channels answering with tuples. Two tasks: watching them costs nothing here. */
export async function pingPongApiFloor(n: number): Promise<Sample> {
  const a = new RawChan<number>(0, true);
  const b = new RawChan<number>(0, true);
  let sum = 0;
  const t0 = now();
  const ping = (async () => {
    for (let i = 0; i < n; i++) {
      await a.send(i);
      const [v, ok] = await b.recvTuple();
      if (!ok) throw new Error("api floor ping: channel closed");
      sum += v;
    }
  })();
  const pong = (async () => {
    for (let i = 0; i < n; i++) {
      const [v, ok] = await a.recvTuple();
      if (!ok) throw new Error("api floor pong: channel closed");
      await b.send(v + 1);
    }
  })();
  await Promise.all([ping, pong]);
  const ms = now() - t0;
  check(sum === sumTo(n) + n, `api floor ping-pong sum ${sum} !== ${sumTo(n) + n}`);
  return { value: (n / ms) * 1000 };
}

/** The raw floor run inside AsyncLocalStorage.run: what attribution alone costs. */
export function pingPongRawInAls(n: number): Promise<Sample> {
  const als = new AsyncLocalStorage<number>();
  return als.run(1, () => pingPongRaw(n));
}

// 2. Buffered producer/consumer.

export async function bufferedLib(n: number, cap: number, lib: Lib = library): Promise<Sample> {
  const { chan, go } = lib;
  const ch = chan<number>(cap);
  let sum = 0;
  let count = 0;
  const t0 = now();
  const producer = go(async function producer() {
    for (let i = 0; i < n; i++) await ch.send(i);
    ch.close();
  });
  const consumer = go(async function consumer() {
    for (;;) {
      const [v, ok] = await ch.recv();
      if (!ok) break;
      sum += v;
      count++;
    }
  });
  await producer.done;
  await consumer.done;
  const ms = now() - t0;
  check(count === n && sum === sumTo(n), `buffered: got ${count} values summing ${sum}`);
  return { value: (n / ms) * 1000 };
}

export async function bufferedRaw(n: number, cap: number): Promise<Sample> {
  const ch = new RawChan<number>(cap);
  let sum = 0;
  let count = 0;
  const t0 = now();
  const producer = (async () => {
    for (let i = 0; i < n; i++) await ch.send(i);
    ch.close();
  })();
  const consumer = (async () => {
    for (;;) {
      const v = await ch.recv();
      if (v === undefined) break;
      sum += v;
      count++;
    }
  })();
  await Promise.all([producer, consumer]);
  const ms = now() - t0;
  check(count === n && sum === sumTo(n), `raw buffered: got ${count} values summing ${sum}`);
  return { value: (n / ms) * 1000 };
}

// 3. select against a 1 s time.after arm, in a loop: Go's time.After trap.

export type SelectVariant = "after" | "nil-arm" | "recv-only";

/**
 * `n` iterations over a channel that is always ready (refilled by trySend
 * before each select). "after": `select(recv(ch), recv(time.after(1000)))`,
 * the trap: each iteration arms a 1 s timer nobody stops. "nil-arm": the
 * same select with a never-ready second arm, to separate select's cost from
 * the timer's. "recv-only": a plain `await ch.recv()`.
 */
export async function selectLoopLib(n: number, variant: SelectVariant, lib: Lib = library): Promise<Sample> {
  if (variant === "after") return selectAfterLib(n, lib);
  const { chan, go, recv, select } = lib;
  const ch = chan<number>(1);
  const never = chan<number>();
  let sum = 0;
  let fromCh = 0;
  let fromTimer = 0;
  const onValue = (v: number | undefined, ok: boolean): void => {
    if (!ok) throw new Error("select: ch closed");
    sum += v as number;
    fromCh++;
  };
  const onTimer = (): void => {
    fromTimer++;
  };
  const t0 = now();
  const task = go(async function selectLoop() {
    for (let i = 0; i < n; i++) {
      if (!ch.trySend(i)) throw new Error("select: refill found ch full");
      if (variant === "nil-arm") await select(recv(ch, onValue), recv(never, onTimer));
      else {
        const [v, ok] = await ch.recv();
        onValue(v, ok);
      }
    }
  });
  await task.done;
  const ms = now() - t0;
  check(fromCh === n && sum === sumTo(n) && fromTimer === 0, `select ${variant}: ch arm ${fromCh}, sum ${sum}, timer arm ${fromTimer}`);
  return { value: (n / ms) * 1000 };
}

/**
 * The trap itself: `select(recv(ch), recv(time.after(1000)))` n times, each
 * iteration arming a 1 s timer nobody stops. Host timers are counted by
 * wrapping setTimeout (bench/hosttimers.ts); heap growth is divided by the
 * runtime timers still armed (runtime.numTimers()).
 */
async function selectAfterLib(n: number, lib: Lib): Promise<Sample> {
  const { chan, go, recv, runtime, select, time } = lib;
  const timersBefore = runtime.numTimers();
  let outstanding = 0;
  const s = await measureSelect(
    n,
    "library select after",
    async (sink) => {
      const ch = chan<number>(1);
      const onValue = (v: number | undefined, ok: boolean): void => {
        if (!ok) throw new Error("select: ch closed");
        sink.value(v as number);
      };
      const onTimer = (): void => sink.timer();
      const task = go(async function selectLoop() {
        for (let i = 0; i < n; i++) {
          if (!ch.trySend(i)) throw new Error("select: refill found ch full");
          await select(recv(ch, onValue), recv(time.after(1000), onTimer));
        }
      });
      await task.done;
    },
    () => (outstanding = runtime.numTimers() - timersBefore),
  );
  const ms = s.extra!.ms;
  // Not one of them fired: the loop ran for well under a second.
  check(ms < 1000 ? outstanding === n : outstanding > 0, `select after: ${outstanding} runtime timers outstanding after ${n} iterations`);
  s.extra!.outstandingTimers = outstanding;
  return s;
}

export async function selectLoopRaw(n: number): Promise<Sample> {
  const ch = new RawChan<number>(1);
  let sum = 0;
  let count = 0;
  const t0 = now();
  await (async () => {
    for (let i = 0; i < n; i++) {
      if (!ch.trySend(i)) throw new Error("raw refill found ch full");
      sum += (await ch.recv()) as number;
      count++;
    }
  })();
  const ms = now() - t0;
  check(count === n && sum === sumTo(n), `raw refill loop: ${count} values summing ${sum}`);
  return { value: (n / ms) * 1000 };
}

/** Wait until the timers armed by a previous run have fired (at most ~1 s). */
export async function drainTimers(limitMs = 3000, lib: Lib = library): Promise<void> {
  const start = now();
  while (lib.runtime.numTimers() > 0) {
    if (now() - start > limitMs) throw new Error(`timers did not drain: ${lib.runtime.numTimers()} still armed`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// 4. Fan-in: p producers into one unbuffered channel, one consumer.

export async function fanInLib(n: number, p: number, lib: Lib = library): Promise<Sample> {
  const { chan, go } = lib;
  const ch = chan<number>();
  const per = n / p;
  let sum = 0;
  let count = 0;
  const t0 = now();
  const producers = [];
  for (let j = 0; j < p; j++) {
    producers.push(
      go(
        async function producer(base: number) {
          for (let i = 0; i < per; i++) await ch.send(base + i);
        },
        j * per,
      ),
    );
  }
  const consumer = go(async function consumer() {
    for (let i = 0; i < n; i++) {
      const [v, ok] = await ch.recv();
      if (!ok) throw new Error("fan-in: closed");
      sum += v;
      count++;
    }
  });
  await consumer.done;
  for (const t of producers) await t.done;
  const ms = now() - t0;
  check(count === n && sum === sumTo(n), `fan-in: ${count} values summing ${sum}`);
  return { value: (n / ms) * 1000 };
}

export async function fanInRaw(n: number, p: number): Promise<Sample> {
  const ch = new RawChan<number>();
  const per = n / p;
  let sum = 0;
  let count = 0;
  const t0 = now();
  const all: Promise<void>[] = [];
  for (let j = 0; j < p; j++) {
    all.push(
      (async (base: number) => {
        for (let i = 0; i < per; i++) await ch.send(base + i);
      })(j * per),
    );
  }
  all.push(
    (async () => {
      for (let i = 0; i < n; i++) {
        sum += (await ch.recv()) as number;
        count++;
      }
    })(),
  );
  await Promise.all(all);
  const ms = now() - t0;
  check(count === n && sum === sumTo(n), `raw fan-in: ${count} values summing ${sum}`);
  return { value: (n / ms) * 1000 };
}

// 5. Memory per parked task, then release.

export async function parkedMemoryLib(k: number, shared: boolean, lib: Lib = library): Promise<Sample> {
  const { chan, go, runtime } = lib;
  const baseTasks = runtime.numGoroutine();
  const finished = new Countdown(k);
  let closedSeen = 0;
  forceGc();
  const h0 = heapUsed();
  const one = shared ? chan<number>() : null;
  const chans: Chan<number>[] = shared ? [] : new Array(k);
  // One function for every task, as the raw floor has: a closure made per
  // task would be counted as the task's bytes.
  const parked = async (c: Chan<number>): Promise<void> => {
    const [, ok] = await c.recv();
    if (!ok) closedSeen++;
    finished.arrive();
  };
  for (let i = 0; i < k; i++) go(parked, one ?? (chans[i] = chan<number>()));
  await macroturn(); // every task has started and parked
  forceGc();
  const bytes = (heapUsed() - h0) / k;
  check(runtime.numGoroutine() - baseTasks === k, `parked: ${runtime.numGoroutine() - baseTasks} live tasks, want ${k}`);
  check(runtime.parked().length === k, `parked: registry lists ${runtime.parked().length} operations, want ${k}`);
  check(finished.count === 0, "parked: a task finished early");
  if (one) one.close();
  else for (const c of chans) c.close();
  await finished.all;
  await macroturn();
  check(closedSeen === k, `parked: ${closedSeen} of ${k} tasks saw the close`);
  check(runtime.numGoroutine() === baseTasks, `parked: ${runtime.numGoroutine() - baseTasks} tasks still alive after close`);
  check(runtime.parked().length === 0, `parked: ${runtime.parked().length} operations still parked after close`);
  return { value: bytes };
}

/**
 * The raw floor's tasks (plain async functions) parked on raw channels or,
 * for `floor` "api", the API floor's: watched tasks (spawnWatched) on
 * channels answering `[v, ok]`.
 */
export async function parkedMemoryRaw(k: number, shared: boolean, floor: Floor = "raw"): Promise<Sample> {
  const api = floor === "api";
  const finished = new Countdown(k);
  let closedSeen = 0;
  forceGc();
  const base = watched.live;
  const h0 = heapUsed();
  const one = shared ? new RawChan<number>(0, api) : null;
  const chans: RawChan<number>[] = shared ? [] : new Array(k);
  const parked = api
    ? async (c: RawChan<number>): Promise<void> => {
        const [, ok] = await c.recvTuple();
        if (!ok) closedSeen++;
        finished.arrive();
      }
    : async (c: RawChan<number>): Promise<void> => {
        const v = await c.recv();
        if (v === undefined) closedSeen++;
        finished.arrive();
      };
  for (let i = 0; i < k; i++) {
    const c = one ?? (chans[i] = new RawChan<number>(0, api));
    if (api) spawnWatched(parked, c);
    else void parked(c);
  }
  await macroturn();
  forceGc();
  const bytes = (heapUsed() - h0) / k;
  check(finished.count === 0 && watched.live - base === (api ? k : 0), `${floor} floor parked: a task finished early`);
  if (one) one.close();
  else for (const c of chans) c.close();
  await finished.all;
  await macroturn();
  check(closedSeen === k && watched.live === base, `${floor} floor parked: ${closedSeen} of ${k} saw the close, ${watched.live - base} still live`);
  return { value: bytes };
}

// 6. Waking k tasks parked on one shared channel.

export type WakeBy = "close" | "send";

export async function wakeLib(k: number, by: WakeBy, lib: Lib = library): Promise<Sample> {
  const { chan, go, runtime } = lib;
  const baseTasks = runtime.numGoroutine();
  const ch = chan<number>();
  const finished = new Countdown(k);
  let sum = 0;
  const waiter = async (): Promise<void> => {
    const [v, ok] = await ch.recv();
    if (by === "send" ? !ok : ok) throw new Error(`wake: ok=${ok} on ${by}`);
    if (ok) sum += v;
    finished.arrive();
  };
  for (let i = 0; i < k; i++) go(waiter);
  // Two turns: 100k starts in a row run out the fairness window, and the
  // first turn starts them all; the second is a host turn after it, as a
  // program's waiters park long before their close. Without it the timed
  // part would open with the fairness yield the burst of starts earned.
  await macroturn();
  await macroturn();
  check(runtime.parked().length === k, `wake: ${runtime.parked().length} parked, want ${k}`);
  const t0 = now();
  if (by === "close") ch.close();
  else
    go(async function sender() {
      for (let i = 0; i < k; i++) await ch.send(i);
    });
  await finished.all;
  const ms = now() - t0;
  await macroturn();
  check(finished.count === k && sum === (by === "send" ? sumTo(k) : 0), `wake: ${finished.count} finished, sum ${sum}`);
  check(runtime.numGoroutine() === baseTasks, `wake: ${runtime.numGoroutine() - baseTasks} tasks still alive`);
  return { value: (k / ms) * 1000, extra: { ms } };
}

/** As parkedMemoryRaw: the raw floor's tasks, or for `floor` "api" the API floor's. */
export async function wakeRaw(k: number, by: WakeBy, floor: Floor = "raw"): Promise<Sample> {
  const api = floor === "api";
  const ch = new RawChan<number>(0, api);
  const finished = new Countdown(k);
  const base = watched.live;
  let sum = 0;
  const waiter = api
    ? async (): Promise<void> => {
        const [v, ok] = await ch.recvTuple();
        if (by === "send" ? !ok : ok) throw new Error(`api floor wake: ok=${ok} on ${by}`);
        if (ok) sum += v;
        finished.arrive();
      }
    : async (): Promise<void> => {
        const v = await ch.recv();
        if (by === "send" ? v === undefined : v !== undefined) throw new Error(`raw wake: got ${v} on ${by}`);
        if (v !== undefined) sum += v;
        finished.arrive();
      };
  const started: Promise<void>[] = [];
  for (let i = 0; i < k; i++) {
    if (api) spawnWatched(waiter);
    else started.push(waiter());
  }
  await macroturn();
  const t0 = now();
  const sender = async (): Promise<void> => {
    for (let i = 0; i < k; i++) await ch.send(i);
  };
  if (by === "close") ch.close();
  else if (api) spawnWatched(sender);
  else void sender();
  await finished.all;
  const ms = now() - t0;
  await Promise.all(started); // surfaces a thrown check
  await macroturn();
  check(finished.count === k && sum === (by === "send" ? sumTo(k) : 0), `${floor} floor wake: ${finished.count} finished, sum ${sum}`);
  check(watched.live === base, `${floor} floor wake: ${watched.live - base} tasks still live`);
  return { value: (k / ms) * 1000, extra: { ms } };
}

// The shapes by short name, at the sizes `npm run bench` uses, for the quick
// interleaved tools (bench:pairs, bench:ab): the library on a given build,
// and the floors where the shape has them.

export const SIZE = { ping: 100_000, buf: 300_000, bufCap: 128, select: 200_000, fan: 200_000, fanProducers: 100, park: 100_000, wake: 100_000, pingShort: 20_000, bufShort: 30_000 } as const;

export interface Shape {
  unit: "ops/s" | "bytes";
  lib: (lib: Lib) => Promise<Sample>;
  raw?: () => Promise<Sample>;
  api?: () => Promise<Sample>;
  /** Between runs (not timed): the select shape lets its 1 s timers fire. */
  settle?: (lib: Lib) => Promise<void>;
  /** Short runs of the same shape, for harness.interleaved (CHUNKS=n in bench:ab and bench:pairs). */
  short?: { what: string; lib: (lib: Lib) => Promise<Sample>; raw?: () => Promise<Sample>; api?: () => Promise<Sample> };
}

export const SHAPES: Record<string, Shape> = {
  pp: {
    unit: "ops/s",
    lib: (l) => pingPongLib(SIZE.ping, l),
    raw: () => pingPongRaw(SIZE.ping),
    api: () => pingPongApiFloor(SIZE.ping),
    short: { what: `${SIZE.pingShort / 1000}k round trips`, lib: (l) => pingPongLib(SIZE.pingShort, l), raw: () => pingPongRaw(SIZE.pingShort), api: () => pingPongApiFloor(SIZE.pingShort) },
  },
  buf: {
    unit: "ops/s",
    lib: (l) => bufferedLib(SIZE.buf, SIZE.bufCap, l),
    raw: () => bufferedRaw(SIZE.buf, SIZE.bufCap),
    short: { what: `${SIZE.bufShort / 1000}k values`, lib: (l) => bufferedLib(SIZE.bufShort, SIZE.bufCap, l), raw: () => bufferedRaw(SIZE.bufShort, SIZE.bufCap) },
  },
  fan: { unit: "ops/s", lib: (l) => fanInLib(SIZE.fan, SIZE.fanProducers, l), raw: () => fanInRaw(SIZE.fan, SIZE.fanProducers) },
  sel: { unit: "ops/s", lib: (l) => selectLoopLib(SIZE.select, "after", l), raw: () => selectLoopRaw(SIZE.select), settle: (l) => drainTimers(3000, l) },
  "sel-nil": { unit: "ops/s", lib: (l) => selectLoopLib(SIZE.select, "nil-arm", l) },
  "wake-close": { unit: "ops/s", lib: (l) => wakeLib(SIZE.wake, "close", l), raw: () => wakeRaw(SIZE.wake, "close"), api: () => wakeRaw(SIZE.wake, "close", "api") },
  "wake-send": { unit: "ops/s", lib: (l) => wakeLib(SIZE.wake, "send", l), raw: () => wakeRaw(SIZE.wake, "send"), api: () => wakeRaw(SIZE.wake, "send", "api") },
  "mem-own": { unit: "bytes", lib: (l) => parkedMemoryLib(SIZE.park, false, l), raw: () => parkedMemoryRaw(SIZE.park, false), api: () => parkedMemoryRaw(SIZE.park, false, "api") },
  "mem-shared": { unit: "bytes", lib: (l) => parkedMemoryLib(SIZE.park, true, l), raw: () => parkedMemoryRaw(SIZE.park, true), api: () => parkedMemoryRaw(SIZE.park, true, "api") },
};

/** The shape called `name`, or an error listing the names. */
export function shape(name: string, tool: string): Shape {
  const s = SHAPES[name];
  if (!s) throw new Error(`${tool}: no shape ${name}; shapes: ${Object.keys(SHAPES).join(" ")}`);
  return s;
}

// 7. Synctest bubbles: the same program inside a bubble and outside one.

/**
 * Pike's daisy chain: n tasks in a row, each receiving from the channel on
 * its left and sending one more to the channel on its right; one value
 * enters at the left end and leaves at the right end as n + 1. Timed from
 * the first task's start to the value's arrival, so the whole chain (making
 * the tasks, each parking, each hop) is in it.
 */
export async function daisyChain(n: number, lib: Lib = library): Promise<Sample> {
  const { chan, go } = lib;
  const t0 = now();
  const leftmost = chan<number>();
  let left = leftmost;
  const link = async (from: Chan<number>, to: Chan<number>): Promise<void> => {
    const [v, ok] = await from.recv();
    if (!ok) throw new Error("daisy chain: channel closed");
    await to.send(v + 1);
  };
  for (let i = 0; i < n; i++) {
    const right = chan<number>();
    go(link, left, right);
    left = right;
  }
  await leftmost.send(1);
  const [v] = await left.recv();
  const ms = now() - t0;
  check(v === n + 1, `daisy chain: got ${v}, want ${n + 1}`);
  return { value: (n / ms) * 1000, extra: { ms } };
}

/** What a bubble case needs of the testing package: synctest.test. */
export interface BubbleLib {
  synctest: { test<R>(fn: () => R | Promise<R>): Promise<R> };
}

/** {@link daisyChain} as the main task of a synctest bubble; timed around the whole bubble. */
export async function daisyChainInBubble(n: number, testing: BubbleLib, lib: Lib = library): Promise<Sample> {
  const t0 = now();
  await testing.synctest.test(() => daisyChain(n, lib));
  const ms = now() - t0;
  return { value: (n / ms) * 1000, extra: { ms } };
}

/** `tasks` tasks each sleeping `sleeps` times for 1 ms of virtual time in a bubble; the rate is sleeps per second of wall time. */
export async function sleepersInBubble(tasks: number, sleeps: number, testing: BubbleLib, lib: Lib = library): Promise<Sample> {
  const { go, time } = lib;
  const t0 = now();
  const elapsed = await testing.synctest.test(async () => {
    const start = time.now();
    const sleeper = async (): Promise<void> => {
      for (let i = 0; i < sleeps; i++) await time.sleep(time.Millisecond);
    };
    const all = [];
    for (let i = 0; i < tasks; i++) all.push(go(sleeper));
    for (const t of all) await t.done;
    return time.now() - start;
  });
  const ms = now() - t0;
  check(elapsed === sleeps * lib.time.Millisecond, `sleepers: ${elapsed} ms of virtual time, want ${sleeps}`);
  return { value: ((tasks * sleeps) / ms) * 1000, extra: { ms } };
}
