// Seed 002, the fix: the handler watches its request's ctx.
//
// TimeoutHandler cancels ctx (DeadlineExceeded) when it answers 503. This
// ServeHTTP checks ctx.done() after every sleep, without blocking (a select
// with an `otherwise` arm, Go's `default:`), and returns as soon as it is
// closed: the task leaves the registry one sleep after the timeout instead
// of running its 500 iterations for nobody.
//
// Ported line for line. Durations are scaled down 100x so the spec runs
// fast: time.Sleep(1 * time.Second) -> 10 ms, TimeoutHandler 10 s -> 100 ms.
import * as http from "node:http";
import { format } from "node:util";
import { pathToFileURL } from "node:url";
import { otherwise, recv, runtime, select, time, context } from "../../src/index.js";
import { timeoutHandler, type ResponseWriter } from "../../src/http/index.js";

/** Go's fmt, writing to stdout; the spec silences it. */
export const fmt = {
  printf: (f: string, ...a: unknown[]): void => void process.stdout.write(format(f, ...a)),
  println: (...a: unknown[]): void => void process.stdout.write(a.join(" ") + "\n"),
};

export class api {
  async ServeHTTP(_req: http.IncomingMessage, w: ResponseWriter, ctx: context.Context): Promise<void> {
    let i = 0;
    for (;;) {
      if (i === 500) {
        break;
      }
      //fmt.Printf("@time: %s\n", time.Now())
      fmt.printf("i: %d #goroutines: %d\n", i, runtime.numGoroutine());
      await time.sleep(10 * time.Millisecond); // seed: 1 * time.Second
      const canceled = await select(
        recv(ctx.done(), () => {
          // case <-req.Context().Done():
          fmt.println("context canceled");
          return true; // return
        }),
        otherwise(() => false), // default:
      );
      if (canceled) return;
      i++;
    }
    try {
      w.write("Hello World!"); // _, _ = io.WriteString(w, "Hello World!")
    } catch {
      // ErrHandlerTimeout
    }
  }
}

/** s := http.NewServeMux(); s.Handle("/", a); h := http.TimeoutHandler(s, 10*time.Second, `Timeout`) */
export function newHandler(): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const a = new api();
  return timeoutHandler(a.ServeHTTP, 100 * time.Millisecond, `Timeout`); // seed: 10 * time.Second
}

export function main(): http.Server {
  const h = newHandler();
  fmt.printf("#goroutines: %d\n", runtime.numGoroutine());
  return http.createServer(h).listen(8081); // _ = http.ListenAndServe(":8081", h)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
