// Seed 003, layer 2: Transport.TLSHandshakeTimeout (DefaultTransport: 10 *
// time.Second). The TCP connection succeeds, but the server never answers
// the ClientHello; Go's dialConn arms time.AfterFunc(TLSHandshakeTimeout)
// and fails with tlsHandshakeTimeoutError. Here: HttpTimeoutError{ layer:
// "tlsHandshake" }, "net/http: TLS handshake timeout", connection closed.
// Given an in-memory network, the server runs on it (see servers.ts), and
// TLS over an in-memory connection.
import { pathToFileURL } from "node:url";
import { context, time } from "../../src/index.js";
import { Client } from "../../src/http/index.js";
import type { Network } from "../../src/http/httptest/index.js";
import { report, silent } from "./servers.js";

export async function run(tlsHandshakeTimeout = 10 * time.Second, network?: Network): Promise<unknown> {
  const server = await silent(network);
  const client = new Client({ tlsHandshakeTimeout, dial: server.dial });
  try {
    await client.get(context.background(), `https://${server.addr}/`);
    return null;
  } catch (err) {
    return err;
  } finally {
    await server.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) report("tlsHandshake", await run());
