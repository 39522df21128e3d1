// Operations on a channel that may be nil: sendOn(ch, v) and recvFrom(ch)
// are ch.send(v) and ch.recv() on a channel, and on null block forever, as
// Go's `ch <- v` and `<-ch` on a nil channel do, with Go's dump words.
import { describe, expect, it } from "vitest";
import { chan, go, recvFrom, runtime, sendOn, type Chan } from "../../src/index.js";
import { Deadlock, synctest } from "../../src/testing/index.js";
import { settle, track } from "../_promise.js";
import { withoutTracing, withTracing } from "../_tracing.js";

/** Parked operations on no channel at all. */
function parkedOnNothing() {
  return runtime.parked().filter((op) => op.channels.length === 0);
}

describe("sendOn and recvFrom on a channel", () => {
  it("sendOn(ch, v) sends v, as ch.send(v)", async () => {
    const ch = chan<number>();
    const r = track(ch.recv());
    await sendOn(ch, 5);
    await settle();
    expect(r.value).toEqual([5, true]);
  });

  it("recvFrom(ch) receives, as ch.recv(): the value and true, then undefined and false once closed", async () => {
    const ch = chan<string>(1);
    ch.trySend("x");
    ch.close();
    expect(await recvFrom(ch)).toEqual(["x", true]);
    expect(await recvFrom(ch)).toEqual([undefined, false]);
  });

  it("sendOn on a closed channel rejects with Panic, as ch.send does", async () => {
    const ch = chan<number>();
    ch.close();
    await expect(sendOn(ch, 1)).rejects.toThrow("send on closed channel");
  });

  it("throws TypeError synchronously for something that is neither a channel nor null", () => {
    expect(() => sendOn({} as never, 1)).toThrow(/sendOn: expected a channel or null, got Object/);
    expect(() => recvFrom(42 as never)).toThrow(/recvFrom: expected a channel or null, got 42/);
  });
});

describe("sendOn and recvFrom on a nil channel", () => {
  it("never completes a send on null, and lists it in runtime.parked() as a send on no channel", async () => {
    const before = parkedOnNothing().length;
    const s = track(sendOn(null as Chan<number> | null, 1));
    await settle();
    expect(s.settled).toBe(false);
    const now = parkedOnNothing();
    expect(now).toHaveLength(before + 1);
    expect(now[now.length - 1]).toMatchObject({ kind: "send", channels: [] });
  });

  it("never completes a receive on undefined, and lists it as a receive on no channel", async () => {
    const before = parkedOnNothing().length;
    const s = track(recvFrom(undefined));
    await settle();
    expect(s.settled).toBe(false);
    const now = parkedOnNothing();
    expect(now).toHaveLength(before + 1);
    expect(now[now.length - 1]).toMatchObject({ kind: "recv", channels: [] });
  });

  describe("with tracing", () => {
    withTracing();

    it('shows a task blocked sending on nil as Go does: state "chan send (nil chan)" in goroutines() and the dump', async () => {
      const task = go(async function sendsOnNil() {
        await sendOn(null, "lost");
      });
      await settle();
      expect(runtime.goroutines().find((g) => g.id === task.id)?.state).toBe("chan send (nil chan)");
      expect(runtime.stack()).toMatch(new RegExp(`^goroutine ${task.id} \\[chan send \\(nil chan\\)\\]:\\nsendsOnNil\\(\\.\\.\\.\\)$`, "m"));
      expect(runtime.parked().find((op) => op.task?.id === task.id)).toMatchObject({ kind: "send", channels: [] });
    });

    it('shows a task blocked receiving on nil in state "chan receive (nil chan)"', async () => {
      const task = go(async function receivesOnNil() {
        await recvFrom(null);
      });
      await settle();
      expect(runtime.goroutines().find((g) => g.id === task.id)?.state).toBe("chan receive (nil chan)");
    });

    it("fails a bubble whose task is blocked on a nil channel when its main returns, naming the wait as Go does", async () => {
      const err = await synctest
        .test(() => {
          go(async function stuck() {
            await sendOn(null, 1);
          });
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(Deadlock);
      expect((err as Deadlock).message).toMatch(/^deadlock: main bubble goroutine has exited but blocked goroutines remain/);
      expect((err as Deadlock).message).toMatch(/goroutine \d+ \[chan send \(nil chan\) \(durable\), synctest bubble \d+\]:\nstuck\(\.\.\.\)/);
    });

    it("reports a bubble whose every task is blocked on nil channels as deadlocked", async () => {
      const err = await synctest
        .test(async () => {
          await recvFrom(null);
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(Deadlock);
      expect((err as Deadlock).dump).toMatch(/\[chan receive \(nil chan\) \(durable\), synctest bubble \d+\]:/);
    });
  });

  describe("with tracing off", () => {
    withoutTracing();

    it('shows a task blocked on a nil channel as "waiting", its send listed on no channel without a task', async () => {
      const before = parkedOnNothing().length;
      const task = go(async function sendsUntraced() {
        await sendOn(null, 1);
      });
      await settle();
      expect(runtime.goroutines().find((g) => g.id === task.id)).toMatchObject({ name: "sendsUntraced", state: "waiting" });
      const now = parkedOnNothing();
      expect(now).toHaveLength(before + 1);
      expect(now[now.length - 1]).toEqual({ kind: "send", channels: [], since: expect.any(Number) });
    });
  });
});
