// Port of Go's test/chan/select3.go: the semantics of select for basic empty/non-empty cases.
import { describe, expect, it } from "vitest";
import { chan, go, otherwise, Panic, recv, runtime, select, send, time, type Chan } from "../../src/index.js";
import { goMain, letOthersRun, panic, recoverFrom } from "./helpers.js";

const always = "function did not";
const never = "function did";

function unreachable(): never {
  panic("control flow shouldn't reach here");
}

// Calls f and verifies that f always/never panics depending on signal.
// When f must panic, it must be with the runtime's words `message`.
async function testPanic(signal: string, f: () => unknown, message?: string): Promise<void> {
  const e = await recoverFrom(f);
  const s = e !== null ? always : never;
  if (s !== signal) panic(signal + " panic");
  if (message !== undefined) {
    expect(e).toBeInstanceOf(Panic);
    expect((e as Panic).message).toBe(message);
  }
}

// Calls f and empirically verifies that f always/never blocks depending on signal.
// Go races f against a 0.1 s sleep. Here f runs in its own task; it "did not
// block" if it gets through within that guard, and it "blocks always" once it
// is parked (not on c) and stays parked while every other task gets turns.
// f's operation is told apart as the one parked operation that was not there
// before it ran, so no task attribution is needed: this holds with tracing
// off, the path production runs, as well as on. (The tasks of earlier
// `always` calls stay parked for good, and so stay counted in `before`.)
async function testBlock(signal: string, f: () => Promise<unknown>): Promise<void> {
  const c = chan<string>();
  const before = runtime.parked().length;
  const parkedByF = () => runtime.parked().filter((op) => op.channels.every((ch) => ch.id !== c.id)).length - before;
  const t = go(async function testBlockF() {
    await f();
    await c.send(never); // f didn't block
  });
  const guard = time.now() + 100 * time.Millisecond; // 0.1s seems plenty long
  let s: string | undefined;
  while (s === undefined) {
    await runtime.gosched();
    const r = c.tryRecv();
    if (r !== undefined) s = r[0];
    else if (parkedByF() > 0) {
      await letOthersRun();
      s = c.tryRecv()?.[0] ?? always; // f blocked always
    } else if (time.now() > guard) s = always;
  }
  if (s !== signal) panic(signal + " block");
  if (signal === always) expect(parkedByF()).toBe(1);
  else await t.done;
}

const async = 1; // asynchronous channels
const nilch: Chan<number> | null = null;
const closedch = chan<number>();
closedch.close();

describe("test/chan/select3.go", () => {
  // In TypeScript a nil channel has no methods: `nilch <- 7` and `<-nilch`
  // are spelled as the one-arm selects Go compiles them to.
  it("sending to or receiving from a nil channel blocks", async () => {
    await goMain(async () => {
      await testBlock(always, () => select(send(nilch, 7)));
      await testBlock(always, () => select(recv(nilch)));
    });
  });

  it("sending to or receiving from a nil channel inside a select is never selected", async () => {
    await goMain(async () => {
      await testPanic(never, () => select(send(nilch, 7, () => unreachable()), otherwise()));
      await testPanic(never, () => select(recv(nilch, () => unreachable()), otherwise()));
    });
  });

  it("sending to an async channel with free buffer space never blocks", async () => {
    await goMain(async () => {
      await testBlock(never, async () => {
        const ch = chan<number>(async);
        await ch.send(7);
      });
    });
  });

  it("receiving from a closed channel never blocks and yields the zero value and false", async () => {
    await goMain(async () => {
      await testBlock(never, async () => {
        for (let i = 0; i < 10; i++) {
          if ((await closedch.recv())[0] !== undefined) panic("expected zero value when reading from closed channel");
          const [x, ok] = await closedch.recv();
          if (x !== undefined || ok) panic("expected 0, false from closed channel");
        }
      });
    });
  });

  it("sending to a closed channel panics with send on closed channel", async () => {
    await goMain(async () => {
      await testPanic(always, () => closedch.send(7), "send on closed channel");
    });
  });

  it("receiving from a non-ready channel always blocks", async () => {
    await goMain(async () => {
      await testBlock(always, async () => {
        const ch = chan<number>();
        await ch.recv();
      });
    });
  });

  it("an empty select always blocks", async () => {
    await goMain(async () => {
      await testBlock(always, () => select());
    });
  });

  it("a select with only nil channels always blocks", async () => {
    await goMain(async () => {
      await testBlock(always, () => select(recv(nilch, () => unreachable())));
      await testBlock(always, () => select(send(nilch, 7, () => unreachable())));
      await testBlock(always, () =>
        select(
          recv(nilch, () => unreachable()),
          send(nilch, 7, () => unreachable()),
        ),
      );
    });
  });

  it("a select with non-ready non-nil channels always blocks", async () => {
    await goMain(async () => {
      await testBlock(always, () => {
        const ch = chan<number>();
        return select(recv(ch, () => unreachable()));
      });
    });
  });

  it("a select with a default arm does not block", async () => {
    await goMain(async () => {
      await testBlock(never, () => select(otherwise()));
      await testBlock(never, () => select(recv(nilch, () => unreachable()), otherwise()));
      await testBlock(never, () => select(send(nilch, 7, () => unreachable()), otherwise()));
    });
  });

  it("a select with a ready channel does not block and does not take the default arm", async () => {
    await goMain(async () => {
      await testBlock(never, () => {
        const ch = chan<number>(async);
        return select(send(ch, 7), otherwise(() => unreachable()));
      });
      await testBlock(never, async () => {
        const ch = chan<number>(async);
        await ch.send(7);
        return select(recv(ch), otherwise(() => unreachable()));
      });
    });
  });

  it("a select on a closed channel behaves like the ordinary operation", async () => {
    await goMain(async () => {
      await testBlock(never, () => select(recv(closedch)));
      await testBlock(never, () => select(recv(closedch, (x) => void x)));
      await testBlock(never, () => select(recv(closedch, (x, ok) => void [x, ok])));
      await testPanic(always, () => select(send(closedch, 7)), "send on closed channel");
    });
  });

  it("a select does not get confused if it sees itself", async () => {
    await goMain(async () => {
      await testBlock(always, () => {
        const c = chan<number>();
        return select(send(c, 1), recv(c));
      });
    });
  });
});
