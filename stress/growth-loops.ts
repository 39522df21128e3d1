// The loop shapes of the no-growth check: hot loops a long-running server
// runs forever. Each keeps its long-lived objects in a state made by
// `setup`, runs `n` iterations at a time, and names the internal figures
// that must stay flat (see nogrowth.ts for how they are compared).
import { chan, context, go, otherwise, recv, runtime, select, send, time, type Chan, type Task } from "../src/index.js";
import { contextChildren, queueSlots } from "./internals.js";

export interface GrowthLoop<S = any> {
  name: string;
  setup(): Promise<S>;
  run(s: S, n: number): Promise<void>;
  /** Loop-specific figures, read after a batch of iterations. */
  probe(s: S): Record<string, number>;
  /** Wait this long before measuring: deadlines armed by the loop pass. */
  settleMs?: number;
  /**
   * Figures bounded by time, not by iterations (deadlines counted until
   * they pass): their peak follows the loop's speed, which the machine's
   * load sets, so only their settled value is compared.
   */
  timeBounded?: string[];
  teardown(s: S): Promise<void>;
}

/** A task that keeps sending on an unbuffered channel until `ctx` is done. */
function producer(busy: Chan<number>, ctx: context.Context): Task {
  return go(async function producer() {
    for (let i = 0; ; i++) {
      const stop = await select(
        send(busy, i, () => false),
        recv(ctx.done(), () => true),
      );
      if (stop) return;
    }
  });
}

interface Busy {
  busy: Chan<number>;
  ctx: context.Context;
  cancel: () => void;
  producer: Task;
}

async function busySetup(): Promise<Busy> {
  const busy = chan<number>(0, { name: "busy" });
  const [ctx, cancel] = context.withCancel(context.background());
  return { busy, ctx, cancel, producer: producer(busy, ctx) };
}

async function busyTeardown(s: Busy): Promise<void> {
  s.cancel();
  await s.producer.done;
}

const selectCtxBusy: GrowthLoop<Busy> = {
  name: "select over ctx.done() and a busy channel",
  setup: busySetup,
  async run(s, n) {
    // The consumer often arrives before the producer, so the select parks on
    // both arms and its ctx.done() arm is withdrawn when busy wins.
    for (let i = 0; i < n; i++) await select(recv(s.busy), recv(s.ctx.done()));
  },
  probe: (s) => ({ "ctx.done() queue slots": queueSlots(s.ctx.done(), "recvq") }),
  teardown: busyTeardown,
};

const selectAfter: GrowthLoop<Busy> = {
  name: "select with time.after in a loop",
  setup: busySetup,
  async run(s, n) {
    for (let i = 0; i < n; i++) await select(recv(s.busy), recv(time.after(20)));
  },
  probe: () => ({}),
  // Abandoned time.after deadlines are counted until they pass (API.md).
  settleMs: 40,
  timeBounded: ["timers"],
  teardown: busyTeardown,
};

interface Withdrawals extends Busy {
  other: Chan<number>;
  never: Chan<number>;
  neverTaken: Chan<number>;
  producer2: Task;
}

const withdrawals: GrowthLoop<Withdrawals> = {
  name: "repeated select withdrawals",
  async setup() {
    const b = await busySetup();
    const other = chan<number>(0, { name: "other" });
    return {
      ...b,
      other,
      never: chan<number>(0, { name: "never" }),
      neverTaken: chan<number>(0, { name: "neverTaken" }),
      producer2: producer(other, b.ctx),
    };
  },
  async run(s, n) {
    // Four arms; two of them never ready (a receive nobody sends to, a send
    // nobody takes), withdrawn every time one of the busy arms wins.
    for (let i = 0; i < n; i++) {
      await select(recv(s.busy), recv(s.other), recv(s.never), send(s.neverTaken, i));
    }
  },
  probe: (s) => ({
    "never recv queue slots": queueSlots(s.never, "recvq"),
    "neverTaken send queue slots": queueSlots(s.neverTaken, "sendq"),
  }),
  async teardown(s) {
    s.cancel();
    await Promise.all([s.producer.done, s.producer2.done]);
  },
};

interface Tickers {
  long: time.Ticker;
}

const tickers: GrowthLoop<Tickers> = {
  name: "tickers and timers reset/stopped in a loop",
  async setup() {
    return { long: time.newTicker(time.Hour) };
  },
  async run(s, n) {
    for (let i = 0; i < n; i++) {
      s.long.reset(time.Hour + (i % 7));
      const t = time.newTicker(time.Second);
      t.reset(2 * time.Second);
      t.stop();
      const tm = time.newTimer(time.Second);
      tm.reset(time.Second / 2);
      await select(recv(tm.c), otherwise());
      tm.stop();
      time.afterFunc(time.Second, () => {}).stop();
    }
  },
  probe: () => ({}),
  async teardown(s) {
    s.long.stop();
  },
};

interface Contexts {
  parent: context.Context;
  cancel: () => void;
}

const contexts: GrowthLoop<Contexts> = {
  name: "contexts created and cancelled in a loop",
  async setup() {
    const [parent, cancel] = context.withCancel(context.background());
    return { parent, cancel };
  },
  async run(s, n) {
    for (let i = 0; i < n; i++) {
      const [c1, cancel1] = context.withCancel(s.parent);
      c1.done();
      cancel1();
      const [c2, cancel2] = context.withTimeout(s.parent, time.Second);
      await select(recv(c2.done()), otherwise());
      const stop = context.afterFunc(c2, () => {});
      stop();
      cancel2();
      // A deadline already past cancels at once: nothing may stay linked.
      const [, cancel3] = context.withTimeout(s.parent, 0);
      cancel3();
      if ((i & 63) === 0) await runtime.gosched();
    }
  },
  probe: (s) => ({ "parent's children": contextChildren(s.parent) }),
  async teardown(s) {
    s.cancel();
  },
};

export const LOOPS: GrowthLoop[] = [selectCtxBusy, selectAfter, withdrawals, tickers, contexts];
