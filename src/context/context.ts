import { Chan, type RecvChan } from "../chan/chan.js";
import { KEEPS_PROCESS_ALIVE } from "../chan/waiter.js";
import { recv, select } from "../select/select.js";
import { go } from "../runtime/task.js";
import { checkContext, checkDuration, describe, isError } from "../runtime/validate.js";
import { checkTaskFunction } from "../runtime/receiver.js";
import type { HeapTimer } from "../time/heap.js";
import { END_OF_TIME, timers, type Timers } from "../time/timers.js";
import { Canceled, DeadlineExceeded } from "./errors.js";

/**
 * A key for {@link withValue} that carries the type of its value, so
 * `ctx.value(userKey)` is typed.
 *
 * ```ts
 * const userKey = context.key<User>("user") // type userKey struct{}
 * ```
 */
export class Key<T> {
  /** Type-only: carries T, and tells a typed key from any other value. */
  declare readonly [keyBrand]: T;
  /**
   * Prefer {@link key}, which reads as the call it is.
   *
   * @param name For printing only: keys compare by identity, so two keys with one name are still distinct.
   */
  constructor(readonly name: string) {}
  /**
   * The key's name, as a context's `String()` shows it.
   *
   * ```ts
   * String(userKey) // fmt.Sprint(userKey{})
   * ```
   */
  toString(): string {
    return this.name;
  }
}

declare const keyBrand: unique symbol;

/**
 * Any key but a typed {@link Key}: Go's `any` keys, whose values are
 * `unknown`. Keys compare with `===`, so a string key can collide with
 * another package's; prefer a {@link Key} or a module-private symbol.
 *
 * ```ts
 * const reqID = Symbol("reqID"); context.withValue(ctx, reqID, id) // context.WithValue(ctx, reqIDKey{}, id)
 * ```
 */
export type UntypedKey = string | number | bigint | boolean | symbol | { readonly [keyBrand]?: never };

/**
 * Go's `context.Context`: a cancellation signal, a deadline and values,
 * passed down a call tree. Cancellation flows from a parent to its children, never back up, and
 * once `err()` is set it never changes.
 *
 * ```ts
 * async function fetchUser(ctx: context.Context, id: string) {} // func fetchUser(ctx context.Context, id string)
 * ```
 */
export interface Context {
  /**
   * Closed when the context is cancelled; null (a nil channel, never ready
   * in a select) if it never can be.
   *
   * ```ts
   * await select(recv(results, (r) => r), recv(ctx.done(), () => ctx.err())) // case <-ctx.Done(): return ctx.Err()
   * ```
   */
  done(): RecvChan<void> | null;
  /**
   * Null until done; then {@link Canceled} or {@link DeadlineExceeded} (a
   * parent of another Context implementation passes down its own error). A
   * cause given to a {@link CancelCauseFunc} is read with `context.cause`.
   *
   * ```ts
   * if (ctx.err() !== null) return ctx.err() // if err := ctx.Err(); err != nil { return err }
   * ```
   */
  err(): Error | null;
  /** When the context will be cancelled by its deadline (ms since the epoch), if it has one. */
  deadline(): number | undefined;
  /** The value bound to `key` here or in an ancestor; undefined when missing. */
  value<T>(key: Key<T>): T | undefined;
  value(key: unknown): unknown;
  /** An AbortSignal aborted with `err()` when the context is done: `fetch(url, { signal: ctx.signal })`. */
  readonly signal: AbortSignal;
}

/**
 * Cancels a context; calling it again does nothing. Call it once the work
 * is done even when it succeeded: until then the child stays linked to its
 * parent (and a deadline's timer stays armed).
 *
 * ```ts
 * const [ctx, cancel] = context.withCancel(parent); try { await work(ctx) } finally { cancel() } // defer cancel()
 * ```
 */
export type CancelFunc = () => void;
/**
 * Cancels a context with a cause, read back by `context.cause(ctx)`;
 * `ctx.err()` is still {@link Canceled}. Only the first call counts; a
 * missing or null cause leaves the cause as `ctx.err()`.
 *
 * ```ts
 * cancel(new Error("shutting down")) // cancel(errors.New("shutting down"))
 * ```
 */
export type CancelCauseFunc = (cause?: Error | null) => void;

/** What a cancelCtx keeps of its children: anything it must cancel with it. */
interface Canceler {
  cancel(removeFromParent: boolean, err: Error, cause: Error | null): void;
}

const cancelCtxKey = new Key<CancelCtx>("cancelCtx");
let neverAborted: AbortSignal | undefined;

function checkParent(parent: unknown, what: string): asserts parent is Context {
  checkContext(parent, `context.${what}`);
}

/**
 * Go's cause is an `error`: here an Error, or null/undefined for none (then
 * {@link cause} reports `ctx.err()`). Anything else is refused, not wrapped,
 * so `cause(ctx)` is always what was given.
 */
function checkCause(why: unknown, what: string): Error | null {
  if (why === null || why === undefined) return null;
  if (!isError(why)) throw new TypeError(`${what}: the cause must be an Error, null or undefined, got ${describe(why)}`);
  return why;
}

class EmptyCtx implements Context {
  constructor(private readonly label: string) {}
  done(): null {
    return null;
  }
  err(): null {
    return null;
  }
  deadline(): undefined {
    return undefined;
  }
  value(_key?: unknown): unknown {
    return undefined;
  }
  get signal(): AbortSignal {
    return (neverAborted ??= new AbortController().signal);
  }
  toString(): string {
    return this.label;
  }
}

const backgroundCtx = new EmptyCtx("context.Background");
const todoCtx = new EmptyCtx("context.TODO");

/**
 * The root of every context tree: never cancelled, no values, no deadline.
 *
 * ```ts
 * const ctx = context.background() // ctx := context.Background()
 * ```
 */
export function background(): Context {
  return backgroundCtx;
}

/**
 * Like {@link background}, for code that has not decided which context to use.
 *
 * ```ts
 * const ctx = context.todo() // ctx := context.TODO()
 * ```
 */
export function todo(): Context {
  return todoCtx;
}

/**
 * A context that can be cancelled. Invariants:
 * - once `e` is set it never changes, and `ch` (when made) is closed;
 * - a child is in its parent's `children` exactly while neither is
 *   cancelled, so a long-lived parent holds only live children.
 */
class CancelCtx implements Context, Canceler {
  private ch: Chan<void> | null = null;
  private e: Error | null = null;
  /** @internal */ causeErr: Error | null = null;
  /** @internal */ children: Set<Canceler> | null = null;
  private ac: AbortController | null = null;

  constructor(readonly parent: Context) {}

  done(): RecvChan<void> {
    if (this.ch === null) {
      this.ch = new Chan<void>(0);
      // Tasks waiting for a deadline keep the process alive, as timers do.
      if (this.deadline() !== undefined) this.ch.watcher = KEEPS_PROCESS_ALIVE;
      if (this.e !== null) this.ch.close();
    }
    return this.ch;
  }

  err(): Error | null {
    return this.e;
  }

  deadline(): number | undefined {
    return this.parent.deadline();
  }

  value(key: unknown): unknown {
    return key === cancelCtxKey ? this : this.parent.value(key);
  }

  get signal(): AbortSignal {
    if (this.ac === null) {
      this.ac = new AbortController();
      if (this.e !== null) this.ac.abort(this.e);
    }
    return this.ac.signal;
  }

  cancel(removeFromParent: boolean, err: Error, cause: Error | null): void {
    if (this.e !== null) return;
    this.e = err;
    this.causeErr = cause ?? err;
    // Once `e` is set no later cancel gets past the check above, so every
    // step runs even when one throws (closing a done channel made in a
    // synctest bubble panics outside it): a child left uncancelled, or a
    // deadline left armed, would stay so forever. The first error is
    // rethrown once all have run; the parent, possibly of another
    // implementation, is touched last.
    let failed = false;
    let failure: unknown;
    try {
      this.ch?.close();
    } catch (e) {
      failed = true;
      failure = e;
    }
    this.ac?.abort(err);
    const children = this.children;
    this.children = null;
    if (children !== null) {
      for (const child of children) {
        try {
          child.cancel(false, err, this.causeErr);
        } catch (e) {
          if (!failed) failure = e;
          failed = true;
        }
      }
    }
    this.stopped();
    if (removeFromParent) removeChild(this.parent, this);
    if (failed) throw failure;
  }

  /** Called once, when cancelled: release what the context holds. */
  protected stopped(): void {}

  /** Link to `parent` so that cancelling it cancels this. */
  propagate(parent: Context, child: Canceler = this): void {
    const done = parent.done();
    if (done === null) return;
    const perr = parent.err();
    if (perr !== null) {
      child.cancel(false, perr, cause(parent));
      return;
    }
    const p = parentCancelCtx(parent, done);
    if (p !== undefined) {
      (p.children ??= new Set()).add(child);
      return;
    }
    if (!(done instanceof Chan)) {
      // A context of another copy of this library: its done channel belongs
      // to another runtime, which no select here can wait on, but its
      // signal is the host's. The listener leaves with the child's signal.
      if (typeof parent.signal?.addEventListener !== "function") {
        throw new TypeError(`context: the parent's done() is not a channel of this runtime, and the parent has no signal to watch instead`);
      }
      parent.signal.addEventListener("abort", () => child.cancel(false, parent.err() ?? Canceled, cause(parent)), {
        once: true,
        signal: child instanceof CancelCtx ? child.signal : undefined,
      });
      return;
    }
    // A context of another implementation: watch it, as Go does with a goroutine.
    go(async function propagateCancel() {
      await select(
        recv(done, () => child.cancel(false, parent.err() ?? Canceled, cause(parent))),
        recv(child instanceof CancelCtx ? child.done() : null),
      );
    });
  }

  toString(): string {
    return `${String(this.parent)}.WithCancel`;
  }
}

/** The CancelCtx behind `parent`, if its done channel is that context's own. */
function parentCancelCtx(parent: Context, done: RecvChan<void>): CancelCtx | undefined {
  const p = parent.value(cancelCtxKey) as CancelCtx | undefined;
  return p !== undefined && p.done() === done ? p : undefined;
}

function removeChild(parent: Context, child: Canceler): void {
  const done = parent.done();
  if (done === null) return;
  parentCancelCtx(parent, done)?.children?.delete(child);
}

/**
 * A CancelCtx with a deadline: it is its own timer heap entry. It keeps the
 * deadline twice: `at`, an instant of its owner's clock, exact to the
 * nanosecond in a bubble, which decides when it fires and how it compares
 * with its descendants' deadlines; and `time`, the Time `deadline()`
 * reports, which is the Time given to withDeadline as is.
 */
class TimerCtx extends CancelCtx implements HeapTimer {
  when = 0;
  seq = 0;
  index = -1;
  constructor(
    parent: Context,
    readonly at: number,
    private readonly time: number,
    readonly owner: Timers,
    private readonly deadlineCause: Error | null,
  ) {
    super(parent);
  }
  override deadline(): number {
    return this.time;
  }
  fire(): void {
    this.cancel(true, DeadlineExceeded, this.deadlineCause);
  }
  protected override stopped(): void {
    this.owner.remove(this);
  }
  override toString(): string {
    return `${String(this.parent)}.WithDeadline(${new Date(this.time).toISOString()})`;
  }
}

/**
 * A child of `parent` with a cancel function. Call cancel when the work is
 * done, or the child lives as long as the parent.
 *
 * ```ts
 * const [ctx, cancel] = context.withCancel(parent) // ctx, cancel := context.WithCancel(parent)
 * ```
 */
export function withCancel(parent: Context): [Context, CancelFunc] {
  checkParent(parent, "withCancel");
  const c = new CancelCtx(parent);
  c.propagate(parent);
  return [c, () => c.cancel(true, Canceled, null)];
}

/**
 * Like {@link withCancel}, but cancel records a cause, read back by {@link cause}.
 *
 * ```ts
 * const [ctx, cancel] = context.withCancelCause(parent); cancel(errShutdown) // cancel(errShutdown)
 * ```
 */
export function withCancelCause(parent: Context): [Context, CancelCauseFunc] {
  checkParent(parent, "withCancelCause");
  const c = new CancelCtx(parent);
  c.propagate(parent);
  return [c, (why?: Error | null) => c.cancel(true, Canceled, checkCause(why, "context.withCancelCause: cancel"))];
}

/**
 * A child cancelled at `at` (ms since the epoch, on the runtime clock). A
 * deadline already past cancels it at once.
 *
 * ```ts
 * const [ctx, cancel] = context.withDeadline(parent, time.now() + 50) // context.WithDeadline(parent, d)
 * ```
 */
export function withDeadline(parent: Context, at: number): [Context, CancelFunc] {
  return deadlineAtTime(parent, at, null, "withDeadline");
}

/**
 * Like {@link withDeadline}; when the deadline passes, {@link cause} reports `why`.
 *
 * ```ts
 * context.withDeadlineCause(parent, d, errTooSlow) // context.WithDeadlineCause(parent, d, errTooSlow)
 * ```
 */
export function withDeadlineCause(parent: Context, at: number, why: Error | null): [Context, CancelFunc] {
  return deadlineAtTime(parent, at, why, "withDeadlineCause");
}

/** withDeadline's checks, then its context: due at the instant of Time `at` on the runtime clock. */
function deadlineAtTime(parent: Context, at: number, given: Error | null, what: string): [Context, CancelFunc] {
  checkParent(parent, what);
  const why = checkCause(given, `context.${what}`);
  if (typeof at !== "number" || !Number.isFinite(at)) {
    throw new RangeError(`context.${what}: the deadline must be a finite time in ms since the epoch, got ${describe(at)}`);
  }
  const owner = timers();
  return deadlineCtx(parent, owner.clock.instantOf(at), at, owner, why);
}

/**
 * withTimeout's checks, then its context: due `ms` from now. The deadline
 * is computed from the duration in the clock's instants, never through a
 * Time, so it is exact to the nanosecond in a bubble.
 */
function deadlineAfter(parent: Context, ms: number, given: Error | null, what: string): [Context, CancelFunc] {
  checkDuration(ms, `context.${what}`);
  checkParent(parent, what);
  const why = checkCause(given, `context.${what}`);
  const owner = timers();
  const at = Math.min(owner.after(ms), END_OF_TIME);
  return deadlineCtx(parent, at, owner.clock.timeOf(at), owner, why);
}

/**
 * A child of `parent` cancelled at instant `at` of `owner`'s clock, whose
 * `deadline()` is `time`; or, if the parent's deadline comes no later, a
 * plain cancel context, which reports the parent's deadline.
 */
function deadlineCtx(parent: Context, at: number, time: number, owner: Timers, why: Error | null): [Context, CancelFunc] {
  if (at > END_OF_TIME) at = END_OF_TIME;
  const current = deadlineInstant(parent, owner);
  if (current !== undefined && current <= at) return withCancel(parent);
  const c = new TimerCtx(parent, at, time, owner, why);
  c.propagate(parent);
  const cancel = (): void => c.cancel(true, Canceled, null);
  if (at <= owner.instant()) {
    c.cancel(true, DeadlineExceeded, why);
    return [c, cancel];
  }
  if (c.err() === null) owner.add(c, at);
  return [c, cancel];
}

/**
 * `ctx`'s deadline as an instant of `owner`'s clock. A deadline set by
 * this runtime on that clock is read as the instant it was set at, exactly
 * (a cancel or value context reports its parent's); any other comes from
 * `deadline()`, a Time, and is as exact as that float.
 */
function deadlineInstant(ctx: Context, owner: Timers): number | undefined {
  let c: Context = ctx;
  while ((c instanceof CancelCtx && !(c instanceof TimerCtx)) || c instanceof ValueCtx) c = c.parent;
  if (c instanceof TimerCtx && c.owner.clock === owner.clock) return c.at;
  const d = ctx.deadline();
  return d === undefined ? undefined : owner.clock.instantOf(d);
}

/**
 * A child cancelled `ms` from now.
 *
 * ```ts
 * const [ctx, cancel] = context.withTimeout(parent, 500 * time.Millisecond) // context.WithTimeout(ctx, 500*time.Millisecond)
 * ```
 */
export function withTimeout(parent: Context, ms: number): [Context, CancelFunc] {
  return deadlineAfter(parent, ms, null, "withTimeout");
}

/**
 * Like {@link withTimeout}; when the time is up, {@link cause} reports `why`.
 *
 * ```ts
 * context.withTimeoutCause(parent, time.Second, errSlow) // context.WithTimeoutCause(parent, time.Second, errSlow)
 * ```
 */
export function withTimeoutCause(parent: Context, ms: number, why: Error | null): [Context, CancelFunc] {
  return deadlineAfter(parent, ms, why, "withTimeoutCause");
}

class ValueCtx implements Context {
  constructor(
    readonly parent: Context,
    private readonly key: unknown,
    private readonly val: unknown,
  ) {}
  done(): RecvChan<void> | null {
    return this.parent.done();
  }
  err(): Error | null {
    return this.parent.err();
  }
  deadline(): number | undefined {
    return this.parent.deadline();
  }
  value(key: unknown): unknown {
    return key === this.key ? this.val : this.parent.value(key);
  }
  get signal(): AbortSignal {
    return this.parent.signal;
  }
  toString(): string {
    return `${String(this.parent)}.WithValue(${String(this.key)})`;
  }
}

/**
 * A child that carries `value` under `key`.
 *
 * ```ts
 * const ctx2 = context.withValue(ctx, userKey, user) // context.WithValue(ctx, userKey{}, user)
 * ```
 */
export function withValue<T>(parent: Context, key: Key<T>, value: T): Context;
export function withValue(parent: Context, key: UntypedKey, value: unknown): Context;
export function withValue(parent: Context, key: unknown, value: unknown): Context {
  checkParent(parent, "withValue");
  if (key === null || key === undefined) throw new TypeError("context.withValue: nil key");
  return new ValueCtx(parent, key, value);
}

/** Never cancelled, like background, but with its parent's values. */
class WithoutCancelCtx extends EmptyCtx {
  constructor(readonly parent: Context) {
    super(`${String(parent)}.WithoutCancel`);
  }
  override value(key?: unknown): unknown {
    return key === cancelCtxKey ? undefined : this.parent.value(key);
  }
}

/**
 * A child with the parent's values that is never cancelled.
 *
 * ```ts
 * const detached = context.withoutCancel(ctx) // context.WithoutCancel(ctx)
 * ```
 */
export function withoutCancel(parent: Context): Context {
  checkParent(parent, "withoutCancel");
  return new WithoutCancelCtx(parent);
}

/**
 * Why `ctx` was cancelled: the cause given to a cancel function, else
 * `ctx.err()`; null while it is not cancelled.
 *
 * ```ts
 * context.cause(ctx) // context.Cause(ctx)
 * ```
 */
export function cause(ctx: Context): Error | null {
  if (ctx === null || ctx === undefined) throw new TypeError(`context.cause: expected a Context, got ${describe(ctx)}`);
  checkContext(ctx, "context.cause");
  const c = ctx.value(cancelCtxKey) as CancelCtx | undefined;
  if (c !== undefined) return c.err() === null ? null : c.causeErr;
  return ctx.err();
}

/** The hidden child behind {@link afterFunc}: runs `fn` once when its parent is done. */
class AfterFuncCtx extends CancelCtx {
  private ran = false;
  constructor(
    parent: Context,
    private readonly fn: () => unknown,
  ) {
    super(parent);
  }
  /** True the first time only: whoever claims it decides whether fn runs. */
  claim(): boolean {
    if (this.ran) return false;
    this.ran = true;
    return true;
  }
  override cancel(removeFromParent: boolean, err: Error, why: Error | null): void {
    super.cancel(false, err, why);
    if (removeFromParent) removeChild(this.parent, this);
    if (this.claim()) go(this.fn);
  }
}

/**
 * Run `fn` in its own task once `ctx` is done. `stop()` unhooks it and
 * reports whether it stopped `fn` from running.
 *
 * ```ts
 * const stop = context.afterFunc(ctx, () => conn.close()) // stop := context.AfterFunc(ctx, f)
 * ```
 */
export function afterFunc(ctx: Context, fn: () => unknown): () => boolean {
  checkParent(ctx, "afterFunc");
  checkTaskFunction(fn, "context.afterFunc");
  const a = new AfterFuncCtx(ctx, fn);
  a.propagate(ctx);
  return () => {
    const stopped = a.claim();
    if (stopped) a.cancel(true, Canceled, null);
    return stopped;
  };
}

/** A context cancelled when an AbortSignal aborts. */
class SignalCtx extends CancelCtx {
  private readonly onAbort = (): void => this.abortWith(this.source.reason);
  constructor(private readonly source: AbortSignal) {
    super(backgroundCtx);
    if (source.aborted) this.abortWith(source.reason);
    else source.addEventListener("abort", this.onAbort, { once: true });
  }
  private abortWith(reason: unknown): void {
    const isTimeout = (reason as { name?: unknown } | null)?.name === "TimeoutError";
    const why = reason instanceof Error ? reason : new Error(String(reason), { cause: reason });
    this.cancel(false, isTimeout ? DeadlineExceeded : Canceled, why);
  }
  protected override stopped(): void {
    this.source.removeEventListener("abort", this.onAbort);
  }
  override toString(): string {
    return "context.FromSignal";
  }
}

/**
 * A context that is cancelled when `signal` aborts: `err()` is
 * {@link Canceled} ({@link DeadlineExceeded} for `AbortSignal.timeout`) and
 * {@link cause} the signal's reason.
 *
 * ```ts
 * const ctx = context.fromSignal(req.signal) // the request's context
 * ```
 */
export function fromSignal(signal: AbortSignal): Context {
  if (signal === null || typeof signal !== "object" || typeof signal.addEventListener !== "function") {
    throw new TypeError(`context.fromSignal: expected an AbortSignal, got ${describe(signal)}`);
  }
  return new SignalCtx(signal);
}

/**
 * A typed key for {@link withValue}.
 *
 * ```ts
 * const traceID = context.key<string>("traceID") // type traceIDKey struct{}
 * ```
 */
export function key<T>(name: string): Key<T> {
  if (typeof name !== "string") throw new TypeError(`context.key: name must be a string, got ${describe(name)}`);
  return new Key<T>(name);
}
