// A check-then-act race across an `await`. A pool has one connection slot;
// two clients start together and each takes the slot if it sees it free. The
// check (`inUse < SLOTS`) and the act (`inUse++`) are separated by an await
// on a log channel: a buffered send that completes at once, so in the FIFO
// order the first client runs straight through and the second sees the slot
// taken. But the send is a point where Go's scheduler may preempt the task:
// if the first client is preempted there, the second also sees the slot free
// and both hold it. The program throws when more than SLOTS clients held it.
import { chan, go, time } from "../../src/index.js";

const SLOTS = 1;

export async function program(): Promise<void> {
  let inUse = 0;
  let most = 0;
  const log = chan<string>(16);

  async function client(name: string): Promise<void> {
    await time.sleep(time.Millisecond); // both clients arrive at the same instant
    if (inUse < SLOTS) { // check
      await log.send(`${name} takes the slot`); // BUG: an await between check and act
      inUse++; // act
      most = Math.max(most, inUse);
      await time.sleep(10 * time.Millisecond); // use the connection
      inUse--;
    }
  }

  const a = go(client, "a");
  const b = go(client, "b");
  await a.done;
  await b.done;
  if (most > SLOTS) throw new Error(`check-then-act: ${most} clients held the pool's ${SLOTS} slot at once`);
}
