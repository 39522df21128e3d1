// Seed 003, layer 4: Client.Timeout, "a time limit for requests made by this
// Client. The timeout includes connection time, any redirects, and reading
// the response body. The timer remains running after Get ... return and will
// interrupt reading of the Response.Body." The server sends its headers at
// once, then stalls the body: client.get() resolves, reading the body fails
// with HttpTimeoutError{ layer: "total" }, "net/http: request canceled
// (Client.Timeout exceeded while reading body)". The seed gives no value;
// Docker's ConnectTimeout client's whole-connection deadline
// (conn.SetDeadline(time.Now().Add(10 * time.Second))) is used. Given an
// in-memory network, the server runs on it (see servers.ts).
import { pathToFileURL } from "node:url";
import { context, time } from "../../src/index.js";
import { Client } from "../../src/http/index.js";
import type { Network } from "../../src/http/httptest/index.js";
import { report, stallsBody } from "./servers.js";

export async function run(timeout = 10 * time.Second, network?: Network): Promise<unknown> {
  const server = await stallsBody(network);
  const client = new Client({ timeout, disableKeepAlives: true, dial: server.dial });
  try {
    const resp = await client.get(context.background(), `http://${server.addr}/`);
    await resp.arrayBuffer(); // ioutil.ReadAll(resp.Body)
    return null;
  } catch (err) {
    return err;
  } finally {
    await server.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) report("total", await run());
