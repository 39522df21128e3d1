// Seed 004, Pattern 3: first(ctx, urls), a fan-in of many producers that
// leaves none behind. This is the seed's code; first-leaky.ts is the same
// without its two safety nets.
//
// 1. results is buffered to len(urls): every producer, even a loser that
//    finishes in the same instant as the winner, has a slot, so its send
//    completes without a receiver.
// 2. Each send is a select against ctx.done(): should the buffer ever be
//    full (a later change of design), the send still has a way out once
//    first() has returned and its deferred cancel() has closed ctx.
// And the deferred cancel() makes every loser still fetching return early.
// Whoever wins (a mirror or the 500 ms deadline), every producer exits.
//
// fetch() is faked (no network): each URL answers after upstream.latency(url)
// (default: upstream.latencies, 100 ms unless listed), or fails with
// ctx.err() as soon as ctx is done, as http.NewRequestWithContext does.
import { chan, context, go, recv, select, send, time } from "../../src/index.js";

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
    // buffered to len(urls): every producer can send
    // its result without blocking, even the losers.
    const results = chan<string>(urls.length);
    for (const u of urls) {
      go(async function producer(u: string) {
        const [r, err] = await fetch(ctx, u);
        if (err !== null) {
          return;
        }
        await select(
          send(results, r),
          recv(ctx.done()), // we already have a winner
        );
      }, u);
    }
    return await select<[string, Error | null]>(
      recv(results, (r) => [r!, null]), // cancel() in finally stops the rest
      recv(ctx.done(), () => ["", ctx.err()]),
    );
  } finally {
    cancel(); // closing this signals every producer
  }
}
