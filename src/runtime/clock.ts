import { currentBubble } from "./bubble-link.js";
import { hostClearTimeout, hostSetTimeout, macrotask, monotonicNow, type HostTimer } from "./host.js";
import { outsideTasks } from "./trace.js";

/**
 * The clock behind the timer heap: real time from the host, or a virtual
 * clock inside a synctest bubble. The heap never asks the host directly.
 *
 * Users read times as milliseconds since the epoch (`now`); the heap counts
 * deadlines in the clock's own unit, its *instants*, so that a virtual clock
 * can keep them exact. A duration enters a deadline through `span`, a user's
 * Time through `instantOf`, and a deadline leaves as a Time through
 * `timeOf`. The real clock's instant is its millisecond: every conversion
 * is the identity, and the production path does no extra arithmetic. A
 * bubble's instant is a whole nanosecond since the bubble started (see
 * VirtualClock), so sums of durations are as exact there as in Go.
 */
export interface Clock {
  /** Milliseconds since the epoch: the time users see. */
  now(): number;
  /** The current instant, in the unit of the heap's deadlines. */
  instant(): number;
  /**
   * The length of a duration of `ms` in instants. A positive duration
   * stays positive: a ticker's period never rounds to zero, so every tick
   * moves its deadline forward.
   */
  span(ms: number): number;
  /** The Time (ms since the epoch) of instant `i`. */
  timeOf(i: number): number;
  /** The instant of Time `t` (ms since the epoch). */
  instantOf(t: number): number;
  /** Call `cb` once, `wait` instants from now. The heap keeps at most one armed. */
  arm(cb: () => void, wait: number): HostTimer;
  disarm(h: HostTimer): void;
  /** Whether an armed host timer keeps the process alive. */
  setRef(h: HostTimer, ref: boolean): void;
}

const sameNumber = (x: number): number => x;

export const realClock: Clock = {
  now: monotonicNow,
  instant: monotonicNow,
  span: sameNumber,
  timeOf: sameNumber,
  instantOf: sameNumber,
  // Armed outside every task, whatever the caller's (see outsideTasks).
  arm: (cb, ms) => outsideTasks(hostSetTimeout, cb, ms),
  disarm: (h) => hostClearTimeout(h),
  setRef(h, ref) {
    if (ref) h.ref?.();
    else h.unref?.();
  },
};

let turnNow = 0;
/** The turn's tick; -1 once the turn is over, until the clock is read again. */
let turnTick = -1;

// The registry's `since` of an untraced park is kept as whole milliseconds
// after TICK_BASE: a small integer that V8 stores inside the record, where a
// fractional epoch time would cost every parked operation a separate 16-byte
// heap number.
const TICK_BASE = realClock.now();
const endTurn = (): void => {
  turnTick = -1;
};

/**
 * The real clock read at most once per host turn: never ahead of
 * `realClock.now()`, behind it by at most the current turn (a fairness
 * window, unless user code runs long without awaiting). Reading a clock
 * is a call into the host, dear beside a channel operation, so hot paths
 * that can be a turn late use this: the registry's `since`, and lazy timers deciding
 * whether their deadline has passed.
 */
export function coarseRealNow(): number {
  if (turnTick < 0) readTurn();
  return turnNow;
}

/** {@link coarseRealNow} as whole milliseconds after a fixed base, rounded down; {@link tickTime} converts back. */
export function coarseRealTick(): number {
  const t = turnTick;
  return t >= 0 ? t : readTurn();
}

/** The real clock's time of a {@link coarseRealTick} reading. */
export function tickTime(tick: number): number {
  return TICK_BASE + tick;
}

function readTurn(): number {
  turnNow = realClock.now();
  turnTick = Math.floor(turnNow - TICK_BASE);
  macrotask(endTurn);
  return turnTick;
}

let current: Clock = realClock;

/** The clock of the running code: its bubble's, else the program's. */
export function clock(): Clock {
  return currentBubble()?.clock ?? current;
}

export function setClock(c: Clock): Clock {
  const prev = current;
  current = c;
  return prev;
}
