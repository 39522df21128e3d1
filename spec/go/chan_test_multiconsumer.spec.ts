// Port of Go's src/runtime/chan_test.go TestMultiConsumer.
import { describe, expect, it } from "vitest";
import { chan, go, runtime, type Task } from "../../src/index.js";
import { goMain, waitAll } from "./helpers.js";

describe("src/runtime/chan_test.go TestMultiConsumer", () => {
  it("TestMultiConsumer: many workers ranging over one channel pass every value on exactly once", async () => {
    await goMain(async () => {
      const nwork = 23;
      const niter = 2718; // Go: 271828

      const pn = [2, 3, 7, 11, 13, 17, 19, 23, 27, 31];

      const q = chan<number>(nwork * 3);
      const r = chan<number>(nwork * 3);

      // workers
      const wg: Task[] = [];
      for (let i = 0; i < nwork; i++) {
        wg.push(
          go(async (w: number) => {
            for await (const v of q) {
              // mess with the fifo-ish nature of range
              if (pn[w % pn.length] === v) await runtime.gosched();
              await r.send(v);
            }
          }, i),
        );
      }

      // feeder & closer
      let expected = 0;
      go(async () => {
        for (let i = 0; i < niter; i++) {
          const v = pn[i % pn.length]!;
          expected += v;
          await q.send(v);
        }
        q.close(); // no more work
        await waitAll(wg); // workers done
        r.close(); // ... so there can be no more results
      });

      // consume & check
      let n = 0;
      let s = 0;
      for await (const v of r) {
        n++;
        s += v;
      }
      expect([n, s], `Expected sum ${expected} (got ${s}) from ${niter} iter (saw ${n})`).toEqual([niter, expected]);
    });
  });
});
