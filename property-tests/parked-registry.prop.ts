// Property test: runtime.parked() lists exactly the operations that are
// blocked, no more and no fewer, and forgets each one as it is unblocked.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Chan, Panic, chan, recv, runtime, select, send, type Arm } from "../src/index.js";

/**
 * A channel that only ever has senders parked on it (unbuffered, or buffered
 * and filled first), or one that only ever has receivers parked on it
 * (empty). Keeping directions apart makes every generated operation block.
 */
interface ChanSpec {
  dir: "send" | "recv";
  cap: number;
  /** How it is unblocked at the end: counterparts until it would block, or close. */
  unblock: "serve" | "close";
}

type OpSpec =
  | { kind: "send"; ch: number }
  | { kind: "recv"; ch: number }
  /** Arms over a subset of the channels (each in its channel's direction), plus nil arms. */
  | { kind: "select"; chs: number[]; nilArms: number; order: number[] };

const chanSpecArb: fc.Arbitrary<ChanSpec> = fc.record({
  dir: fc.constantFrom("send" as const, "recv" as const),
  cap: fc.integer({ min: 0, max: 2 }),
  unblock: fc.constantFrom("serve" as const, "close" as const),
});

/** As generated: a plain operation takes its direction from its channel later. */
type RawOp = { kind: "plain"; ch: number } | Extract<OpSpec, { kind: "select" }>;

function opArb(nChans: number): fc.Arbitrary<RawOp> {
  const ch = fc.integer({ min: 0, max: nChans - 1 });
  return fc.oneof(
    fc.record({ kind: fc.constant("plain" as const), ch }),
    fc
      .record({
        chs: fc.subarray(Array.from({ length: nChans }, (_, i) => i)),
        nilArms: fc.integer({ min: 0, max: 2 }),
        seed: fc.array(fc.nat(), { minLength: nChans + 2, maxLength: nChans + 2 }),
      })
      .map(({ chs, nilArms, seed }) => ({ kind: "select" as const, chs, nilArms, order: seed })),
  );
}

const scenarioArb = fc
  .array(chanSpecArb, { minLength: 1, maxLength: 4 })
  .chain((specs) =>
    fc.record({
      specs: fc.constant(specs),
      ops: fc.array(opArb(specs.length), { minLength: 0, maxLength: 10 }),
      /** Order in which the channels are unblocked. */
      unblockOrder: fc.shuffledSubarray(
        specs.map((_, i) => i),
        { minLength: specs.length, maxLength: specs.length },
      ),
    }),
  )
  .map(({ specs, ops, unblockOrder }) => ({
    specs,
    // A plain op takes its direction from its channel.
    ops: ops.map(
      (o): OpSpec => (o.kind === "plain" ? { kind: specs[o.ch].dir, ch: o.ch } : o),
    ),
    unblockOrder,
  }));

/** A registry entry reduced to what this test compares: kind and sorted channel ids. */
type Entry = { kind: string; ids: number[] };

function key(e: Entry): string {
  return `${e.kind}:${e.ids.join(",")}`;
}

function sortEntries(es: Entry[]): string[] {
  return es.map(key).sort();
}

/** Entries for operations on channels (the ones with no channel can never be unblocked). */
function parkedOnChannels(): Entry[] {
  return runtime
    .parked()
    .filter((op) => op.channels.length > 0)
    .map((op) => ({ kind: op.kind, ids: op.channels.map((c) => c.id).sort((x, y) => x - y) }));
}

function parkedWithoutChannels(): number {
  return runtime.parked().filter((op) => op.channels.length === 0).length;
}

async function settle(): Promise<void> {
  await runtime.gosched();
  await runtime.gosched();
}

interface Live {
  spec: OpSpec;
  /** Channel indexes the operation waits on. */
  chs: number[];
  entry: Entry;
  settled: boolean;
  outcome?: "resolved" | "panic" | "other-error";
}

async function runScenario(specs: ChanSpec[], ops: OpSpec[], unblockOrder: number[]): Promise<void> {
  const baselineNoChannel = parkedWithoutChannels();
  expect(parkedOnChannels(), "registry empty before the run").toEqual([]);

  const chans: Chan<number>[] = specs.map((s) => chan<number>(s.cap));
  try {
    await exercise(specs, ops, unblockOrder, chans, baselineNoChannel);
  } finally {
    // Even when an assertion failed, leave nothing parked on these channels,
    // so the next run (and fast-check's shrinking) starts from a clean registry.
    for (const c of chans) {
      try {
        c.close();
      } catch {
        // already closed
      }
    }
    await settle();
  }
}

async function exercise(specs: ChanSpec[], ops: OpSpec[], unblockOrder: number[], chans: Chan<number>[], baselineNoChannel: number): Promise<void> {
  // Fill the buffers of send-direction channels so sends block.
  let nextValue = 1;
  specs.forEach((s, i) => {
    if (s.dir === "send") for (let k = 0; k < s.cap; k++) expect(chans[i].trySend(nextValue++)).toBe(true);
  });

  const live: Live[] = [];
  let noChannelSelects = 0;
  for (const spec of ops) {
    let p: Promise<unknown>;
    let chs: number[];
    let entry: Entry;
    if (spec.kind === "send") {
      p = chans[spec.ch].send(nextValue++);
      chs = [spec.ch];
      entry = { kind: "send", ids: [chans[spec.ch].id] };
    } else if (spec.kind === "recv") {
      p = chans[spec.ch].recv();
      chs = [spec.ch];
      entry = { kind: "recv", ids: [chans[spec.ch].id] };
    } else {
      const arms: Arm<unknown>[] = spec.chs.map((i) => (specs[i].dir === "send" ? send(chans[i], nextValue++) : recv(chans[i])));
      for (let k = 0; k < spec.nilArms; k++) arms.push(k % 2 === 0 ? recv<number, unknown>(null) : send<number, unknown>(null, 0));
      // Shuffle the arms deterministically from the generated seed.
      const shuffled = arms
        .map((a, i) => ({ a, r: spec.order[i] ?? i }))
        .sort((x, y) => x.r - y.r)
        .map((x) => x.a);
      p = select(...shuffled);
      chs = [...spec.chs];
      entry = { kind: "select", ids: spec.chs.map((i) => chans[i].id).sort((x, y) => x - y) };
      if (chs.length === 0) noChannelSelects++;
    }
    const l: Live = { spec, chs, entry, settled: false };
    p.then(
      () => {
        l.settled = true;
        l.outcome = "resolved";
      },
      (e: unknown) => {
        l.settled = true;
        l.outcome = e instanceof Panic && e.message === "send on closed channel" ? "panic" : "other-error";
      },
    );
    live.push(l);
  }
  await settle();

  const onChannels = live.filter((l) => l.chs.length > 0);
  expect(live.filter((l) => l.settled).map((l) => l.spec), "no generated operation completes on its own").toEqual([]);
  expect(sortEntries(parkedOnChannels()), "parked() lists exactly the blocked operations").toEqual(sortEntries(onChannels.map((l) => l.entry)));
  expect(parkedWithoutChannels(), "selects with no (non-nil) arms are listed with no channels").toBe(baselineNoChannel + noChannelSelects);

  // Unblock channel by channel; after each, exactly the operations that
  // touch no handled channel are still parked.
  const handled = new Set<number>();
  for (const i of unblockOrder) {
    const c = chans[i];
    const s = specs[i];
    const waiting = onChannels.filter((l) => !l.settled && l.chs.includes(i));
    if (s.unblock === "close") {
      c.close();
    } else if (s.dir === "send") {
      // Take until it would block: the buffer, then each parked sender.
      let took = 0;
      while (c.tryRecv() !== undefined) took++;
      expect(took, `ch${i}: values taken = buffered + parked senders`).toBe(s.cap + waiting.length);
    } else {
      let gave = 0;
      while (c.trySend(nextValue++)) gave++;
      // Unbuffered: one value per parked receiver; buffered: then fill the buffer.
      expect(gave, `ch${i}: values given = parked receivers + free buffer`).toBe(waiting.length + s.cap);
    }
    handled.add(i);
    await settle();

    for (const l of waiting) {
      expect(l.settled, `op ${JSON.stringify(l.spec)} unblocked by ch${i}`).toBe(true);
      const closedSend = s.unblock === "close" && (l.spec.kind === "send" || (l.spec.kind === "select" && s.dir === "send"));
      expect(l.outcome, `op ${JSON.stringify(l.spec)} outcome`).toBe(closedSend ? "panic" : "resolved");
    }
    const remaining = onChannels.filter((l) => !l.chs.some((j) => handled.has(j)));
    for (const l of remaining) expect(l.settled, `op ${JSON.stringify(l.spec)} still blocked`).toBe(false);
    expect(sortEntries(parkedOnChannels()), `parked() after unblocking ch${i}`).toEqual(sortEntries(remaining.map((l) => l.entry)));
  }

  expect(parkedOnChannels(), "parked() is empty once everything is unblocked").toEqual([]);
  expect(parkedWithoutChannels(), "only the selects that can never wake remain").toBe(baselineNoChannel + noChannelSelects);
}

describe("runtime.parked()", () => {
  it("lists exactly the blocked operations and forgets each one as it is unblocked", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ specs, ops, unblockOrder }) => {
        await runScenario(specs, ops, unblockOrder);
      }),
      { numRuns: 120 },
    );
  });

  it("lists a select with no arms, or only nil arms, with no channels", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), async (nilArms) => {
        const before = runtime.parked().filter((op) => op.kind === "select" && op.channels.length === 0).length;
        const arms: Arm<unknown>[] = [];
        for (let k = 0; k < nilArms; k++) arms.push(k % 2 === 0 ? recv<number, unknown>(null) : send<number, unknown>(null, 1));
        let settled = false;
        void select(...arms).then(
          () => (settled = true),
          () => (settled = true),
        );
        await settle();
        expect(settled).toBe(false);
        expect(runtime.parked().filter((op) => op.kind === "select" && op.channels.length === 0).length).toBe(before + 1);
      }),
      { numRuns: 20 },
    );
  });
});
