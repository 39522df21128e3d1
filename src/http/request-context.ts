import type { IncomingMessage, ServerResponse } from "node:http";
import { background, withCancel, type CancelFunc, type Context } from "../context/index.js";
import { describe } from "../runtime/validate.js";

/**
 * `r.Context()` and its cancel, for the layers of this package that end the
 * exchange themselves (timeoutHandler cancels it when its handler is done).
 * Invariant: the context is cancelled once the response is closed, whether
 * it was sent or the client went away first, so nothing waits on it past
 * the exchange and its listener on `res` goes with `res`.
 */
export function requestContextWithCancel(req: IncomingMessage, res: ServerResponse, parent: Context, what: string): [Context, CancelFunc] {
  if (req === null || typeof req !== "object" || typeof (req as { on?: unknown }).on !== "function") {
    throw new TypeError(`${what}: req must be an http.IncomingMessage, got ${describe(req)}`);
  }
  if (res === null || typeof res !== "object" || typeof (res as { once?: unknown }).once !== "function") {
    throw new TypeError(`${what}: res must be an http.ServerResponse, got ${describe(res)}`);
  }
  const [ctx, cancel] = withCancel(parent);
  if (res.closed) cancel();
  else res.once("close", () => cancel());
  return [ctx, cancel];
}

/**
 * Go's `r.Context()` for a plain `node:http` handler: a context that is
 * cancelled (`context.Canceled`) when the client goes away before the
 * response is sent, and when the response is done, as Go's is when
 * `ServeHTTP` returns. `parent` is the server's base context (Go's
 * `Server.BaseContext`), `background()` by default.
 *
 * ```ts
 * http.createServer(async (req, res) => { const ctx = requestContext(req, res); res.end(await work(ctx)) }) // ctx := r.Context()
 * ```
 */
export function requestContext(req: IncomingMessage, res: ServerResponse, parent: Context = background()): Context {
  return requestContextWithCancel(req, res, parent, "requestContext")[0];
}
