import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { chan, context, go, recv, runtime, select, time, type RecvChan } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";

// Tests that wait for a deadline, a timer or another task run in a synctest
// bubble: virtual time makes deadlines fire at exact instants, in no wall
// time, and a task that never wakes fails the bubble with a Deadlock instead
// of a wall-clock guard. Only the tests about host timers and real I/O
// (fetch, AbortSignal.timeout, the host's setTimeout limit) use real time.

/** A plain host timer, outside the runtime. */
function hostDelay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves with "timeout" if `p` has not settled within `ms` (host timer). */
function within<T>(p: Promise<T>, ms: number): Promise<T | "timeout"> {
  return Promise.race([p, hostDelay(ms).then(() => "timeout" as const)]);
}

/** True if `ch` is closed now (a receive would not block and reports !ok). */
function isClosed(ch: RecvChan<void> | null): boolean {
  if (ch === null) return false;
  const r = ch.tryRecv();
  return r !== undefined && r[1] === false;
}

/** Size of a cancel context's internal set of live children. */
function childCount(ctx: context.Context): number {
  return (ctx as unknown as { children?: Set<unknown> | null }).children?.size ?? 0;
}

class ErrShutdown extends Error {
  constructor() {
    super("shutdown");
  }
}

describe("context errors", () => {
  it("Canceled has Go's message 'context canceled'", () => {
    expect(context.Canceled).toBeInstanceOf(Error);
    expect(context.Canceled.message).toBe("context canceled");
  });

  it("DeadlineExceeded has Go's message 'context deadline exceeded' and reports itself as a timeout", () => {
    expect(context.DeadlineExceeded).toBeInstanceOf(Error);
    expect(context.DeadlineExceeded.message).toBe("context deadline exceeded");
    expect(context.DeadlineExceeded.timeout).toBe(true);
  });
});

describe("background and todo", () => {
  it("background() is never done: done() is null, err() is null, no deadline, no values", () => {
    const ctx = context.background();
    expect(ctx.done()).toBeNull();
    expect(ctx.err()).toBeNull();
    expect(ctx.deadline()).toBeUndefined();
    expect(ctx.value(context.key<string>("k"))).toBeUndefined();
    expect(context.cause(ctx)).toBeNull();
  });

  it("todo() is never done: done() is null, err() is null, no deadline", () => {
    const ctx = context.todo();
    expect(ctx.done()).toBeNull();
    expect(ctx.err()).toBeNull();
    expect(ctx.deadline()).toBeUndefined();
  });

  it("background() returns the same context every time", () => {
    expect(context.background()).toBe(context.background());
  });

  it("background().signal is never aborted", () => {
    expect(context.background().signal.aborted).toBe(false);
  });

  it("a select arm on background().done() is never ready", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const got = await select(
        recv(context.background().done(), () => "done"),
        recv(time.after(10), () => "timer"),
      );
      expect(got).toBe("timer");
      expect(time.now()).toBe(start + 10);
    });
  });
});

describe("withCancel", () => {
  it("is not done before cancel is called", () => {
    const [ctx, cancel] = context.withCancel(context.background());
    expect(ctx.err()).toBeNull();
    expect(isClosed(ctx.done())).toBe(false);
    expect(context.cause(ctx)).toBeNull();
    cancel();
  });

  it("cancel closes done() and sets err() to Canceled", () => {
    const [ctx, cancel] = context.withCancel(context.background());
    cancel();
    expect(ctx.err()).toBe(context.Canceled);
    expect(isClosed(ctx.done())).toBe(true);
  });

  it("returns the same done channel on every call", () => {
    const [ctx, cancel] = context.withCancel(context.background());
    expect(ctx.done()).toBe(ctx.done());
    cancel();
    expect(ctx.done()).toBe(ctx.done());
  });

  it("calling cancel twice is harmless and keeps err() at Canceled", () => {
    const [ctx, cancel] = context.withCancel(context.background());
    cancel();
    expect(() => cancel()).not.toThrow();
    expect(ctx.err()).toBe(context.Canceled);
  });

  it("cause(ctx) is Canceled after a plain cancel", () => {
    const [ctx, cancel] = context.withCancel(context.background());
    cancel();
    expect(context.cause(ctx)).toBe(context.Canceled);
  });

  it("wakes a task parked on recv(ctx.done()) when cancelled", async () => {
    await synctest.test(async () => {
      const [ctx, cancel] = context.withCancel(context.background());
      let woke = false;
      const t = go(async function waiter() {
        await ctx.done()!.recv();
        woke = true;
      });
      await synctest.wait();
      expect(woke).toBe(false);
      cancel();
      await t.done;
      expect(woke).toBe(true);
    });
  });

  it("cancelling a parent cancels every descendant with Canceled", () => {
    const [parent, cancel] = context.withCancel(context.background());
    const [child] = context.withCancel(parent);
    const [grandchild] = context.withCancel(child);
    const valued = context.withValue(grandchild, context.key<number>("n"), 1);
    const [greatGrandchild] = context.withCancel(valued);
    cancel();
    for (const c of [child, grandchild, valued, greatGrandchild]) {
      expect(c.err()).toBe(context.Canceled);
      expect(isClosed(c.done())).toBe(true);
    }
  });

  it("cancelling a child does not cancel its parent or siblings", () => {
    const [parent, cancelParent] = context.withCancel(context.background());
    const [child, cancelChild] = context.withCancel(parent);
    const [sibling, cancelSibling] = context.withCancel(parent);
    cancelChild();
    expect(child.err()).toBe(context.Canceled);
    expect(parent.err()).toBeNull();
    expect(sibling.err()).toBeNull();
    cancelSibling();
    cancelParent();
  });

  it("a child of an already cancelled parent is cancelled at once", () => {
    const [parent, cancel] = context.withCancel(context.background());
    cancel();
    const [child] = context.withCancel(parent);
    expect(child.err()).toBe(context.Canceled);
    expect(isClosed(child.done())).toBe(true);
  });

  it("throws TypeError for a null or undefined parent", () => {
    expect(() => context.withCancel(null as unknown as context.Context)).toThrow(TypeError);
    expect(() => context.withCancel(undefined as unknown as context.Context)).toThrow(TypeError);
  });

  it("a cancelled child leaves its parent's children set at once", () => {
    const [parent, cancelParent] = context.withCancel(context.background());
    const [, cancel] = context.withCancel(parent);
    expect(childCount(parent)).toBe(1);
    cancel();
    expect(childCount(parent)).toBe(0);
    cancelParent();
  });

  it("a cancelled grandchild under a withValue leaves its cancelable ancestor's children set", () => {
    const [parent, cancelParent] = context.withCancel(context.background());
    const valued = context.withValue(parent, context.key<string>("k"), "v");
    const [, cancel] = context.withCancel(valued);
    expect(childCount(parent)).toBe(1);
    cancel();
    expect(childCount(parent)).toBe(0);
    cancelParent();
  });

  it("a long-lived parent holds no children after 1,000,000 withCancel children are each cancelled", () => {
    const [parent, cancelParent] = context.withCancel(context.background());
    let maxAfterCancel = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const [, cancel] = context.withCancel(parent);
      cancel();
      const n = childCount(parent);
      if (n > maxAfterCancel) maxAfterCancel = n;
    }
    expect(maxAfterCancel).toBe(0);
    expect(childCount(parent)).toBe(0);
    expect(parent.err()).toBeNull();
    cancelParent();
  });

  it("cancelling a parent cancels a child of a custom Context implementation", async () => {
    // A Context of another implementation: the library must watch its done channel.
    await synctest.test(async () => {
      const doneCh = chan<void>();
      let err: Error | null = null;
      const custom: context.Context = {
        done: () => doneCh,
        err: () => err,
        deadline: () => undefined,
        value: () => undefined,
        get signal() {
          return context.background().signal;
        },
      };
      const [child, cancelChild] = context.withCancel(custom);
      await synctest.wait();
      expect(child.err()).toBeNull();
      err = context.Canceled;
      doneCh.close();
      await synctest.wait();
      expect(child.err()).toBe(context.Canceled);
      cancelChild();
    });
  });

  it("the watcher of a custom parent ends when the child is cancelled first", async () => {
    await synctest.test(async () => {
      const doneCh = chan<void>();
      const custom: context.Context = {
        done: () => doneCh,
        err: () => null,
        deadline: () => undefined,
        value: () => undefined,
        get signal() {
          return context.background().signal;
        },
      };
      const before = runtime.numGoroutine();
      const [, cancelChild] = context.withCancel(custom);
      await synctest.wait();
      expect(runtime.numGoroutine()).toBe(before + 1);
      cancelChild();
      await synctest.wait();
      expect(runtime.numGoroutine()).toBe(before);
    });
  });
});

describe("withCancelCause", () => {
  it("cancel(cause) sets err() to Canceled and cause(ctx) to the given error", () => {
    const [ctx, cancel] = context.withCancelCause(context.background());
    const why = new ErrShutdown();
    cancel(why);
    expect(ctx.err()).toBe(context.Canceled);
    expect(context.cause(ctx)).toBe(why);
  });

  it("cancel() without a cause makes cause(ctx) Canceled", () => {
    const [ctx, cancel] = context.withCancelCause(context.background());
    cancel();
    expect(context.cause(ctx)).toBe(context.Canceled);
  });

  it("only the first cancel's cause counts", () => {
    const [ctx, cancel] = context.withCancelCause(context.background());
    const first = new Error("first");
    cancel(first);
    cancel(new Error("second"));
    expect(context.cause(ctx)).toBe(first);
  });

  it("cause(ctx) is null before cancellation", () => {
    const [ctx, cancel] = context.withCancelCause(context.background());
    expect(context.cause(ctx)).toBeNull();
    cancel();
  });

  it("descendants see the parent's cause, with err() Canceled", () => {
    const [parent, cancel] = context.withCancelCause(context.background());
    const [child] = context.withCancel(parent);
    const [grandchild] = context.withTimeout(child, 10_000);
    const valued = context.withValue(grandchild, context.key<number>("n"), 1);
    const why = new ErrShutdown();
    cancel(why);
    for (const c of [child, grandchild, valued]) {
      expect(c.err()).toBe(context.Canceled);
      expect(context.cause(c)).toBe(why);
    }
  });

  it("a child made from an already cancelled parent takes the parent's cause", () => {
    const [parent, cancel] = context.withCancelCause(context.background());
    const why = new ErrShutdown();
    cancel(why);
    const [child] = context.withCancel(parent);
    expect(child.err()).toBe(context.Canceled);
    expect(context.cause(child)).toBe(why);
  });

  it("throws TypeError for a null parent", () => {
    expect(() => context.withCancelCause(null as unknown as context.Context)).toThrow(TypeError);
  });
});

describe("withTimeout and withDeadline", () => {
  it("withTimeout is cancelled with DeadlineExceeded exactly the duration after the call", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const [ctx, cancel] = context.withTimeout(context.background(), 20);
      await time.sleep(19);
      expect(ctx.err()).toBeNull();
      await ctx.done()!.recv();
      expect(time.now()).toBe(start + 20);
      expect(ctx.err()).toBe(context.DeadlineExceeded);
      expect(context.cause(ctx)).toBe(context.DeadlineExceeded);
      cancel();
    });
  });

  it("deadline() reports exactly when the timeout will fire", async () => {
    await synctest.test(() => {
      const [ctx, cancel] = context.withTimeout(context.background(), 5000);
      expect(ctx.deadline()).toBe(time.now() + 5000);
      cancel();
    });
  });

  it("withDeadline reports exactly the deadline it was given", () => {
    const at = time.now() + 60_000;
    const [ctx, cancel] = context.withDeadline(context.background(), at);
    expect(ctx.deadline()).toBe(at);
    cancel();
  });

  it("withDeadline fires at exactly the given time with DeadlineExceeded", async () => {
    await synctest.test(async () => {
      const at = time.now() + 20;
      const [ctx, cancel] = context.withDeadline(context.background(), at);
      await ctx.done()!.recv();
      expect(time.now()).toBe(at);
      expect(ctx.err()).toBe(context.DeadlineExceeded);
      cancel();
    });
  });

  it("cancelling before the deadline gives Canceled, not DeadlineExceeded", async () => {
    await synctest.test(async () => {
      const [ctx, cancel] = context.withTimeout(context.background(), 20);
      cancel();
      await time.sleep(40);
      expect(ctx.err()).toBe(context.Canceled);
      expect(context.cause(ctx)).toBe(context.Canceled);
    });
  });

  it("cancelling before the deadline disarms its timer", () => {
    const start = runtime.numTimers();
    const [, cancel] = context.withTimeout(context.background(), 10_000);
    expect(runtime.numTimers()).toBe(start + 1);
    cancel();
    expect(runtime.numTimers()).toBe(start);
  });

  it("a fired deadline no longer counts as an armed timer", async () => {
    await synctest.test(async () => {
      const start = runtime.numTimers();
      const [ctx] = context.withTimeout(context.background(), 10);
      expect(runtime.numTimers()).toBe(start + 1);
      await ctx.done()!.recv();
      expect(runtime.numTimers()).toBe(start);
    });
  });

  it("a deadline already in the past cancels synchronously with DeadlineExceeded", () => {
    const start = runtime.numTimers();
    const [ctx, cancel] = context.withDeadline(context.background(), time.now() - 1000);
    expect(ctx.err()).toBe(context.DeadlineExceeded);
    expect(isClosed(ctx.done())).toBe(true);
    expect(runtime.numTimers()).toBe(start);
    cancel();
  });

  it("a negative timeout is already expired", () => {
    const [ctx, cancel] = context.withTimeout(context.background(), -5);
    expect(ctx.err()).toBe(context.DeadlineExceeded);
    cancel();
  });

  it("a zero timeout is already expired", () => {
    const [ctx, cancel] = context.withTimeout(context.background(), 0);
    expect(ctx.err()).toBe(context.DeadlineExceeded);
    cancel();
  });

  it("an already expired child does not stay in its parent's children set", () => {
    const [parent, cancelParent] = context.withCancel(context.background());
    context.withTimeout(parent, -1);
    expect(childCount(parent)).toBe(0);
    cancelParent();
  });

  it("a timeout longer than the host's setTimeout limit does not fire early", async () => {
    // Real time: this is about the host timer, which a bubble does not use.
    const [ctx, cancel] = context.withTimeout(context.background(), 30 * 24 * time.Hour);
    await hostDelay(30);
    expect(ctx.err()).toBeNull();
    cancel();
  });

  it("a 30-day timeout fires at exactly 30 days, not a moment before", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const [ctx, cancel] = context.withTimeout(context.background(), 30 * 24 * time.Hour);
      await time.sleep(30 * 24 * time.Hour - 1);
      expect(ctx.err()).toBeNull();
      await ctx.done()!.recv();
      expect(time.since(start)).toBe(30 * 24 * time.Hour);
      expect(ctx.err()).toBe(context.DeadlineExceeded);
      cancel();
    });
  });

  it("a NaN timeout throws RangeError", () => {
    expect(() => context.withTimeout(context.background(), NaN)).toThrow(RangeError);
  });

  it("an infinite timeout throws RangeError", () => {
    expect(() => context.withTimeout(context.background(), Infinity)).toThrow(RangeError);
  });

  it("a NaN deadline throws RangeError", () => {
    expect(() => context.withDeadline(context.background(), NaN)).toThrow(RangeError);
  });

  it("throws TypeError for a null parent", () => {
    expect(() => context.withTimeout(null as unknown as context.Context, 10)).toThrow(TypeError);
    expect(() => context.withDeadline(undefined as unknown as context.Context, time.now() + 10)).toThrow(TypeError);
  });

  it("a child asking for a later deadline than its parent keeps the parent's deadline", () => {
    const [parent, cancelParent] = context.withTimeout(context.background(), 1000);
    const [child, cancelChild] = context.withTimeout(parent, 60_000);
    expect(child.deadline()).toBe(parent.deadline());
    cancelChild();
    cancelParent();
  });

  it("a child with a later deadline is cancelled with DeadlineExceeded when the parent's deadline fires", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const [parent, cancelParent] = context.withTimeout(context.background(), 20);
      const [child, cancelChild] = context.withTimeout(parent, 60_000);
      await child.done()!.recv();
      expect(time.now()).toBe(start + 20);
      expect(child.err()).toBe(context.DeadlineExceeded);
      cancelChild();
      cancelParent();
    });
  });

  it("a child with an earlier deadline fires at its own deadline, before its parent", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const [parent, cancelParent] = context.withTimeout(context.background(), 60_000);
      const [child, cancelChild] = context.withTimeout(parent, 20);
      await child.done()!.recv();
      expect(time.now()).toBe(start + 20);
      expect(child.err()).toBe(context.DeadlineExceeded);
      expect(parent.err()).toBeNull();
      cancelChild();
      cancelParent();
    });
  });

  it("cancelling a parent cancels a timeout child with Canceled and disarms the child's timer", () => {
    const start = runtime.numTimers();
    const [parent, cancelParent] = context.withCancel(context.background());
    const [child] = context.withTimeout(parent, 60_000);
    expect(runtime.numTimers()).toBe(start + 1);
    cancelParent();
    expect(child.err()).toBe(context.Canceled);
    expect(runtime.numTimers()).toBe(start);
  });

  it("withTimeoutCause reports its cause when the time is up, with err() DeadlineExceeded", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const why = new Error("too slow");
      const [ctx, cancel] = context.withTimeoutCause(context.background(), 10, why);
      await ctx.done()!.recv();
      expect(time.now()).toBe(start + 10);
      expect(ctx.err()).toBe(context.DeadlineExceeded);
      expect(context.cause(ctx)).toBe(why);
      cancel();
    });
  });

  it("withTimeoutCause's cause is not used when cancelled before the deadline", () => {
    const [ctx, cancel] = context.withTimeoutCause(context.background(), 10_000, new Error("too slow"));
    cancel();
    expect(ctx.err()).toBe(context.Canceled);
    expect(context.cause(ctx)).toBe(context.Canceled);
  });

  it("withDeadlineCause in the past cancels at once with its cause", () => {
    const why = new Error("too late");
    const [ctx, cancel] = context.withDeadlineCause(context.background(), time.now() - 1, why);
    expect(ctx.err()).toBe(context.DeadlineExceeded);
    expect(context.cause(ctx)).toBe(why);
    cancel();
  });

  it("a long-lived parent holds no children and no timers after 1,000,000 withTimeout children are each cancelled", () => {
    const startTimers = runtime.numTimers();
    const [parent, cancelParent] = context.withCancel(context.background());
    let maxAfterCancel = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const [, cancel] = context.withTimeout(parent, 60_000);
      cancel();
      const n = childCount(parent);
      if (n > maxAfterCancel) maxAfterCancel = n;
    }
    expect(maxAfterCancel).toBe(0);
    expect(childCount(parent)).toBe(0);
    expect(runtime.numTimers()).toBe(startTimers);
    cancelParent();
  });

  it("children whose deadlines fire leave their parent's children set and the timer heap", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const startTimers = runtime.numTimers();
      const [parent, cancelParent] = context.withCancel(context.background());
      const kids = Array.from({ length: 1000 }, () => context.withTimeout(parent, 5)[0]);
      expect(childCount(parent)).toBe(1000);
      expect(runtime.numTimers()).toBe(startTimers + 1000);
      await time.sleep(5);
      expect(time.now()).toBe(start + 5);
      expect(kids.every((k) => k.err() === context.DeadlineExceeded)).toBe(true);
      expect(childCount(parent)).toBe(0);
      expect(runtime.numTimers()).toBe(startTimers);
      cancelParent();
    });
  });
});

describe("withValue", () => {
  it("value(key) returns the value bound to a typed key", () => {
    const userKey = context.key<{ name: string }>("user");
    const ctx = context.withValue(context.background(), userKey, { name: "gopher" });
    const user: { name: string } | undefined = ctx.value(userKey);
    expect(user).toEqual({ name: "gopher" });
  });

  it("value(key) is undefined for a key that was never bound", () => {
    const ctx = context.withValue(context.background(), context.key<number>("a"), 1);
    expect(ctx.value(context.key<number>("b"))).toBeUndefined();
  });

  it("two keys with the same name are distinct", () => {
    const a = context.key<number>("same");
    const b = context.key<number>("same");
    const ctx = context.withValue(context.background(), a, 1);
    expect(ctx.value(a)).toBe(1);
    expect(ctx.value(b)).toBeUndefined();
  });

  it("finds a value bound by an ancestor through cancel contexts", () => {
    const k = context.key<string>("trace");
    const base = context.withValue(context.background(), k, "abc");
    const [c1, cancel1] = context.withCancel(base);
    const [c2, cancel2] = context.withTimeout(c1, 10_000);
    expect(c2.value(k)).toBe("abc");
    cancel2();
    cancel1();
  });

  it("an inner binding of the same key shadows the outer one", () => {
    const k = context.key<number>("n");
    const outer = context.withValue(context.background(), k, 1);
    const inner = context.withValue(outer, k, 2);
    expect(inner.value(k)).toBe(2);
    expect(outer.value(k)).toBe(1);
  });

  it("a value context shares its parent's cancellation, done channel and deadline", () => {
    const [parent, cancel] = context.withTimeout(context.background(), 10_000);
    const ctx = context.withValue(parent, context.key<number>("n"), 1);
    expect(ctx.done()).toBe(parent.done());
    expect(ctx.deadline()).toBe(parent.deadline());
    cancel();
    expect(ctx.err()).toBe(context.Canceled);
  });

  it("throws TypeError for a null or undefined key", () => {
    // The types reject a nil key too; the cast is JavaScript's way around them.
    expect(() => context.withValue(context.background(), null as unknown as string, 1)).toThrow(TypeError);
    expect(() => context.withValue(context.background(), undefined as unknown as string, 1)).toThrow(TypeError);
  });

  it("throws TypeError for a null parent", () => {
    expect(() => context.withValue(null as unknown as context.Context, context.key<number>("n"), 1)).toThrow(TypeError);
  });
});

describe("withoutCancel", () => {
  it("keeps the parent's values", () => {
    const k = context.key<string>("k");
    const [parent, cancel] = context.withCancel(context.withValue(context.background(), k, "v"));
    const detached = context.withoutCancel(parent);
    expect(detached.value(k)).toBe("v");
    cancel();
  });

  it("is not cancelled when its parent is", () => {
    const [parent, cancel] = context.withCancelCause(context.background());
    const detached = context.withoutCancel(parent);
    cancel(new Error("stop"));
    expect(detached.err()).toBeNull();
    expect(detached.done()).toBeNull();
    expect(context.cause(detached)).toBeNull();
    expect(detached.signal.aborted).toBe(false);
  });

  it("has no deadline even when its parent has one", () => {
    const [parent, cancel] = context.withTimeout(context.background(), 10_000);
    expect(context.withoutCancel(parent).deadline()).toBeUndefined();
    cancel();
  });

  it("children of a detached context are not cancelled by the original parent", () => {
    const [parent, cancel] = context.withCancel(context.background());
    const [child, cancelChild] = context.withCancel(context.withoutCancel(parent));
    cancel();
    expect(child.err()).toBeNull();
    cancelChild();
    expect(child.err()).toBe(context.Canceled);
  });

  it("throws TypeError for a null parent", () => {
    expect(() => context.withoutCancel(null as unknown as context.Context)).toThrow(TypeError);
  });
});

describe("afterFunc", () => {
  it("runs fn in its own task once the context is cancelled", async () => {
    await synctest.test(async () => {
      const [ctx, cancel] = context.withCancel(context.background());
      const ran = chan<{ name: string | undefined; tasks: number }>(1);
      const before = runtime.numGoroutine();
      context.afterFunc(ctx, async function cleanup() {
        const me = runtime.goroutines().find((g) => g.state === "running");
        await ran.send({ name: me?.name, tasks: runtime.numGoroutine() });
      });
      await synctest.wait();
      expect(ran.len).toBe(0);
      cancel();
      expect(await ran.recv()).toEqual([{ name: "cleanup", tasks: before + 1 }, true]);
    });
  });

  it("does not run fn before the context is done", async () => {
    await synctest.test(async () => {
      const [ctx, cancel] = context.withCancel(context.background());
      let ran = false;
      const stop = context.afterFunc(ctx, () => {
        ran = true;
      });
      await time.sleep(time.Hour);
      expect(ran).toBe(false);
      stop();
      cancel();
    });
  });

  it("stop() before cancellation returns true and fn never runs", async () => {
    await synctest.test(async () => {
      const [ctx, cancel] = context.withCancel(context.background());
      let ran = false;
      const stop = context.afterFunc(ctx, () => {
        ran = true;
      });
      expect(stop()).toBe(true);
      cancel();
      await time.sleep(time.Hour);
      expect(ran).toBe(false);
    });
  });

  it("stop() after fn has been started returns false", async () => {
    await synctest.test(async () => {
      const [ctx, cancel] = context.withCancel(context.background());
      let ran = false;
      const stop = context.afterFunc(ctx, () => {
        ran = true;
      });
      cancel();
      await synctest.wait();
      expect(ran).toBe(true);
      expect(stop()).toBe(false);
    });
  });

  it("a second stop() returns false", () => {
    const [ctx, cancel] = context.withCancel(context.background());
    const stop = context.afterFunc(ctx, () => {});
    expect(stop()).toBe(true);
    expect(stop()).toBe(false);
    cancel();
  });

  it("runs fn when registered on an already cancelled context", async () => {
    await synctest.test(async () => {
      const [ctx, cancel] = context.withCancel(context.background());
      cancel();
      let ran = false;
      context.afterFunc(ctx, () => {
        ran = true;
      });
      await synctest.wait();
      expect(ran).toBe(true);
    });
  });

  it("runs fn exactly when the context's deadline fires", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const [ctx, cancel] = context.withTimeout(context.background(), 10);
      const ran = chan<number>(1);
      context.afterFunc(ctx, () => ran.trySend(time.now()));
      expect(await ran.recv()).toEqual([start + 10, true]);
      cancel();
    });
  });

  it("runs fn only once even if cancel is called again", async () => {
    await synctest.test(async () => {
      const [ctx, cancel] = context.withCancel(context.background());
      let runs = 0;
      context.afterFunc(ctx, () => {
        runs++;
      });
      cancel();
      cancel();
      await time.sleep(time.Hour);
      expect(runs).toBe(1);
    });
  });

  it("stop() removes the hook from the context's children set", () => {
    const [ctx, cancel] = context.withCancel(context.background());
    const stop = context.afterFunc(ctx, () => {});
    expect(childCount(ctx)).toBe(1);
    stop();
    expect(childCount(ctx)).toBe(0);
    cancel();
  });

  it("on a context that can never be cancelled, fn never runs and stop() returns true", async () => {
    await synctest.test(async () => {
      let ran = false;
      const stop = context.afterFunc(context.background(), () => {
        ran = true;
      });
      await time.sleep(time.Hour);
      expect(ran).toBe(false);
      expect(stop()).toBe(true);
    });
  });

  it("throws TypeError for a non-function", () => {
    const [ctx, cancel] = context.withCancel(context.background());
    expect(() => context.afterFunc(ctx, 42 as unknown as () => void)).toThrow(TypeError);
    cancel();
  });

  it("throws TypeError for a null context", () => {
    expect(() => context.afterFunc(null as unknown as context.Context, () => {})).toThrow(TypeError);
  });
});

describe("ctx.signal", () => {
  it("is not aborted while the context is live", () => {
    const [ctx, cancel] = context.withCancel(context.background());
    expect(ctx.signal.aborted).toBe(false);
    cancel();
  });

  it("is aborted with err() as reason when the context is cancelled", () => {
    const [ctx, cancel] = context.withCancel(context.background());
    const signal = ctx.signal;
    let reason: unknown = "not fired";
    signal.addEventListener("abort", () => (reason = signal.reason));
    cancel();
    expect(signal.aborted).toBe(true);
    expect(reason).toBe(context.Canceled);
  });

  it("first read after cancellation is already aborted with err() as reason", () => {
    const [ctx, cancel] = context.withCancel(context.background());
    cancel();
    expect(ctx.signal.aborted).toBe(true);
    expect(ctx.signal.reason).toBe(context.Canceled);
  });

  it("is aborted with DeadlineExceeded exactly when the deadline passes", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const [ctx, cancel] = context.withTimeout(context.background(), 10);
      const signal = ctx.signal;
      await time.sleep(9);
      expect(signal.aborted).toBe(false);
      await ctx.done()!.recv();
      expect(time.now()).toBe(start + 10);
      expect(signal.aborted).toBe(true);
      expect(signal.reason).toBe(context.DeadlineExceeded);
      cancel();
    });
  });

  it("of a child is aborted when the parent is cancelled", () => {
    const [parent, cancel] = context.withCancel(context.background());
    const [child] = context.withCancel(parent);
    const signal = child.signal;
    cancel();
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(context.Canceled);
  });

  it("is the same signal on every read", () => {
    const [ctx, cancel] = context.withCancel(context.background());
    expect(ctx.signal).toBe(ctx.signal);
    cancel();
  });

  // Real time: real sockets, which a bubble cannot wait for.
  it("cancels a real fetch to a server that never answers: fetch rejects with Canceled and the server sees the socket close", async () => {
    const sockets: Socket[] = [];
    let requestSeen!: () => void;
    const gotRequest = new Promise<void>((r) => (requestSeen = r));
    let socketClosed!: () => void;
    const closed = new Promise<void>((r) => (socketClosed = r));
    const server: Server = createServer(() => {
      requestSeen(); // and never answer
    });
    server.on("connection", (s: Socket) => {
      sockets.push(s);
      s.on("close", () => socketClosed());
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const [ctx, cancel] = context.withCancel(context.background());
      const outcome = fetch(`http://127.0.0.1:${port}/hang`, { signal: ctx.signal }).then(
        () => ({ ok: true as const }),
        (e: unknown) => ({ ok: false as const, e }),
      );
      expect(await within(gotRequest, 2000)).not.toBe("timeout");
      cancel();
      const r = await within(outcome, 2000);
      expect(r).not.toBe("timeout");
      expect(r).toEqual({ ok: false, e: context.Canceled });
      expect(await within(closed, 2000)).not.toBe("timeout");
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("fromSignal", () => {
  it("is not done while the signal is not aborted", () => {
    const ac = new AbortController();
    const ctx = context.fromSignal(ac.signal);
    expect(ctx.err()).toBeNull();
    expect(isClosed(ctx.done())).toBe(false);
    ac.abort();
  });

  it("aborting the controller cancels the context with Canceled and the reason as cause", () => {
    const ac = new AbortController();
    const ctx = context.fromSignal(ac.signal);
    const why = new Error("client went away");
    ac.abort(why);
    expect(ctx.err()).toBe(context.Canceled);
    expect(context.cause(ctx)).toBe(why);
    expect(isClosed(ctx.done())).toBe(true);
  });

  it("an already aborted signal gives an already cancelled context", () => {
    const why = new Error("gone");
    const ctx = context.fromSignal(AbortSignal.abort(why));
    expect(ctx.err()).toBe(context.Canceled);
    expect(context.cause(ctx)).toBe(why);
  });

  // Real time: AbortSignal.timeout runs on the host's own timer.
  it("AbortSignal.timeout gives DeadlineExceeded", async () => {
    const ctx = context.fromSignal(AbortSignal.timeout(10));
    const r = await within(ctx.done()!.recv(), 2000);
    expect(r).not.toBe("timeout");
    expect(ctx.err()).toBe(context.DeadlineExceeded);
    expect((context.cause(ctx) as Error).name).toBe("TimeoutError");
  });

  it("cancels children when the signal aborts", () => {
    const ac = new AbortController();
    const [child, cancel] = context.withCancel(context.fromSignal(ac.signal));
    const why = new Error("bye");
    ac.abort(why);
    expect(child.err()).toBe(context.Canceled);
    expect(context.cause(child)).toBe(why);
    cancel();
  });

  it("throws TypeError for something that is not an AbortSignal", () => {
    expect(() => context.fromSignal(null as unknown as AbortSignal)).toThrow(TypeError);
    expect(() => context.fromSignal({} as AbortSignal)).toThrow(TypeError);
  });
});
