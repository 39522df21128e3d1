// Go by Example: Context (https://gobyexample.com/context), ported. Go by
// Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0; its code,
// without the tutorial's comments:
//
//	func hello(w http.ResponseWriter, req *http.Request) {
//		ctx := req.Context()
//		fmt.Println("server: hello handler started")
//		defer fmt.Println("server: hello handler ended")
//
//		select {
//		case <-time.After(10 * time.Second):
//			fmt.Fprintf(w, "hello\n")
//		case <-ctx.Done():
//			err := ctx.Err()
//			fmt.Println("server:", err)
//			internalError := http.StatusInternalServerError
//			http.Error(w, err.Error(), internalError)
//		}
//	}
//
//	func main() {
//		http.HandleFunc("/hello", hello)
//		http.ListenAndServe(":8090", nil)
//	}
//
// node:http has no r.Context(); requestContext is Go's: cancelled when the
// client goes away or the response is done. Go runs each request's handler
// in a goroutine of its own, and so does main here.
import * as http from "node:http";
import { go, recv, select, time } from "../../src/index.js";
import { requestContext } from "../../src/http/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

/** Go's `http.Error`: a plain-text error reply with `code`. */
function httpError(w: http.ServerResponse, error: string, code: number): void {
  w.setHeader("Content-Type", "text/plain; charset=utf-8");
  w.setHeader("X-Content-Type-Options", "nosniff");
  w.statusCode = code;
  w.end(`${error}\n`);
}

export async function hello(w: http.ServerResponse, req: http.IncomingMessage): Promise<void> {
  const ctx = requestContext(req, w);
  fmt.Println("server: hello handler started");
  try {
    const s = await select({ after: recv(time.after(10 * time.Second)), done: recv(ctx.done()) });
    switch (s.case) {
      case "after":
        w.end("hello\n");
        break;
      case "done": {
        const err = ctx.err();
        fmt.Println("server:", err);
        const internalError = 500;
        httpError(w, String(err?.message), internalError);
      }
    }
  } finally {
    fmt.Println("server: hello handler ended");
  }
}

export async function main(): Promise<void> {
  const routes = new Map([["/hello", hello]]);
  const server = http.createServer((req, w) => {
    const handler = routes.get(new URL(req.url ?? "/", "http://localhost").pathname);
    if (handler === undefined) return void httpError(w, "404 page not found", 404);
    go(handler, w, req);
  });
  // http.ListenAndServe returns only with an error.
  await new Promise((_resolve, reject) => server.listen(8090).once("error", reject));
}

runIfMain(import.meta.url, main);
