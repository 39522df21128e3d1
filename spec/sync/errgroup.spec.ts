import { describe, expect, it } from "vitest";
import { context, errgroup, Panic, runtime } from "../../src/index.js";
import { hostDelay, settleAll, track, until, within } from "./_helpers.js";

describe("errgroup.Group", () => {
  it("wait() with no tasks returns null", async () => {
    const g = new errgroup.Group();
    expect(await within(g.wait(), 1000)).toBeNull();
  });

  it("wait() returns null once every task has succeeded", async () => {
    const g = new errgroup.Group();
    const done: number[] = [];
    for (let i = 0; i < 5; i++) {
      void g.go(async () => {
        await hostDelay(5);
        done.push(i);
      });
    }
    expect(await within(g.wait(), 2000)).toBeNull();
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("wait() returns the error thrown by a task", async () => {
    const g = new errgroup.Group();
    const boom = new Error("boom");
    void g.go(() => {
      throw boom;
    });
    expect(await within(g.wait(), 2000)).toBe(boom);
  });

  it("an Error returned by a task counts as its failure", async () => {
    const g = new errgroup.Group();
    const bad = new Error("bad");
    void g.go(() => bad);
    expect(await within(g.wait(), 2000)).toBe(bad);
  });

  it("an Error resolved by an async task counts as its failure", async () => {
    const g = new errgroup.Group();
    const bad = new Error("bad");
    void g.go(async () => {
      await hostDelay(2);
      return bad;
    });
    expect(await within(g.wait(), 2000)).toBe(bad);
  });

  it("a rejected async task counts as its failure", async () => {
    const g = new errgroup.Group();
    const bad = new Error("bad");
    void g.go(async () => {
      await hostDelay(2);
      throw bad;
    });
    expect(await within(g.wait(), 2000)).toBe(bad);
  });

  it("a non-Error return value is not a failure", async () => {
    const g = new errgroup.Group();
    void g.go(() => 42);
    void g.go(async () => "fine");
    void g.go(() => null);
    expect(await within(g.wait(), 2000)).toBeNull();
  });

  it("wait() returns the first failure, not a later one", async () => {
    const g = new errgroup.Group();
    const first = new Error("first");
    const second = new Error("second");
    void g.go(async () => {
      await hostDelay(40);
      throw second;
    });
    void g.go(async () => {
      await hostDelay(5);
      throw first;
    });
    expect(await within(g.wait(), 2000)).toBe(first);
  });

  it("wait() waits for every task even after a failure", async () => {
    const g = new errgroup.Group();
    let slowFinished = false;
    void g.go(() => {
      throw new Error("fast failure");
    });
    void g.go(async () => {
      await hostDelay(30);
      slowFinished = true;
    });
    await within(g.wait(), 2000);
    expect(slowFinished).toBe(true);
  });

  it("go(fn) runs fn in its own task named after fn", async () => {
    const g = new errgroup.Group();
    let name: string | undefined;
    void g.go(function fetcher() {
      name = runtime.goroutines().find((t) => t.state === "running")?.name;
    });
    await g.wait();
    expect(name).toBe("fetcher");
  });

  it("go() with a non-function throws TypeError", () => {
    const g = new errgroup.Group();
    expect(() => g.go(42 as unknown as () => void)).toThrow(TypeError);
  });

  it("go() with a non-function does not leave wait() hanging", async () => {
    const g = new errgroup.Group();
    expect(() => g.go(undefined as unknown as () => void)).toThrow(TypeError);
    expect(await within(g.wait(), 1000)).toBeNull();
  });

  it("tryGo() with a non-function throws TypeError", () => {
    const g = new errgroup.Group();
    expect(() => g.tryGo("nope" as unknown as () => void)).toThrow(TypeError);
  });

  it("tryGo() without a limit always starts fn and returns true", async () => {
    const g = new errgroup.Group();
    let runs = 0;
    for (let i = 0; i < 3; i++) expect(g.tryGo(() => runs++)).toBe(true);
    await g.wait();
    expect(runs).toBe(3);
  });
});

describe("errgroup.Group.setLimit", () => {
  it("runs at most n tasks at once", async () => {
    const g = new errgroup.Group();
    g.setLimit(3);
    let running = 0;
    let maxRunning = 0;
    let finished = 0;
    for (let i = 0; i < 12; i++) {
      void g.go(async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await hostDelay(3);
        running--;
        finished++;
      });
    }
    expect(await within(g.wait(), 4000)).toBeNull();
    expect(finished).toBe(12);
    expect(maxRunning).toBe(3);
  });

  it("go() returns a promise that stays pending until a slot is free", async () => {
    const g = new errgroup.Group();
    g.setLimit(1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await g.go(() => gate);
    let secondStarted = false;
    const second = track(
      g.go(() => {
        secondStarted = true;
      }),
    );
    await settleAll();
    expect(second.settled).toBe(false);
    expect(secondStarted).toBe(false);
    release();
    await until(() => second.settled);
    expect(second.rejected).toBe(false);
    expect(await within(g.wait(), 2000)).toBeNull();
    expect(secondStarted).toBe(true);
  });

  it("the promise from go() resolves at once while a slot is free", async () => {
    const g = new errgroup.Group();
    g.setLimit(2);
    const p = track(g.go(() => hostDelay(5)));
    await settleAll(1);
    expect(p.settled).toBe(true);
    await g.wait();
  });

  it("tryGo() returns false and does not run fn when every slot is taken", async () => {
    const g = new errgroup.Group();
    g.setLimit(1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    expect(g.tryGo(() => gate)).toBe(true);
    let ran = false;
    expect(
      g.tryGo(() => {
        ran = true;
      }),
    ).toBe(false);
    release();
    await g.wait();
    expect(ran).toBe(false);
  });

  it("tryGo() succeeds again once a slot has been freed", async () => {
    const g = new errgroup.Group();
    g.setLimit(1);
    expect(g.tryGo(() => hostDelay(2))).toBe(true);
    await g.wait();
    let ran = false;
    expect(
      g.tryGo(() => {
        ran = true;
      }),
    ).toBe(true);
    await g.wait();
    expect(ran).toBe(true);
  });

  it("a negative limit removes the limit", async () => {
    const g = new errgroup.Group();
    g.setLimit(1);
    g.setLimit(-1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    expect(g.tryGo(() => gate)).toBe(true);
    expect(g.tryGo(() => gate)).toBe(true);
    release();
    await g.wait();
  });

  it("changing the limit while tasks are active panics with errgroup's message", async () => {
    const g = new errgroup.Group();
    g.setLimit(2);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    g.tryGo(() => gate);
    g.tryGo(() => gate);
    let e: unknown;
    try {
      g.setLimit(5);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(Panic);
    expect((e as Error).message).toBe("errgroup: modify limit while 2 goroutines in the group are still active");
    release();
    await g.wait();
  });

  it("setLimit() with a non-integer throws TypeError", () => {
    const g = new errgroup.Group();
    expect(() => g.setLimit(1.5)).toThrow(TypeError);
    expect(() => g.setLimit(NaN)).toThrow(TypeError);
  });
});

describe("errgroup.withContext", () => {
  it("the derived context is live while tasks run without failing", async () => {
    const [g, ctx] = errgroup.withContext(context.background());
    let errDuringTask: Error | null | undefined;
    void g.go(async () => {
      await hostDelay(2);
      errDuringTask = ctx.err();
    });
    await g.wait();
    expect(errDuringTask).toBeNull();
  });

  it("the first failure cancels the derived context with that failure as its cause", async () => {
    const [g, ctx] = errgroup.withContext(context.background());
    const boom = new Error("boom");
    let seen: { err: Error | null; cause: Error | null } | undefined;
    void g.go(() => {
      throw boom;
    });
    void g.go(async () => {
      await ctx.done()!.recv();
      seen = { err: ctx.err(), cause: context.cause(ctx) };
    });
    expect(await within(g.wait(), 2000)).toBe(boom);
    expect(seen).toEqual({ err: context.Canceled, cause: boom });
  });

  it("a returned Error also cancels the derived context", async () => {
    const [g, ctx] = errgroup.withContext(context.background());
    const bad = new Error("bad");
    let sawCancel = false;
    void g.go(() => bad);
    void g.go(async () => {
      await ctx.done()!.recv();
      sawCancel = context.cause(ctx) === bad;
    });
    await within(g.wait(), 2000);
    expect(sawCancel).toBe(true);
  });

  it("the derived context is cancelled when wait() returns, even without failures", async () => {
    const [g, ctx] = errgroup.withContext(context.background());
    void g.go(() => hostDelay(2));
    expect(ctx.err()).toBeNull();
    expect(await g.wait()).toBeNull();
    expect(ctx.err()).toBe(context.Canceled);
    expect(context.cause(ctx)).toBe(context.Canceled);
  });

  it("the derived context is cancelled when its parent is", async () => {
    const [parent, cancel] = context.withCancel(context.background());
    const [g, ctx] = errgroup.withContext(parent);
    cancel();
    expect(ctx.err()).toBe(context.Canceled);
    await g.wait();
  });

  it("the derived context carries the parent's values", async () => {
    const k = context.key<string>("request");
    const [g, ctx] = errgroup.withContext(context.withValue(context.background(), k, "r1"));
    expect(ctx.value(k)).toBe("r1");
    await g.wait();
  });

  it("throws TypeError for a null parent context", () => {
    expect(() => errgroup.withContext(null as unknown as context.Context)).toThrow(TypeError);
  });
});
