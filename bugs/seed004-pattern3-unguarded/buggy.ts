// Seed 004's Pattern 3, first(), written without its two safety nets: the
// results channel is unbuffered and the producers send with a plain
// `results.send(r)`, no `ctx.done()` arm. fetch() itself respects the context
// (a loser still in flight when first() returns is cancelled and exits), so
// the leak needs a loser whose fetch has completed but which has not yet
// sent when first() takes the winner: it then parks on the send forever.
// Here two mirrors answer at the same virtual instant (100 ms), so the loser
// is always done fetching before first() returns and it leaks in every order,
// the FIFO order included; a third, slow mirror is cancelled and exits.
import { chan, context, go, recv, runtime, select, time, type Chan } from "../../src/index.js";
import { assertNoLeakSince } from "../leakcheck.js";

type Ctx = ReturnType<typeof context.background>;

/** The mirrors' latencies: two answer at the same instant, one is slow. */
export const LATENCY: Record<string, number> = {
  "https://a.example": 100 * time.Millisecond,
  "https://b.example": 100 * time.Millisecond,
  "https://c.example": 300 * time.Millisecond,
};

/** A fake fetch that respects ctx, as http.NewRequestWithContext does. */
async function fetch(ctx: Ctx, url: string): Promise<[string, Error | null]> {
  return select(
    recv(time.after(LATENCY[url]!), () => [`body of ${url}`, null] as [string, Error | null]),
    recv(ctx.done(), () => ["", ctx.err()] as [string, Error | null]),
  );
}

export async function first(parent: Ctx, urls: string[]): Promise<string> {
  const [ctx, cancel] = context.withTimeout(parent, 500 * time.Millisecond);
  try {
    const results: Chan<string> = chan<string>(); // BUG: unbuffered...
    for (const u of urls) {
      go(async function producer() {
        const [r, err] = await fetch(ctx, u);
        if (err !== null) return;
        await results.send(r); // BUG: ...and no ctx.done() arm: a loser parks here forever
      });
    }
    return await select(
      recv(results, (r) => r!),
      recv(ctx.done(), () => {
        throw ctx.err();
      }),
    );
  } finally {
    cancel();
  }
}

export async function program(): Promise<void> {
  const before = runtime.numGoroutine();
  await first(context.background(), Object.keys(LATENCY));
  await assertNoLeakSince(before, "producer(s)");
}
