// go(obj.method) is not Go's `go obj.method()`: JavaScript does not bind the
// receiver, so the task would run the method with `this` undefined. While
// tracing, go() sees that from the function and throws at the call; the
// bound forms are the documented way.
import { describe, expect, it, vi } from "vitest";
import { chan, context, go, runtime, time } from "../../src/index.js";
import { timeoutHandler } from "../../src/http/index.js";
import { settle } from "../_promise.js";
import { withoutTracing, withTracing } from "../_tracing.js";

class Counter {
  n = 0;
  async inc(): Promise<void> {
    this.n++;
  }
  static async helper(): Promise<number> {
    return 1;
  }
}

const api = {
  prefix: "api",
  async noThis(out: { v: string }): Promise<void> {
    out.v = "ran";
  },
  async withThis(out: { v: string }): Promise<void> {
    // The word this in a comment or a string is no use of it: "this".
    out.v = this.prefix;
  },
};

describe("go of a method", () => {
  describe("with tracing", () => {
    withTracing();

    it("throws TypeError at the call for a method that uses this, naming both fixes", () => {
      const c = new Counter();
      expect(() => go(c.inc)).toThrow(TypeError);
      expect(() => go(c.inc)).toThrow("go: inc uses `this` but was passed without its object, so the task would run it with `this` undefined: write go(() => obj.inc()) or go(obj.inc.bind(obj))");
    });

    it("starts nothing when it throws", () => {
      const before = runtime.numGoroutine();
      expect(() => go(api.withThis, { v: "" })).toThrow(/withThis uses `this`/);
      expect(runtime.numGoroutine()).toBe(before);
    });

    it("runs a bound method, as Go's method value", async () => {
      const c = new Counter();
      await go(c.inc.bind(c)).done;
      expect(c.n).toBe(1);
    });

    it("runs a method called from an arrow, the other documented form", async () => {
      const c = new Counter();
      await go(() => c.inc()).done;
      expect(c.n).toBe(1);
    });

    it("runs a method that does not use this, and one whose only `this` is in a comment or a string", async () => {
      const out = { v: "" };
      await go(api.noThis, out).done;
      expect(out.v).toBe("ran");
      await go(Counter.helper).done;
    });

    it("runs an arrow that uses the this of where it was written", async () => {
      const ch = chan<string>(1);
      const owner = {
        name: "owner",
        start(): void {
          go(async () => {
            await ch.send(this.name);
          });
        },
      };
      owner.start();
      expect(await ch.recv()).toEqual(["owner", true]);
    });
  });

  describe("with tracing off", () => {
    withoutTracing();

    it("does not read the function (no cost on go's path), so the method runs with this undefined and panics", async () => {
      const errors: unknown[] = [];
      const restore = runtime.onPanic((e) => errors.push(e));
      try {
        const c = new Counter();
        await go(c.inc).done;
        await settle();
        expect(errors).toHaveLength(1);
        expect(errors[0]).toBeInstanceOf(TypeError);
        expect(c.n).toBe(0);
      } finally {
        restore();
      }
    });
  });
});

describe("the calls that start a function as a task later check it when given it", () => {
  withTracing();

  it("time.afterFunc(ms, obj.method) throws at the call, not when the timer fires", () => {
    const c = new Counter();
    expect(() => time.afterFunc(time.Second, c.inc)).toThrow("time.afterFunc: inc uses `this`");
    expect(runtime.numTimers()).toBe(0);
  });

  it("context.afterFunc(ctx, obj.method) throws at the call, not from cancel()", () => {
    const c = new Counter();
    const [ctx, cancel] = context.withCancel(context.background());
    expect(() => context.afterFunc(ctx, c.inc)).toThrow("context.afterFunc: inc uses `this`");
    expect(() => cancel()).not.toThrow();
  });

  it("timeoutHandler(obj.method, ms) throws at the call, not per request", () => {
    const server = { prefix: "api", async serve(): Promise<void> { void this.prefix; } };
    expect(() => timeoutHandler(server.serve, time.Second)).toThrow("timeoutHandler: serve uses `this`");
    expect(() => timeoutHandler(server.serve.bind(server), time.Second)).not.toThrow();
  });
});

describe("what go() leaves alone while tracing", () => {
  withTracing();

  it("accepts a function that forwards whatever this it gets, as mocks and wrappers do", async () => {
    const ran: unknown[] = [];
    const impl = (): void => void ran.push("impl");
    const wrapper = function (this: unknown, ...args: never[]): unknown {
      return Reflect.apply(impl, this, args);
    };
    await go(wrapper).done;
    await go(vi.fn()).done;
    expect(ran).toEqual(["impl"]);
  });
});
