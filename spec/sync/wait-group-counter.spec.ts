import { describe, expect, it } from "vitest";
import { Panic, sync } from "../../src/index.js";

// The counter is a JavaScript number: past Number.MAX_SAFE_INTEGER, `n + 1`
// can equal `n`, so an add would be lost and wait() would never return. Go's
// counter is bounded too (an int32 that overflows into a panic).

describe("sync.WaitGroup.add: the counter's range", () => {
  it("throws RangeError for a delta of 2 ** 53, naming the call and the delta", () => {
    expect(() => new sync.WaitGroup().add(2 ** 53)).toThrow(
      new RangeError("sync.WaitGroup.add: delta 9007199254740992 takes the counter past Number.MAX_SAFE_INTEGER"),
    );
  });

  it("throws RangeError for a delta that takes the counter past Number.MAX_SAFE_INTEGER, and leaves the counter as it was", async () => {
    const wg = new sync.WaitGroup();
    wg.add(Number.MAX_SAFE_INTEGER);
    expect(() => wg.add(1)).toThrow(RangeError);
    wg.add(-Number.MAX_SAFE_INTEGER);
    await wg.wait();
  });

  it("accepts a counter of exactly Number.MAX_SAFE_INTEGER", async () => {
    const wg = new sync.WaitGroup();
    wg.add(Number.MAX_SAFE_INTEGER - 1);
    wg.add(1);
    wg.add(-Number.MAX_SAFE_INTEGER);
    await wg.wait();
  });

  it("still panics with Go's message for a delta of -(2 ** 53)", () => {
    let thrown: unknown;
    try {
      new sync.WaitGroup().add(-(2 ** 53));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Panic);
    expect((thrown as Panic).message).toBe("sync: negative WaitGroup counter");
  });
});
