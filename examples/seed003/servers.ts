// Misbehaving servers for the seed 003 programs: on loopback (127.0.0.1,
// port 0), or, given an in-memory network (ts-csp-style/http/httptest), on
// that network, where inside a synctest bubble each timeout runs in virtual
// time.
import * as http from "node:http";
import * as net from "node:net";
import { HttpTimeoutError, type DialFunc } from "../../src/http/index.js";
import type { Network } from "../../src/http/httptest/index.js";

export interface Running {
  /** host:port */
  addr: string;
  /** The Client's dial for reaching it: the network's, or undefined for the default dialer. */
  dial: DialFunc | undefined;
  close(): Promise<void>;
}

/** Serve `server` on `network` at 127.0.0.1 (a free port). */
function startOn(network: Network, server: net.Server): Running {
  const ln = network.listen("127.0.0.1:0");
  const open = new Set<net.Socket>();
  server.on("connection", (s: net.Socket) => {
    open.add(s);
    s.once("close", () => open.delete(s));
  });
  ln.serve(server);
  return {
    addr: ln.addr,
    dial: network.dial,
    close: async () => {
      ln.close();
      for (const s of open) s.destroy();
    },
  };
}

async function start(server: net.Server, network?: Network): Promise<Running> {
  if (network !== undefined) return startOn(network, server);
  const open = new Set<net.Socket>();
  server.on("connection", (s: net.Socket) => {
    open.add(s);
    s.on("error", () => {});
    s.once("close", () => open.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as net.AddressInfo;
  return {
    addr: `127.0.0.1:${port}`,
    dial: undefined,
    close: () =>
      new Promise((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Accepts connections, reads what comes, never writes a byte (no HTTP answer, no TLS ServerHello). */
export function silent(network?: Network): Promise<Running> {
  return start(
    net.createServer((s) => s.resume()),
    network,
  );
}

/** Sends the response headers and the first bytes of a 1000-byte body, then stalls. */
export function stallsBody(network?: Network): Promise<Running> {
  return start(
    http.createServer((_req, res) => {
      res.writeHead(200, { "content-length": "1000" });
      res.write("partial");
    }),
    network,
  );
}

/**
 * A host that drops every SYN: a dial to it never connects, it only gives
 * up when the client aborts it. On loopback, a dial hook that never
 * settles; on a network, a listener that never accepts (backlog 0).
 */
export async function dropsSyn(network?: Network): Promise<Running> {
  if (network !== undefined) {
    const ln = network.listen("127.0.0.1:9", { backlog: 0 });
    return { addr: ln.addr, dial: network.dial, close: async () => ln.close() };
  }
  return {
    addr: "127.0.0.1:9",
    dial: (_network, _addr, signal) =>
      new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true })),
    close: async () => {},
  };
}

/** How each program reports the error it ends in. */
export function report(program: string, err: unknown): void {
  if (err instanceof HttpTimeoutError) console.log(`${program}: HttpTimeoutError layer=${err.layer} timeout=${err.timeout}: ${err.message}`);
  else console.log(`${program}: ${String(err)}`);
}
