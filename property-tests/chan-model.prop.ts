// Model-based property test: channels of capacity 0..4, driven by several
// logical actors, checked step by step against a reference model of a Go
// channel (a buffer, FIFO queues of parked senders and receivers, a closed
// flag), including selects parked on several queues at once.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Chan, Panic, chan, recv, runtime, select, send, type Arm } from "../src/index.js";

const SEND_ON_CLOSED = "send on closed channel";
const CLOSE_OF_CLOSED = "close of closed channel";

// ---------------------------------------------------------------------------
// Commands

type ArmSpec = { dir: "send" | "recv"; ch: number };

type Cmd =
  | { op: "send"; actor: number; ch: number }
  | { op: "recv"; actor: number; ch: number }
  | { op: "select"; actor: number; arms: ArmSpec[]; nilArm: boolean }
  | { op: "trySend"; ch: number }
  | { op: "tryRecv"; ch: number }
  | { op: "close"; ch: number }
  | { op: "check"; ch: number };

const ACTORS = 4;

function cmdArb(nChans: number, withSelect: boolean): fc.Arbitrary<Cmd> {
  const ch = fc.integer({ min: 0, max: nChans - 1 });
  const actor = fc.integer({ min: 0, max: ACTORS - 1 });
  const arm: fc.Arbitrary<ArmSpec> = fc.record({ dir: fc.constantFrom("send" as const, "recv" as const), ch });
  const cmds: fc.WeightedArbitrary<Cmd>[] = [
    { arbitrary: fc.record({ op: fc.constant("send" as const), actor, ch }), weight: 5 },
    { arbitrary: fc.record({ op: fc.constant("recv" as const), actor, ch }), weight: 5 },
    { arbitrary: fc.record({ op: fc.constant("trySend" as const), ch }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant("tryRecv" as const), ch }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant("close" as const), ch }), weight: 1 },
    { arbitrary: fc.record({ op: fc.constant("check" as const), ch }), weight: 1 },
  ];
  if (withSelect) {
    cmds.push({
      arbitrary: fc.record({
        op: fc.constant("select" as const),
        actor,
        // Distinct (direction, channel) pairs: which of two identical arms of
        // one select a counterparty meets first is Go's lock order, unspecified.
        arms: fc.uniqueArray(arm, { minLength: 1, maxLength: 3, selector: (a) => `${a.dir}:${a.ch}` }),
        nilArm: fc.boolean(),
      }),
      weight: 4,
    });
  }
  return fc.oneof(...cmds);
}

function scenarioArb(withSelect: boolean) {
  return fc
    .array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 })
    .chain((caps) => fc.record({ caps: fc.constant(caps), cmds: fc.array(cmdArb(caps.length, withSelect), { maxLength: 40 }) }));
}

// ---------------------------------------------------------------------------
// The reference model

/** What an operation ended with, as observed or as the model predicts. */
type Outcome =
  | { kind: "sent" }
  | { kind: "recv"; value: number | undefined; ok: boolean }
  | { kind: "select"; arm: number; value?: number | undefined; ok?: boolean }
  | { kind: "panic"; message: string }
  | { kind: "model: the select should have taken a ready arm at once"; ready: number[] };
type RecvOutcome = Extract<Outcome, { kind: "recv" }>;

/** One operation: a plain send or receive, or a select. */
interface ModelOp {
  /** The select's arms; undefined for a plain operation. */
  arms?: (ArmSpec | null)[];
  /** Waiters while parked (one per non-nil arm for a select). */
  waiters: MWaiter[];
  /** Filled by the model when the operation completes. */
  outcome?: Outcome;
}

/** Go's sudog: one parked send or receive of an operation on one channel. */
interface MWaiter {
  op: ModelOp;
  /** Arm index for a select, -1 for a plain operation. */
  arm: number;
  ch: number;
  value?: number;
}

interface ModelChan {
  cap: number;
  buf: number[];
  sendq: MWaiter[];
  recvq: MWaiter[];
  closed: boolean;
}

class Model {
  readonly chans: ModelChan[];
  constructor(caps: number[]) {
    this.chans = caps.map((cap) => ({ cap, buf: [], sendq: [], recvq: [], closed: false }));
  }

  /** `w` won: its operation completes with `r`, and every other waiter of it is withdrawn. */
  private complete(w: MWaiter, r: { sent: true } | { value: number | undefined; ok: boolean } | { panic: true }): void {
    for (const o of w.op.waiters) {
      if (o === w) continue;
      const c = this.chans[o.ch];
      for (const q of [c.sendq, c.recvq]) {
        const i = q.indexOf(o);
        if (i >= 0) q.splice(i, 1);
      }
    }
    w.op.waiters = [];
    if ("panic" in r) w.op.outcome = { kind: "panic", message: SEND_ON_CLOSED };
    else if (w.arm >= 0) w.op.outcome = "sent" in r ? { kind: "select", arm: w.arm } : { kind: "select", arm: w.arm, value: r.value, ok: r.ok };
    else w.op.outcome = "sent" in r ? { kind: "sent" } : { kind: "recv", value: r.value, ok: r.ok };
  }

  canSend(ch: number): boolean {
    const c = this.chans[ch];
    return c.closed || c.recvq.length > 0 || c.buf.length < c.cap;
  }

  canRecv(ch: number): boolean {
    const c = this.chans[ch];
    return c.buf.length > 0 || c.sendq.length > 0 || c.closed;
  }

  /** Complete a send now if it can; the caller checked `closed`. */
  giveNow(ch: number, v: number): boolean {
    const c = this.chans[ch];
    const r = c.recvq.shift();
    if (r) {
      this.complete(r, { value: v, ok: true });
      return true;
    }
    if (c.buf.length < c.cap) {
      c.buf.push(v);
      return true;
    }
    return false;
  }

  /** Complete a receive now if it can. */
  takeNow(ch: number): RecvOutcome | undefined {
    const c = this.chans[ch];
    if (c.buf.length > 0) {
      const v = c.buf.shift()!;
      const s = c.sendq.shift();
      if (s) {
        c.buf.push(s.value!);
        this.complete(s, { sent: true });
      }
      return { kind: "recv", value: v, ok: true };
    }
    const s = c.sendq.shift();
    if (s) {
      this.complete(s, { sent: true });
      return { kind: "recv", value: s.value!, ok: true };
    }
    if (c.closed) return { kind: "recv", value: undefined, ok: false };
    return undefined;
  }

  send(op: ModelOp, ch: number, v: number): void {
    if (this.chans[ch].closed) op.outcome = { kind: "panic", message: SEND_ON_CLOSED };
    else if (this.giveNow(ch, v)) op.outcome = { kind: "sent" };
    else this.park(op, { op, arm: -1, ch, value: v }, "send");
  }

  recv(op: ModelOp, ch: number): void {
    const r = this.takeNow(ch);
    if (r) op.outcome = r;
    else this.park(op, { op, arm: -1, ch }, "recv");
  }

  private park(op: ModelOp, w: MWaiter, dir: "send" | "recv"): void {
    op.waiters.push(w);
    (dir === "send" ? this.chans[w.ch].sendq : this.chans[w.ch].recvq).push(w);
  }

  /** Indexes of the select's ready arms. */
  readyArms(arms: (ArmSpec | null)[]): number[] {
    const out: number[] = [];
    arms.forEach((a, i) => {
      if (a !== null && (a.dir === "send" ? this.canSend(a.ch) : this.canRecv(a.ch))) out.push(i);
    });
    return out;
  }

  /** A select with no ready arm parks on every non-nil arm. */
  parkSelect(op: ModelOp, values: (number | undefined)[]): void {
    op.arms!.forEach((a, i) => {
      if (a !== null) this.park(op, { op, arm: i, ch: a.ch, value: values[i] }, a.dir);
    });
  }

  /**
   * A select had ready arms: the runtime picked one at random. Check the
   * pick (`actual`) was a ready arm and apply it.
   */
  commitReady(op: ModelOp, ready: number[], values: (number | undefined)[], actual: Outcome | undefined): void {
    const fail = () => (op.outcome = { kind: "model: the select should have taken a ready arm at once", ready });
    if (actual?.kind === "panic") {
      // Only a ready send arm on a closed channel panics.
      if (ready.some((i) => op.arms![i]!.dir === "send" && this.chans[op.arms![i]!.ch].closed)) op.outcome = actual;
      else fail();
      return;
    }
    if (actual?.kind !== "select" || !ready.includes(actual.arm)) return void fail();
    const a = op.arms![actual.arm]!;
    if (a.dir === "recv") {
      const r = this.takeNow(a.ch)!;
      op.outcome = { kind: "select", arm: actual.arm, value: r.value, ok: r.ok };
    } else if (this.chans[a.ch].closed) {
      op.outcome = { kind: "panic", message: SEND_ON_CLOSED };
    } else {
      this.giveNow(a.ch, values[actual.arm]!);
      op.outcome = { kind: "select", arm: actual.arm };
    }
  }

  /** `"panic"` when closed, else whether the value went in. */
  trySend(ch: number, v: number): boolean | "panic" {
    if (this.chans[ch].closed) return "panic";
    return this.giveNow(ch, v);
  }

  tryRecv(ch: number): RecvOutcome | undefined {
    return this.takeNow(ch);
  }

  /** `"panic"` when already closed. Receivers are released before senders, as Go's closechan does. */
  close(ch: number): void | "panic" {
    const c = this.chans[ch];
    if (c.closed) return "panic";
    c.closed = true;
    for (let r = c.recvq.shift(); r; r = c.recvq.shift()) this.complete(r, { value: undefined, ok: false });
    for (let s = c.sendq.shift(); s; s = c.sendq.shift()) this.complete(s, { panic: true });
  }

  /** What the registry should list: one entry per parked operation, channels as sorted unique indexes. */
  parkedEntries(ops: ModelOp[]): string[] {
    return ops
      .filter((op) => op.outcome === undefined && op.waiters.length > 0)
      .map((op) => {
        const kind = op.arms ? "select" : this.chans[op.waiters[0].ch].sendq.includes(op.waiters[0]) ? "send" : "recv";
        return entryKey(kind, op.waiters.map((w) => w.ch));
      })
      .sort();
  }
}

function entryKey(kind: string, chs: number[]): string {
  return `${kind}:${[...new Set(chs)].sort((x, y) => x - y).join(",")}`;
}

// ---------------------------------------------------------------------------
// The system under test, observed

interface RealOp {
  actor: number;
  label: string;
  model: ModelOp;
  /** Send values by channel, for the FIFO bookkeeping: [channel, value, arm (-1 plain)]. */
  sends: [number, number, number][];
  /** Set by the promise's handlers once it settles. */
  outcome?: Outcome;
}

function tryResult(r: [number, true] | [undefined, false] | undefined): RecvOutcome | undefined {
  return r === undefined ? undefined : { kind: "recv", value: r[0], ok: r[1] };
}

/** Let every resumed operation's promise (and its handlers) settle. */
async function settle(): Promise<void> {
  await runtime.gosched();
  await runtime.gosched();
}

/** Registry entries that touch `chans`, with channels as sorted unique indexes into `chans`. */
function parkedEntries(chans: Chan<number>[]): string[] {
  const index = new Map(chans.map((c, i) => [c.id, i]));
  return runtime
    .parked()
    .filter((op) => op.channels.some((r) => index.has(r.id)))
    .map((op) => entryKey(op.kind, op.channels.map((r) => index.get(r.id) ?? -1)))
    .sort();
}

async function runScenario(caps: number[], cmds: Cmd[]): Promise<void> {
  const chans = caps.map((c) => chan<number>(c));
  const model = new Model(caps);
  const ops: RealOp[] = [];
  const busy = new Set<number>();
  let nextValue = 1;
  /** Per channel, values whose send committed, in commit order (model-independent bookkeeping). */
  const committed: number[][] = caps.map(() => []);
  /** Per channel, values received, in the order receivers observed them. */
  const received: number[][] = caps.map(() => []);
  /** Values whose send was rejected with a Panic. */
  const rejected = new Set<number>();
  /**
   * Per channel, parked or just-started sends in start order. On one channel
   * a send commits only after every send started before it has settled.
   */
  const started: { op: RealOp; v: number; arm: number }[][] = caps.map(() => []);

  const watch = (op: RealOp, p: Promise<unknown>, kind: "send" | "recv" | "select", ch: number, arms?: (ArmSpec | null)[]) => {
    p.then(
      (r) => {
        if (kind === "send") op.outcome = { kind: "sent" };
        else if (kind === "recv") {
          const [value, ok] = r as [number | undefined, boolean];
          op.outcome = { kind: "recv", value, ok };
          if (ok) received[ch].push(value as number);
        } else {
          const s = r as { arm: number; value?: number; ok?: boolean };
          op.outcome = { kind: "select", ...s };
          const a = arms![s.arm];
          if (a?.dir === "recv" && s.ok) received[a.ch].push(s.value as number);
        }
      },
      (e: unknown) => {
        op.outcome = { kind: "panic", message: e instanceof Panic ? e.message : `non-Panic: ${String(e)}` };
      },
    );
  };

  const record = () => {
    for (let i = 0; i < chans.length; i++) {
      while (started[i].length > 0 && started[i][0].op.outcome !== undefined) {
        const { op, v, arm } = started[i].shift()!;
        const o = op.outcome!;
        if (o.kind === "sent" || (o.kind === "select" && o.arm === arm)) committed[i].push(v);
        else if (o.kind === "panic") rejected.add(v);
        // else: a select that won with another arm; this value never moved.
      }
    }
  };

  const compare = (step: string) => {
    for (const op of ops) {
      // A completed operation must have completed exactly as the model says;
      // an operation the model holds parked must still be pending.
      expect(op.outcome, `${step}: ${op.label}`).toEqual(op.model.outcome);
    }
    for (let i = 0; i < chans.length; i++) {
      expect(chans[i].len, `${step}: len of ch${i}`).toBe(model.chans[i].buf.length);
      expect(chans[i].cap, `${step}: cap of ch${i}`).toBe(model.chans[i].cap);
    }
    expect(parkedEntries(chans), `${step}: runtime.parked()`).toEqual(model.parkedEntries(ops.map((o) => o.model)));
  };

  for (let step = 0; step < cmds.length; step++) {
    const cmd = cmds[step];
    const label = `step ${step} ${JSON.stringify(cmd)}`;
    let pendingReady: { op: RealOp; ready: number[]; values: (number | undefined)[] } | undefined;
    switch (cmd.op) {
      case "send":
      case "recv": {
        if (busy.has(cmd.actor)) break; // a parked actor cannot start another operation
        const op: RealOp = { actor: cmd.actor, label, model: { waiters: [] }, sends: [] };
        ops.push(op);
        if (cmd.op === "send") {
          const v = nextValue++;
          started[cmd.ch].push({ op, v, arm: -1 });
          model.send(op.model, cmd.ch, v);
          watch(op, chans[cmd.ch].send(v), "send", cmd.ch);
        } else {
          model.recv(op.model, cmd.ch);
          watch(op, chans[cmd.ch].recv(), "recv", cmd.ch);
        }
        break;
      }
      case "select": {
        if (busy.has(cmd.actor)) break;
        const armSpecs: (ArmSpec | null)[] = cmd.nilArm ? [...cmd.arms, null] : [...cmd.arms];
        const op: RealOp = { actor: cmd.actor, label, model: { waiters: [], arms: armSpecs }, sends: [] };
        ops.push(op);
        const values = armSpecs.map((a) => (a?.dir === "send" ? nextValue++ : undefined));
        const arms: Arm<{ arm: number; value?: number; ok?: boolean }>[] = armSpecs.map((a, i) => {
          if (a === null) return recv<number, { arm: number }>(null, () => ({ arm: i }));
          if (a.dir === "send") {
            started[a.ch].push({ op, v: values[i]!, arm: i });
            return send(chans[a.ch], values[i]!, () => ({ arm: i }));
          }
          return recv(chans[a.ch], (value, ok) => ({ arm: i, value, ok }));
        });
        const ready = model.readyArms(armSpecs);
        if (ready.length === 0) model.parkSelect(op.model, values);
        else pendingReady = { op, ready, values };
        watch(op, select(...arms), "select", -1, armSpecs);
        break;
      }
      case "trySend": {
        const v = nextValue++;
        const expected = model.trySend(cmd.ch, v);
        let actual: boolean | "panic";
        try {
          actual = chans[cmd.ch].trySend(v);
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
        const expected = model.tryRecv(cmd.ch);
        const actual = tryResult(chans[cmd.ch].tryRecv());
        expect(actual, label).toEqual(expected);
        if (actual?.ok) received[cmd.ch].push(actual.value as number);
        break;
      }
      case "close": {
        const expected = model.close(cmd.ch);
        let threw: unknown = undefined;
        try {
          chans[cmd.ch].close();
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
        expect([chans[cmd.ch].len, chans[cmd.ch].cap], label).toEqual([model.chans[cmd.ch].buf.length, model.chans[cmd.ch].cap]);
        break;
    }
    await settle();
    // A select with ready arms took one at random: the model follows that
    // choice after checking it was a ready arm.
    if (pendingReady) model.commitReady(pendingReady.op.model, pendingReady.ready, pendingReady.values, pendingReady.op.outcome);
    record();
    compare(label);
    busy.clear();
    for (const op of ops) if (op.model.outcome === undefined) busy.add(op.actor);
  }

  // Wind down: close every open channel, then drain the buffers.
  for (let i = 0; i < chans.length; i++) {
    if (!model.chans[i].closed) {
      model.close(i);
      chans[i].close();
    }
  }
  await settle();
  record();
  compare("after closing every channel");
  for (let i = 0; i < chans.length; i++) {
    for (;;) {
      const expected = model.tryRecv(i);
      const actual = tryResult(chans[i].tryRecv());
      expect(actual, `draining ch${i}`).toEqual(expected);
      if (actual === undefined || !actual.ok) break;
      received[i].push(actual.value as number);
    }
    expect(started[i], `ch${i}: every send settled`).toEqual([]);
  }

  // Model-independent invariants: no value lost or duplicated, FIFO per channel.
  for (let i = 0; i < chans.length; i++) {
    expect(received[i], `ch${i}: values received, in order, are the committed sends in order`).toEqual(committed[i]);
    for (const v of received[i]) expect(rejected.has(v), `value ${v} both received and rejected`).toBe(false);
  }
  expect(parkedEntries(chans), "nothing parked at the end").toEqual([]);
}

describe("channel model", () => {
  it("agrees with a reference Go channel model on every step of random send/recv/try/close sequences", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(false), async ({ caps, cmds }) => {
        await runScenario(caps, cmds);
      }),
      { numRuns: 100 },
    );
  });

  it("agrees with the model when actors also park in selects over several channels", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(true), async ({ caps, cmds }) => {
        await runScenario(caps, cmds);
      }),
      { numRuns: 120 },
    );
  });

  it("agrees with the model on long sequences over a single unbuffered channel", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb(1, true), { minLength: 20, maxLength: 80 }), async (cmds) => {
        await runScenario([0], cmds);
      }),
      { numRuns: 30 },
    );
  });
});
