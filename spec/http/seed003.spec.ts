// Seed 003: one program per client timeout layer (examples/seed003), each run
// with its deadline scaled down to 100 ms, must end in the typed error that
// names its layer and leave no timer or task behind.
import { describe, expect, it } from "vitest";
import { HttpTimeoutError } from "../../src/http/index.js";
import * as clientTimeout from "../../examples/seed003/client-timeout.js";
import * as dial from "../../examples/seed003/dial-timeout.js";
import * as responseHeader from "../../examples/seed003/response-header-timeout.js";
import * as timeoutConn from "../../examples/seed003/timeout-conn.js";
import * as tlsHandshake from "../../examples/seed003/tls-handshake-timeout.js";
import { baseline, expectClean } from "./_helpers.js";

const programs: [string, (ms: number) => Promise<unknown>, HttpTimeoutError["layer"], RegExp][] = [
  ["dial-timeout", dial.run, "dial", /^dial tcp 127\.0\.0\.1:9: i\/o timeout$/],
  ["tls-handshake-timeout", tlsHandshake.run, "tlsHandshake", /^net\/http: TLS handshake timeout$/],
  ["response-header-timeout", responseHeader.run, "responseHeader", /^net\/http: timeout awaiting response headers$/],
  ["client-timeout", clientTimeout.run, "total", /^net\/http: request canceled \(Client\.Timeout exceeded while reading body\)$/],
  ["timeout-conn", timeoutConn.run, "idle", /^read tcp 127\.0\.0\.1:\d+->127\.0\.0\.1:\d+: i\/o timeout$/],
];

describe("seed 003: each client timeout layer ends in its typed error", () => {
  it.each(programs)("%s", async (_name, run, layer, message) => {
    const base = baseline();
    const err = await run(100);
    expect(err).toBeInstanceOf(HttpTimeoutError);
    expect((err as HttpTimeoutError).layer).toBe(layer);
    expect((err as HttpTimeoutError).timeout).toBe(true);
    expect((err as HttpTimeoutError).message).toMatch(message);
    await expectClean(base);
  });
});
