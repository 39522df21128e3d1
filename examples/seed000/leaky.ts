// Seed 000, the leak: "golang http timeout and goroutines accumulation".
//
// Every request to handler() runs timeoutHttpGet(), which starts a task to
// fetch the upstream URL and send the result on an UNBUFFERED channel `ch`,
// then selects between `ch` and a timeout. When the upstream is slower than
// the timeout, the select returns "timeout", the deferred block sets `ch` to
// null (Go's `ch = nil`), and nobody will ever receive again. When the fetch
// finally finishes, the task reaches its send: on a nil channel (or, had it
// not been nil-ed, an unbuffered channel with no receiver) that parks
// forever. One leaked task per slow request: runtime.numGoroutine() only
// grows, as the seed's goroutine counter showed. The fix is in fixed.ts.
//
// Ported line for line. `ch <- v` on a channel that may be nil is written
// `await select(send(ch, v))`: a select arm on a null channel is Go's nil
// channel, never ready. Durations: the select timeout is scaled from
// 5 * time.Second down to 250 ms so the spec runs fast; the 3 s dial timeout
// is the seed's.
import * as http from "node:http";
import { pathToFileURL } from "node:url";
import { chan, context, go, recv, runtime, select, send, time, type Chan } from "../../src/index.js";
import { Client, dialTimeout, type ClientOptions, type DialFunc } from "../../src/http/index.js";

/**
 * The seed fetches http://google.com. spec/http points `url` at a slow
 * loopback server; the gallery (spec/seeds, the properties, the demo) and
 * spec/http/virtual-time swap `Client` for one whose connections go to a
 * slow upstream on an in-memory network, in virtual time.
 */
export const upstream: { url: string; Client: new (tr: ClientOptions) => Pick<Client, "get"> } = { url: "http://google.com", Client };

// timeout dialler
export function timeoutDialler(timeout: number): DialFunc {
  return (network, addr) => {
    return dialTimeout(network, addr, timeout);
  };
}

export async function timeoutHttpGet(url: string): Promise<[Uint8Array, Error | null]> {
  // change dialler add timeout support && disable keep-alive
  const tr = {
    dial: timeoutDialler(3 * time.Second),
    disableKeepAlives: true,
  };

  const client = new upstream.Client(tr);

  type Response = {
    resp: Uint8Array;
    err: Error | null;
  };

  let ch: Chan<Response> | null = chan<Response>(0);
  try {
    go(async function fetch() {
      let resp: globalThis.Response;
      try {
        resp = await client.get(context.background(), url);
      } catch (err) {
        await select(send(ch, { resp: new Uint8Array(), err: err as Error })); // ch <- Response{[]byte{}, err}
        return;
      }
      try {
        let body: Uint8Array;
        try {
          body = new Uint8Array(await resp.arrayBuffer());
        } catch (err) {
          await select(send(ch, { resp: new Uint8Array(), err: err as Error })); // ch <- Response{[]byte{}, err}
          return;
        }

        await select(send(ch, { resp: body, err: null })); // ch <- Response{body, err}: parks forever once ch is nil
      } finally {
        if (!resp.bodyUsed) await resp.body?.cancel(); // defer resp.Body.Close()
      }
    });

    return await select<[Uint8Array, Error | null]>(
      recv(time.after(250 * time.Millisecond), () => [new Uint8Array(), new Error("timeout")]), // seed: 5 * time.Second
      recv(ch, (response) => [response!.resp, response!.err]),
    );
  } finally {
    ch = null; // defer func() { ch = nil }()
  }
}

export async function handler(_r: http.IncomingMessage, w: http.ServerResponse): Promise<void> {
  const [, err] = await timeoutHttpGet(upstream.url);
  if (err !== null) {
    w.end(err.message); // (the seed elides what it does with err)
    return;
  }
  w.end();
}

export function main(): http.Server {
  go(async function monitor() {
    for (;;) {
      await time.sleep(500 * time.Millisecond);
      console.log(runtime.numGoroutine());
    }
  });

  const s = http.createServer(handler); // s := &http.Server{Addr: ":8888", ...}; http.HandleFunc("/", handler)
  s.requestTimeout = 15 * time.Second; // ReadTimeout
  s.timeout = 15 * time.Second; // WriteTimeout (the nearest Node has: socket inactivity)
  return s.listen(8888);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
