// Type tests for time.tick: a positive literal duration types its channel as
// non-null, zero or a negative literal as null, and a computed duration as
// either. Checked by `tsc --noEmit`; the run-time half checks the values.
import { describe, expect, expectTypeOf, it } from "vitest";
import { time, type RecvChan } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";

// Bodies that exist only to be typechecked; never called.
function typeOnly(_fn: () => unknown): void {}

describe("time.tick's type follows its duration", () => {
  it("is a channel, not null, for a positive literal duration", () => {
    typeOnly(async () => {
      expectTypeOf(time.tick(time.Second)).toEqualTypeOf<RecvChan<number>>();
      expectTypeOf(time.tick(250)).toEqualTypeOf<RecvChan<number>>();
      expectTypeOf(time.tick(time.Nanosecond)).toEqualTypeOf<RecvChan<number>>();
      for await (const t of time.tick(time.Second)) void t.toFixed();
    });
  });

  it("is null for zero or a negative literal duration", () => {
    typeOnly(() => {
      expectTypeOf(time.tick(0)).toEqualTypeOf<null>();
      expectTypeOf(time.tick(-5)).toEqualTypeOf<null>();
    });
  });

  it("may be null for a computed duration", () => {
    typeOnly(() => {
      const d: number = 200 * time.Millisecond;
      expectTypeOf(time.tick(d)).toEqualTypeOf<RecvChan<number> | null>();
      // @ts-expect-error: a computed duration may be <= 0, and then the channel is nil
      void time.tick(d).recv();
    });
  });

  it("returns what its type says", async () => {
    expect(time.tick(0)).toBeNull();
    expect(time.tick(-5)).toBeNull();
    await synctest.test(async () => {
      const c = time.tick(time.Second);
      const [t, ok] = await c.recv();
      expect(ok).toBe(true);
      expect(t).toBe(Date.UTC(2000, 0, 1) + 1000);
    });
  });
});
