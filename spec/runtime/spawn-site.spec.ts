// go() takes its site before it registers the task: a go() that throws
// leaves no task behind. Site capture is mocked to fail here, as it did on
// Bun before it learnt to never throw (spec/runtime/sites.spec.ts).
import { describe, expect, it, vi } from "vitest";
import { go, runtime } from "../../src/index.js";

vi.mock("../../src/runtime/sites.js", () => ({
  userSite: () => {
    throw new TypeError("First argument must be an Error object");
  },
  errorFrames: () => [],
}));

describe("go() whose site capture throws", () => {
  it("registers no task", () => {
    const prev = runtime.setTracing(true);
    try {
      const before = runtime.numGoroutine();
      expect(() => go(async () => {})).toThrow(TypeError);
      expect(runtime.numGoroutine()).toBe(before);
      expect(runtime.goroutines()).toHaveLength(before);
    } finally {
      runtime.setTracing(prev);
    }
  });
});
