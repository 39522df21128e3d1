// Port of Go's test/chan/select6.go (issue 2075): a select that loses must leave its channels' wait queues intact.
import { describe, expect, it } from "vitest";
import { chan, go, recv, runtime, select } from "../../src/index.js";
import { goMain, panic } from "./helpers.js";

// A bug in select corrupted channel queues of failed cases if there were
// multiple waiters on those channels and the select was the last in the
// queue. If further waits are made on the channel without draining it first
// then those waiters would never wake up. In the code below c1 is such a channel.
describe("test/chan/select6.go", () => {
  it("waiters queued on a channel behind a select that lost on it are still woken in order", async () => {
    await goMain(async () => {
      const c1 = chan<boolean>();
      const c2 = chan<boolean>();
      const c3 = chan<boolean>();
      const a = go(async () => {
        await c1.recv();
      });
      const b = go(async () => {
        await select(
          recv(c1, () => panic("dummy")),
          recv(c2, () => c3.send(true)),
        );
        await c1.recv();
      });
      go(async () => {
        await c2.send(true);
      });
      await c3.recv();
      await c1.send(true);
      await c1.send(true);
      await Promise.all([a.done, b.done]);
      expect(runtime.parked().filter((op) => op.channels.some((ch) => ch.id === c1.id))).toEqual([]);
    });
  });
});
