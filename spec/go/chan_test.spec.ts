// Port of Go's src/runtime/chan_test.go TestChan: blocking, close, FIFO order, no loss, len/cap for capacities 0..19.
import { describe, expect, it } from "vitest";
import { chan, go, otherwise, recv, select, send, time } from "../../src/index.js";
import { goMain, parkedOn } from "./helpers.js";

describe("src/runtime/chan_test.go TestChan", () => {
  // Go runs chanCap 0..199, or 0..19 with -short; this port runs the short set.
  const N = 20;

  it("a receive from an empty channel blocks, and a non-blocking one takes the default arm", async () => {
    await goMain(async () => {
      for (let chanCap = 0; chanCap < N; chanCap++) {
        const c = chan<number>(chanCap);
        let recv1 = false;
        go(async () => {
          await c.recv();
          recv1 = true;
        });
        let recv2 = false;
        go(async () => {
          await c.recv();
          recv2 = true;
        });
        await time.sleep(time.Millisecond);
        expect(recv1 || recv2, `chan[${chanCap}]: receive from empty chan`).toBe(false);
        expect(parkedOn(c, "recv"), `chan[${chanCap}]: both receivers are parked`).toHaveLength(2);
        // Ensure that non-blocking receive does not block.
        expect(c.tryRecv(), `chan[${chanCap}]: receive from empty chan`).toBeUndefined();
        expect(await select(recv(c, () => "received"), otherwise(() => "default")), `chan[${chanCap}]: receive from empty chan`).toBe("default");
        await c.send(0);
        await c.send(0);
      }
    });
  });

  it("a send to a full channel blocks, and a non-blocking one takes the default arm", async () => {
    await goMain(async () => {
      for (let chanCap = 0; chanCap < N; chanCap++) {
        const c = chan<number>(chanCap);
        for (let i = 0; i < chanCap; i++) await c.send(i);
        let sent = 0;
        go(async () => {
          await c.send(0);
          sent = 1;
        });
        await time.sleep(time.Millisecond);
        expect(sent, `chan[${chanCap}]: send to full chan`).toBe(0);
        expect(parkedOn(c, "send"), `chan[${chanCap}]: the sender is parked`).toHaveLength(1);
        // Ensure that non-blocking send does not block.
        expect(c.trySend(0), `chan[${chanCap}]: send to full chan`).toBe(false);
        expect(await select(send(c, 0, () => "sent"), otherwise(() => "default")), `chan[${chanCap}]: send to full chan`).toBe("default");
        await c.recv();
      }
    });
  });

  it("a closed channel yields its buffered values in order, then the zero value and false", async () => {
    for (let chanCap = 0; chanCap < N; chanCap++) {
      const c = chan<number>(chanCap);
      for (let i = 0; i < chanCap; i++) await c.send(i);
      c.close();
      for (let i = 0; i < chanCap; i++) {
        const [v] = await c.recv();
        expect(v, `chan[${chanCap}]: received ${v}, expected ${i}`).toBe(i);
      }
      expect((await c.recv())[0]).toBe(undefined);
      expect(await c.recv(), `chan[${chanCap}]: expected zero/false`).toEqual([undefined, false]);
    }
  });

  it("close unblocks a parked receive with the zero value and false", async () => {
    await goMain(async () => {
      for (let chanCap = 0; chanCap < N; chanCap++) {
        const c = chan<number>(chanCap);
        const done = chan<boolean>();
        go(async () => {
          const [v, ok] = await c.recv();
          await done.send(v === undefined && ok === false);
        });
        await time.sleep(time.Millisecond);
        c.close();
        expect((await done.recv())[0], `chan[${chanCap}]: received non zero from closed chan`).toBe(true);
      }
    });
  });

  it("values are received non-corrupted in FIFO order, and P senders' values reach P receivers exactly once", async () => {
    await goMain(async () => {
      for (let chanCap = 0; chanCap < N; chanCap++) {
        const c = chan<number>(chanCap);
        go(async () => {
          for (let i = 0; i < 100; i++) await c.send(i);
        });
        for (let i = 0; i < 100; i++) {
          const [v] = await c.recv();
          expect(v, `chan[${chanCap}]: received ${v}, expected ${i}`).toBe(i);
        }

        // Same, but using recv2.
        go(async () => {
          for (let i = 0; i < 100; i++) await c.send(i);
        });
        for (let i = 0; i < 100; i++) {
          const [v, ok] = await c.recv();
          expect(ok, `chan[${chanCap}]: receive failed, expected ${i}`).toBe(true);
          expect(v, `chan[${chanCap}]: received ${v}, expected ${i}`).toBe(i);
        }

        // Send L integers in P goroutines, ensure that we receive what we send.
        const P = 4;
        const L = 50; // Go: 1000
        for (let p = 0; p < P; p++) {
          go(async () => {
            for (let i = 0; i < L; i++) await c.send(i);
          });
        }
        const done = chan<Map<number, number>>();
        for (let p = 0; p < P; p++) {
          go(async () => {
            const recvd = new Map<number, number>();
            for (let i = 0; i < L; i++) {
              const [v] = (await c.recv()) as [number, true];
              recvd.set(v, (recvd.get(v) ?? 0) + 1);
            }
            await done.send(recvd);
          });
        }
        const recvd = new Map<number, number>();
        for (let p = 0; p < P; p++) {
          const [m] = (await done.recv()) as [Map<number, number>, true];
          for (const [k, v] of m) recvd.set(k, (recvd.get(k) ?? 0) + v);
        }
        expect(recvd.size, `chan[${chanCap}]: received ${recvd.size} values, expected ${L}`).toBe(L);
        for (const v of recvd.values()) expect(v, `chan[${chanCap}]: received ${v} values, expected ${P}`).toBe(P);
      }
    });
  });

  it("len counts the buffered values and cap is the capacity", async () => {
    for (let chanCap = 0; chanCap < N; chanCap++) {
      const c = chan<number>(chanCap);
      expect([c.len, c.cap], `chan[${chanCap}]: bad len/cap`).toEqual([0, chanCap]);
      for (let i = 0; i < chanCap; i++) await c.send(i);
      expect([c.len, c.cap], `chan[${chanCap}]: bad len/cap`).toEqual([chanCap, chanCap]);
    }
  });
});

