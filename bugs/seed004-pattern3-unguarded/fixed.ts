// Seed 004's Pattern 3 as the seed writes it: results buffered to
// len(urls), so every producer, even a loser, has a slot for its send; and the
// send is itself a select against ctx.done(), so a producer that would block
// leaves once first() has returned and its deferred cancel() has run. Every
// producer exits in every order.
import { chan, context, go, recv, runtime, select, send, time, type Chan } from "../../src/index.js";
import { assertNoLeakSince } from "../leakcheck.js";

type Ctx = ReturnType<typeof context.background>;

export const LATENCY: Record<string, number> = {
  "https://a.example": 100 * time.Millisecond,
  "https://b.example": 100 * time.Millisecond,
  "https://c.example": 300 * time.Millisecond,
};

async function fetch(ctx: Ctx, url: string): Promise<[string, Error | null]> {
  return select(
    recv(time.after(LATENCY[url]!), () => [`body of ${url}`, null] as [string, Error | null]),
    recv(ctx.done(), () => ["", ctx.err()] as [string, Error | null]),
  );
}

export async function first(parent: Ctx, urls: string[]): Promise<string> {
  const [ctx, cancel] = context.withTimeout(parent, 500 * time.Millisecond);
  try {
    const results: Chan<string> = chan<string>(urls.length); // FIX: a slot per producer
    for (const u of urls) {
      go(async function producer() {
        const [r, err] = await fetch(ctx, u);
        if (err !== null) return;
        await select(send(results, r), recv(ctx.done())); // FIX: we already have a winner
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
