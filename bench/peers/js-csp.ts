// js-csp (npm `js-csp`): generator processes, `csp.go(function* () { yield
// csp.take(ch); yield csp.put(ch, v) })`, `csp.alts([ch, csp.timeout(ms)])`.
// Every process step is resumed from setImmediate (its dispatcher runs up to
// 1024 steps per macrotask), and timeout() arms a host setTimeout that
// closes a fresh channel, so a lost timeout stays armed. A channel allows at
// most 1024 pending takes (and puts): more throw.

import csp, { type Channel, type Instruction } from "js-csp";
import { check } from "../harness.js";
import { measureParked, measureSelect } from "./shapes.js";
import { installedVersion, now, sumTo, type Peer } from "./types.js";

type Gen = Generator<Instruction, unknown, unknown>;

/** Run a process to completion; resolves with its return value. */
function run(gen: () => Gen): Promise<unknown> {
  return new Promise((resolve) => csp.takeAsync(csp.go(gen), resolve));
}

export function jsCsp(): Peer {
  async function pingPong(n: number) {
    const a = csp.chan();
    const b = csp.chan();
    let sum = 0;
    let bad = "";
    const t0 = now();
    const ping = run(function* () {
      for (let i = 0; i < n; i++) {
        yield csp.put(a, i);
        const v = yield csp.take(b);
        if (v === csp.CLOSED) bad = "ping: closed";
        sum += v as number;
      }
    });
    const pong = run(function* () {
      for (let i = 0; i < n; i++) {
        const v = yield csp.take(a);
        if (v === csp.CLOSED) bad = "pong: closed";
        yield csp.put(b, (v as number) + 1);
      }
    });
    await Promise.all([ping, pong]);
    const ms = now() - t0;
    check(bad === "" && sum === sumTo(n) + n, `js-csp ping-pong sum ${sum} ${bad}`);
    return { value: (n / ms) * 1000 };
  }

  async function buffered(n: number, cap: number) {
    const ch = csp.chan(cap);
    let sum = 0;
    let count = 0;
    const t0 = now();
    const producer = run(function* () {
      for (let i = 0; i < n; i++) yield csp.put(ch, i);
      ch.close();
    });
    const consumer = run(function* () {
      for (;;) {
        const v = yield csp.take(ch);
        if (v === csp.CLOSED) break;
        sum += v as number;
        count++;
      }
    });
    await Promise.all([producer, consumer]);
    const ms = now() - t0;
    check(count === n && sum === sumTo(n), `js-csp buffered: ${count} values summing ${sum}`);
    return { value: (n / ms) * 1000 };
  }

  function select(n: number) {
    return measureSelect(n, "js-csp select", (sink) => {
      const ch = csp.chan(1);
      let bad = "";
      return run(function* () {
        for (let i = 0; i < n; i++) {
          if (!csp.offer(ch, i)) {
            bad = "refill found ch full";
            return;
          }
          const r = (yield csp.alts([ch, csp.timeout(1000)])) as { value: unknown; channel: Channel };
          if (r.channel === ch) sink.value(r.value as number);
          else sink.timer();
        }
      }).then(() => check(bad === "", `js-csp select: ${bad}`));
    });
  }

  async function fanIn(n: number, p: number) {
    const ch = csp.chan();
    const per = n / p;
    let sum = 0;
    let count = 0;
    const t0 = now();
    const all: Promise<unknown>[] = [];
    for (let j = 0; j < p; j++) {
      const base = j * per;
      all.push(
        run(function* () {
          for (let i = 0; i < per; i++) yield csp.put(ch, base + i);
        }),
      );
    }
    all.push(
      run(function* () {
        for (let i = 0; i < n; i++) {
          const v = yield csp.take(ch);
          if (v === csp.CLOSED) return;
          sum += v as number;
          count++;
        }
      }),
    );
    await Promise.all(all);
    const ms = now() - t0;
    check(count === n && sum === sumTo(n), `js-csp fan-in: ${count} values summing ${sum}`);
    return { value: (n / ms) * 1000 };
  }

  function memOwn(k: number) {
    return measureParked(k, () => {
      let closedSeen = 0;
      let finished = 0;
      let resolveAll!: () => void;
      const done = new Promise<void>((r) => (resolveAll = r));
      const chans: Channel[] = new Array(k);
      for (let i = 0; i < k; i++) {
        const c = (chans[i] = csp.chan());
        csp.go(function* (): Generator<Instruction, void, unknown> {
          const v = yield csp.take(c);
          if (v === csp.CLOSED) closedSeen++;
          if (++finished === k) resolveAll();
        });
      }
      return {
        parkedNow: () => check(finished === 0, `js-csp parked: ${finished} finished early`),
        release: () => {
          for (const c of chans) c.close();
        },
        done,
        verify: () => check(closedSeen === k, `js-csp parked: ${closedSeen} of ${k} saw the close`),
      };
    });
  }

  const oneChanCap = "n/a (max 1024 pending takes per chan)";

  return {
    key: "js-csp",
    label: "js-csp",
    pkg: "js-csp",
    version: installedVersion("js-csp"),
    how: "generator processes `csp.go(function* () { yield csp.take(ch) })`, `yield csp.alts([ch, csp.timeout(1000)])`; each step resumes from setImmediate; at most 1024 pending takes per channel (more throw), so no shared-channel rows",
    pingPong: { run: pingPong, n: 30_000, opts: { runs: 3 } },
    buffered: { run: buffered, n: 100_000, opts: { runs: 3 } },
    select: { run: select, n: 50_000, opts: { runs: 2 } },
    fanIn: { run: fanIn, n: 100_000, opts: { runs: 3 } },
    memOwn: { run: memOwn, opts: { warmup: 0, runs: 2 } },
    memShared: { na: oneChanCap },
    wake: { na: oneChanCap },
  };
}


