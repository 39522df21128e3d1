import { Chan, keepChanLayout, type RecvChan } from "../chan/chan.js";
import type { QueueWatcher } from "../chan/waiter.js";
import { currentBubble, type BubbleLink } from "../runtime/bubble-link.js";
import { yieldDue } from "../runtime/fairness.js";
import { Panic } from "../runtime/panic.js";
import { markResumed, parkCurrent, type Task } from "../runtime/registry.js";
import { addKeepAlive } from "../runtime/keepalive.js";
import { trace } from "../runtime/trace.js";
import { checkTaskFunction } from "../runtime/receiver.js";
import { ready, type Resumable } from "../runtime/scheduler.js";
import { go } from "../runtime/task.js";
import { checkDuration, describe } from "../runtime/validate.js";
import type { HeapTimer } from "./heap.js";
import { nextTick, timers, type Timers } from "./timers.js";

/**
 * Durations are numbers of milliseconds, so Go reads literally:
 * `5 * time.Second`. A nanosecond is 1e-6 ms; host timers resolve about a
 * millisecond, so on the real clock sub-millisecond durations exist for
 * arithmetic and fire as soon as the host can. In a synctest bubble every
 * duration counts to the nanosecond: `time.sleep(5 * time.Second -
 * time.Nanosecond)` ends one nanosecond before a 5 s timeout.
 *
 * ```ts
 * const d = 250 * time.Nanosecond // d := 250 * time.Nanosecond
 * ```
 */
export const Nanosecond = 1e-6;
/**
 * One microsecond: 1e-3 ms.
 *
 * ```ts
 * const d = 100 * time.Microsecond // d := 100 * time.Microsecond
 * ```
 */
export const Microsecond = 1e-3;
/**
 * One millisecond: the unit every duration in this library is counted in.
 *
 * ```ts
 * await time.sleep(10 * time.Millisecond) // time.Sleep(10 * time.Millisecond)
 * ```
 */
export const Millisecond = 1;
/**
 * One second: 1000 ms.
 *
 * ```ts
 * const [ctx, cancel] = context.withTimeout(parent, 5 * time.Second) // ctx, cancel := context.WithTimeout(parent, 5*time.Second)
 * ```
 */
export const Second = 1000;
/**
 * One minute: 60 000 ms.
 *
 * ```ts
 * const t = time.newTicker(time.Minute) // t := time.NewTicker(time.Minute)
 * ```
 */
export const Minute = 60 * Second;
/**
 * One hour: 3 600 000 ms.
 *
 * ```ts
 * const deadline = time.now() + 2 * time.Hour // deadline := time.Now().Add(2 * time.Hour)
 * ```
 */
export const Hour = 60 * Minute;

/** Nothing to come: fired and received, or stopped (a fired value may still sit in the buffer). */
const IDLE = 0;
/** Deadline counted but not in the heap: nobody waits on the channel. */
const LAZY = 1;
/** In the timer heap: a receiver waits, or it is a ticker. */
const ARMED = 2;

/**
 * A timer's channel, Go 1.23 style: it reports len and cap 0, holds at most
 * one prepared value, and stop/reset discard a value not yet received, so
 * no stale tick is ever received after they return. The channel is itself
 * the heap entry.
 *
 * A one-shot timer enters the heap only while a receiver waits on it; until
 * then its deadline is merely counted, and a receive after the deadline
 * finds the value ready. So `time.after` in a loop costs a channel that is
 * garbage once its select is decided, and 8 bytes until its deadline, as Go
 * 1.23 collects unreferenced timers; `runtime.numTimers()` still counts it.
 *
 * @internal
 */
export class TimerChan extends Chan<number> implements HeapTimer, QueueWatcher {
  when = 0;
  seq = 0;
  index = -1;
  private state = IDLE;

  constructor(
    readonly owner: Timers,
    /** 0 for a one-shot timer, else the ticker's interval, in the owner's instants (see Clock.span). */
    public period: number,
  ) {
    super(1);
    this.watcher = this;
  }

  override get len(): number {
    return 0;
  }

  override get cap(): number {
    return 0;
  }

  fire(now: number): void {
    if (this.period === 0) this.state = IDLE;
    // A ticker's tick is dropped while the previous one is unread, as in Go.
    if (this.count === 0) this.giveNow(this.owner.clock.timeOf(now));
    if (this.period > 0) {
      const next = nextTick(this.when, this.period, now);
      if (next < Infinity) this.owner.add(this, next);
      else this.state = IDLE;
    }
  }

  /** Disarm and drop any prepared value; true if the value was still to come. */
  disarm(): boolean {
    let active = false;
    if (this.state === ARMED) active = this.owner.remove(this);
    else if (this.state === LAZY) {
      this.owner.deadlines.cancel(this.when);
      active = true;
    }
    this.state = IDLE;
    return this.drain() > 0 || active;
  }

  /** Fire `ms` from now: a duration, counted in the owner's instants from here on. */
  arm(ms: number): void {
    const now = this.owner.instant();
    if (ms <= 0) {
      this.when = now;
      this.fire(now);
      return;
    }
    this.when = now + this.owner.clock.span(ms);
    if (this.period > 0 || this.recvWaiters() > 0) {
      this.state = ARMED;
      this.owner.add(this, this.when);
    } else {
      this.state = LAZY;
      this.owner.deadlines.add(this.when, now);
    }
  }

  /** A lazy timer's value appears when someone looks after its deadline. */
  private ripen(): void {
    if (this.state === LAZY && this.owner.coarseInstant() >= this.when) {
      this.state = IDLE;
      this.giveNow(this.owner.clock.timeOf(this.when));
    }
  }

  /** @internal */
  override canRecv(): boolean {
    this.ripen();
    return super.canRecv();
  }

  /** @internal */
  override takeNow(): boolean {
    this.ripen();
    return super.takeNow();
  }

  /** @internal Its receivers keep the process alive; the first one needs the timer to fire. */
  receiverParked(waiting: number): void {
    addKeepAlive(1);
    if (waiting === 1 && this.state === LAZY) {
      this.state = ARMED;
      this.owner.deadlines.cancel(this.when);
      this.owner.add(this, this.when);
    }
  }

  /** @internal The last receiver leaving before the timer fired puts it back to counting. */
  receiverLeft(waiting: number): void {
    addKeepAlive(-1);
    if (waiting === 0 && this.state === ARMED && this.period === 0 && this.owner.remove(this)) {
      this.state = LAZY;
      this.owner.deadlines.add(this.when, this.owner.instant());
    }
  }
}

/** Go's rule: a bubble's timer is stopped and reset only from inside that bubble. */
function checkTimerBubble(bubble: BubbleLink | null, op: "stop" | "reset"): void {
  if (bubble !== null && currentBubble() !== bubble) throw new Panic(`${op} of synctest timer from outside bubble`);
}

/** A timer channel firing `ms` from now, then every `period` ms if positive. */
function newTimerChan(ms: number, period: number): TimerChan {
  const owner = timers();
  const c = new TimerChan(owner, period > 0 ? owner.clock.span(period) : 0);
  c.arm(ms);
  return c;
}

// A timer channel's deadline on the real clock is a fractional number of
// milliseconds, so the anchor holds one (see runtime/layouts.ts).
keepChanLayout(() => {
  const c = new TimerChan(timers(), 0);
  c.when = 0.5;
  return c;
});

/**
 * Go's `*time.Timer`, made by {@link newTimer}. It follows Go 1.23: its
 * channel is unbuffered as far as `len`/`cap` show, and after `stop` or
 * `reset` returns no stale value can be received, so there is no need to
 * drain `c` first.
 *
 * ```ts
 * const t = time.newTimer(time.Second); await select(recv(t.c), recv(done)); t.stop() // t := time.NewTimer(time.Second); defer t.Stop()
 * ```
 */
export class Timer {
  /** @internal */
  constructor(private readonly chan: TimerChan) {}

  /**
   * The channel on which the time (runtime clock, ms since the epoch) is
   * delivered when the timer fires.
   *
   * ```ts
   * const [firedAt] = await t.c.recv() // firedAt := <-t.C
   * ```
   */
  get c(): RecvChan<number> {
    return this.chan;
  }

  /**
   * Prevent the timer from firing. True if its value had not been received
   * yet (it never will be); false if it was received or already stopped.
   *
   * ```ts
   * if (t.stop()) log("cancelled before it fired") // if t.Stop() { ... }
   * ```
   */
  stop(): boolean {
    checkTimerBubble(this.chan.bubble, "stop");
    return this.chan.disarm();
  }

  /**
   * Re-arm to fire `ms` from now; returns what {@link stop} would have. A
   * value from the old deadline that was not received is discarded.
   *
   * ```ts
   * t.reset(idleTimeout) // t.Reset(idleTimeout)
   * ```
   */
  reset(ms: number): boolean {
    checkDuration(ms, "Timer.reset");
    checkTimerBubble(this.chan.bubble, "reset");
    const active = this.chan.disarm();
    this.chan.arm(ms);
    return active;
  }
}

/**
 * Go's `*time.Ticker`, made by {@link newTicker}. Its channel holds at most
 * one tick: a receiver that falls behind misses ticks rather than queueing
 * them, and the next tick keeps to the original phase. Stop it when done, or
 * it stays in the timer heap.
 *
 * ```ts
 * const t = time.newTicker(time.Second); try { for await (const now of t.c) poll(now) } finally { t.stop() } // defer t.Stop(); for now := range t.C
 * ```
 */
export class Ticker {
  /** @internal */
  constructor(private readonly chan: TimerChan) {}

  /**
   * The channel on which ticks (the runtime clock, ms since the epoch) are
   * delivered. It is never closed, not even by `stop`.
   *
   * ```ts
   * await select(recv(t.c, () => poll()), recv(ctx.done())) // case <-t.C: poll() case <-ctx.Done():
   * ```
   */
  get c(): RecvChan<number> {
    return this.chan;
  }

  /**
   * Turn the ticker off; no tick is received after this returns.
   *
   * ```ts
   * t.stop() // t.Stop()
   * ```
   */
  stop(): void {
    checkTimerBubble(this.chan.bubble, "stop");
    this.chan.disarm();
  }

  /**
   * Stop, then tick every `ms` from now; panics for `ms <= 0`.
   *
   * ```ts
   * t.reset(5 * time.Second) // t.Reset(5 * time.Second)
   * ```
   */
  reset(ms: number): void {
    checkTickerInterval(ms, "Ticker.Reset");
    checkTimerBubble(this.chan.bubble, "reset");
    this.chan.disarm();
    this.chan.period = this.chan.owner.clock.span(ms);
    this.chan.arm(ms);
  }
}

function checkTickerInterval(ms: number, go: string): void {
  checkDuration(ms, go);
  if (ms <= 0) throw new Panic(`non-positive interval for ${go}`);
}

/**
 * A timer that delivers the time on its channel once, after `ms`.
 *
 * ```ts
 * const t = time.newTimer(30 * time.Second) // t := time.NewTimer(30 * time.Second)
 * ```
 */
export function newTimer(ms: number): Timer {
  checkDuration(ms, "time.newTimer");
  return new Timer(newTimerChan(ms, 0));
}

/**
 * A channel that receives the time once, after `ms`.
 *
 * ```ts
 * await select(recv(ch), recv(time.after(500 * time.Millisecond))) // case <-time.After(500 * time.Millisecond):
 * ```
 */
export function after(ms: number): RecvChan<number> {
  checkDuration(ms, "time.after");
  return newTimerChan(ms, 0);
}

/**
 * A ticker delivering the time every `ms`; panics for `ms <= 0`.
 *
 * ```ts
 * const t = time.newTicker(time.Second) // t := time.NewTicker(time.Second)
 * ```
 */
export function newTicker(ms: number): Ticker {
  checkTickerInterval(ms, "NewTicker");
  return new Ticker(newTimerChan(ms, ms));
}

/**
 * What {@link tick} returns for a duration of type `D`: a channel for a
 * positive literal (`time.tick(time.Second)`), null for zero or a negative
 * literal, and either for a computed number, whose sign only the run knows.
 *
 * ```ts
 * const c: TickChan<1000> = time.tick(time.Second) // c := time.Tick(time.Second)
 * ```
 */
export type TickChan<D extends number> = number extends D ? RecvChan<number> | null : `${D}` extends `-${string}` | "0" ? null : RecvChan<number>;

/**
 * The channel of a ticker that can never be stopped; null (a nil channel)
 * for `ms <= 0`. A positive literal duration types the result as a channel,
 * not null.
 *
 * ```ts
 * for await (const t of time.tick(time.Second)) {} // for t := range time.Tick(time.Second)
 * ```
 */
export function tick<D extends number>(ms: D): TickChan<D>;
export function tick(ms: number): RecvChan<number> | null {
  checkDuration(ms, "time.tick");
  return ms <= 0 ? null : newTicker(ms).c;
}

/** The entry of an {@link afterFunc} timer: starts `fn` as a task when due. */
class FuncTimer implements HeapTimer {
  when = 0;
  seq = 0;
  index = -1;
  readonly bubble = currentBubble();
  constructor(
    readonly owner: Timers,
    private readonly fn: () => unknown,
  ) {}
  fire(): void {
    go(this.fn);
  }
}

/**
 * The timer of {@link afterFunc}: its `c` is null, as in Go. `stop` and
 * `reset` act on the call still to come; a task already started by the
 * timer runs on.
 *
 * ```ts
 * const t = time.afterFunc(time.Second, flush); t.stop() // t := time.AfterFunc(time.Second, flush); t.Stop()
 * ```
 */
export class FuncTimerHandle {
  /** Always null: an afterFunc timer delivers nothing on a channel (Go's `t.C` is nil). */
  readonly c = null;
  /** @internal */
  constructor(private readonly entry: FuncTimer) {}
  /**
   * True if this stopped the call before it started.
   *
   * ```ts
   * if (!t.stop()) await finished // if !t.Stop() { <-finished }
   * ```
   */
  stop(): boolean {
    checkTimerBubble(this.entry.bubble, "stop");
    return this.entry.owner.remove(this.entry);
  }
  /**
   * Call `fn` `ms` from now instead; true if the timer had been armed. After
   * it fired or was stopped, this schedules `fn` again.
   *
   * ```ts
   * t.reset(time.Second) // t.Reset(time.Second)
   * ```
   */
  reset(ms: number): boolean {
    checkDuration(ms, "AfterFunc Timer.reset");
    checkTimerBubble(this.entry.bubble, "reset");
    const owner = this.entry.owner;
    const active = owner.remove(this.entry);
    owner.add(this.entry, owner.after(ms));
    return active;
  }
}

/**
 * Start `fn` as a task after `ms`.
 *
 * ```ts
 * const t = time.afterFunc(time.Second, () => cancel()) // t := time.AfterFunc(time.Second, cancel)
 * ```
 */
export function afterFunc(ms: number, fn: () => unknown): FuncTimerHandle {
  checkDuration(ms, "time.afterFunc");
  checkTaskFunction(fn, "time.afterFunc");
  const owner = timers();
  const entry = new FuncTimer(owner, fn);
  owner.add(entry, owner.after(ms));
  return new FuncTimerHandle(entry);
}

/** One task in `sleep`: a heap entry that resumes it through the scheduler seam. */
class Sleeper implements HeapTimer, Resumable {
  when = 0;
  seq = 0;
  index = -1;
  constructor(
    private readonly owner: Timers,
    private readonly resolve: () => void,
    private readonly task: Task | null,
  ) {}
  fire(): void {
    this.owner.sleepers--;
    this.owner.updateRef();
    this.task?.wake();
    ready(this);
  }
  resume(): void {
    this.resolve();
  }
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Pause the current task for `ms`; zero or negative returns at once.
 *
 * ```ts
 * await time.sleep(2 * time.Second) // time.Sleep(2 * time.Second)
 * ```
 */
export function sleep(ms: number): Promise<void> {
  checkDuration(ms, "time.sleep");
  // Returns at once, as Go's does, yet counts toward the fairness yield: a
  // `sleep(0)` loop must not starve the timers it seems to wait for.
  if (ms <= 0) return yieldDue() ?? RESOLVED;
  const owner = timers();
  const p = new Promise<void>((resolve) => {
    const s = new Sleeper(owner, resolve, parkCurrent("sleep"));
    owner.sleepers++;
    owner.add(s, owner.after(ms));
    owner.updateRef();
  });
  return trace.on ? p.then(markResumed) : p;
}

/**
 * The runtime clock: milliseconds since the epoch (virtual inside a synctest bubble).
 *
 * ```ts
 * const start = time.now() // start := time.Now()
 * ```
 */
export function now(): number {
  return timers().now();
}

/**
 * Milliseconds elapsed since `t`.
 *
 * ```ts
 * log(time.since(start)) // time.Since(start)
 * ```
 */
export function since(t: number): number {
  checkTime(t, "time.since");
  return timers().now() - t;
}

/**
 * Milliseconds until `t`: negative once it has passed.
 *
 * ```ts
 * await time.sleep(time.until(deadline)) // time.Sleep(time.Until(deadline))
 * ```
 */
export function until(t: number): number {
  checkTime(t, "time.until");
  return t - timers().now();
}

/** A Time is a finite number of ms since the epoch, as {@link now} returns; anything else would make the result NaN. */
function checkTime(t: unknown, what: string): asserts t is number {
  if (typeof t !== "number") throw new TypeError(`${what}: expected a Time (ms since the epoch, as time.now() returns), got ${describe(t)}`);
  if (!Number.isFinite(t)) throw new RangeError(`${what}: expected a finite Time (ms since the epoch), got ${t}`);
}
