// Seed 003, layer 5: Docker's TimeoutConn, "a net.Conn that sets a deadline
// for every Read": before each Read, SetReadDeadline(time.Now().Add(timeout))
// with timeout 1 * time.Minute (the ReceiveTimeout client). Go has no
// Transport field for it; the Client's idleTimeout is that per-read
// deadline. Unlike Client.Timeout it never fires while bytes keep coming,
// however long the body takes; here the server sends headers and a first
// chunk, then goes quiet, and reading ends in HttpTimeoutError{ layer:
// "idle" }, "read tcp <local>-><remote>: i/o timeout".
// Given an in-memory network, the server runs on it (see servers.ts).
import { pathToFileURL } from "node:url";
import { context, time } from "../../src/index.js";
import { Client } from "../../src/http/index.js";
import type { Network } from "../../src/http/httptest/index.js";
import { report, stallsBody } from "./servers.js";

export async function run(timeout = 1 * time.Minute, network?: Network): Promise<unknown> {
  const server = await stallsBody(network);
  // case ReceiveTimeout: conn = utils.NewTimeoutConn(conn, 1*time.Minute)
  const client = new Client({ idleTimeout: timeout, disableKeepAlives: true, dial: server.dial });
  try {
    const resp = await client.get(context.background(), `http://${server.addr}/`);
    await resp.arrayBuffer();
    return null;
  } catch (err) {
    return err;
  } finally {
    await server.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) report("idle", await run());
