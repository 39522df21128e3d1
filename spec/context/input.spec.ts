import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { context, runtime, time } from "../../src/index.js";

// Go's cancel cause is an `error`: here an Error, or null/undefined for none.
// Anything else is refused at the call, not wrapped, so `context.cause(ctx)`
// is always what was given. A Context argument must have Context's methods.

const bg = context.background();

describe("context: cancel causes", () => {
  it("cancel(cause) of withCancelCause throws TypeError for a string, and leaves the context uncancelled", () => {
    const [ctx, cancel] = context.withCancelCause(bg);
    expect(() => cancel("boom" as unknown as Error)).toThrow(
      new TypeError('context.withCancelCause: cancel: the cause must be an Error, null or undefined, got "boom"'),
    );
    expect(ctx.err()).toBeNull();
    cancel();
  });

  it("cancel() and cancel(null) mean no cause: cause(ctx) is Canceled", () => {
    const [a, cancelA] = context.withCancelCause(bg);
    const [b, cancelB] = context.withCancelCause(bg);
    cancelA();
    cancelB(null);
    expect(context.cause(a)).toBe(context.Canceled);
    expect(context.cause(b)).toBe(context.Canceled);
  });

  it("cancel(cause) accepts an Error made in another realm", () => {
    const [ctx, cancel] = context.withCancelCause(bg);
    const foreign = runInNewContext('new Error("from a vm context")') as Error;
    cancel(foreign);
    expect(context.cause(ctx)).toBe(foreign);
  });

  it("withTimeoutCause throws TypeError for a cause that is not an Error, and arms no timer", () => {
    const timers = runtime.numTimers();
    expect(() => context.withTimeoutCause(bg, 10, "slow" as unknown as Error)).toThrow(
      /^context\.withTimeoutCause: the cause must be an Error, null or undefined, got "slow"$/,
    );
    expect(runtime.numTimers()).toBe(timers);
  });

  it("withDeadlineCause throws TypeError for a cause that is not an Error", () => {
    expect(() => context.withDeadlineCause(bg, time.now() + 10, { message: "slow" } as Error)).toThrow(
      /^context\.withDeadlineCause: the cause must be an Error, null or undefined, got Object$/,
    );
  });

  it("withDeadlineCause with an undefined cause reports DeadlineExceeded as the cause", () => {
    const [ctx, cancel] = context.withDeadlineCause(bg, time.now() - 1, undefined as unknown as null);
    expect(context.cause(ctx)).toBe(context.DeadlineExceeded);
    cancel();
  });
});

describe("context: Context arguments", () => {
  it("cause(null) throws TypeError naming context.cause", () => {
    expect(() => context.cause(null as unknown as context.Context)).toThrow(new TypeError("context.cause: expected a Context, got null"));
  });

  it("cause of an object without Context's methods throws TypeError", () => {
    expect(() => context.cause({} as context.Context)).toThrow(/^context\.cause: expected a Context, got Object$/);
  });

  it("withCancel of an object without Context's methods throws TypeError naming withCancel", () => {
    expect(() => context.withCancel({} as context.Context)).toThrow(/^context\.withCancel: expected a Context, got Object$/);
  });

  it("withTimeout of an object with only done() throws TypeError instead of failing inside", () => {
    const partial = { done: () => null } as unknown as context.Context;
    expect(() => context.withTimeout(partial, 10)).toThrow(/^context\.withTimeout: expected a Context, got Object$/);
  });

  it("keeps Go's words for a nil parent", () => {
    expect(() => context.withValue(undefined as unknown as context.Context, "k", 1)).toThrow(
      new TypeError("context.withValue: cannot create context from nil parent (got undefined)"),
    );
  });

  it("key(name) throws TypeError for a name that is not a string", () => {
    expect(() => context.key(42 as unknown as string)).toThrow(new TypeError("context.key: name must be a string, got 42"));
  });
});
