// Type tests: the public types are as precise as Go's.
//
// These are checked by `tsc --noEmit` (`npm run typecheck`, part of `npm test`),
// not at run time: `expectTypeOf` is a no-op when vitest runs this file, and
// every wrong use sits in a function that is never called. Each
// `// @ts-expect-error` line must stay an error: if a change to src/ made it
// compile, tsc would fail with "Unused '@ts-expect-error' directive".
import { describe, expectTypeOf, it } from "vitest";
import {
  chan,
  context,
  errgroup,
  go,
  otherwise,
  recv,
  select,
  send,
  sync,
  time,
  type Arm,
  type Chan,
  type RecvChan,
  type RecvResult,
  type SendChan,
  type Task,
} from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";

// Bodies that exist only to be typechecked; never called.
function typeOnly(_fn: () => unknown): void {}

describe("channel directions (Go's chan<- T and <-chan T)", () => {
  it("Chan<T> is both halves", () => {
    const ch = chan<number>(1);
    expectTypeOf(ch).toEqualTypeOf<Chan<number>>();
    expectTypeOf(ch).toMatchTypeOf<RecvChan<number>>();
    expectTypeOf(ch).toMatchTypeOf<SendChan<number>>();
    expectTypeOf(ch.recv()).toEqualTypeOf<Promise<RecvResult<number>>>();
    expectTypeOf(ch.tryRecv()).toEqualTypeOf<RecvResult<number> | undefined>();
    expectTypeOf(ch.send).parameters.toEqualTypeOf<[number]>();
  });

  it("a RecvChan<T> cannot send or close", () => {
    typeOnly(async () => {
      const r: RecvChan<number> = chan<number>();
      const [v, ok] = await r.recv();
      expectTypeOf(v).toEqualTypeOf<number | undefined>();
      expectTypeOf(ok).toEqualTypeOf<boolean>();
      for await (const x of r) expectTypeOf(x).toEqualTypeOf<number>();
      // @ts-expect-error: <-chan T has no send
      await r.send(1);
      // @ts-expect-error: <-chan T has no trySend
      r.trySend(1);
      // @ts-expect-error: close of receive-only channel
      r.close();
      // @ts-expect-error: a RecvChan is not a SendChan
      const s: SendChan<number> = r;
      // @ts-expect-error: send arm on a receive-only channel
      send(r, 1);
      void s;
    });
    expectTypeOf<RecvChan<number>>().not.toHaveProperty("send");
    expectTypeOf<RecvChan<number>>().not.toHaveProperty("close");
  });

  it("a SendChan<T> cannot receive", () => {
    typeOnly(async () => {
      const s: SendChan<number> = chan<number>();
      await s.send(1);
      s.close();
      // @ts-expect-error: chan<- T has no recv
      await s.recv();
      // @ts-expect-error: chan<- T has no tryRecv
      s.tryRecv();
      // @ts-expect-error: range over send-only channel
      for await (const x of s) void x;
      // @ts-expect-error: a SendChan is not a RecvChan
      const r: RecvChan<number> = s;
      // @ts-expect-error: receive arm on a send-only channel
      recv(s);
      void r;
    });
    expectTypeOf<SendChan<number>>().not.toHaveProperty("recv");
    expectTypeOf<SendChan<number>>().not.toHaveProperty("tryRecv");
  });

  it("element types are checked", () => {
    typeOnly(async () => {
      const ch = chan<number>();
      // @ts-expect-error: cannot use "x" (string) as int value in send
      await ch.send("x");
      // @ts-expect-error: send arm with a value of the wrong type
      send(ch, "x");
      // @ts-expect-error: a chan<string> is not a chan<number>
      const other: Chan<string> = ch;
      void other;
    });
  });
});

describe("select", () => {
  it("recv(ch, then) infers the arm's result from then", () => {
    const ch = chan<number>();
    expectTypeOf(recv(ch, (v, ok) => (ok ? v! * 2 : -1))).toEqualTypeOf<Arm<number>>();
    expectTypeOf(recv(ch, async (v) => String(v))).toEqualTypeOf<Arm<string>>();
    expectTypeOf(recv(ch)).toEqualTypeOf<Arm<undefined>>();
    typeOnly(() => recv(ch, (v, ok) => {
      expectTypeOf(v).toEqualTypeOf<number | undefined>();
      expectTypeOf(ok).toEqualTypeOf<boolean>();
    }));
    expectTypeOf(send(ch, 1, () => true)).toEqualTypeOf<Arm<boolean>>();
    expectTypeOf(otherwise(() => null)).toEqualTypeOf<Arm<null>>();
    // A nil channel is allowed, as in Go.
    expectTypeOf(recv(null, () => 0)).toEqualTypeOf<Arm<number>>();
  });

  it("select infers the union of its arms' results", () => {
    typeOnly(async () => {
      const nums = chan<number>();
      const strs = chan<string>();
      const v = await select(
        recv(nums, (n) => n!),
        recv(strs, (s) => s!),
        recv(time.after(time.Second), () => null),
      );
      expectTypeOf(v).toEqualTypeOf<number | string | null>();

      const w = await select(send(nums, 1, () => "sent" as const), otherwise(() => false));
      expectTypeOf(w).toEqualTypeOf<"sent" | boolean>();

      // Arms without a body resolve to undefined.
      expectTypeOf(await select(recv(nums), send(strs, "x"))).toEqualTypeOf<undefined>();
    });
  });

  it("select<T>(...) with an explicit result type", () => {
    typeOnly(async () => {
      const ch = chan<number>();
      const r = await select<[number, Error | null]>(
        recv(ch, (v) => [v!, null]),
        recv(time.after(500 * time.Millisecond), () => [0, new Error("timeout")]),
      );
      expectTypeOf(r).toEqualTypeOf<[number, Error | null]>();
      // @ts-expect-error: an arm whose result is not the declared type
      await select<number>(recv(ch, (v) => v!), recv(ch, () => "not a number"));
    });
  });

  it("only arms are accepted", () => {
    typeOnly(async () => {
      const ch = chan<number>();
      // @ts-expect-error: a channel is not an arm; use recv(ch)
      await select(ch);
      // @ts-expect-error: a promise is not an arm
      await select(ch.recv());
      // @ts-expect-error: the recv body gets (value, ok), not more
      recv(ch, (_v: number | undefined, _ok: boolean, _extra: string) => 0);
    });
  });
});

describe("go(fn, ...args)", () => {
  it("checks the arguments against fn", () => {
    const worker = async (id: number, jobs: RecvChan<string>, results: SendChan<number>): Promise<void> => {
      for await (const j of jobs) await results.send(id + j.length);
    };
    typeOnly(() => {
      const jobs = chan<string>(10);
      const results = chan<number>(10);
      expectTypeOf(go(worker, 1, jobs, results)).toEqualTypeOf<Task>();
      go(async () => {});
      go(function named(a: string) {
        void a;
      }, "x");
      // @ts-expect-error: arguments out of order
      go(worker, jobs, 1, results);
      // @ts-expect-error: a missing argument
      go(worker, 1, jobs);
      // @ts-expect-error: one argument too many
      go(worker, 1, jobs, results, 4);
      // @ts-expect-error: directions are checked: results must be a SendChan<number>
      go(worker, 1, jobs, chan<string>());
      // @ts-expect-error: fn must be a function
      go("worker");
    });
    expectTypeOf<Task["done"]>().toEqualTypeOf<Promise<void>>();
    expectTypeOf<Task["id"]>().toEqualTypeOf<number>();
  });
});

describe("context", () => {
  interface User {
    name: string;
  }

  it("context.key<T>(name) types withValue and value", () => {
    const userKey = context.key<User>("user");
    const ctx = context.withValue(context.background(), userKey, { name: "gopher" });
    expectTypeOf(ctx.value(userKey)).toEqualTypeOf<User | undefined>();
    expectTypeOf(ctx.value(context.key<number>("n"))).toEqualTypeOf<number | undefined>();
    expectTypeOf(context.withValue<User>).toBeCallableWith(ctx, userKey, { name: "x" });
    typeOnly(() => {
      // @ts-expect-error: the value must be a User
      context.withValue<User>(ctx, userKey, 42);
      // @ts-expect-error: without <User> too, a Key<User> takes only a User
      context.withValue(ctx, userKey, 42);
      // @ts-expect-error: a Key<User> is not a Key<number>
      const n: number | undefined = ctx.value(userKey);
      void n;
    });
    // Untyped keys (any value, as Go's `any` keys) give `unknown`.
    expectTypeOf(ctx.value("plain")).toEqualTypeOf<unknown>();
  });

  it("done, err, cancel functions", () => {
    const [ctx, cancel] = context.withTimeout(context.background(), 5 * time.Second);
    expectTypeOf(ctx.done()).toEqualTypeOf<RecvChan<void> | null>();
    expectTypeOf(ctx.err()).toEqualTypeOf<Error | null>();
    expectTypeOf(ctx.deadline()).toEqualTypeOf<number | undefined>();
    expectTypeOf(cancel).toEqualTypeOf<() => void>();
    expectTypeOf(recv(ctx.done(), () => ctx.err())).toEqualTypeOf<Arm<Error | null>>();
    typeOnly(() => {
      // @ts-expect-error: ctx.Done() is receive-only
      ctx.done()?.close();
    });
    cancel();
  });
});

describe("time, sync, errgroup, synctest", () => {
  it("time", () => {
    expectTypeOf(time.after(1)).toEqualTypeOf<RecvChan<number>>();
    expectTypeOf(time.tick(1)).toEqualTypeOf<RecvChan<number>>();
    expectTypeOf(time.tick(1 * time.Millisecond as number)).toEqualTypeOf<RecvChan<number> | null>();
    typeOnly(() => {
      const t = time.newTimer(time.Second);
      expectTypeOf(t.c).toMatchTypeOf<RecvChan<number>>();
      expectTypeOf(t.stop()).toEqualTypeOf<boolean>();
      // @ts-expect-error: a timer's channel is receive-only
      t.c.close();
    });
  });

  it("sync and errgroup", () => {
    typeOnly(async () => {
      const wg = new sync.WaitGroup();
      expectTypeOf(wg.wait()).toEqualTypeOf<Promise<void>>();
      const [g, gctx] = errgroup.withContext(context.background());
      expectTypeOf(gctx.err()).toEqualTypeOf<Error | null>();
      expectTypeOf(g.wait()).toEqualTypeOf<Promise<Error | null>>();
      g.go(async () => null);
      g.go(async () => new Error("failed"));
      expectTypeOf(g.tryGo(() => undefined)).toEqualTypeOf<boolean>();
    });
  });

  it("synctest.test resolves to fn's result", () => {
    typeOnly(async () => {
      expectTypeOf(await synctest.test(async () => 42)).toEqualTypeOf<number>();
      expectTypeOf(await synctest.test(() => "x")).toEqualTypeOf<string>();
    });
  });
});
