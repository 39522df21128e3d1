import { describe, expect, it } from "vitest";
import { go, runtime } from "../../src/index.js";

// go() calls fn and awaits what it returns. A class constructor cannot be
// called without new, and a generator function's body never runs when it is
// called: go refuses both at the call instead of starting a task that
// crashes or silently does nothing.

describe("go: the function's shape", () => {
  it("throws TypeError for a class constructor, and starts no task", () => {
    class Worker {}
    const before = runtime.numGoroutine();
    expect(() => go(Worker as unknown as () => void)).toThrow(new TypeError("go: expected a function, got class Worker (a class constructor cannot be called without new)"));
    expect(runtime.numGoroutine()).toBe(before);
  });

  it("throws TypeError for a generator function, whose body would never run", () => {
    function* produce(): Generator<number> {
      yield 1;
    }
    expect(() => go(produce)).toThrow(/^go: expected a function, got generator function produce \(calling a generator function only makes a generator: its body would never run\)$/);
  });

  it("throws TypeError for an async generator function", () => {
    async function* stream(): AsyncGenerator<number> {
      yield 1;
    }
    expect(() => go(stream)).toThrow(/^go: expected a function, got async generator function stream \(/);
  });

  it("throws TypeError for a class with a base class", () => {
    class Base {}
    class Derived extends Base {}
    expect(() => go(Derived as unknown as () => void)).toThrow(/^go: expected a function, got class Derived \(/);
  });

  it("throws TypeError for a bound generator function", () => {
    function* produce(): Generator<number> {}
    expect(() => go(produce.bind(null))).toThrow(/^go: expected a function, got generator function bound produce/);
  });

  it.each([
    ["an arrow function", () => () => {}],
    ["an async arrow function", () => async () => {}],
    ["a function", () => function plain() {}],
    ["an async function", () => async function worker() {}],
    ["a method", () => ({ m() {} }).m],
    ["an async method", () => ({ async m() {} }).m],
    ["a bound function", () => function plain() {}.bind(null)],
    ["a method named class", () => ({ class() {} }).class],
    ["a function whose source starts with a comment", () => new Function("/* class */ return 1") as () => unknown],
    ["a builtin callable without new", () => String as unknown as () => unknown],
  ])("accepts %s", async (_label, make) => {
    const t = go(make());
    await t.done;
  });
});
