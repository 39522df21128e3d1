// Seed 002, fourth program ("使用 http.TimeoutHandler 的正确方式", the right
// way to use http.TimeoutHandler): keep TimeoutHandler, make the handler
// cooperate.
//
// The loop checks ctx.done() (select with `default:`) before each of its
// short sleeps and writes only if ctx.err() is still null. TimeoutHandler
// answers 503 at 500 ms and cancels ctx; the handler notices at its next
// check, prints "Goroutine properly terminated", and returns: its task is
// gone one sleep (100 ms) after the 503. The work is bounded too (10
// iterations), so even a handler that missed the cancel would end at 1 s.
//
// Ported line for line. Durations are scaled down 100x like leaky.ts:
// time.Sleep(100 * time.Millisecond) -> 1 ms, TimeoutHandler 500 ms -> 5 ms.
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
    while (i < 10) {
      // 减少循环次数用于测试 (fewer iterations, for testing)
      const cancelled = await select<boolean>(
        recv(ctx.done(), () => {
          fmt.printf("Goroutine properly terminated: %s\n", ctx.err()?.message);
          return true; // return
        }),
        otherwise(async () => {
          fmt.printf("#goroutines: %d, i: %d\n", runtime.numGoroutine(), i);
          await time.sleep(1 * time.Millisecond); // seed: 100 * time.Millisecond, 更短的睡眠时间 (a shorter sleep)
          i++;
          return false;
        }),
      );
      if (cancelled) return;
    }
    if (ctx.err() === null) {
      w.write("Hello World!"); // _, _ = io.WriteString(w, "Hello World!")
    }
  }
}

/** mux := http.NewServeMux(); mux.Handle("/", a); timeoutHandler := http.TimeoutHandler(mux, 500*time.Millisecond, "Timeout") */
export function newHandler(): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const a = new api();
  // 使用 TimeoutHandler,但确保业务逻辑响应上下文取消 (use TimeoutHandler, but make the handler respond to cancellation)
  return timeoutHandler(a.ServeHTTP, 5 * time.Millisecond, "Timeout"); // seed: 500 * time.Millisecond
}

export function main(): http.Server {
  const h = newHandler();
  fmt.printf("Initial #goroutines: %d\n", runtime.numGoroutine());
  return http.createServer(h).listen(8080); // _ = http.ListenAndServe(":8080", timeoutHandler)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
