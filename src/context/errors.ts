/**
 * The class of {@link Canceled}, the error of a context cancelled by its
 * cancel function. There is one instance: compare `ctx.err()` with
 * `context.Canceled` by identity; the class is for `instanceof` and for
 * typing.
 *
 * ```ts
 * if (err instanceof context.CanceledError) return // if errors.Is(err, context.Canceled)
 * ```
 */
export class CanceledError extends Error {
  constructor() {
    super("context canceled");
    this.name = "CanceledError";
  }
}

/**
 * The class of {@link DeadlineExceeded}, the error of a context whose
 * deadline passed. There is one instance: compare `ctx.err()` with
 * `context.DeadlineExceeded` by identity; the class is for `instanceof` and
 * for typing.
 *
 * ```ts
 * if (err instanceof context.DeadlineExceededError) retry() // if errors.Is(err, context.DeadlineExceeded)
 * ```
 */
export class DeadlineExceededError extends Error {
  /** Like Go's, this error reports itself as a timeout (`err.(net.Error).Timeout()`). */
  readonly timeout = true;
  constructor() {
    super("context deadline exceeded");
    this.name = "DeadlineExceededError";
  }
}

/**
 * `ctx.err()` of a cancelled context. One value: compare with `===`.
 *
 * ```ts
 * if (ctx.err() === context.Canceled) return // errors.Is(err, context.Canceled)
 * ```
 */
export const Canceled: Error = new CanceledError();

/**
 * `ctx.err()` of a context whose deadline passed. One value: compare with `===`.
 *
 * ```ts
 * if (ctx.err() === context.DeadlineExceeded) log("too slow") // errors.Is(err, context.DeadlineExceeded)
 * ```
 */
export const DeadlineExceeded: Error & { readonly timeout: true } = new DeadlineExceededError();
