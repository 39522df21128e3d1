// Model-based property test: channels of capacity 0..4, driven by several
// logical actors, checked step by step against a reference model of a Go
// channel (a buffer, FIFO queues of parked senders and receivers, a closed
// flag).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Chan, Panic, chan, runtime } from "../src/index.js";

const SEND_ON_CLOSED = "send on closed channel";
const CLOSE_OF_CLOSED = "close of closed channel";

// ---------------------------------------------------------------------------
// Commands

type Cmd =
  | { op: "send"; actor: number; ch: number }
  | { op: "recv"; actor: number; ch: number }
  | { op: "trySend"; ch: number }
  | { op: "tryRecv"; ch: number }
  | { op: "close"; ch: number }
  | { op: "check"; ch: number };

const ACTORS = 4;

function cmdArb(nChans: number): fc.Arbitrary<Cmd> {
  const ch = fc.integer({ min: 0, max: nChans - 1 });
  const actor = fc.integer({ min: 0, max: ACTORS - 1 });
  return fc.oneof(
    { arbitrary: fc.record({ op: fc.constant("send" as const), actor, ch }), weight: 5 },
    { arbitrary: fc.record({ op: fc.constant("recv" as const), actor, ch }), weight: 5 },
    { arbitrary: fc.record({ op: fc.constant("trySend" as const), ch }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant("tryRecv" as const), ch }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant("close" as const), ch }), weight: 1 },
    { arbitrary: fc.record({ op: fc.constant("check" as const), ch }), weight: 1 },
  );
}

const scenarioArb = fc
  .array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 })
  .chain((caps) => fc.record({ caps: fc.constant(caps), cmds: fc.array(cmdArb(caps.length), { maxLength: 40 }) }));

// ---------------------------------------------------------------------------
// The reference model

/** What an operation ended with, as observed or as the model predicts. */
type Outcome = { kind: "sent" } | { kind: "recv"; value: number | undefined; ok: boolean } | { kind: "panic"; message: string };
type RecvOutcome = Extract<Outcome, { kind: "recv" }>;

interface ModelOp {
  actor: number;
  value?: number;
  /** Filled by the model when the operation completes. */
  outcome?: Outcome;
}

class ModelChan {
  buf: number[] = [];
  sendq: ModelOp[] = [];
  recvq: ModelOp[] = [];
  closed = false;
  constructor(readonly cap: number) {}

  /** Complete a send now if it can; the caller checked `closed`. */
  private giveNow(v: number): boolean {
    const r = this.recvq.shift();
    if (r) {
      r.outcome = { kind: "recv", value: v, ok: true };
      return true;
    }
    if (this.buf.length < this.cap) {
      this.buf.push(v);
      return true;
    }
    return false;
  }

  /** Complete a receive now if it can. */
  private takeNow(): RecvOutcome | undefined {
    if (this.buf.length > 0) {
      const v = this.buf.shift()!;
      const s = this.sendq.shift();
      if (s) {
        this.buf.push(s.value!);
        s.outcome = { kind: "sent" };
      }
      return { kind: "recv", value: v, ok: true };
    }
    const s = this.sendq.shift();
    if (s) {
      s.outcome = { kind: "sent" };
      return { kind: "recv", value: s.value!, ok: true };
    }
    if (this.closed) return { kind: "recv", value: undefined, ok: false };
    return undefined;
  }

  send(op: ModelOp): void {
    if (this.closed) op.outcome = { kind: "panic", message: SEND_ON_CLOSED };
    else if (this.giveNow(op.value!)) op.outcome = { kind: "sent" };
    else this.sendq.push(op);
  }

  recv(op: ModelOp): void {
    const r = this.takeNow();
    if (r) op.outcome = r;
    else this.recvq.push(op);
  }

  /** `"panic"` when closed, else whether the value went in. */
  trySend(v: number): boolean | "panic" {
    if (this.closed) return "panic";
    return this.giveNow(v);
  }

  tryRecv(): RecvOutcome | undefined {
    return this.takeNow();
  }

  /** `"panic"` when already closed. */
  close(): void | "panic" {
    if (this.closed) return "panic";
    this.closed = true;
    for (const r of this.recvq.splice(0)) r.outcome = { kind: "recv", value: undefined, ok: false };
    for (const s of this.sendq.splice(0)) s.outcome = { kind: "panic", message: SEND_ON_CLOSED };
  }
}

// ---------------------------------------------------------------------------
// The system under test, observed

interface RealOp {
  actor: number;
  ch: number;
  kind: "send" | "recv";
  value?: number;
  model: ModelOp;
  /** Set by the promise's handlers once it settles. */
  outcome?: Outcome;
}

function observe(op: RealOp, p: Promise<unknown>, onValue: (ch: number, v: number) => void): void {
  p.then(
    (r) => {
      if (op.kind === "send") {
        op.outcome = { kind: "sent" };
      } else {
        const [value, ok] = r as [number | undefined, boolean];
        op.outcome = { kind: "recv", value, ok };
        if (ok) onValue(op.ch, value as number);
      }
    },
    (e: unknown) => {
      op.outcome = { kind: "panic", message: e instanceof Panic ? e.message : `non-Panic: ${String(e)}` };
    },
  );
}

function tryResult(r: [number, true] | [undefined, false] | undefined): RecvOutcome | undefined {
  return r === undefined ? undefined : { kind: "recv", value: r[0], ok: r[1] };
}

/** Let every resumed operation's promise (and its handlers) settle. */
async function settle(): Promise<void> {
  await runtime.gosched();
  await runtime.gosched();
}

/** Parked plain operations on `chans`, as `[chanIndex, kind]` counts, from the registry. */
function parkedCounts(chans: Chan<number>[]): { ch: number; sends: number; recvs: number; others: number }[] {
  const ops = runtime.parked();
  return chans.map((c, i) => {
    const mine = ops.filter((op) => op.channels.some((r) => r.id === c.id));
    return {
      ch: i,
      sends: mine.filter((op) => op.kind === "send" && op.channels.length === 1).length,
      recvs: mine.filter((op) => op.kind === "recv" && op.channels.length === 1).length,
      others: mine.filter((op) => !((op.kind === "send" || op.kind === "recv") && op.channels.length === 1)).length,
    };
  });
}

function modelCounts(models: ModelChan[]): { ch: number; sends: number; recvs: number; others: number }[] {
  return models.map((m, i) => ({ ch: i, sends: m.sendq.length, recvs: m.recvq.length, others: 0 }));
}

async function runScenario(caps: number[], cmds: Cmd[]): Promise<void> {
  const chans = caps.map((c) => chan<number>(c));
  const models = caps.map((c) => new ModelChan(c));
  const ops: RealOp[] = [];
  /** Actor -> its parked operation, per the model (an actor blocks like a goroutine). */
  const busy = new Map<number, RealOp>();
  let nextValue = 1;
  /** Per channel, values whose send committed, in commit order (model-independent bookkeeping). */
  const committed: number[][] = caps.map(() => []);
  /** Per channel, values received, in the order receivers observed them. */
  const received: number[][] = caps.map(() => []);
  /** Values whose send was rejected with a Panic. */
  const rejected = new Set<number>();
  /** Per channel, sends in start order; a send commits no earlier than any send started before it on that channel. */
  const started: RealOp[][] = caps.map(() => []);
  const onValue = (ch: number, v: number) => received[ch].push(v);

  const compare = (step: string) => {
    for (const op of ops) {
      // A completed operation must have completed exactly as the model says;
      // an operation the model holds parked must still be pending.
      expect(op.outcome, `${step}: actor ${op.actor} ${op.kind} on ch${op.ch}`).toEqual(op.model.outcome);
    }
    for (let i = 0; i < chans.length; i++) {
      expect(chans[i].len, `${step}: len of ch${i}`).toBe(models[i].buf.length);
      expect(chans[i].cap, `${step}: cap of ch${i}`).toBe(models[i].cap);
    }
    expect(parkedCounts(chans), `${step}: runtime.parked()`).toEqual(modelCounts(models));
  };

  for (let step = 0; step < cmds.length; step++) {
    const cmd = cmds[step];
    const c = chans[cmd.ch];
    const m = models[cmd.ch];
    const label = `step ${step} ${JSON.stringify(cmd)}`;
    switch (cmd.op) {
      case "send":
      case "recv": {
        if (busy.has(cmd.actor)) break; // a parked actor cannot start another operation
        const model: ModelOp = { actor: cmd.actor };
        const op: RealOp = { actor: cmd.actor, ch: cmd.ch, kind: cmd.op, model };
        if (cmd.op === "send") {
          const v = nextValue++;
          model.value = op.value = v;
          started[cmd.ch].push(op);
          m.send(model);
          observe(op, c.send(v), onValue);
        } else {
          m.recv(model);
          observe(op, c.recv(), onValue);
        }
        ops.push(op);
        break;
      }
      case "trySend": {
        const v = nextValue++;
        const expected = m.trySend(v);
        let actual: boolean | "panic";
        try {
          actual = c.trySend(v);
        } catch (e) {
          expect(e, label).toBeInstanceOf(Panic);
          expect((e as Error).message, label).toBe(SEND_ON_CLOSED);
          actual = "panic";
        }
        expect(actual, label).toBe(expected);
        if (actual === true) committed[cmd.ch].push(v);
        break;
      }
      case "tryRecv": {
        const expected = m.tryRecv();
        const actual = tryResult(c.tryRecv());
        expect(actual, label).toEqual(expected);
        if (actual?.ok) received[cmd.ch].push(actual.value as number);
        break;
      }
      case "close": {
        const expected = m.close();
        let threw: unknown = undefined;
        try {
          c.close();
        } catch (e) {
          threw = e;
        }
        if (expected === "panic") {
          expect(threw, label).toBeInstanceOf(Panic);
          expect((threw as Error).message, label).toBe(CLOSE_OF_CLOSED);
        } else {
          expect(threw, label).toBeUndefined();
        }
        break;
      }
      case "check":
        expect([c.len, c.cap], label).toEqual([m.buf.length, m.cap]);
        break;
    }
    await settle();
    // Sends commit in the order they reach the channel's queue: record
    // committed plain sends now that they have settled.
    for (let i = 0; i < chans.length; i++) {
      while (started[i].length > 0 && started[i][0].outcome !== undefined) {
        const s = started[i].shift()!;
        if (s.outcome!.kind === "sent") committed[i].push(s.value!);
        else rejected.add(s.value!);
      }
    }
    compare(label);
    busy.clear();
    for (const op of ops) if (op.model.outcome === undefined) busy.set(op.actor, op);
  }

  // Wind down: close every open channel, then drain the buffers.
  for (let i = 0; i < chans.length; i++) {
    if (!models[i].closed) {
      models[i].close();
      chans[i].close();
    }
  }
  await settle();
  compare("after closing every channel");
  for (let i = 0; i < chans.length; i++) {
    for (;;) {
      const expected = models[i].tryRecv();
      const actual = tryResult(chans[i].tryRecv());
      expect(actual, `draining ch${i}`).toEqual(expected);
      if (actual === undefined || !actual.ok) break;
      received[i].push(actual.value as number);
    }
    while (started[i].length > 0) {
      const s = started[i].shift()!;
      expect(s.outcome, `send of ${s.value} settled`).toBeDefined();
      if (s.outcome!.kind === "sent") committed[i].push(s.value!);
      else rejected.add(s.value!);
    }
  }

  // Model-independent invariants: no value lost or duplicated, FIFO per channel.
  for (let i = 0; i < chans.length; i++) {
    expect(received[i], `ch${i}: values received, in order, are the committed sends in order`).toEqual(committed[i]);
    for (const v of received[i]) expect(rejected.has(v), `value ${v} both received and rejected`).toBe(false);
  }
  expect(parkedCounts(chans).every((c) => c.sends + c.recvs + c.others === 0), "nothing parked at the end").toBe(true);
}

describe("channel model", () => {
  it("agrees with a reference Go channel model on every step of random command sequences", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ caps, cmds }) => {
        await runScenario(caps, cmds);
      }),
      { numRuns: 150 },
    );
  });

  it("agrees with the model on long sequences over a single unbuffered channel", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb(1), { minLength: 20, maxLength: 80 }), async (cmds) => {
        await runScenario([0], cmds);
      }),
      { numRuns: 40 },
    );
  });
});
