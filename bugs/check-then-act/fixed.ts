// The check-then-act race fixed: a sync.Mutex makes check and act one step.
// The await on the log channel is still there, and the scheduler may still
// preempt a client at it, but the other client now waits at `mu.lock()`
// and, once it gets the lock, sees the slot taken. No schedule lets two
// clients past the check while the slot is free.
import { chan, go, sync, time } from "../../src/index.js";

const SLOTS = 1;

export async function program(): Promise<void> {
  let inUse = 0;
  let most = 0;
  const log = chan<string>(16);
  const mu = new sync.Mutex();

  async function client(name: string): Promise<void> {
    await time.sleep(time.Millisecond); // both clients arrive at the same instant
    await mu.lock(); // FIX: check and act under one lock
    let took = false;
    try {
      if (inUse < SLOTS) {
        await log.send(`${name} takes the slot`);
        inUse++;
        most = Math.max(most, inUse);
        took = true;
      }
    } finally {
      mu.unlock();
    }
    if (took) {
      await time.sleep(10 * time.Millisecond);
      inUse--;
    }
  }

  const a = go(client, "a");
  const b = go(client, "b");
  await a.done;
  await b.done;
  if (most > SLOTS) throw new Error(`check-then-act: ${most} clients held the pool's ${SLOTS} slot at once`);
}
