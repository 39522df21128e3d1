// Seed 002, third fix ("更健壮的解决方案:自定义超时处理", a sturdier
// solution: a custom timeout wrapper): no http.TimeoutHandler at all.
//
// ServeHTTP derives its own 1 s deadline from the request's ctx, runs the
// 500-iteration loop in a task of its own that checks ctx.done() before
// every sleep and closes `done` when it leaves (defer close(done)), and
// waits for whichever comes first: `done`, or ctx.done(), on which it
// answers 503 "Timeout" itself. The deferred cancel() and the deadline both
// reach the worker, which returns one sleep later; `done` is closed, not
// sent on, so nobody has to receive from it and nothing parks. Both tasks
// (the server's ServeHTTP and its worker) are gone shortly after the 503.
//
// Ported line for line. Durations are scaled down 100x like leaky.ts:
// time.Sleep(1 * time.Second) -> 10 ms, the 1 s deadline -> 10 ms.
import * as http from "node:http";
import { format } from "node:util";
import { pathToFileURL } from "node:url";
import { chan, context, go, otherwise, recv, runtime, select, time } from "../../src/index.js";
import { httpError, serve } from "./server.js";

/** Go's fmt, writing to stdout; specs and the demo silence it. */
export const fmt = {
  printf: (f: string, ...a: unknown[]): void => void process.stdout.write(format(f, ...a)),
};

export class api {
  async ServeHTTP(_req: http.IncomingMessage, w: http.ServerResponse, reqCtx: context.Context): Promise<void> {
    // ctx := req.Context()
    // 使用带超时的上下文 (a context with a timeout)
    const [ctx, cancel] = context.withTimeout(reqCtx, 10 * time.Millisecond); // seed: 1 * time.Second
    try {
      const done = chan<void>();
      go(async function worker() {
        try {
          let i = 0;
          while (i < 500) {
            const cancelled = await select<boolean>(
              recv(ctx.done(), () => true), // return
              otherwise(async () => {
                fmt.printf("#goroutines: %d\n", runtime.numGoroutine());
                await time.sleep(10 * time.Millisecond); // seed: 1 * time.Second
                i++;
                return false;
              }),
            );
            if (cancelled) return;
          }
          // 只有在上下文未取消时才写入响应 (write only if ctx is not cancelled)
          if (ctx.err() === null) {
            w.end("Hello World!"); // _, _ = io.WriteString(w, "Hello World!")
          }
        } finally {
          done.close(); // defer close(done)
        }
      });

      // 等待完成或超时 (wait for completion or the timeout)
      await select(
        recv(done), // 正常完成 (finished normally)
        recv(ctx.done(), () => {
          httpError(w, "Timeout", 503); // http.Error(w, "Timeout", http.StatusServiceUnavailable)
        }),
      );
    } finally {
      cancel(); // defer cancel()
    }
  }
}

/** mux := http.NewServeMux(); mux.Handle("/", a) - served directly, no TimeoutHandler */
export function newHandler(): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const a = new api();
  return serve(a.ServeHTTP);
}

export function main(): http.Server {
  const h = newHandler();
  fmt.printf("Initial #goroutines: %d\n", runtime.numGoroutine());
  return http.createServer(h).listen(8080); // _ = http.ListenAndServe(":8080", mux)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
