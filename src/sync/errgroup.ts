import { yieldDue } from "../runtime/fairness.js";
import { Chan, MAX_CAPACITY } from "../chan/chan.js";
import { withCancelCause, type CancelCauseFunc, type Context } from "../context/context.js";
import { Panic } from "../runtime/panic.js";
import { checkContext, checkFunction, describe } from "../runtime/validate.js";
import { WaitGroup, goNamed } from "./sync.js";

const RESOLVED: Promise<void> = Promise.resolve();

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e), { cause: e });
}

/**
 * golang.org/x/sync/errgroup's `Group`: tasks working on parts of one job.
 * The first failure (an Error returned, resolved or thrown) is what `wait`
 * returns, and cancels the group's context when made by {@link withContext}.
 *
 * ```ts
 * const g = new errgroup.Group(); g.go(() => fetchA()); const err = await g.wait() // if err := g.Wait(); err != nil
 * ```
 */
export class Group {
  private readonly wg = new WaitGroup();
  /** A token per running task when a limit is set, as Go's `sem chan token`. */
  private sem: Chan<void> | null = null;
  private err: Error | null = null;

  /** @internal */
  constructor(private readonly cancel: CancelCauseFunc | null = null) {
    // `new Group(ctx)` reads as Go's WithContext but would fail only at the
    // first failure, inside a task: refused here.
    if (cancel !== null && typeof cancel !== "function") {
      throw new TypeError(`new errgroup.Group: takes no arguments (errgroup.withContext(ctx) makes a group with a context), got ${describe(cancel)}`);
    }
  }

  /**
   * Run `fn` in a new task. With a limit set, waits for a free slot first:
   * the promise resolves once `fn` has started.
   */
  go(fn: () => unknown): Promise<void> {
    checkFunction(fn, "errgroup.Group.go");
    this.wg.add(1);
    const sem = this.sem;
    if (sem === null || sem.trySend(undefined)) {
      this.start(fn);
      // Counts toward the fairness yield: a loop of `await g.go(quick)`
      // completes every call at once.
      return yieldDue() ?? RESOLVED;
    }
    return sem.send(undefined).then(() => this.start(fn));
  }

  /** Run `fn` in a new task only if a slot is free now; false otherwise. */
  tryGo(fn: () => unknown): boolean {
    checkFunction(fn, "errgroup.Group.tryGo");
    if (this.sem !== null && !this.sem.trySend(undefined)) return false;
    this.wg.add(1);
    this.start(fn);
    return true;
  }

  /** At most `n` tasks at once; a negative `n` removes the limit. */
  setLimit(n: number): void {
    if (typeof n !== "number" || !Number.isInteger(n)) throw new TypeError(`errgroup.Group.setLimit: expected an integer, got ${describe(n)}`);
    // The limit is a channel's capacity (Go's `sem chan token`).
    if (n > MAX_CAPACITY) throw new RangeError(`errgroup.Group.setLimit: limit must be at most ${MAX_CAPACITY} (or negative for none), got ${n}`);
    if (this.sem !== null && this.sem.len !== 0) {
      throw new Panic(`errgroup: modify limit while ${this.sem.len} goroutines in the group are still active`);
    }
    this.sem = n < 0 ? null : new Chan<void>(n, { name: "errgroup" });
  }

  /** Wait for every task; the first failure, or null. Cancels the group's context. */
  async wait(): Promise<Error | null> {
    await this.wg.wait();
    this.cancel?.(this.err);
    return this.err;
  }

  private start(fn: () => unknown): void {
    const sem = this.sem;
    goNamed(fn, async () => {
      try {
        const r = await fn();
        if (r instanceof Error) this.fail(r);
      } catch (e) {
        this.fail(asError(e));
      } finally {
        sem?.tryRecv();
        this.wg.done();
      }
    });
  }

  private fail(e: Error): void {
    if (this.err !== null) return;
    this.err = e;
    this.cancel?.(e);
  }
}

/**
 * A group and a context derived from `ctx`, cancelled by the first failure
 * or when `wait` returns.
 *
 * ```ts
 * const [g, gctx] = errgroup.withContext(ctx) // g, ctx := errgroup.WithContext(ctx)
 * ```
 */
export function withContext(ctx: Context): [Group, Context] {
  checkContext(ctx, "errgroup.withContext");
  const [derived, cancel] = withCancelCause(ctx);
  return [new Group(cancel), derived];
}
