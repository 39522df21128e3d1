// Type tests for the forms Go code is ported into: a received value is `T`
// once `ok` says a value came, a select over named cases is a union the
// code after the await narrows by case, and nil channels typecheck as Go's.
//
// Checked by `tsc --noEmit` (`npm run typecheck`), not at run time: every
// body sits in a function that is never called. Each `// @ts-expect-error`
// marks what must stay an error: were it to compile, tsc would fail with
// "Unused '@ts-expect-error' directive".
import { describe, expectTypeOf, it } from "vitest";
import { chan, otherwise, recv, recvFrom, select, send, sendOn, time, type Arm, type Chan, type Received, type RecvChan, type SendChan } from "../../src/index.js";

// Bodies that exist only to be typechecked; never called.
function typeOnly(_fn: () => unknown): void {}

interface Item {
  title: string;
}

describe("a received value is T once ok is true", () => {
  it("narrows the destructured result of ch.recv() by ok", () => {
    typeOnly(async () => {
      const ch = chan<Item>();
      const [v, ok] = await ch.recv();
      expectTypeOf(v).toEqualTypeOf<Item | undefined>();
      if (ok) expectTypeOf(v).toEqualTypeOf<Item>();
      else expectTypeOf(v).toEqualTypeOf<undefined>();
      // @ts-expect-error: before ok is checked the value may be undefined (closed and drained)
      void v.title;
      if (!ok) return;
      void v.title;
    });
  });

  it("narrows the result of tryRecv() once it is known to be a result", () => {
    typeOnly(() => {
      const r = chan<Item>(1).tryRecv();
      if (r === undefined) return;
      const [v, ok] = r;
      if (ok) expectTypeOf(v).toEqualTypeOf<Item>();
    });
  });

  it("narrows a receive arm's body by ok", () => {
    const ch = chan<Item>();
    typeOnly(() =>
      recv(ch, (v, ok) => {
        expectTypeOf(v).toEqualTypeOf<Item | undefined>();
        if (ok) expectTypeOf(v).toEqualTypeOf<Item>();
        // @ts-expect-error: without the ok check v may be undefined
        return v.title;
      }),
    );
    expectTypeOf(recv(ch, (v, ok) => (ok ? v.title : ""))).toEqualTypeOf<Arm<string, Received<Item>>>();
  });

  it("still takes a body whose parameters are annotated one by one", () => {
    const ch = chan<number>();
    expectTypeOf(recv(ch, (v: number | undefined) => v ?? 0)).toEqualTypeOf<Arm<number, Received<number>>>();
    expectTypeOf(recv(ch, (_v: number | undefined, ok: boolean) => ok)).toEqualTypeOf<Arm<boolean, Received<number>>>();
    typeOnly(() => {
      // @ts-expect-error: a received value may be undefined, so a body cannot demand a number
      recv(ch, (v: number) => v);
    });
  });

  it("narrows recvFrom(ch) on a channel that may be nil", () => {
    typeOnly(async () => {
      const c: RecvChan<Item> | null = Math.random() > 0.5 ? chan<Item>() : null;
      const [v, ok] = await recvFrom(c);
      if (ok) expectTypeOf(v).toEqualTypeOf<Item>();
    });
  });
});

describe("select over named cases", () => {
  it("resolves to a union discriminated by case, each receive with its own value type", () => {
    typeOnly(async () => {
      const nums = chan<number>();
      const words = chan<string>();
      const s = await select({ num: recv(nums), word: recv(words), sent: send(nums, 1), none: otherwise() });
      expectTypeOf(s.case).toEqualTypeOf<"num" | "word" | "sent" | "none">();
      switch (s.case) {
        case "num":
          expectTypeOf(s.value).toEqualTypeOf<number | undefined>();
          if (s.ok) expectTypeOf(s.value).toEqualTypeOf<number>();
          break;
        case "word":
          if (!s.ok) return;
          expectTypeOf(s.value).toEqualTypeOf<string>();
          break;
        case "sent":
          // @ts-expect-error: a send case received nothing
          void s.value;
          break;
        case "none":
          // @ts-expect-error: a default case received nothing
          void s.ok;
          break;
        default:
          expectTypeOf(s).toEqualTypeOf<never>();
      }
    });
  });

  it("types a nil receive case by the channel's declared type", () => {
    typeOnly(async () => {
      const maybe = null as Chan<Item> | null;
      const s = await select({ item: recv(maybe), tick: recv(time.after(time.Second)) });
      if (s.case === "item" && s.ok) expectTypeOf(s.value).toEqualTypeOf<Item>();
      if (s.case === "tick" && s.ok) expectTypeOf(s.value).toEqualTypeOf<number>();
    });
  });

  it("takes only arms without bodies, and only arms, as cases", () => {
    typeOnly(async () => {
      const ch = chan<number>();
      // @ts-expect-error: with named cases the code after the await is the body
      await select({ v: recv(ch, (v) => v) });
      // @ts-expect-error: a channel is not an arm; use recv(ch)
      await select({ v: ch });
      // @ts-expect-error: cases are named by a plain object of arms, not an array
      await select([recv(ch)]);
    });
  });

  it("lets a loop assign a nil-able channel inside a case and read it in the next select", () => {
    typeOnly(async () => {
      let fetchDone: Chan<Item[]> | null = null;
      for (;;) {
        const startFetch = fetchDone === null ? time.after(time.Second) : null;
        const s = await select({ start: recv(startFetch), fetched: recv(fetchDone) });
        switch (s.case) {
          case "start":
            fetchDone = chan<Item[]>(1);
            break;
          case "fetched":
            fetchDone = null;
            if (s.ok) expectTypeOf(s.value).toEqualTypeOf<Item[]>();
            continue;
        }
        expectTypeOf(fetchDone).toEqualTypeOf<Chan<Item[]> | null>();
      }
    });
  });

  it("needs `null as Chan<T> | null` for a channel assigned only in an arm's body, which TypeScript does not follow", () => {
    typeOnly(async () => {
      let narrowed: Chan<number> | null = null;
      await select(
        recv(time.after(time.Second), () => {
          narrowed = chan<number>();
        }),
      );
      // @ts-expect-error: TypeScript narrowed it to null at its declaration and never saw the callback assign it
      if (narrowed !== null) await narrowed.send(1);

      let declared = null as Chan<number> | null;
      await select(
        recv(time.after(time.Second), () => {
          declared = chan<number>();
        }),
      );
      expectTypeOf(declared).toEqualTypeOf<Chan<number> | null>();
      if (declared !== null) await declared.send(1);
    });
  });

  it("leaves the arms form as it was: bodies' results, undefined without bodies", () => {
    typeOnly(async () => {
      const ch = chan<number>();
      expectTypeOf(await select(recv(ch), send(ch, 1))).toEqualTypeOf<undefined>();
      expectTypeOf(await select(recv(ch, (v) => v), otherwise(() => "none"))).toEqualTypeOf<number | undefined | string>();
      expectTypeOf(recv(ch)).toMatchTypeOf<Arm<undefined>>();
    });
  });
});

describe("nil channels", () => {
  it("send(null) needs no value, and a nil-able channel takes an undefined value", () => {
    typeOnly(() => {
      expectTypeOf(send(null)).toEqualTypeOf<Arm<undefined>>();
      let updates: Chan<Item> | null = null;
      const pending: Item[] = [];
      const first: Item | undefined = pending[0];
      if (pending.length > 0) updates = chan<Item>();
      send(updates, first);
      // @ts-expect-error: the value must still be of the channel's type
      send(updates, "not an item");
    });
  });

  it("sendOn and recvFrom accept a channel or null, each of its direction", () => {
    typeOnly(async () => {
      const out: SendChan<number> | null = null;
      expectTypeOf(sendOn(out, 1)).toEqualTypeOf<Promise<void>>();
      // @ts-expect-error: the value must be of the channel's type
      await sendOn(chan<number>(), "x");
      const r: RecvChan<number> = chan<number>();
      // @ts-expect-error: a receive-only channel has no send
      await sendOn(r, 1);
      const s: SendChan<number> = chan<number>();
      // @ts-expect-error: a send-only channel has no receive
      await recvFrom(s);
    });
  });
});
