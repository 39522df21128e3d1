import { describe, expect, it } from "vitest";
import { runtime } from "../../src/index.js";

describe("runtime.setTracing: its argument", () => {
  it("throws TypeError for a string, which would otherwise read as true, and leaves tracing as it was", () => {
    const before = runtime.setTracing(false);
    try {
      expect(() => runtime.setTracing("false" as unknown as boolean)).toThrow(/^runtime\.setTracing: expected a boolean, got "false"$/);
      expect(runtime.setTracing(false)).toBe(false);
    } finally {
      runtime.setTracing(before);
    }
  });
});
