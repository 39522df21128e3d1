// @thi.ng/csp (npm `@thi.ng/csp`): Channel with read()/write() promises,
// offer() (non-blocking write), select(...chans) and timeout(ms) (a channel
// closed by a host setTimeout that nobody clears). Its smallest channel has
// capacity 1 (`channel()`; capacity 0 is rejected), and write() resolves
// only once its value has been read, whatever the capacity: the buffered
// shape's producer therefore uses `offer(v) || await write(v)` to run ahead
// into the buffer. A channel allows at most 1024 in-flight reads (more
// resolve `undefined` at once, as if closed) and 1024 queued writes.

import { channel, select as thingSelect, timeout, type Channel } from "@thi.ng/csp";
import { check } from "../harness.js";
import { measureParked, measureSelect } from "./shapes.js";
import { installedVersion, now, sumTo, type Peer } from "./types.js";

export function thingCsp(): Peer {
  async function pingPong(n: number) {
    const a = channel<number>();
    const b = channel<number>();
    let sum = 0;
    const t0 = now();
    const ping = (async () => {
      for (let i = 0; i < n; i++) {
        if (!(await a.write(i))) throw new Error("ping: write failed");
        const v = await b.read();
        if (v === undefined) throw new Error("ping: closed");
        sum += v;
      }
    })();
    const pong = (async () => {
      for (let i = 0; i < n; i++) {
        const v = await a.read();
        if (v === undefined) throw new Error("pong: closed");
        if (!(await b.write(v + 1))) throw new Error("pong: write failed");
      }
    })();
    await Promise.all([ping, pong]);
    const ms = now() - t0;
    check(sum === sumTo(n) + n, `@thi.ng/csp ping-pong sum ${sum}`);
    return { value: (n / ms) * 1000 };
  }

  async function buffered(n: number, cap: number) {
    const ch = channel<number>(cap);
    let sum = 0;
    let count = 0;
    const t0 = now();
    const producer = (async () => {
      for (let i = 0; i < n; i++) if (!ch.offer(i) && !(await ch.write(i))) throw new Error("write failed");
      ch.close();
    })();
    const consumer = (async () => {
      for (;;) {
        const v = await ch.read();
        if (v === undefined) break;
        sum += v;
        count++;
      }
    })();
    await Promise.all([producer, consumer]);
    const ms = now() - t0;
    check(count === n && sum === sumTo(n), `@thi.ng/csp buffered: ${count} values summing ${sum}`);
    return { value: (n / ms) * 1000 };
  }

  function select(n: number) {
    return measureSelect(n, "@thi.ng/csp select", async (sink) => {
      const ch = channel<number>(1);
      for (let i = 0; i < n; i++) {
        if (!ch.offer(i)) throw new Error("refill found ch full");
        const [v, from] = await thingSelect<number>(ch, timeout(1000) as Channel<number>);
        if (from === ch) {
          if (v === undefined) throw new Error("select: ch closed");
          sink.value(v);
        } else sink.timer();
      }
    });
  }

  async function fanIn(n: number, p: number) {
    const ch = channel<number>();
    const per = n / p;
    let sum = 0;
    let count = 0;
    const t0 = now();
    const all: Promise<void>[] = [];
    for (let j = 0; j < p; j++) {
      all.push(
        (async (base: number) => {
          for (let i = 0; i < per; i++) if (!(await ch.write(base + i))) throw new Error("write failed");
        })(j * per),
      );
    }
    all.push(
      (async () => {
        for (let i = 0; i < n; i++) {
          const v = await ch.read();
          if (v === undefined) throw new Error("fan-in: closed");
          sum += v;
          count++;
        }
      })(),
    );
    await Promise.all(all);
    const ms = now() - t0;
    check(count === n && sum === sumTo(n), `@thi.ng/csp fan-in: ${count} values summing ${sum}`);
    return { value: (n / ms) * 1000 };
  }

  function memOwn(k: number) {
    return measureParked(k, () => {
      let closedSeen = 0;
      let finished = 0;
      let resolveAll!: () => void;
      const done = new Promise<void>((r) => (resolveAll = r));
      const chans: Channel<number>[] = new Array(k);
      const parked = async (c: Channel<number>) => {
        const v = await c.read();
        if (v === undefined) closedSeen++;
        if (++finished === k) resolveAll();
      };
      for (let i = 0; i < k; i++) void parked((chans[i] = channel<number>()));
      return {
        parkedNow: () => check(finished === 0, `@thi.ng/csp parked: ${finished} finished early`),
        release: () => {
          for (const c of chans) c.close();
        },
        done,
        verify: () => check(closedSeen === k, `@thi.ng/csp parked: ${closedSeen} of ${k} saw the close`),
      };
    });
  }

  const oneChanCap = "n/a (max 1024 pending reads per chan)";

  return {
    key: "thing-csp",
    label: "@thi.ng/csp",
    pkg: "@thi.ng/csp",
    version: installedVersion("@thi.ng/csp"),
    how: "`channel()` (capacity 1, its smallest) / `channel(128)`, `await ch.read()/write()`, `select(ch, timeout(1000))`; async functions as tasks; write() resolves only when read, so the buffered producer uses `offer(v) || await write(v)`; at most 1024 in-flight reads per channel (more resolve undefined at once, as if closed), so no shared-channel rows",
    pingPong: { run: pingPong },
    buffered: { run: buffered },
    select: { run: select, n: 50_000, opts: { runs: 2 } },
    fanIn: { run: fanIn },
    memOwn: { run: memOwn, opts: { warmup: 0, runs: 2 } },
    memShared: { na: oneChanCap },
    wake: { na: oneChanCap },
  };
}
