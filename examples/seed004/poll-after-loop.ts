// Seed 004, "The time.After trap": a new 30 s timer on every loop iteration.
//
// Each pass through the select calls time.after(30 s), which arms a fresh
// runtime timer. When ch delivers a value the select returns through the
// first arm and that timer is simply abandoned: it stays armed in the timer
// heap for the rest of its 30 s, until it fires into a channel nobody will
// ever read. A busy channel therefore piles up one live timer per value
// received in the last 30 s (runtime.numTimers() grows with every value), and
// they outlive poll() itself once ctx is cancelled. It is not a task leak but
// a memory/CPU leak of the same family. The fix is poll-owned-timer.ts.
import { recv, select, time, type context, type RecvChan } from "../../src/index.js";

/** What poll() does with each value and where it logs; injectable so tests stay quiet. */
export interface PollHooks {
  handle?: (v: number) => void;
  log?: (msg: string) => void;
}

export async function poll(ctx: context.Context, ch: RecvChan<number>, { handle = () => {}, log = console.log }: PollHooks = {}): Promise<void> {
  for (;;) {
    const done = await select<boolean>(
      recv(ch, (v) => {
        handle(v!);
        return false;
      }),
      recv(time.after(30 * time.Second), () => {
        // new 30s timer allocated EVERY iteration
        log("no data in 30s");
        return false;
      }),
      recv(ctx.done(), () => true),
    );
    if (done) return;
  }
}
