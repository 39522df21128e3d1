// Seed 003, layer 1: net.Dialer.Timeout, the time to establish the TCP
// connection. Go's DefaultTransport dials with Timeout: 30 * time.Second;
// Docker's ConnectTimeout client uses net.DialTimeout(proto, addr, 5*time.Second),
// used here. A host that drops the SYN is simulated (servers.ts dropsSyn):
// by a dial hook that never connects, or, given an in-memory network, by a
// listener that never accepts; the dial only gives up when the client aborts
// it, so the program ends in HttpTimeoutError{ layer: "dial" }, "dial tcp
// <addr>: i/o timeout", and nothing is left: the dial timer is cleared, the
// dial is aborted.
import { pathToFileURL } from "node:url";
import { context, time } from "../../src/index.js";
import { Client } from "../../src/http/index.js";
import type { Network } from "../../src/http/httptest/index.js";
import { dropsSyn, report } from "./servers.js";

export async function run(dialTimeout = 5 * time.Second, network?: Network): Promise<unknown> {
  const host = await dropsSyn(network);
  const client = new Client({
    dialTimeout, // conn, err := net.DialTimeout(proto, addr, 5*time.Second)
    disableKeepAlives: true,
    dial: host.dial,
  });
  try {
    await client.get(context.background(), `http://${host.addr}/`);
    return null;
  } catch (err) {
    return err;
  } finally {
    await host.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) report("dial", await run());
