// Port of Go's src/runtime/chan_test.go TestSelectFairness and TestPseudoRandomSend.
import { describe, expect, it } from "vitest";
import { chan, go, recv, runtime, select, send } from "../../src/index.js";
import { goMain } from "./helpers.js";

describe("src/runtime/chan_test.go select fairness", () => {
  it("TestSelectFairness: a select over two ready channels (and two never-ready ones) picks each about half the time", async () => {
    await goMain(async () => {
      const trials = 2500; // Go: 10000
      const c1 = chan<number>(trials + 1);
      const c2 = chan<number>(trials + 1);
      for (let i = 0; i < trials + 1; i++) {
        await c1.send(1);
        await c2.send(2);
      }
      const c3 = chan<number>();
      const c4 = chan<number>();
      const out = chan<number>();
      const done = chan<number>();
      const wg = go(async () => {
        for (;;) {
          const b = await select(
            recv(c3, (v) => v),
            recv(c4, (v) => v),
            recv(c1, (v) => v),
            recv(c2, (v) => v),
          );
          const stop = await select(
            send(out, b as number, () => false),
            recv(done, () => true),
          );
          if (stop) return;
        }
      });
      let cnt1 = 0;
      let cnt2 = 0;
      for (let i = 0; i < trials; i++) {
        const [b] = await out.recv();
        if (b === 1) cnt1++;
        else if (b === 2) cnt2++;
        else throw new Error(`unexpected value ${b} on channel`);
      }
      // If the select in the goroutine is fair, cnt1 and cnt2 should be about
      // the same value. See if we're more than 10 sigma away from the expected
      // value (10 sigma is a lot, but some systematic bias is acceptable).
      const mean = trials * 0.5;
      const variance = trials * 0.5 * (1 - 0.5);
      const stddev = Math.sqrt(variance);
      expect(Math.abs(cnt1 - mean), `unfair select: in ${trials} trials, results were ${cnt1}, ${cnt2}`).toBeLessThanOrEqual(10 * stddev);
      done.close();
      await wg.done;
    });
  });

  it("TestSelectFairness (three arms): a select over three ready channels picks each between 28% and 39% of the time", async () => {
    const trials = 10000;
    const cs = [chan<number>(trials), chan<number>(trials), chan<number>(trials)];
    for (let i = 0; i < trials; i++) for (const c of cs) await c.send(0);
    const counts = [0, 0, 0];
    for (let i = 0; i < trials; i++) {
      const k = await select(
        recv(cs[0], () => 0),
        recv(cs[1], () => 1),
        recv(cs[2], () => 2),
      );
      counts[k]!++;
    }
    for (const n of counts) {
      expect(n / trials, `counts ${counts.join(", ")}`).toBeGreaterThanOrEqual(0.28);
      expect(n / trials, `counts ${counts.join(", ")}`).toBeLessThanOrEqual(0.39);
    }
  });

  it("TestPseudoRandomSend: a select with two send arms on one channel sends each value a fair share of the time", async () => {
    await goMain(async () => {
      const n = 100;
      for (const chanCap of [0, n]) {
        const c = chan<number>(chanCap);
        const l: number[] = new Array<number>(n).fill(0);
        // Go signals completion with a locked sync.Mutex; the task's done is that signal.
        const m = go(async () => {
          for (let i = 0; i < n; i++) {
            await runtime.gosched();
            l[i] = (await c.recv())[0] as number;
          }
        });
        for (let i = 0; i < n; i++) {
          await select(send(c, 1), send(c, 0));
        }
        await m.done; // wait
        let n0 = 0;
        let n1 = 0;
        for (const i of l) {
          n0 += (i + 1) % 2;
          n1 += i;
        }
        expect(n0 > n / 10 && n1 > n / 10, `Want pseudorandom, got ${n0} zeros and ${n1} ones (chan cap ${chanCap})`).toBe(true);
      }
    });
  });
});
