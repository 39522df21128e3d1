// What Go's net/http server gives every handler, for the seed 002 programs
// that run without http.TimeoutHandler (fixed-custom-timeout.ts): each
// request is served in its own task, and req.Context() is cancelled when the
// client goes away. Also Go's http.Error.
import type * as http from "node:http";
import { context, go } from "../../src/index.js";

/** A handler as Go's server calls it: ServeHTTP(w, req), with req.Context() passed as ctx. */
export type ServeHTTP = (req: http.IncomingMessage, w: http.ServerResponse, ctx: context.Context) => Promise<void>;

/** http.ListenAndServe's per-request goroutine: runs `handler` as a task named ServeHTTP. */
export function serve(handler: ServeHTTP): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    const [ctx, cancel] = context.withCancel(context.background()); // req.Context()
    res.on("close", cancel);
    go(async function ServeHTTP() {
      try {
        await handler(req, res, ctx);
        if (!res.writableEnded) res.end();
      } finally {
        cancel();
      }
    });
  };
}

/** Go's http.Error(w, error, code). */
export function httpError(w: http.ServerResponse, error: string, code: number): void {
  if (w.writableEnded) return;
  w.statusCode = code;
  w.setHeader("Content-Type", "text/plain; charset=utf-8");
  w.setHeader("X-Content-Type-Options", "nosniff");
  w.end(error + "\n");
}
