// Seed 003, layer 1: net.Dialer.Timeout, the time to establish the TCP
// connection. Go's DefaultTransport dials with Timeout: 30 * time.Second;
// Docker's ConnectTimeout client uses net.DialTimeout(proto, addr, 5*time.Second),
// used here. A network that drops the SYN is simulated by a dial hook that
// never connects (it only gives up when the client aborts it), so the program
// ends in HttpTimeoutError{ layer: "dial" }, "dial tcp <addr>: i/o timeout",
// and nothing is left: the dial timer is cleared, the hook is aborted.
import { pathToFileURL } from "node:url";
import { context, time } from "../../src/index.js";
import { Client } from "../../src/http/index.js";
import { report } from "./servers.js";

export async function run(dialTimeout = 5 * time.Second): Promise<unknown> {
  const client = new Client({
    dialTimeout, // conn, err := net.DialTimeout(proto, addr, 5*time.Second)
    disableKeepAlives: true,
    dial: (_network, _addr, signal) =>
      new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true })),
  });
  try {
    await client.get(context.background(), "http://127.0.0.1:9/");
    return null;
  } catch (err) {
    return err;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) report("dial", await run());
