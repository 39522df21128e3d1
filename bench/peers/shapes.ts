// Shared measuring code for the select and memory shapes, so that the
// library, the raw floor and every peer are measured the same way. The
// throughput shapes (ping-pong, buffered, fan-in) stay written out per
// implementation on purpose: their loops are what is timed, and a shared
// driver would put an adapter call (megamorphic across implementations) on
// every operation, taxing the fastest implementations most.

import { check, forceGc, heapUsed, macroturn, type Sample } from "../harness.js";
import { HostTimers } from "../hosttimers.js";
import { now, sumTo } from "./types.js";

export interface SelectSink {
  value(v: number): void;
  timer(): void;
}

/**
 * `loop` runs n iterations of: trySend(i) into a channel of capacity 1, then
 * select between receiving it and a 1 s timeout, reporting the arm taken to
 * the sink. Host timers are counted around the loop; `outstanding` says how
 * many timeouts are still pending (default: host timers still armed), which
 * heap growth is divided by.
 */
export async function measureSelect(
  n: number,
  what: string,
  loop: (sink: SelectSink) => Promise<void>,
  outstanding?: () => number,
): Promise<Sample> {
  let sum = 0;
  let fromCh = 0;
  let fromTimer = 0;
  const sink: SelectSink = {
    value(v) {
      sum += v;
      fromCh++;
    },
    timer() {
      fromTimer++;
    },
  };
  forceGc();
  const h0 = heapUsed();
  const timers = new HostTimers().install();
  let ms: number;
  let left: number;
  let out: number;
  try {
    const t0 = now();
    await loop(sink);
    ms = now() - t0;
    left = timers.count();
    out = outstanding ? outstanding() : left;
  } finally {
    timers.restore();
  }
  check(fromCh === n && sum === sumTo(n) && fromTimer === 0, `${what}: ch arm ${fromCh}, sum ${sum}, timer arm ${fromTimer}`);
  forceGc();
  const grown = heapUsed() - h0;
  const extra: Record<string, number> = { hostTimersLeft: left, hostTimerCalls: timers.calls, bytesPerIter: grown / n, ms };
  if (out > 0) extra.bytesPerOutstanding = grown / out;
  extra.outstanding = out;
  return { value: (n / ms) * 1000, extra };
}

export interface Parked {
  /** Wake every parked task (close its channel, or send). */
  release(): void;
  /** Resolves once every task has finished. */
  done: Promise<void>;
  /** Throws unless every task saw what it should. */
  verify(): void;
  /** Optional: throws unless all k are parked now. */
  parkedNow?(): void;
  /** Optional: resolves once every task has been started. */
  started?: Promise<void>;
}

/**
 * Heap bytes per parked task: `park` starts k tasks that each block on a
 * receive; measured after they have all parked and a full GC; then released
 * and verified.
 */
export async function measureParked(k: number, park: () => Parked, settle = 1): Promise<Sample> {
  forceGc();
  const h0 = heapUsed();
  const p = park();
  if (p.started) await p.started;
  for (let i = 0; i < settle; i++) await macroturn();
  forceGc();
  const bytes = (heapUsed() - h0) / k;
  p.parkedNow?.();
  p.release();
  await p.done;
  await macroturn();
  p.verify();
  return { value: bytes };
}
