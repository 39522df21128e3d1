import { describe, expect, it } from "vitest";
import { chan, errgroup } from "../../src/index.js";

// A channel's buffer is an array, and no array holds more than 2 ** 32 - 1
// elements; Go's makechan panics "size out of range" for a buffer it could
// not allocate. A larger capacity is refused when the channel is made, not
// discovered when the buffer fails to grow.

describe("chan: the largest capacity", () => {
  it("throws RangeError for a capacity of 2 ** 53, in Go's words", () => {
    expect(() => chan(2 ** 53)).toThrow(new RangeError("chan: size out of range: capacity must be at most 4294967295, got 9007199254740992"));
  });

  it("throws RangeError for a capacity of 2 ** 32", () => {
    expect(() => chan(2 ** 32)).toThrow(/^chan: size out of range/);
  });

  it("makes a channel of capacity 2 ** 32 - 1 without allocating its buffer", () => {
    const ch = chan<number>(2 ** 32 - 1);
    expect(ch.cap).toBe(2 ** 32 - 1);
    expect(ch.trySend(1)).toBe(true);
    expect(ch.tryRecv()).toEqual([1, true]);
  });

  it("errgroup.Group.setLimit names itself for a limit above it", () => {
    expect(() => new errgroup.Group().setLimit(2 ** 53)).toThrow(/^errgroup\.Group\.setLimit: limit must be at most 4294967295 \(or negative for none\), got 9007199254740992$/);
  });
});
