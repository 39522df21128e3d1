// Seed 002, the leak: http.TimeoutHandler does not stop the handler it abandons.
//
// TimeoutHandler runs ServeHTTP in its own task and answers 503 "Timeout"
// when the time is up, but it cannot kill that task: it can only cancel the
// request's ctx. This ServeHTTP never looks at ctx, so after the client got
// its 503 it goes on looping (500 sleeps) and printing the task count, and
// its final write fails with ErrHandlerTimeout (ignored, as Go's `_, _ =`).
// Every timed-out request leaves one live "ServeHTTP" task in
// runtime.goroutines() until its loop ends. The fix is in fixed.ts.
//
// Ported line for line. Durations are scaled down 100x so the spec runs
// fast: time.Sleep(1 * time.Second) -> 10 ms, TimeoutHandler 1 s -> 10 ms
// (the loop still lasts 500 iterations, 5 s).
import * as http from "node:http";
import { format } from "node:util";
import { pathToFileURL } from "node:url";
import { runtime, time, context } from "../../src/index.js";
import { timeoutHandler, type ResponseWriter } from "../../src/http/index.js";

/** Go's fmt, writing to stdout; the spec silences it. */
export const fmt = {
  printf: (f: string, ...a: unknown[]): void => void process.stdout.write(format(f, ...a)),
};

export class api {
  async ServeHTTP(_req: http.IncomingMessage, w: ResponseWriter, _ctx: context.Context): Promise<void> {
    let i = 0;
    for (;;) {
      if (i === 500) {
        break;
      }
      //fmt.Printf("@time: %s\n", time.Now())
      fmt.printf("#goroutines: %d\n", runtime.numGoroutine());
      await time.sleep(10 * time.Millisecond); // seed: 1 * time.Second
      i++;
    }
    try {
      w.write("Hello World!"); // _, _ = io.WriteString(w, "Hello World!")
    } catch {
      // ErrHandlerTimeout: the 503 went out long ago
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
  fmt.printf("#goroutines: %d\n", runtime.numGoroutine());
  return http.createServer(h).listen(8080); // _ = http.ListenAndServe(":8080", h)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
