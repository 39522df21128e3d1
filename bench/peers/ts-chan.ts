// ts-chan (npm `ts-chan`): Chan with send/recv promises, Select with recv()
// and wait(promise) cases. Tasks are plain async functions (it has no go()).
// Two modes: the default, which after every send/recv/wait yields to the
// macrotask queue unless a macrotask turn already passed (its guard against
// microtask starvation), and `unsafe`, which skips that yield (Chan#setUnsafe,
// Select#setUnsafe). ts-chan has no timer channel: the 1 s arm of the select
// shape is a `wait()` case on a promise resolved by setTimeout(1000), which,
// like Go's time.After, nobody stops.

import { Chan, Select, recv, wait } from "ts-chan";
import { check, Countdown } from "../harness.js";
import { measureParked, measureSelect } from "./shapes.js";
import { installedVersion, now, sumTo, type Peer, type WakeBy } from "./types.js";

function makeChan<T>(cap: number, unsafe: boolean): Chan<T> {
  const c = new Chan<T>(cap);
  if (unsafe) c.setUnsafe(true);
  return c;
}

export function tsChan(unsafe: boolean): Peer {
  const mk = <T>(cap = 0) => makeChan<T>(cap, unsafe);
  const tag = unsafe ? "ts-chan unsafe" : "ts-chan";

  async function pingPong(n: number) {
    const a = mk<number>();
    const b = mk<number>();
    let sum = 0;
    const t0 = now();
    const ping = (async () => {
      for (let i = 0; i < n; i++) {
        await a.send(i);
        const r = await b.recv();
        if (r.done) throw new Error("ping: closed");
        sum += r.value;
      }
    })();
    const pong = (async () => {
      for (let i = 0; i < n; i++) {
        const r = await a.recv();
        if (r.done) throw new Error("pong: closed");
        await b.send(r.value + 1);
      }
    })();
    await Promise.all([ping, pong]);
    const ms = now() - t0;
    check(sum === sumTo(n) + n, `${tag} ping-pong sum ${sum}`);
    return { value: (n / ms) * 1000 };
  }

  async function buffered(n: number, cap: number) {
    const ch = mk<number>(cap);
    let sum = 0;
    let count = 0;
    const t0 = now();
    const producer = (async () => {
      for (let i = 0; i < n; i++) await ch.send(i);
      ch.close();
    })();
    const consumer = (async () => {
      for (;;) {
        const r = await ch.recv();
        if (r.done) break;
        sum += r.value;
        count++;
      }
    })();
    await Promise.all([producer, consumer]);
    const ms = now() - t0;
    check(count === n && sum === sumTo(n), `${tag} buffered: ${count} values summing ${sum}`);
    return { value: (n / ms) * 1000 };
  }

  function select(n: number) {
    return measureSelect(n, `${tag} select`, async (sink) => {
      const ch = mk<number>(1);
      for (let i = 0; i < n; i++) {
        if (!ch.trySend(i)) throw new Error("refill found ch full");
        const sel = new Select([recv(ch), wait(new Promise<void>((r) => setTimeout(r, 1000)))]);
        if (unsafe) sel.setUnsafe(true);
        const idx = await sel.wait();
        if (idx === 0) {
          const r = sel.recv(sel.cases[0]);
          if (r.done) throw new Error("select: ch closed");
          sink.value(r.value);
        } else sink.timer();
      }
    });
  }

  async function fanIn(n: number, p: number) {
    const ch = mk<number>();
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
          const r = await ch.recv();
          if (r.done) throw new Error("fan-in: closed");
          sum += r.value;
          count++;
        }
      })(),
    );
    await Promise.all(all);
    const ms = now() - t0;
    check(count === n && sum === sumTo(n), `${tag} fan-in: ${count} values summing ${sum}`);
    return { value: (n / ms) * 1000 };
  }

  function mem(k: number, shared: boolean) {
    return measureParked(k, () => {
      const finished = new Countdown(k);
      let closedSeen = 0;
      const one = shared ? mk<number>() : null;
      const chans: Chan<number>[] = shared ? [] : new Array(k);
      const parked = async (c: Chan<number>) => {
        const r = await c.recv();
        if (r.done) closedSeen++;
        finished.arrive();
      };
      for (let i = 0; i < k; i++) void parked(one ?? (chans[i] = mk<number>()));
      return {
        parkedNow: () => check(finished.count === 0 && (one === null || one.concurrency === -k), `${tag} parked: ${finished.count} finished early`),
        release: () => {
          if (one) one.close();
          else for (const c of chans) c.close();
        },
        done: finished.all,
        verify: () => check(closedSeen === k, `${tag} parked: ${closedSeen} of ${k} saw the close`),
      };
    });
  }

  async function wake(k: number, by: WakeBy) {
    const ch = mk<number>();
    const finished = new Countdown(k);
    let sum = 0;
    const waiter = async () => {
      const r = await ch.recv();
      if (by === "send" ? r.done : !r.done) throw new Error(`wake: done=${r.done} on ${by}`);
      if (!r.done) sum += r.value;
      finished.arrive();
    };
    const started: Promise<void>[] = [];
    for (let i = 0; i < k; i++) started.push(waiter());
    await new Promise((r) => setImmediate(r));
    check(ch.concurrency === -k, `${tag} wake: ${-ch.concurrency} parked, want ${k}`);
    const t0 = now();
    if (by === "close") ch.close();
    else
      void (async () => {
        for (let i = 0; i < k; i++) await ch.send(i);
      })();
    await finished.all;
    const ms = now() - t0;
    await Promise.all(started);
    check(finished.count === k && sum === (by === "send" ? sumTo(k) : 0), `${tag} wake: ${finished.count} finished, sum ${sum}`);
    return { value: (k / ms) * 1000, extra: { ms } };
  }

  return {
    key: unsafe ? "ts-chan-unsafe" : "ts-chan",
    label: unsafe ? "ts-chan (unsafe)" : "ts-chan",
    pkg: "ts-chan",
    version: installedVersion("ts-chan"),
    how: unsafe
      ? "`new Chan(cap).setUnsafe(true)`, `new Select([recv(ch), wait(promise)]).setUnsafe(true)`: no macrotask yield after each operation"
      : "`new Chan(cap)`, `await ch.send/recv`, `new Select([recv(ch), wait(setTimeout promise)])`; async functions as tasks; yields to the macrotask queue after operations (its default)",
    // Smaller N where it is slow (rates are per operation; the select shape's
    // per-timeout heap is divided by the timeouts actually outstanding).
    pingPong: { run: pingPong, n: 50_000 },
    buffered: { run: buffered, n: 100_000 },
    select: { run: select, n: 50_000, opts: { runs: 2 } },
    fanIn: { run: fanIn, n: 100_000 },
    memOwn: { run: (k) => mem(k, false), opts: { warmup: 0, runs: 2 } },
    memShared: { run: (k) => mem(k, true), opts: { warmup: 0, runs: 2 } },
    wake: { run: wake, opts: { runs: 3 } },
  };
}
