// Check 1, randomized no-loss: rounds of randomized senders and receivers
// over buffered and unbuffered channels, with every kind of operation the
// API has (send, trySend, select with send/recv/default/timeout/context
// arms and nil channels, tryRecv, for-await with early break, an iterator's
// return() while its next() is pending, close, context cancellation).
// The ledger (ledger.ts) proves DESIGN.md invariant 1 at the end of each
// round: every sent value is received exactly once or still buffered, or
// its send was rejected / not chosen and it never came out.
import { chan, context, go, otherwise, Panic, recv, runtime, select, send, time, type Arm, type Chan, type Task } from "../src/index.js";
import { addTally, emptyTally, Ledger, type Tally } from "./ledger.js";
import { deriveSeed, rng, type Rng } from "./prng.js";
import type { Case, Mode, Options, Row } from "./protocol.js";

const SEND_ON_CLOSED = "send on closed channel";
const CLOSE_OF_CLOSED = "close of closed channel";
/** Nothing moved for this long while senders were parked: the round is stuck (legitimately), close it. */
const STUCK_MS = 2;
/** Tasks still alive this long after every channel was closed: the runtime lost a wake-up. */
const HANG_MS = 3000;
/** Rounds run at once. */
const CONCURRENT = 16;

interface Round {
  rng: Rng;
  chans: Chan<number>[];
  closed: boolean[];
  ledger: Ledger;
  ctx: context.Context;
  cancel: () => void;
  /** Probability that one operation closes a channel (about once per round). */
  pClose: number;
  ops: number;
  /** Set once the round is over: workers leave their loops. */
  draining: boolean;
  /** Iterators whose return() was called with a next() pending. */
  pendingReturns: number;
  /** Rounds closed early because every task was parked. */
  stuckClosed: boolean;
}

function note(r: Round, what: string, e: unknown): void {
  r.ledger.note(`${what}: unexpected ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}

/** A rejected send is legal only as Panic("send on closed channel"). */
function sendRejected(r: Round, e: unknown, what: string): void {
  if (!(e instanceof Panic && e.message === SEND_ON_CLOSED)) note(r, what, e);
}

function closeChan(r: Round, k: number): void {
  try {
    r.chans[k]!.close();
    if (r.closed[k]) r.ledger.note(`close of channel ${k} succeeded twice`);
    r.closed[k] = true;
  } catch (e) {
    if (!(r.closed[k] && e instanceof Panic && e.message === CLOSE_OF_CLOSED)) note(r, "close", e);
  }
}

const record = (r: Round) => (v: number | undefined, ok: boolean) => {
  if (ok) r.ledger.received(v);
};

/**
 * Run a select whose send arms carry `sent` values: the chosen send arm's
 * `then` commits its value; after the select every other one was not
 * chosen, or rejected if the select panicked on a closed channel.
 */
async function runSelect(r: Round, arms: Arm<unknown>[], sent: number[], what: string): Promise<void> {
  try {
    await select(...arms);
  } catch (e) {
    sendRejected(r, e, what);
    for (const v of sent) r.ledger.rejectIfOpen(v);
    return;
  }
  for (const v of sent) r.ledger.notChosenIfOpen(v);
}

function sendArm(r: Round, ch: Chan<number> | null, v: number): Arm<unknown> {
  return send(ch, v, () => r.ledger.commit(v));
}

/**
 * A timeout for a select arm or a derived context: mostly 0 (ready at once,
 * so it races the channel arms), sometimes 1-2 ms (it parks). Parked
 * timeouts leave the event loop idle, so they are kept rare: they would
 * otherwise set the pace of the whole check.
 */
function shortTimeout(r: Round): number {
  return r.rng.chance(0.97) ? 0 : 1 + r.rng.int(2);
}

/** Extra arms that make a select finish without a channel partner. */
function escapeArm(r: Round): Arm<unknown> | null {
  switch (r.rng.int(6)) {
    case 0:
      return otherwise();
    case 1:
      return recv(time.after(shortTimeout(r)));
    case 2:
      return recv(r.ctx.done());
    case 3:
      return recv(null);
    default:
      return null;
  }
}

/**
 * A channel to send on: now and then a closed one (a rejected send is an
 * outcome to check), but mostly an open one, so that a close early in a
 * round does not turn the rest of it into rejections.
 */
function sendTarget(r: Round): number {
  const k = r.rng.int(r.chans.length);
  if (!r.closed[k] || r.rng.chance(0.05)) return k;
  const open = r.closed.flatMap((c, i) => (c ? [] : [i]));
  return open.length > 0 ? r.rng.pick(open) : k;
}

async function senderOp(r: Round): Promise<void> {
  const { rng, ledger: L } = r;
  const k = sendTarget(r);
  const ch = r.chans[k]!;
  if (rng.chance(r.pClose)) return closeChan(r, k);
  if (rng.chance(r.pClose)) return r.cancel();
  const x = rng.next();
  if (x < 0.3) {
    const v = L.issue();
    try {
      await ch.send(v);
      L.commit(v);
    } catch (e) {
      sendRejected(r, e, "send");
      L.reject(v);
    }
  } else if (x < 0.42) {
    const v = L.issue();
    let ok: boolean;
    try {
      ok = ch.trySend(v);
    } catch (e) {
      sendRejected(r, e, "trySend");
      L.reject(v);
      return;
    }
    if (ok) L.commit(v);
    else {
      L.notChosen(v);
      await runtime.gosched();
    }
  } else if (x < 0.52) {
    const v = L.issue();
    await runSelect(r, [sendArm(r, ch, v), otherwise()], [v], "select send/default");
  } else if (x < 0.6) {
    const v = L.issue();
    await runSelect(r, [sendArm(r, ch, v), recv(time.after(shortTimeout(r)))], [v], "select send/timeout");
  } else if (x < 0.7) {
    const v = L.issue();
    const w = L.issue();
    await runSelect(r, [sendArm(r, ch, v), sendArm(r, rng.pick(r.chans), w), recv(r.ctx.done())], [v, w], "select send/send/ctx");
  } else if (x < 0.78) {
    // Send and receive on one channel: a select never pairs with itself.
    const v = L.issue();
    const arms = [sendArm(r, ch, v), recv(ch, record(r))];
    const extra = escapeArm(r);
    if (extra) arms.push(extra);
    await runSelect(r, arms, [v], "select send/recv same channel");
  } else if (x < 0.88) {
    const [c, cancel] = rng.chance(0.5) ? context.withCancel(r.ctx) : context.withTimeout(r.ctx, shortTimeout(r));
    if (rng.chance(0.2)) cancel();
    const v = L.issue();
    await runSelect(r, [sendArm(r, ch, v), recv(c.done())], [v], "select send/derived ctx");
    cancel();
  } else if (x < 0.94) {
    const v = L.issue();
    const w = L.issue();
    const arms = [sendArm(r, ch, v), sendArm(r, null, w), recv(null)];
    const extra = escapeArm(r);
    if (extra) arms.push(extra);
    await runSelect(r, arms, [v, w], "select with nil arms");
  } else if (x < 0.97) {
    await runtime.gosched();
  } else {
    await time.sleep(0);
  }
}

async function receiverOp(r: Round): Promise<void> {
  const { rng, ledger: L } = r;
  const k = rng.int(r.chans.length);
  const ch = r.chans[k]!;
  if (rng.chance(r.pClose)) return r.cancel();
  const x = rng.next();
  if (x < 0.28) {
    const [v, ok] = await ch.recv();
    if (ok) L.received(v);
  } else if (x < 0.4) {
    const res = ch.tryRecv();
    if (res === undefined) await runtime.gosched();
    else if (res[1]) L.received(res[0]);
  } else if (x < 0.58) {
    const arms: Arm<unknown>[] = [];
    for (let i = 1 + rng.int(3); i > 0; i--) arms.push(recv(rng.pick(r.chans), record(r)));
    const extra = escapeArm(r);
    if (extra) arms.push(extra);
    await runSelect(r, arms, [], "select recv");
  } else if (x < 0.66) {
    // A receiver that also offers a value, maybe on the same channel.
    const v = L.issue();
    await runSelect(r, [recv(ch, record(r)), sendArm(r, rng.pick(r.chans), v)], [v], "select recv/send");
  } else if (x < 0.76) {
    for await (const v of ch) {
      L.received(v);
      if (r.draining || rng.chance(0.3)) break;
    }
  } else if (x < 0.8) {
    await pendingReturn(r, ch);
  } else {
    await runtime.gosched();
  }
}

/**
 * What `Readable.from(ch)` does when destroyed early: the iterator's
 * return() while a next() is pending. Only on a channel that would block
 * right now (tryRecv found nothing), so the pending next() is parked when
 * return() is called, and any value it later resolves with went to a
 * consumer that had already left: lost.
 */
async function pendingReturn(r: Round, ch: Chan<number>): Promise<void> {
  const pre = ch.tryRecv();
  if (pre !== undefined) {
    if (pre[1]) r.ledger.received(pre[0]);
    return;
  }
  const it = ch[Symbol.asyncIterator]();
  const pending = it.next();
  const returned = it.return!();
  r.pendingReturns++;
  pending.then(
    (res) => {
      if (!res.done) r.ledger.receivedByAbandoned(res.value);
    },
    (e: unknown) => note(r, "next() pending at return()", e),
  );
  await returned;
}

function worker(r: Round, name: string, body: () => Promise<void>): Task {
  const fn = async (): Promise<void> => {
    try {
      await body();
    } catch (e) {
      note(r, name, e);
    }
  };
  Object.defineProperty(fn, "name", { value: name });
  return go(fn);
}

const hostSleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

/** Resolves true once every task is done, false after `ms`. */
async function allDone(tasks: Task[], ms: number): Promise<boolean> {
  let done = false;
  const all = Promise.all(tasks.map((t) => t.done)).then(() => (done = true));
  await Promise.race([all, hostSleep(ms)]);
  return done;
}

interface RoundResult {
  tally: Tally;
  ops: number;
  pendingReturns: number;
  stuckClosed: boolean;
  problems: string[];
  hung: boolean;
}

async function runRound(seed: number): Promise<RoundResult> {
  const g = rng(seed);
  const nChans = 1 + g.int(3);
  const chans = Array.from({ length: nChans }, (_, i) => chan<number>(g.pick([0, 0, 0, 1, 2, 3, 8, 64]), { name: `c${i}` }));
  const [ctx, cancel] = g.chance(0.5) ? context.withCancel(context.background()) : context.withTimeout(context.background(), 1 + g.int(30));
  const nSenders = 1 + g.int(4);
  const nReceivers = 1 + g.int(4);
  const budget = 100 + g.int(1500);
  const r: Round = {
    rng: g,
    chans,
    closed: chans.map(() => false),
    ledger: new Ledger(),
    ctx,
    cancel,
    pClose: 0.5 / (nSenders * budget + 1),
    ops: 0,
    draining: false,
    pendingReturns: 0,
    stuckClosed: false,
  };

  const senders: Task[] = [];
  for (let i = 0; i < nSenders; i++) {
    senders.push(
      worker(r, `sender${i}`, async () => {
        for (let j = 0; j < budget && !r.draining; j++) {
          r.ops++;
          await senderOp(r);
        }
      }),
    );
  }
  const receivers: Task[] = [];
  for (let i = 0; i < nReceivers; i++) {
    receivers.push(
      worker(r, `receiver${i}`, async () => {
        while (!r.draining) {
          r.ops++;
          await receiverOp(r);
        }
      }),
    );
  }

  // Wait for the senders. If nothing moves for a host timer's turn, every
  // task is parked (say senders on c0, receivers on c1): closing is then the
  // only way on, and a legitimate outcome the ledger must account for.
  let sendersDone = false;
  const senderEnd = Promise.all(senders.map((t) => t.done)).then(() => {
    sendersDone = true;
  });
  let last = -1;
  while (!sendersDone) {
    await Promise.race([senderEnd, hostSleep(STUCK_MS)]);
    if (r.ops === last && !sendersDone) {
      r.stuckClosed = true;
      break;
    }
    last = r.ops;
  }

  r.draining = true;
  for (let k = 0; k < chans.length; k++) if (!r.closed[k]) closeChan(r, k);
  cancel();
  let hung = false;
  if (!(await allDone([...senders, ...receivers], HANG_MS))) {
    hung = true;
    r.ledger.note(
      `round hung: ${runtime.numGoroutine()} tasks still alive ${HANG_MS} ms after every channel was closed\n` +
        `parked: ${JSON.stringify(runtime.parked())}\n${runtime.stack()}`,
    );
  }
  for (const ch of chans) {
    for (let res = ch.tryRecv(); res !== undefined && res[1]; res = ch.tryRecv()) r.ledger.received(res[0], true);
  }
  return { tally: r.ledger.tally(), ops: r.ops, pendingReturns: r.pendingReturns, stuckClosed: r.stuckClosed, problems: r.ledger.problems, hung };
}

async function run(o: Options, mode: Mode): Promise<Omit<Row, "mode">[]> {
  const total = emptyTally();
  let ops = 0;
  let rounds = 0;
  let stuck = 0;
  let pendingReturns = 0;
  const problems: string[] = [];
  let failedRound = -1;
  let abandonedRound = -1;
  const t0 = performance.now();
  while (ops < o.ops && failedRound < 0) {
    // Rounds run CONCURRENT at a time: while one waits on a timer the
    // others keep the CPU busy, and the runtime serves many channels,
    // tasks and timers at once.
    const first = rounds;
    const batch = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => runRound(deriveSeed(o.seed, first + i))));
    batch.forEach((res, i) => {
      addTally(total, res.tally);
      ops += res.ops;
      pendingReturns += res.pendingReturns;
      if (res.stuckClosed) stuck++;
      const invariantBroken = res.tally.lost + res.tally.duplicated + res.tally.phantom + res.tally.unsettled > 0;
      const other = res.problems.filter((p) => !p.includes("iterator's next() left pending"));
      if ((invariantBroken || other.length > 0 || res.hung) && failedRound < 0) {
        failedRound = first + i;
        problems.push(`round ${first + i} (seed ${deriveSeed(o.seed, first + i)}):`, ...other.slice(0, 10));
      }
      if (res.tally.lostToAbandonedIterator > 0 && abandonedRound < 0) abandonedRound = first + i;
    });
    rounds += CONCURRENT;
    if (failedRound >= 0) break; // a hung round's tasks are still around: later rounds would not be clean
    // Every task finished and every channel is closed: nothing may be left
    // in the registry (for-await iterators and withdrawn arms included).
    const parked = runtime.parked().length;
    const live = runtime.numGoroutine();
    if (parked !== 0 || live !== 0) {
      failedRound = first;
      problems.push(`registry after rounds ${first}-${rounds - 1}: ${live} tasks, ${parked} parked operations (want 0, 0)`, runtime.stack());
    }
  }
  const secs = (performance.now() - t0) / 1000;
  const opsVar = mode === "traced" ? "STRESS_OPS_TRACED" : "STRESS_OPS";
  const replay = `replay: STRESS_SEED=${o.seed} ${opsVar}=${o.ops} STRESS_MODES=${mode} STRESS_ONLY=no-loss npm run stress`;
  const M = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n));
  const mainPass = failedRound < 0;
  return [
    {
      check: "no-loss",
      name: "randomized channel operations",
      figure:
        `${M(ops)} ops, ${rounds} rounds (${stuck} closed while all parked), ${secs.toFixed(1)} s: ${M(total.sent)} values, ${M(total.received)} received ` +
        `(${M(total.leftInBuffer)} left in buffers), ${M(total.rejected)} rejected, ${M(total.notChosen)} not chosen; ` +
        `lost ${total.lost}, duplicated ${total.duplicated}, phantom ${total.phantom}, unsettled ${total.unsettled}`,
      pass: mainPass,
      detail: mainPass ? undefined : `${problems.join("\n")}\n${replay}`,
    },
    {
      check: "no-loss",
      name: "iterator return() while next() pending",
      figure: `${M(pendingReturns)} times: ${total.lostToAbandonedIterator} values lost to the abandoned next()`,
      pass: total.lostToAbandonedIterator === 0 && pendingReturns > 0,
      detail:
        total.lostToAbandonedIterator === 0
          ? pendingReturns > 0
            ? undefined
            : "never exercised"
          : `first in round ${abandonedRound}: a value sent after return() resolved the next() that was pending when return() was called (issue 14 item 7)\n${replay}`,
    },
  ];
}

export const cases: Case[] = [
  {
    check: "no-loss",
    name: "randomized channel operations",
    // About 0.3 M ops/s traced at worst, plus room for a slow machine.
    timeoutMs: (o) => 60_000 + o.ops / 50,
    run,
  },
];
