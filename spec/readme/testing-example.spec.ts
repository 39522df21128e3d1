// The README's "Testing concurrent code" example, verbatim but for the import paths.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chan, go, recv, runtime, select, time } from "../../src/index.js";
import { Deadlock, leaks, synctest, type LeakedTask } from "../../src/testing/index.js";

async function slowValue(): Promise<number> {
  await time.sleep(2 * time.Second);
  return 42;
}

// get() from seed 004: capacity 0 leaks the producer when the timeout wins.
async function get(capacity: number): Promise<number> {
  const ch = chan<number>(capacity);
  go(async function producer() {
    await ch.send(await slowValue());
  });
  return select(
    recv(ch, (v) => v!),
    recv(time.after(500 * time.Millisecond), () => -1),
  );
}

leaks.verifyEachTest({ beforeEach, afterEach }); // goleak for every test below

describe("get", () => {
  it("times out after 500 ms of virtual time, at once in wall time", async () => {
    await synctest.test(async () => {
      const start = time.now();
      expect(await get(1)).toBe(-1);
      expect(time.since(start)).toBe(500);
      await time.sleep(2 * time.Second); // let the producer finish: time stops when fn returns
    });
  });

  it("with a buffer of one leaves no task behind", async () => {
    await synctest.test(async () => {
      await get(1);
      await time.sleep(3 * time.Second); // the producer finishes into the buffer
      expect(runtime.numGoroutine()).toBe(1); // only this bubble's main task
    });
  });

  it("unbuffered, leaks the producer: the bubble reports it blocked forever", async () => {
    const failure = synctest.test(async () => {
      await get(0);
      await time.sleep(3 * time.Second); // the producer wakes and parks on its send
    });
    await expect(failure).rejects.toThrow(Deadlock);
    await expect(failure).rejects.toThrow(/main bubble goroutine has exited but blocked goroutines remain/);
    await expect(failure).rejects.toThrow(/goroutine \d+ \[chan send \(durable\), synctest bubble \d+\]/);
  });

  it("unbuffered, the collector proves the producer leaked", async () => {
    let found: LeakedTask[] = [];
    const run = synctest.test(async () => {
      await get(0);
      await time.sleep(3 * time.Second);
      found = await leaks.find(); // forces a GC: nothing can reach ch any more
    });
    await expect(run).rejects.toThrow(Deadlock); // the producer never exits
    expect(found).toHaveLength(1);
    expect(found[0]!.kind).toBe("send");
    expect(found[0]!.dump).toMatch(/\[chan send \(leaked\)/);
  });
});
