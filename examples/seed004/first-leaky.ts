// Seed 004, Pattern 3 without its safety nets: first(ctx, urls) with an
// UNBUFFERED results channel and a plain send (no ctx.done() arm).
//
// first() starts one producer per URL and returns the first result (or
// ctx.err() after 500 ms); its deferred cancel() then stops the others. A
// loser still fetching sees ctx cancelled and returns. But a loser whose
// fetch finished before cancel() ran (here: a mirror that answers in the
// same instant as the winner) goes on to `results.send(r)`: nobody receives
// any more, the channel has no buffer, and the send has no way out, so the
// task parks there forever. One leaked task per such loser. The fix is
// first.ts, which is the seed's code.
//
// fetch() is faked (no network): each URL answers after upstream.latency(url)
// (default: upstream.latencies, 100 ms unless listed), or fails with
// ctx.err() as soon as ctx is done, as http.NewRequestWithContext does.
import { chan, context, go, recv, select, time } from "../../src/index.js";

/** Fake upstream: milliseconds each URL takes to answer. Specs and properties change these. */
export const upstream = {
  latencies: new Map<string, number>([
    ["https://a.example", 100 * time.Millisecond],
    ["https://b.example", 100 * time.Millisecond],
    ["https://c.example", 300 * time.Millisecond],
  ]),
  latency(url: string): number {
    return this.latencies.get(url) ?? 100 * time.Millisecond;
  },
};

/** http.NewRequestWithContext(ctx, GET, url) + http.DefaultClient.Do + io.ReadAll, faked: the body after the URL's latency, or ctx.err(). */
export async function fetch(ctx: context.Context, url: string): Promise<[string, Error | null]> {
  return select<[string, Error | null]>(
    recv(time.after(upstream.latency(url)), () => [`body of ${url}`, null]),
    recv(ctx.done(), () => ["", ctx.err()]),
  );
}

// Go shadows its parameter (ctx, cancel := context.WithTimeout(ctx, ...));
// TypeScript cannot, so the parameter is `parent`.
export async function first(parent: context.Context, urls: string[]): Promise<[string, Error | null]> {
  const [ctx, cancel] = context.withTimeout(parent, 500 * time.Millisecond);
  try {
    // unbuffered: a producer can only hand its result to a waiting receiver
    const results = chan<string>();
    for (const u of urls) {
      go(async function producer(u: string) {
        const [r, err] = await fetch(ctx, u);
        if (err !== null) {
          return;
        }
        await results.send(r); // no ctx.done() arm: a loser parks here forever
      }, u);
    }
    return await select<[string, Error | null]>(
      recv(results, (r) => [r!, null]), // cancel() in finally stops the rest
      recv(ctx.done(), () => ["", ctx.err()]),
    );
  } finally {
    cancel(); // defer cancel()
  }
}
