// Seed 004, Pattern 2: tell the producer to stop, with context.done().
//
// Pattern 1 (get-buffered.ts) stops the leak, but its producer still sleeps
// the full 2 s after get() has given up: the work runs on for nobody. Here
// get(ctx) derives a 500 ms deadline and hands it to slowValueCtx(), which
// selects on its work (the 2 s time.after) against ctx.done(). When the
// deadline passes, get()'s select returns ctx.err() and the deferred cancel()
// runs; slowValueCtx() sees ctx.done() closed at the same instant, returns
// the error, and the producer returns without sending. The task is gone at
// 500 ms, not 2 s. The buffer of 1 is still there for the success path: a
// value that arrives as get() walks away never blocks its sender.
//
// One thing is left behind on the timeout path: slowValueCtx()'s own
// time.after(2 s) timer stays armed until it fires (runtime.numTimers()
// counts it). It stands in for real cancellable work (a query, an HTTP call).
import { chan, context, go, recv, select, time } from "../../src/index.js";

/** How long the work in slowValueCtx() takes: the seed's 2 s unless a spec or property swaps in another latency. */
export const upstream = { latency: (): number => 2 * time.Second };

export async function slowValueCtx(ctx: context.Context): Promise<[number, Error | null]> {
  return select<[number, Error | null]>(
    recv(time.after(upstream.latency()), () => [42, null]), // case <-time.After(2 * time.Second)
    recv(ctx.done(), () => [0, ctx.err()]),
  );
}

// Go shadows its parameter (ctx, cancel := context.WithTimeout(ctx, ...));
// TypeScript cannot, so the parameter is `parent`.
export async function get(parent: context.Context): Promise<[number, Error | null]> {
  const [ctx, cancel] = context.withTimeout(parent, 500 * time.Millisecond);
  try {
    const ch = chan<number>(1);
    go(async () => {
      const [v, err] = await slowValueCtx(ctx);
      if (err !== null) {
        return; // ctx cancelled, drop the result
      }
      await ch.send(v); // buffered, so this never blocks
    });
    return await select<[number, Error | null]>(
      recv(ch, (v) => [v!, null]),
      recv(ctx.done(), () => [0, ctx.err()]),
    );
  } finally {
    cancel(); // defer cancel()
  }
}
