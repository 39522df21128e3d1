// Seed 003, layer 3: Transport.ResponseHeaderTimeout, armed once the request
// is written (Go's roundTrip: `respHeaderTimer = time.After(d)` after
// writeErrCh reports success). The server accepts and reads the request but
// never answers. The seed gives no value; 10 * time.Second is used here.
// Ends in HttpTimeoutError{ layer: "responseHeader" }, "net/http: timeout
// awaiting response headers".
// Given an in-memory network, the server runs on it (see servers.ts).
import { pathToFileURL } from "node:url";
import { context, time } from "../../src/index.js";
import { Client } from "../../src/http/index.js";
import type { Network } from "../../src/http/httptest/index.js";
import { report, silent } from "./servers.js";

export async function run(responseHeaderTimeout = 10 * time.Second, network?: Network): Promise<unknown> {
  const server = await silent(network);
  const client = new Client({ responseHeaderTimeout, disableKeepAlives: true, dial: server.dial });
  try {
    await client.get(context.background(), `http://${server.addr}/`);
    return null;
  } catch (err) {
    return err;
  } finally {
    await server.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) report("responseHeader", await run());
