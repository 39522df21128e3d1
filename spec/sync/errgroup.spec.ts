import { describe, expect, it } from "vitest";
import { chan, context, errgroup, go, Panic, runtime, time } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";

// Tests whose tasks take time run in a synctest bubble: task durations are
// virtual (time.sleep), so wait() returns at an exact instant, and a wait()
// that never returns fails the bubble with a Deadlock instead of a
// wall-clock guard.

describe("errgroup.Group", () => {
  it("wait() with no tasks returns null at once", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const g = new errgroup.Group();
      expect(await g.wait()).toBeNull();
      expect(time.now()).toBe(start);
    });
  });

  it("wait() returns null once every task has succeeded, when the last one finishes", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const g = new errgroup.Group();
      const done: number[] = [];
      for (let i = 0; i < 5; i++) {
        void g.go(async () => {
          await time.sleep(5 + i);
          done.push(i);
        });
      }
      expect(await g.wait()).toBeNull();
      expect(time.now()).toBe(start + 9);
      expect(done).toEqual([0, 1, 2, 3, 4]);
    });
  });

  it("wait() returns the error thrown by a task", async () => {
    await synctest.test(async () => {
      const g = new errgroup.Group();
      const boom = new Error("boom");
      void g.go(() => {
        throw boom;
      });
      expect(await g.wait()).toBe(boom);
    });
  });

  it("an Error returned by a task counts as its failure", async () => {
    await synctest.test(async () => {
      const g = new errgroup.Group();
      const bad = new Error("bad");
      void g.go(() => bad);
      expect(await g.wait()).toBe(bad);
    });
  });

  it("an Error resolved by an async task counts as its failure", async () => {
    await synctest.test(async () => {
      const g = new errgroup.Group();
      const bad = new Error("bad");
      void g.go(async () => {
        await time.sleep(2);
        return bad;
      });
      expect(await g.wait()).toBe(bad);
    });
  });

  it("a rejected async task counts as its failure", async () => {
    await synctest.test(async () => {
      const g = new errgroup.Group();
      const bad = new Error("bad");
      void g.go(async () => {
        await time.sleep(2);
        throw bad;
      });
      expect(await g.wait()).toBe(bad);
    });
  });

  it("a non-Error return value is not a failure", async () => {
    await synctest.test(async () => {
      const g = new errgroup.Group();
      void g.go(() => 42);
      void g.go(async () => "fine");
      void g.go(() => null);
      expect(await g.wait()).toBeNull();
    });
  });

  it("wait() returns the first failure, not a later one", async () => {
    await synctest.test(async () => {
      const g = new errgroup.Group();
      const first = new Error("first");
      const second = new Error("second");
      void g.go(async () => {
        await time.sleep(40);
        throw second;
      });
      void g.go(async () => {
        await time.sleep(5);
        throw first;
      });
      expect(await g.wait()).toBe(first);
    });
  });

  it("wait() waits for every task even after a failure, returning when the slowest finishes", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const g = new errgroup.Group();
      let slowFinished = false;
      void g.go(() => {
        throw new Error("fast failure");
      });
      void g.go(async () => {
        await time.sleep(30);
        slowFinished = true;
      });
      await g.wait();
      expect(time.now()).toBe(start + 30);
      expect(slowFinished).toBe(true);
    });
  });

  it("go(fn) runs fn in its own task named after fn", async () => {
    const g = new errgroup.Group();
    // The task fn runs in is the one task that was not live before g.go:
    // told apart by id, not by its "running" state, which needs tracing.
    const before = new Set(runtime.goroutines().map((t) => t.id));
    let names: string[] | undefined;
    void g.go(function fetcher() {
      names = runtime.goroutines().filter((t) => !before.has(t.id)).map((t) => t.name);
    });
    await g.wait();
    expect(names).toEqual(["fetcher"]);
  });

  it("go() with a non-function throws TypeError", () => {
    const g = new errgroup.Group();
    expect(() => g.go(42 as unknown as () => void)).toThrow(TypeError);
  });

  it("go() with a non-function does not leave wait() hanging", async () => {
    await synctest.test(async () => {
      const g = new errgroup.Group();
      expect(() => g.go(undefined as unknown as () => void)).toThrow(TypeError);
      expect(await g.wait()).toBeNull();
    });
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
  it("runs at most n tasks at once, starting each waiting task as a slot frees", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const g = new errgroup.Group();
      g.setLimit(3);
      let running = 0;
      let maxRunning = 0;
      const startedAt: number[] = [];
      for (let i = 0; i < 12; i++) {
        await g.go(async () => {
          startedAt.push(time.since(start));
          running++;
          maxRunning = Math.max(maxRunning, running);
          await time.sleep(3);
          running--;
        });
      }
      expect(await g.wait()).toBeNull();
      expect(startedAt).toEqual([0, 0, 0, 3, 3, 3, 6, 6, 6, 9, 9, 9]);
      expect(maxRunning).toBe(3);
      expect(time.since(start)).toBe(12);
    });
  });

  it("go() returns a promise that stays pending until a slot is free", async () => {
    await synctest.test(async () => {
      const g = new errgroup.Group();
      g.setLimit(1);
      const gate = chan<void>();
      await g.go(() => gate.recv());
      let secondStarted = false;
      let secondReturned = false;
      const caller = go(async function caller() {
        await g.go(() => {
          secondStarted = true;
        });
        secondReturned = true;
      });
      await synctest.wait();
      expect(secondReturned).toBe(false);
      expect(secondStarted).toBe(false);
      gate.close();
      await caller.done;
      expect(secondReturned).toBe(true);
      expect(await g.wait()).toBeNull();
      expect(secondStarted).toBe(true);
    });
  });

  it("the promise from go() resolves at once while a slot is free", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const g = new errgroup.Group();
      g.setLimit(2);
      await g.go(() => time.sleep(5));
      expect(time.now()).toBe(start);
      await g.wait();
      expect(time.now()).toBe(start + 5);
    });
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
    await synctest.test(async () => {
      const g = new errgroup.Group();
      g.setLimit(1);
      expect(g.tryGo(() => time.sleep(2))).toBe(true);
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
    await synctest.test(async () => {
      const [g, ctx] = errgroup.withContext(context.background());
      let errDuringTask: Error | null | undefined;
      void g.go(async () => {
        await time.sleep(2);
        errDuringTask = ctx.err();
      });
      await g.wait();
      expect(errDuringTask).toBeNull();
    });
  });

  it("the first failure cancels the derived context with that failure as its cause", async () => {
    await synctest.test(async () => {
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
      expect(await g.wait()).toBe(boom);
      expect(seen).toEqual({ err: context.Canceled, cause: boom });
    });
  });

  it("a returned Error also cancels the derived context", async () => {
    await synctest.test(async () => {
      const [g, ctx] = errgroup.withContext(context.background());
      const bad = new Error("bad");
      let sawCancel = false;
      void g.go(() => bad);
      void g.go(async () => {
        await ctx.done()!.recv();
        sawCancel = context.cause(ctx) === bad;
      });
      await g.wait();
      expect(sawCancel).toBe(true);
    });
  });

  it("the derived context is cancelled when wait() returns, even without failures", async () => {
    await synctest.test(async () => {
      const [g, ctx] = errgroup.withContext(context.background());
      void g.go(() => time.sleep(2));
      expect(ctx.err()).toBeNull();
      expect(await g.wait()).toBeNull();
      expect(ctx.err()).toBe(context.Canceled);
      expect(context.cause(ctx)).toBe(context.Canceled);
    });
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
