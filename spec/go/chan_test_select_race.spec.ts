// Port of Go's src/runtime/chan_test.go TestNonblockSelectRace, TestNonblockSelectRace2, TestSelfSelect, TestSelectDuplicateChannel.
import { describe, expect, it } from "vitest";
import { chan, go, otherwise, recv, select, send, time, type Task } from "../../src/index.js";
import { goMain, parkedOn, waitAll } from "./helpers.js";

describe("src/runtime/chan_test.go select races", () => {
  it("TestNonblockSelectRace: a non-blocking select sees the channels at one moment, never a smeared window", async () => {
    await goMain(async () => {
      const n = 500; // Go: 100000, or 1000 with -short
      const done = chan<boolean>(1);
      for (let i = 0; i < n; i++) {
        const c1 = chan<number>(1);
        const c2 = chan<number>(1);
        await c1.send(1);
        go(async () => {
          const ok = await select(recv(c1, () => true), recv(c2, () => true), otherwise(() => false));
          await done.send(ok);
        });
        await c2.send(1);
        await select(recv(c1), otherwise());
        expect((await done.recv())[0], "no chan is ready").toBe(true);
      }
    });
  });

  it("TestNonblockSelectRace2: the same holds when close(c2) makes the second channel ready", async () => {
    await goMain(async () => {
      const n = 500;
      const done = chan<boolean>(1);
      for (let i = 0; i < n; i++) {
        const c1 = chan<number>(1);
        const c2 = chan<number>();
        await c1.send(1);
        go(async () => {
          const ok = await select(recv(c1, () => true), recv(c2, () => true), otherwise(() => false));
          await done.send(ok);
        });
        c2.close();
        await select(recv(c1), otherwise());
        expect((await done.recv())[0], "no chan is ready").toBe(true);
      }
    });
  });

  it("TestSelfSelect: selects with a send and a receive arm on one channel neither deadlock nor receive their own value", async () => {
    await goMain(async () => {
      for (const chanCap of [0, 10]) {
        const errors: string[] = [];
        const c = chan<number>(chanCap);
        const tasks: Task[] = [];
        for (let p = 0; p < 2; p++) {
          tasks.push(
            go(async () => {
              for (let i = 0; i < 1000; i++) {
                const check = (v: number | undefined): boolean => {
                  if (chanCap === 0 && v === p) {
                    errors.push("self receive");
                    return false;
                  }
                  return true;
                };
                let ok: boolean;
                if (p === 0 || i % 2 === 0) {
                  ok = await select(send(c, p, () => true), recv(c, check));
                } else {
                  ok = await select(recv(c, check), send(c, p, () => true));
                }
                if (!ok) return;
              }
            }),
          );
        }
        await waitAll(tasks);
        expect(errors, `chan cap ${chanCap}`).toEqual([]);
      }
    });
  });

  it("TestSelectDuplicateChannel: a select queued twice on one channel withdraws both waiters when another arm wins", async () => {
    await goMain(async () => {
      const c = chan<number>();
      const d = chan<number>();
      const e = chan<number>();

      // goroutine A
      go(async () => {
        await select(recv(c), recv(c), recv(d));
        await e.send(9);
      });
      await time.sleep(time.Millisecond); // make sure goroutine A gets queued first on c
      expect(parkedOn(c, "select")).toHaveLength(1);

      // goroutine B
      const b = go(async () => {
        await c.recv();
      });
      await time.sleep(time.Millisecond); // make sure goroutine B gets queued on c before continuing
      expect(parkedOn(c, "recv")).toHaveLength(1);

      await d.send(7); // wake up A, it dequeues itself from c. This operation used to corrupt c.recvq.
      await e.recv(); // A tells us it's done
      expect(parkedOn(c, "select")).toEqual([]);
      await c.send(8); // wake up B. This used to fail because c.recvq was corrupted.
      await b.done;
    });
  });
});
