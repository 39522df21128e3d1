// Seed 004, the fix for the time.After trap: one timer you own and reset.
//
// poll() makes a single time.newTimer(30 s) for the life of the loop. When a
// value arrives it stops the timer (draining its channel if it had already
// fired, so the next select cannot see a stale tick) and re-arms it with
// reset(30 s); when the timer fires it logs and re-arms it. There is never
// more than this one timer armed, however busy ch is (runtime.numTimers()
// stays at 1), and `finally { t.stop() }` (Go's `defer t.Stop()`) disarms it
// when ctx is cancelled, so poll() leaves no timer behind.
import { recv, select, time, type context, type RecvChan } from "../../src/index.js";

/** What poll() does with each value and where it logs; injectable so tests stay quiet. */
export interface PollHooks {
  handle?: (v: number) => void;
  log?: (msg: string) => void;
}

export async function poll(ctx: context.Context, ch: RecvChan<number>, { handle = () => {}, log = console.log }: PollHooks = {}): Promise<void> {
  const t = time.newTimer(30 * time.Second);
  try {
    for (;;) {
      const done = await select<boolean>(
        recv(ch, async (v) => {
          handle(v!);
          if (!t.stop()) {
            await t.c.recv(); // drain if it already fired
          }
          t.reset(30 * time.Second);
          return false;
        }),
        recv(t.c, () => {
          log("no data in 30s");
          t.reset(30 * time.Second);
          return false;
        }),
        recv(ctx.done(), () => true),
      );
      if (done) return;
    }
  } finally {
    t.stop();
  }
}
