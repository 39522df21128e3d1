// Misbehaving loopback servers for the seed 003 programs (127.0.0.1, port 0).
import * as http from "node:http";
import * as net from "node:net";
import { HttpTimeoutError } from "../../src/http/index.js";

export interface Running {
  /** host:port */
  addr: string;
  close(): Promise<void>;
}

async function start(server: net.Server): Promise<Running> {
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
    close: () =>
      new Promise((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Accepts connections, reads what comes, never writes a byte (no HTTP answer, no TLS ServerHello). */
export function silent(): Promise<Running> {
  return start(net.createServer((s) => s.resume()));
}

/** Sends the response headers and the first bytes of a 1000-byte body, then stalls. */
export function stallsBody(): Promise<Running> {
  return start(
    http.createServer((_req, res) => {
      res.writeHead(200, { "content-length": "1000" });
      res.write("partial");
    }),
  );
}

/** How each program reports the error it ends in. */
export function report(program: string, err: unknown): void {
  if (err instanceof HttpTimeoutError) console.log(`${program}: HttpTimeoutError layer=${err.layer} timeout=${err.timeout}: ${err.message}`);
  else console.log(`${program}: ${String(err)}`);
}
