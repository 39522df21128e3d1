import { CHAN_BRAND, Chan, taken, type RecvChan, type RecvResult, type SendChan } from "../chan/chan.js";
import { RECV, SEND, Waiter, chanRef, type Selection } from "../chan/waiter.js";
import { afterYield, yieldDue } from "../runtime/fairness.js";
import { Panic, SEND_ON_CLOSED } from "../runtime/panic.js";
import { Parked, markResumed, registerParked, registerUnqueued, unregisterParked, type ChanRef, type Listed, type TrackedChan } from "../runtime/registry.js";
import { scheduler } from "../runtime/scheduler.js";
import { settleableInto } from "../runtime/pending.js";
import { trace } from "../runtime/trace.js";
import { describe } from "../runtime/validate.js";
import { keepLayout } from "../runtime/layouts.js";

const OTHERWISE = 2;

/**
 * The result type of an arm: what its body returns (undefined without one).
 * {@link select} resolves to the union of its arms' ArmResults.
 *
 * ```ts
 * type R = ArmResult<Arm<number>> // number, the type a `case` body produces
 * ```
 */
export type ArmResult<A> = A extends Arm<infer R> ? R : never;
type Dir = typeof SEND | typeof RECV | typeof OTHERWISE;

/**
 * What a receive arm that won tells the code after a select of named cases
 * (see {@link select}): the value and `ok: true`, or `value: undefined` and
 * `ok: false` once the channel is closed and drained. Checking `ok` narrows
 * `value` to `T`, as Go's comma-ok form tells a value from a close.
 *
 * ```ts
 * const s = await select({ job: recv(jobs) }); if (s.ok) handle(s.value) // case job, ok := <-jobs: if ok { handle(job) }
 * ```
 */
export type Received<T> = { readonly value: T; readonly ok: true } | { readonly value: undefined; readonly ok: false };

/**
 * The cases of a select that names them: each key is a case's name, each
 * value an arm without a body (the code after the await is the body).
 *
 * ```ts
 * const cases: Cases = { update: recv(updates), done: recv(ctx.done()) } // select { case u := <-updates: case <-ctx.Done(): }
 * ```
 */
export type Cases = { readonly [name: string]: Arm<undefined, unknown> };

/**
 * One member of {@link Selected}: case `K` won, and its arm tells `C`, a
 * receive's {@link Received} value and ok (nothing for a send or default).
 *
 * ```ts
 * type Got = SelectedCase<"job", Received<number>> // { case: "job", value: number, ok: true } | { case: "job", value: undefined, ok: false }
 * ```
 */
export type SelectedCase<K, C> = C extends { readonly value: infer V; readonly ok: infer O }
  ? { readonly case: K; readonly value: V; readonly ok: O }
  : { readonly case: K };

/**
 * What `await select({ ...cases })` resolves to: which case won, by name,
 * and for a receive what it received. A union discriminated by `case`, so a
 * `switch (s.case)` gives each branch its own type, and checking `s.ok` in a
 * receive's branch narrows `s.value` to the channel's element type.
 *
 * ```ts
 * const s: Selected<{ v: Arm<undefined, Received<number>>; quit: Arm<undefined> }> = await select({ v: recv(nums), quit: recv(quit) })
 * ```
 */
export type Selected<M> = {
  [K in keyof M]: M[K] extends Arm<unknown, infer C> ? SelectedCase<K extends number ? `${K}` : K, C> : never;
}[keyof M];

/**
 * One arm of a {@link select}: made by {@link recv}, {@link send} or
 * {@link otherwise}. Awaiting an arm by itself is a mistake (`await
 * recv(ch)` looks like a receive but is not one): it rejects with a
 * TypeError saying so, and its awaited type is `never`.
 *
 * An arm only describes a case: nothing happens until a select commits it,
 * and an arm that loses moves no value.
 *
 * `R` is what its body returns; `C` is what it tells a select of named
 * cases: a receive arm's {@link Received} value and ok (`unknown`, nothing,
 * for a send or default arm). `C` exists only in the types.
 *
 * ```ts
 * const arms = [recv(in1, (v) => v), recv(in2, (v) => v)]; await select(...arms) // select { case v := <-in1: case v := <-in2: }
 * ```
 */
export class Arm<R, C = unknown> {
  /** @internal */ readonly dir: Dir;
  /** @internal */ readonly ch: Chan<unknown> | null;
  /** @internal */ readonly value: unknown;
  /** The arm's body: what runs if it wins (its result type is the select's). */
  readonly body: ((...args: never[]) => R | Promise<R>) | undefined;

  /** @internal */
  constructor(dir: Dir, ch: Chan<unknown> | null, value: unknown, body: ((...args: never[]) => R | Promise<R>) | undefined) {
    this.dir = dir;
    this.ch = ch;
    this.value = value;
    this.body = body;
  }

  /** Rejects: an arm does nothing outside a select. */
  then<A = never, B = never>(
    onfulfilled?: ((value: never) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B> {
    const what =
      this.dir === RECV
        ? "recv(ch) is a select arm, not a receive: use `await ch.recv()` or `await select(recv(ch, ...))`"
        : this.dir === SEND
          ? "send(ch, v) is a select arm, not a send: use `await ch.send(v)` or `await select(send(ch, v))`"
          : "otherwise() is only meaningful inside select(...)";
    return Promise.reject(new TypeError(what)).then(onfulfilled, onrejected);
  }
}

/**
 * Two copies of the library keep two runtimes (schedulers, registries,
 * timers), and neither can park on the other's channels. The package's own
 * ESM and CJS builds share one copy under Node, Bun and Deno; this is for a
 * second installed version or a bundled copy.
 */
const FOREIGN_CHAN =
  "the channel belongs to another copy of ts-csp-style, with a runtime of its own; load one copy (`npm ls ts-csp-style` lists them)";

function checkChan(ch: unknown, what: string): Chan<unknown> | null {
  if (ch === null || ch === undefined) return null;
  if (!(ch instanceof Chan)) {
    if ((ch as { [CHAN_BRAND]?: unknown })[CHAN_BRAND] === true) throw new TypeError(`${what}: ${FOREIGN_CHAN}`);
    throw new TypeError(`${what}: expected a channel, got ${describe(ch)}`);
  }
  return ch as Chan<unknown>;
}

function checkBody(fn: unknown, what: string): void {
  if (fn !== undefined && typeof fn !== "function") throw new TypeError(`${what}: the arm's body must be a function, got ${describe(fn)}`);
}

/**
 * A receive arm, Go's `case v, ok := <-ch:`. A null channel is never ready.
 * The body gets the value and ok as `ch.recv()` gives them: checking `ok`
 * narrows the value to `T`.
 *
 * ```ts
 * await select(recv(results, (r, ok) => ok && use(r)), recv(time.after(5 * time.Second), () => timeout)) // case r, ok := <-results: case <-time.After(5 * time.Second):
 * ```
 */
export function recv<T, R = undefined>(ch: RecvChan<T> | null | undefined, then?: (...received: RecvResult<T>) => R | Promise<R>): Arm<R, Received<T>>;
// A body whose parameters are annotated one by one, `(v: T | undefined) => ...`,
// is no function of the tuple union above: it matches here.
export function recv<T, R = undefined>(ch: RecvChan<T> | null | undefined, then: (value: T | undefined, ok: boolean) => R | Promise<R>): Arm<R, Received<T>>;
export function recv<T, R>(ch: RecvChan<T> | null | undefined, then?: (value: T | undefined, ok: boolean) => R | Promise<R>): Arm<R, Received<T>> {
  checkBody(then, "recv");
  return new Arm<R, Received<T>>(RECV, checkChan(ch, "recv"), undefined, then as Arm<R>["body"]);
}

/**
 * A send arm, Go's `case ch <- v:`. A null channel is never ready; a closed
 * one is ready and, if chosen, the select rejects with a Panic. A send arm
 * on a channel that is statically nil needs no value: `send(null)`.
 *
 * ```ts
 * await select(send(results, r), recv(ctx.done())) // case results <- r: case <-ctx.Done():
 * ```
 */
export function send<T, R = undefined>(ch: SendChan<T> | null | undefined, value: T, then?: () => R | Promise<R>): Arm<R>;
export function send<R = undefined>(ch: null | undefined, value?: unknown, then?: () => R | Promise<R>): Arm<R>;
export function send<T, R>(ch: SendChan<T> | null | undefined, value: T, then?: () => R | Promise<R>): Arm<R> {
  checkBody(then, "send");
  return new Arm<R>(SEND, checkChan(ch, "send"), value, then as Arm<R>["body"]);
}

/**
 * The arm taken when no other is ready, Go's `default:`.
 *
 * ```ts
 * await select(send(ch, v), otherwise(() => dropped++)) // select { case ch <- v: default: dropped++ }
 * ```
 */
export function otherwise<R = undefined>(then?: () => R | Promise<R>): Arm<R> {
  checkBody(then, "otherwise");
  return new Arm<R>(OTHERWISE, null, undefined, then as Arm<R>["body"]);
}

const RESOLVED_UNDEFINED: Promise<never> = Promise.resolve(undefined as never);

function runBody<R>(arm: Arm<R>, value: unknown, ok: boolean): Promise<R> {
  const body = arm.body;
  if (body === undefined) return RESOLVED_UNDEFINED;
  try {
    const r = arm.dir === RECV ? (body as (v: unknown, ok: boolean) => R | Promise<R>)(value, ok) : (body as () => R | Promise<R>)();
    // A body that returns nothing (the common case) shares one resolved promise.
    return r === undefined ? RESOLVED_UNDEFINED : Promise.resolve(r);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * A select parked on all its arms: one registry record, one waiter per
 * non-nil arm in the arms' channel queues. The first counterparty to claim
 * any waiter commits the select with that arm and, in the same call,
 * withdraws every other waiter: no arm that did not win ever moves a value.
 */
class SelectOp<R> extends Parked implements Selection, Listed {
  readonly kind = "select" as const;
  /** Registry links, used only untraced by a select on no channel (no queue shows it). */
  rprev: Listed | null = null;
  rnext: Listed | null = null;
  readonly waiters: Waiter[] = [];
  chosen: Waiter | null = null;
  // Set by settleableInto as the select parks; initialized here so every
  // SelectOp has one hidden class from its constructor on.
  resolve: ((w: Waiter) => void) | null = null;
  reject: ((e: unknown) => void) | null = null;

  /**
   * @param names the case names of a select over named cases, in arm order;
   * null for a select of arms, whose winner runs its body.
   */
  constructor(
    readonly arms: Arm<R>[],
    readonly names: string[] | null,
  ) {
    super();
  }

  channelRefs(): ChanRef[] {
    // In arm order, whatever order the waiters were enqueued in.
    return this.waiters
      .slice()
      .sort((a, b) => a.arm - b.arm)
      .map((w) => chanRef(w.chan));
  }

  channels(): TrackedChan[] {
    return this.waiters.map((w) => w.chan);
  }

  commit(w: Waiter): void {
    this.chosen = w;
    for (const o of this.waiters) if (o !== w && o.queued) o.chan.dequeue(o);
    unregisterParked(this);
  }

  resume(): void {
    const w = this.chosen!;
    if (w.dir === SEND && !w.ok) this.reject!(new Panic(SEND_ON_CLOSED));
    else this.resolve!(w);
  }
}

keepLayout(new SelectOp<unknown>([], null));
keepLayout(new Arm<unknown>(RECV, null, undefined, undefined));

/**
 * What a select over named cases resolves to: the winning case's name and,
 * for a receive, its value and ok. One object literal site, so every result
 * has one hidden class. A send that won has ok true; a default, false.
 */
function caseResult(name: string, value: unknown, ok: boolean): { case: string; value: unknown; ok: boolean } {
  return { case: name, value, ok };
}

/** Continuation of a parked select: one shared function, no closure per select. */
function runChosen(w: Waiter): unknown {
  if (trace.on) markResumed(undefined);
  const op = w.sel as SelectOp<unknown>;
  const value = w.value;
  w.value = undefined;
  // A parked send that resumes here delivered its value (a closed channel
  // rejected in resume), so w.ok is the case's ok in both directions.
  if (op.names !== null) return caseResult(op.names[w.arm]!, value, w.ok);
  return runBody(op.arms[w.arm]!, value, w.ok);
}

/**
 * Go's `select`: wait for the first arm that can proceed. Among several ready
 * arms one wins uniformly at random; with none ready, an {@link otherwise}
 * arm runs; else the select parks on every arm. `select()` parks forever.
 *
 * Two forms. Arms with bodies: the winner's body runs and the select
 * resolves to what it returns. Named cases, `select({ name: arm, ... })`
 * with arms without bodies: the select resolves to {@link Selected}, which
 * case won and what it received, so the code after the await is the case
 * body and can `return`, `break` and `continue` as Go's can.
 *
 * ```ts
 * const v = await select(recv(ch, (v) => v), recv(time.after(500), () => -1)) // select { case v := <-ch: ... case <-time.After(500 * time.Millisecond): ... }
 * const s = await select({ out: send(out, n * n), done: recv(done) }); if (s.case === "done") return // select { case out <- n * n: case <-done: return }
 * ```
 */
export function select<R = unknown, A extends Arm<unknown>[] = Arm<R>[]>(...arms: A): Promise<unknown extends R ? ArmResult<A[number]> : R>;
export function select<M extends Cases>(cases: M): Promise<Selected<M>>;
export function select<R>(...arms: Arm<R>[]): Promise<R> {
  if (arms.length === 1 && !(arms[0] instanceof Arm) && isCaseRecord(arms[0])) return selectCases(arms[0]) as Promise<R>;
  const i = choose(arms);
  if (i < 0) return park(arms, null);
  const a = arms[i]!;
  return a.dir === OTHERWISE ? runDefault(a) : commitArm(a);
}

/** A plain object, the only thing taken for named cases: a channel, a promise or an array stays a bad argument. */
function isCaseRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The select of named cases. Its arms carry no body: the case that wins is
 * the result, built in the same call that commits it (ready) or in the one
 * shared continuation of a parked select, so this form allocates the names'
 * and arms' arrays and one small result per select, and no closure.
 */
function selectCases(cases: Record<string, unknown>): Promise<unknown> {
  const names = Object.keys(cases);
  if (names.length === 0) {
    throw new TypeError("select: no cases in select({}); `await select()` parks forever, as Go's `select {}`");
  }
  const arms = new Array<Arm<unknown>>(names.length);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const a = cases[name];
    if (!(a instanceof Arm)) throw new TypeError(`select: case ${JSON.stringify(name)} is not an arm (use recv, send or otherwise), got ${describe(a)}`);
    if (a.body !== undefined) {
      throw new TypeError(`select: case ${JSON.stringify(name)} has a body; with named cases the code after the await is the body (switch on the result's case)`);
    }
    arms[i] = a;
  }
  const i = choose(arms);
  if (i < 0) return park(arms, names);
  return commitCase(arms[i]!, names[i]!);
}

/**
 * Scan `arms` once: the index of the arm to commit now (a ready one, chosen
 * uniformly at random among the ready, else the default), or -1 to park.
 * Throws, before anything moves, for a bad argument or a second default.
 */
function choose(arms: Arm<unknown>[]): number {
  let ready = 0;
  let lastReady = -1;
  let fallback = -1;
  for (let i = 0; i < arms.length; i++) {
    const a = arms[i];
    if (!(a instanceof Arm)) throw new TypeError(`select: argument ${i} is not an arm (use recv, send or otherwise), got ${describe(a)}`);
    if (a.dir === OTHERWISE) {
      if (fallback >= 0) throw new TypeError("select: multiple defaults in select (more than one otherwise arm)");
      fallback = i;
    } else if (a.ch !== null) {
      if (a.ch.bubble !== null) a.ch.checkBubble(a.dir === RECV ? "receive" : "send");
      if (a.dir === RECV ? a.ch.canRecv() : a.ch.canSend()) {
        ready++;
        lastReady = i;
      }
    }
  }
  // One ready arm (the usual case) is chosen without a second readiness pass.
  if (ready === 1) return lastReady;
  if (ready > 0) return kthReady(arms, scheduler().choose(ready));
  return fallback;
}

/** The index of the `k`-th ready arm. Nothing can change between scan and commit: one call, one thread. */
function kthReady(arms: Arm<unknown>[], k: number): number {
  for (let i = 0; i < arms.length; i++) {
    const a = arms[i]!;
    if (a.dir === OTHERWISE || a.ch === null) continue;
    const ch = a.ch;
    if (!(a.dir === RECV ? ch.canRecv() : ch.canSend())) continue;
    if (k-- > 0) continue;
    return i;
  }
  throw new Error("select: internal error: ready arm vanished");
}

/** Complete ready arm `a` now and run its body. */
function commitArm<R>(a: Arm<R>): Promise<R> {
  const ch = a.ch!;
  let value: unknown;
  let ok = false;
  if (a.dir === RECV) {
    ch.takeNow();
    value = taken.value;
    ok = taken.ok;
    taken.value = undefined;
  } else {
    if (ch.closed) return Promise.reject(new Panic(SEND_ON_CLOSED));
    ch.giveNow(a.value);
  }
  const y = yieldDue();
  return y === null ? runBody(a, value, ok) : runBodyAfter(y, a, value, ok);
}

/** Complete case `name`, whose arm `a` is ready (or the default), and resolve to which case won. */
function commitCase(a: Arm<unknown>, name: string): Promise<unknown> {
  let value: unknown;
  let ok = false;
  if (a.dir === RECV) {
    a.ch!.takeNow();
    value = taken.value;
    ok = taken.ok;
    taken.value = undefined;
  } else if (a.dir === SEND) {
    const ch = a.ch!;
    if (ch.closed) return Promise.reject(new Panic(SEND_ON_CLOSED));
    ch.giveNow(a.value);
    ok = true;
  }
  // A default completes at once too: it counts toward the fairness yield, as runDefault does.
  const r = caseResult(name, value, ok);
  const y = yieldDue();
  return y === null ? Promise.resolve(r) : afterYield(y, r);
}

/**
 * The default arm completes the select at once, so it counts toward the
 * fairness yield like any other operation: a loop polling with `otherwise()`
 * must not starve timers and I/O.
 */
function runDefault<R>(a: Arm<R>): Promise<R> {
  const y = yieldDue();
  return y === null ? runBody(a, undefined, false) : runBodyAfter(y, a, undefined, false);
}

/** runBody once yield `y` is over; out of line for the reason afterYield is. */
function runBodyAfter<R>(y: Promise<void>, a: Arm<R>, value: unknown, ok: boolean): Promise<R> {
  return y.then(() => runBody(a, value, ok));
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates through the scheduler seam). */
function pollOrder(n: number): number[] {
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const j = scheduler().choose(i + 1);
    order[i] = order[j]!;
    order[j] = i;
  }
  return order;
}

function park<R>(arms: Arm<R>[], names: string[] | null): Promise<R> {
  const op = new SelectOp<R>(arms, names);
  const p = settleableInto<Waiter>(op);
  // Enqueue in a random order, as Go's pollorder: when several arms wait on
  // one channel, each is equally likely to be the one served first.
  const order = pollOrder(arms.length);
  for (const i of order) {
    const a = arms[i]!;
    if (a.ch === null) continue;
    const w = new Waiter(a.ch, a.dir as typeof SEND | typeof RECV);
    w.sel = op;
    w.arm = i;
    if (a.dir === SEND) {
      w.value = a.value;
    }
    a.ch.enqueue(w);
    op.waiters.push(w);
  }
  if (op.waiters.length > 0) registerParked(op, "select");
  else registerUnqueued(op, arms.length === 0 ? "select (no cases)" : "select");
  return p.then(runChosen) as Promise<R>;
}
