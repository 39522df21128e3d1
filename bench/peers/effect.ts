// Effect (npm `effect`): Queue with fibers. `Queue.bounded(0)` (a rendezvous:
// an offer completes only with a taker waiting) for the unbuffered shapes,
// `Queue.bounded(128)` for the buffered one, `Queue.end` as close (takes then
// fail with Cause.Done), fibers from `Effect.forkChild` joined with `Fiber`,
// every task written with `Effect.gen`. The select shape is
// `Queue.take(q).pipe(Effect.timeoutOption(1000))`: Effect races the take
// with a sleep and interrupts the loser, so its host timer is cleared. A
// select over two channels has no Queue counterpart; the timeout race is the
// idiomatic way to bound a take.

import { Cause, Effect, Exit, Fiber, Option, Queue } from "effect";
import { check, Countdown } from "../harness.js";
import { measureParked, measureSelect } from "./shapes.js";
import { installedVersion, now, sumTo, type Peer, type WakeBy } from "./types.js";

type Q = Queue.Queue<number, Cause.Done>;

const mkQueue = (cap: number): Q => Effect.runSync(Queue.bounded<number, Cause.Done>(cap));

/** The number of fibers parked in take() on q (an internal field; for the self-check only). */
function takers(q: Q): number {
  const s = (q as unknown as { state: { takers?: Set<unknown> } }).state;
  return s.takers?.size ?? -1;
}

export function effectQueue(): Peer {
  async function pingPong(n: number) {
    const a = mkQueue(0);
    const b = mkQueue(0);
    const t0 = now();
    const sum = await Effect.runPromise(
      Effect.gen(function* () {
        const ping = yield* Effect.forkChild(
          Effect.gen(function* () {
            let s = 0;
            for (let i = 0; i < n; i++) {
              yield* Queue.offer(a, i);
              s += yield* Queue.take(b);
            }
            return s;
          }),
        );
        const pong = yield* Effect.forkChild(
          Effect.gen(function* () {
            for (let i = 0; i < n; i++) {
              const v = yield* Queue.take(a);
              yield* Queue.offer(b, v + 1);
            }
          }),
        );
        const s = yield* Fiber.join(ping);
        yield* Fiber.join(pong);
        return s;
      }),
    );
    const ms = now() - t0;
    check(sum === sumTo(n) + n, `effect ping-pong sum ${sum}`);
    return { value: (n / ms) * 1000 };
  }

  async function buffered(n: number, cap: number) {
    const q = mkQueue(cap);
    let sum = 0;
    let count = 0;
    const t0 = now();
    await Effect.runPromise(
      Effect.gen(function* () {
        const producer = yield* Effect.forkChild(
          Effect.gen(function* () {
            for (let i = 0; i < n; i++) if (!(yield* Queue.offer(q, i))) return yield* Effect.die("offer refused");
            yield* Queue.end(q);
          }),
        );
        const consumer = yield* Effect.forkChild(
          Effect.gen(function* () {
            for (;;) {
              const e = yield* Effect.exit(Queue.take(q));
              if (Exit.isFailure(e)) break;
              sum += e.value;
              count++;
            }
          }),
        );
        yield* Fiber.join(producer);
        yield* Fiber.join(consumer);
      }),
    );
    const ms = now() - t0;
    check(count === n && sum === sumTo(n), `effect buffered: ${count} values summing ${sum}`);
    return { value: (n / ms) * 1000 };
  }

  function select(n: number) {
    return measureSelect(n, "effect select", (sink) => {
      const q = mkQueue(1);
      return Effect.runPromise(
        Effect.gen(function* () {
          for (let i = 0; i < n; i++) {
            if (!Queue.offerUnsafe(q, i)) return yield* Effect.die("refill found queue full");
            const r = yield* Queue.take(q).pipe(Effect.timeoutOption(1000));
            if (Option.isSome(r)) sink.value(r.value);
            else sink.timer();
          }
        }),
      );
    });
  }

  async function fanIn(n: number, p: number) {
    const q = mkQueue(0);
    const per = n / p;
    let sum = 0;
    let count = 0;
    const t0 = now();
    await Effect.runPromise(
      Effect.gen(function* () {
        const fibers = [];
        for (let j = 0; j < p; j++) {
          const base = j * per;
          fibers.push(
            yield* Effect.forkChild(
              Effect.gen(function* () {
                for (let i = 0; i < per; i++) yield* Queue.offer(q, base + i);
              }),
            ),
          );
        }
        const consumer = yield* Effect.forkChild(
          Effect.gen(function* () {
            for (let i = 0; i < n; i++) {
              sum += yield* Queue.take(q);
              count++;
            }
          }),
        );
        yield* Fiber.join(consumer);
        yield* Fiber.joinAll(fibers);
      }),
    );
    const ms = now() - t0;
    check(count === n && sum === sumTo(n), `effect fan-in: ${count} values summing ${sum}`);
    return { value: (n / ms) * 1000 };
  }

  /** k fibers, forked by one parent, each blocked in take() on its queue. */
  function parkAll(k: number, queueOf: (i: number) => Q, onExit: (e: Exit.Exit<number, Cause.Done>) => void): { started: Promise<void>; done: Promise<void> } {
    let forked!: () => void;
    const started = new Promise<void>((r) => (forked = r));
    const done = Effect.runPromise(
      Effect.gen(function* () {
        const fibers = new Array(k);
        for (let i = 0; i < k; i++) {
          const q = queueOf(i);
          fibers[i] = yield* Effect.forkChild(
            Effect.gen(function* () {
              onExit(yield* Effect.exit(Queue.take(q)));
            }),
          );
        }
        forked();
        yield* Fiber.joinAll(fibers);
      }),
    );
    return { started, done };
  }

  function mem(k: number, shared: boolean) {
    return measureParked(
      k,
      () => {
        let closedSeen = 0;
        let finished = 0;
        const one = shared ? mkQueue(0) : null;
        const qs: Q[] = shared ? [] : new Array(k);
        const { started, done } = parkAll(
          k,
          (i) => one ?? (qs[i] = mkQueue(0)),
          (e) => {
            finished++;
            if (Exit.isFailure(e)) closedSeen++;
          },
        );
        return {
          started,
          parkedNow: () => {
            const parked = one ? takers(one) : qs.reduce((n, q) => n + takers(q), 0);
            check(finished === 0 && parked === k, `effect parked: ${finished} finished early, ${parked} of ${k} parked`);
          },
          release: () => {
            if (one) Queue.endUnsafe(one);
            else for (const q of qs) Queue.endUnsafe(q);
          },
          done,
          verify: () => check(closedSeen === k && finished === k, `effect parked: ${closedSeen} of ${k} saw the end`),
        };
      },
      3,
    );
  }

  async function wake(k: number, by: WakeBy) {
    const q = mkQueue(0);
    const finished = new Countdown(k);
    let sum = 0;
    let wrong = 0;
    const { started, done: all } = parkAll(
      k,
      () => q,
      (e) => {
        if (Exit.isSuccess(e)) {
          if (by === "close") wrong++;
          sum += e.value;
        } else if (by === "send") wrong++;
        finished.arrive();
      },
    );
    await started;
    for (let i = 0; i < 3 && takers(q) < k; i++) await new Promise((r) => setImmediate(r));
    check(takers(q) === k, `effect wake: ${takers(q)} parked, want ${k}`);
    const t0 = now();
    if (by === "close") Queue.endUnsafe(q);
    else
      void Effect.runPromise(
        Effect.gen(function* () {
          for (let i = 0; i < k; i++) yield* Queue.offer(q, i);
        }),
      );
    await finished.all;
    const ms = now() - t0;
    await all;
    check(wrong === 0 && finished.count === k && sum === (by === "send" ? sumTo(k) : 0), `effect wake: ${finished.count} finished, ${wrong} wrong, sum ${sum}`);
    return { value: (k / ms) * 1000, extra: { ms } };
  }

  return {
    key: "effect",
    label: "Effect Queue+fibers",
    pkg: "effect",
    version: installedVersion("effect"),
    how: "`Queue.bounded(0)` / `Queue.bounded(128)`, `Queue.offer/take`, `Queue.end` as close, `Effect.forkChild` + `Fiber.join`, `Effect.gen` tasks; select shape = `Queue.take(q).pipe(Effect.timeoutOption(1000))`",
    pingPong: { run: pingPong, opts: { runs: 3 } },
    buffered: { run: buffered, opts: { runs: 3 } },
    select: { run: select, opts: { runs: 3 } },
    fanIn: { run: fanIn, opts: { runs: 3 } },
    memOwn: { run: (k) => mem(k, false), opts: { warmup: 0, runs: 2 } },
    memShared: { run: (k) => mem(k, true), opts: { warmup: 0, runs: 2 } },
    wake: { run: wake, opts: { runs: 3 } },
  };
}
