// Seed 002, second fix ("使用 context 进行协程控制", control the task with
// context): the loop asks ctx first, on every iteration.
//
// Same TimeoutHandler (1 s) as leaky.ts, but each iteration starts with a
// select on ctx.done() with a `default:` (otherwise) arm: when the timeout
// cancels ctx, the next iteration returns at once, so the ServeHTTP task
// ends one sleep after the 503 instead of running 500 sleeps for nobody. It
// also checks ctx.err() once more before writing.
//
// Ported line for line, including a Go quirk: the `break` in `default:`
// leaves the select, not the for loop. Had i reached 500 it would spin
// until ctx is done (it cannot here: the timeout is 1 s, the loop 500 s).
// Durations are scaled down 100x like leaky.ts: time.Sleep(1 * time.Second)
// -> 10 ms, TimeoutHandler 1 s -> 10 ms.
import * as http from "node:http";
import { format } from "node:util";
import { pathToFileURL } from "node:url";
import { otherwise, recv, runtime, select, time, context } from "../../src/index.js";
import { timeoutHandler, type ResponseWriter } from "../../src/http/index.js";

/** Go's fmt, writing to stdout; specs and the demo silence it. */
export const fmt = {
  printf: (f: string, ...a: unknown[]): void => void process.stdout.write(format(f, ...a)),
};

export class api {
  async ServeHTTP(_req: http.IncomingMessage, w: ResponseWriter, ctx: context.Context): Promise<void> {
    // ctx := req.Context()
    let i = 0;
    for (;;) {
      const cancelled = await select<boolean>(
        recv(ctx.done(), () => {
          // 上下文被取消,立即返回 (context cancelled: return at once)
          fmt.printf("Request cancelled: %s\n", ctx.err()?.message);
          return true; // return
        }),
        otherwise(async () => {
          if (i === 500) {
            return false; // break: leaves the select only
          }
          fmt.printf("#goroutines: %d\n", runtime.numGoroutine());
          await time.sleep(10 * time.Millisecond); // seed: 1 * time.Second
          i++;
          return false;
        }),
      );
      if (cancelled) return;
    }
    // 检查上下文是否已完成 (check the context before writing) - unreachable, as in Go
    if (ctx.err() !== null) {
      fmt.printf("Context error before write: %s\n", ctx.err()?.message);
      return;
    }
    try {
      w.write("Hello World!"); // _, _ = io.WriteString(w, "Hello World!")
    } catch {
      // ErrHandlerTimeout
    }
  }
}

/** s := http.NewServeMux(); s.Handle("/", a); h := http.TimeoutHandler(s, 1*time.Second, `Timeout`) */
export function newHandler(): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const a = new api();
  return timeoutHandler(a.ServeHTTP, 10 * time.Millisecond, `Timeout`); // seed: 1 * time.Second
}

export function main(): http.Server {
  const h = newHandler();
  fmt.printf("Initial #goroutines: %d\n", runtime.numGoroutine());
  return http.createServer(h).listen(8080); // _ = http.ListenAndServe(":8080", h)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
