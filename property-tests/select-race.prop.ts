// Property test: a consumer selecting over two channels and a timeout races
// producers that send with small random delays. Real time, small durations.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chan, go, recv, runtime, select, time } from "../src/index.js";

interface Producer {
  /** 0: channel a, 1: channel b. */
  target: 0 | 1;
  /** Delay before each send, in ms. */
  delays: number[];
}

const producerArb: fc.Arbitrary<Producer> = fc.record({
  target: fc.constantFrom(0 as const, 1 as const),
  delays: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 5 }),
});

const raceArb = fc.record({
  capA: fc.integer({ min: 0, max: 3 }),
  capB: fc.integer({ min: 0, max: 3 }),
  producers: fc.array(producerArb, { minLength: 1, maxLength: 4 }),
  /** Timeout of each consumer select, cycled through. */
  timeouts: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
});

describe("select races with timeout arms", () => {
  it("receives every value sent by racing producers exactly once and leaves nothing parked", async () => {
    await fc.assert(
      fc.asyncProperty(raceArb, async ({ capA, capB, producers, timeouts }) => {
        const a = chan<number>(capA);
        const b = chan<number>(capB);
        const chans = [a, b];
        const sent: number[] = [];
        let nextValue = 1;
        let running = producers.length;

        const tasks = producers.map((p) => {
          const values = p.delays.map(() => nextValue++);
          sent.push(...values);
          return go(async function producer() {
            try {
              for (let i = 0; i < values.length; i++) {
                await time.sleep(p.delays[i]);
                await chans[p.target].send(values[i]);
              }
            } finally {
              running--;
            }
          });
        });

        const got: number[] = [];
        // Channels are never closed: a receive with ok === false is a bug.
        // Recorded, not thrown, since a throw inside a task is a panic.
        let closedReceives = 0;
        const take = (v: number | undefined, ok: boolean) => {
          if (ok) got.push(v as number);
          else closedReceives++;
        };
        const consumer = go(async function consumer() {
          let i = 0;
          while (running > 0 || a.len > 0 || b.len > 0) {
            const ms = timeouts[i++ % timeouts.length];
            await select<void>(
              recv(a, (v, ok) => take(v, ok)),
              recv(b, (v, ok) => take(v, ok)),
              recv(time.after(ms)),
            );
          }
          for (const c of chans) {
            for (let r = c.tryRecv(); r !== undefined; r = c.tryRecv()) {
              take(r[0], r[1]);
            }
          }
        });

        await Promise.all(tasks.map((t) => t.done));
        await consumer.done;

        expect(running).toBe(0);
        expect([...got].sort((x, y) => x - y), "every value received exactly once").toEqual([...sent].sort((x, y) => x - y));
        expect(closedReceives, "receives that reported a closed channel").toBe(0);
        expect(runtime.parked(), "nothing parked at the end").toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
