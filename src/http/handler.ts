// Go's http.TimeoutHandler for Node's http server.
//
// Go runs ServeHTTP in a goroutine, buffers what it writes, and waits for
// whichever comes first: the handler returning, or the request's context
// (derived with context.WithTimeout) being done. On timeout the client gets
// 503 and the body text; the goroutine is NOT stopped - it only sees its ctx
// cancelled and its later writes fail with ErrHandlerTimeout. This is the
// same, with `go()` tasks, so an abandoned handler is visible in the runtime
// registry (`runtime.goroutines()`) for as long as it keeps running.
import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { Buffer } from "node:buffer";
import { background, withTimeout, type Context } from "../context/index.js";
import { requestContextWithCancel } from "./request-context.js";
import { DeadlineExceeded } from "../context/errors.js";
import { go } from "../runtime/task.js";
import { checkMs, describe } from "./validate.js";
import { checkReceiver } from "../runtime/receiver.js";
import { trace } from "../runtime/trace.js";

/**
 * Go's `http.ErrHandlerTimeout`: what `w.write`/`w.end` throw once a
 * {@link timeoutHandler} timed out. One value: compare with `===`.
 *
 * ```ts
 * try { w.end(body) } catch (e) { if (e === ErrHandlerTimeout) return } // if err == http.ErrHandlerTimeout { return }
 * ```
 */
export const ErrHandlerTimeout: Error = (() => {
  const e = new Error("http: Handler timeout");
  e.name = "ErrHandlerTimeout";
  return e;
})();

/**
 * Go's `http.ErrBodyReadAfterClose`: what reading the request body fails
 * with once a {@link timeoutHandler} timed out, as Go's server closes
 * `r.Body` after TimeoutHandler has answered. One value: compare with `===`.
 *
 * ```ts
 * try { for await (const c of req) buf.push(c) } catch (e) { if (e === ErrBodyReadAfterClose) return } // if err == http.ErrBodyReadAfterClose { return }
 * ```
 */
export const ErrBodyReadAfterClose: Error = (() => {
  const e = new Error("http: invalid Read on closed Body");
  e.name = "ErrBodyReadAfterClose";
  return e;
})();

/**
 * The response writer a {@link timeoutHandler} handler gets: the
 * `ServerResponse` calls, buffered. Nothing reaches the client until the
 * handler finishes, so a timeout can still replace the whole response with
 * a 503; header calls after the timeout or after `end()` are ignored.
 *
 * ```ts
 * w.setHeader("Content-Type", "text/plain"); w.writeHead(200); w.end("ok") // w.Header().Set(...); w.WriteHeader(200); w.Write(...)
 * ```
 */
export interface ResponseWriter {
  /** The status to send (200 unless set). */
  statusCode: number;
  /** The reason phrase to send; undefined for Node's default for the status. */
  statusMessage: string | undefined;
  /** Always false: nothing is sent before the handler finishes. */
  readonly headersSent: boolean;
  /** True once `end()` was called (or the request timed out / was cancelled). */
  readonly writableEnded: boolean;
  /** Set a buffered header (names case-insensitive), as `ServerResponse.setHeader`; Go's `w.Header().Set`. */
  setHeader(name: string, value: OutgoingHttpHeader): this;
  /** A buffered header's value; Go's `w.Header().Get`. */
  getHeader(name: string): OutgoingHttpHeader | undefined;
  /** The buffered headers, keyed by lower-case name. */
  getHeaders(): OutgoingHttpHeaders;
  /** The buffered headers' names, lower-case. */
  getHeaderNames(): string[];
  /** Whether a header is buffered. */
  hasHeader(name: string): boolean;
  /** Drop a buffered header; Go's `w.Header().Del`. */
  removeHeader(name: string): void;
  /**
   * Go's `w.WriteHeader(code)`: only the first call (or first write)
   * decides the status; later calls are ignored. Throws a RangeError for a
   * code outside 100-999.
   */
  writeHead(statusCode: number, statusMessage?: string | OutgoingHttpHeaders, headers?: OutgoingHttpHeaders): this;
  /** Buffers `chunk`; throws {@link ErrHandlerTimeout} once the handler timed out. */
  write(chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void): boolean;
  /** Finishes the response (it is sent now); throws {@link ErrHandlerTimeout} once the handler timed out. */
  end(chunk?: string | Uint8Array | (() => void), encoding?: BufferEncoding | (() => void), cb?: () => void): this;
}

/**
 * What {@link timeoutHandler} runs: Go's `ServeHTTP(w, r)` with
 * `r.Context()` passed as `ctx`. It should watch `ctx`: after a timeout it
 * keeps running (and stays in `runtime.goroutines()`) until it returns.
 *
 * ```ts
 * const api: Handler = async (req, w, ctx) => { w.end(await lookup(ctx, req.url)) } // func api(w http.ResponseWriter, r *http.Request)
 * ```
 */
export type Handler = (req: IncomingMessage, w: ResponseWriter, ctx: Context) => unknown;

const DEFAULT_BODY = "<html><head><title>Timeout</title></head><body><h1>Timeout</h1></body></html>";

class TimeoutWriter implements ResponseWriter {
  statusCode = 200;
  statusMessage: string | undefined = undefined;
  readonly headers = new Map<string, { name: string; value: OutgoingHttpHeader }>();
  readonly chunks: Buffer[] = [];
  wroteHeader = false;
  ended = false;
  /** Set once the exchange is over without the handler: ErrHandlerTimeout, or the ctx error. */
  err: Error | null = null;
  /** Called by end(). */
  onEnd: (() => void) | null = null;

  get headersSent(): boolean {
    return false;
  }
  get writableEnded(): boolean {
    return this.ended || this.err !== null;
  }
  setHeader(name: string, value: OutgoingHttpHeader): this {
    if (this.err === null && !this.ended) this.headers.set(String(name).toLowerCase(), { name: String(name), value });
    return this;
  }
  getHeader(name: string): OutgoingHttpHeader | undefined {
    return this.headers.get(String(name).toLowerCase())?.value;
  }
  getHeaders(): OutgoingHttpHeaders {
    const out: OutgoingHttpHeaders = {};
    for (const [k, { value }] of this.headers) out[k] = value;
    return out;
  }
  getHeaderNames(): string[] {
    return [...this.headers.keys()];
  }
  hasHeader(name: string): boolean {
    return this.headers.has(String(name).toLowerCase());
  }
  removeHeader(name: string): void {
    if (this.err === null && !this.ended) this.headers.delete(String(name).toLowerCase());
  }
  writeHead(statusCode: number, statusMessage?: string | OutgoingHttpHeaders, headers?: OutgoingHttpHeaders): this {
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 999) {
      throw new RangeError(`invalid WriteHeader code ${statusCode}`);
    }
    // Go: after a timeout (or once the header was written) WriteHeader does nothing.
    if (this.err !== null || this.ended || this.wroteHeader) return this;
    this.wroteHeader = true;
    this.statusCode = statusCode;
    if (typeof statusMessage === "string") this.statusMessage = statusMessage;
    else if (statusMessage !== undefined) headers = statusMessage;
    if (headers !== undefined) for (const [k, v] of Object.entries(headers)) if (v !== undefined) this.setHeader(k, v);
    return this;
  }
  write(chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void): boolean {
    if (this.err !== null) throw this.err;
    if (this.ended) throw new Error("write after end");
    if (typeof encoding === "function") [cb, encoding] = [encoding, undefined];
    this.chunks.push(typeof chunk === "string" ? Buffer.from(chunk, encoding ?? "utf8") : Buffer.from(chunk));
    this.wroteHeader = true;
    if (cb) queueMicrotask(() => cb!(null));
    return true;
  }
  end(chunk?: string | Uint8Array | (() => void), encoding?: BufferEncoding | (() => void), cb?: () => void): this {
    if (this.err !== null) throw this.err;
    if (typeof chunk === "function") [cb, chunk] = [chunk, undefined];
    if (typeof encoding === "function") [cb, encoding] = [encoding, undefined];
    if (this.ended) {
      if (cb) queueMicrotask(cb);
      return this;
    }
    if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
    this.ended = true;
    this.onEnd?.();
    if (cb) queueMicrotask(cb);
    return this;
  }
}

/**
 * Go's server closes `r.Body` once TimeoutHandler has answered, so the
 * abandoned handler's reads fail instead of waiting for bytes nobody will
 * use (a never-ending upload would hold its task forever). Only the stream
 * is destroyed: IncomingMessage's own `_destroy` takes the socket down
 * with an unfinished body, and the 503 with it. As IncomingMessage does,
 * the error is emitted only to a listener; a read begun later still fails
 * with it, the stream being errored.
 */
function closeBody(req: IncomingMessage): void {
  if (req.destroyed) return;
  Object.defineProperty(req, "_destroy", {
    configurable: true,
    writable: true,
    value(err: Error | null, cb: (err: Error | null) => void): void {
      cb(req.listenerCount("error") > 0 ? err : null);
    },
  });
  req.destroy(ErrBodyReadAfterClose);
}

/** A task name for the handler: its own name, as `go(handler)` would have. */
function named<F extends (...args: never[]) => unknown>(name: string, fn: F): F {
  Object.defineProperty(fn, "name", { value: name, configurable: true });
  return fn;
}

/**
 * Go's `http.TimeoutHandler(h, dt, msg)`: a Node request listener that runs
 * `handler(req, w, ctx)` as a `go` task with a buffered writer `w` and a
 * `ctx` cancelled after `ms` (`DeadlineExceeded`) or when the client goes
 * away (`Canceled`). If the handler finishes first (returns, or calls
 * `w.end()`), its status, headers and body are sent as written. Otherwise
 * the client gets 503 with `message` (Go's default HTML page when empty);
 * later `w.write`/`w.end` throw {@link ErrHandlerTimeout}, nothing reaches
 * the socket, and reading `req` fails with {@link ErrBodyReadAfterClose}.
 * A body still arriving cannot be skipped, so that 503 closes the
 * connection. The handler's task is not stopped: one that ignores `ctx`
 * stays in `runtime.goroutines()`.
 *
 * ```ts
 * http.createServer(timeoutHandler(api, 1 * time.Second, "Timeout")) // http.TimeoutHandler(api, 1*time.Second, "Timeout")
 * ```
 */
export function timeoutHandler(handler: Handler, ms: number, message = ""): (req: IncomingMessage, res: ServerResponse) => void {
  if (typeof handler !== "function") throw new TypeError(`timeoutHandler: handler must be a function, got ${describe(handler)}`);
  if (trace.on) checkReceiver(handler, "timeoutHandler");
  checkMs(ms, "timeoutHandler");
  if (typeof message !== "string") throw new TypeError(`timeoutHandler: message must be a string, got ${describe(message)}`);
  const body = message === "" ? DEFAULT_BODY : message;
  const contentType = message === "" ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
  const taskName = handler.name || "ServeHTTP";

  return function serveTimeout(req: IncomingMessage, res: ServerResponse): void {
    // r.Context(): cancelled when the client goes away.
    const [reqCtx, cancelReq] = requestContextWithCancel(req, res, background(), "timeoutHandler");
    const [ctx, cancelCtx] = withTimeout(reqCtx, ms);
    const tw = new TimeoutWriter();
    let state: "running" | "done" | "timedout" = "running";

    const cleanup = (): void => {
      ctx.signal.removeEventListener("abort", onDone);
      cancelCtx(); // Go: defer cancelCtx()
      cancelReq(); // the request is over: release r.Context() too
    };

    // case <-done: copy the buffered header, status and body to the real writer.
    const finish = (): void => {
      if (state !== "running") return;
      state = "done";
      cleanup();
      if (res.destroyed || res.writableEnded) return;
      try {
        for (const { name, value } of tw.headers.values()) res.setHeader(name, value);
        const payload = Buffer.concat(tw.chunks);
        if (tw.statusMessage !== undefined) res.writeHead(tw.statusCode, tw.statusMessage);
        else res.writeHead(tw.statusCode);
        res.end(payload);
      } catch (e) {
        res.destroy(e as Error);
      }
    };

    // case <-ctx.Done(): 503, and the writer refuses everything from now on.
    function onDone(): void {
      if (state !== "running") return;
      state = "timedout";
      const err = ctx.err() ?? DeadlineExceeded;
      tw.err = err === DeadlineExceeded ? ErrHandlerTimeout : err;
      cleanup();
      if (res.destroyed || res.writableEnded) return;
      res.statusCode = 503;
      if (err === DeadlineExceeded) {
        res.setHeader("Content-Type", contentType);
        res.setHeader("Content-Length", Buffer.byteLength(body));
        // The rest of an unfinished body would be read as the next request.
        if (!req.complete) res.setHeader("Connection", "close");
        closeBody(req);
        res.end(body);
      } else {
        res.end();
      }
    }
    ctx.signal.addEventListener("abort", onDone, { once: true });
    if (ctx.err() !== null) onDone();

    tw.onEnd = finish;
    go(
      named(taskName, async () => {
        try {
          await handler(req, tw, ctx);
        } catch (e) {
          // Writes refused after the timeout are the handler's business (Go returns them as errors).
          if (state === "timedout" && e === tw.err) return;
          // Go's server recovers a handler panic, logs it and drops the connection.
          if (state === "running") {
            state = "done";
            cleanup();
            res.destroy();
          }
          const where = `${req.socket?.remoteAddress ?? "?"}:${req.socket?.remotePort ?? "?"}`;
          console.error(`http: panic serving ${where}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          return;
        }
        finish();
      }),
    );
  };
}
