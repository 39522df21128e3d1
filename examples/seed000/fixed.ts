// Seed 000, the fix: "Init your chan with 1 instead of 0, and remove the
// defer block that closes and nils ch."
//
// Same timeoutHttpGet() as leaky.ts with those two changes. When the timeout
// wins, the fetch task still finishes later and sends its result, but the
// buffer has room for it: the send completes without a receiver, the task
// returns and leaves the registry, and the channel with its one value is
// garbage. runtime.numGoroutine() goes back down once the slow upstream has
// answered. (The fetch itself is still unbounded, as in the seed: the task
// lives as long as the upstream takes; a Client timeout would bound that.)
//
// Durations as in leaky.ts: the select timeout is scaled from
// 5 * time.Second down to 250 ms so the spec runs fast; the 3 s dial timeout
// is the seed's.
import * as http from "node:http";
import { pathToFileURL } from "node:url";
import { chan, context, go, recv, runtime, select, time } from "../../src/index.js";
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

  const ch = chan<Response>(1); // buffered: the one send never blocks

  go(async function fetch() {
    let resp: globalThis.Response;
    try {
      resp = await client.get(context.background(), url);
    } catch (err) {
      await ch.send({ resp: new Uint8Array(), err: err as Error });
      return;
    }
    try {
      let body: Uint8Array;
      try {
        body = new Uint8Array(await resp.arrayBuffer());
      } catch (err) {
        await ch.send({ resp: new Uint8Array(), err: err as Error });
        return;
      }

      await ch.send({ resp: body, err: null }); // completes at once: the buffer has room
    } finally {
      if (!resp.bodyUsed) await resp.body?.cancel(); // defer resp.Body.Close()
    }
  });

  return select<[Uint8Array, Error | null]>(
    recv(time.after(250 * time.Millisecond), () => [new Uint8Array(), new Error("timeout")]), // seed: 5 * time.Second
    recv(ch, (response) => [response!.resp, response!.err]),
  );
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
