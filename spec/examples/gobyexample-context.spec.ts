// Go by Example's Context chapter, ported (examples/gobyexample/context.ts):
// its hello handler served by a real node:http server on httptest's
// in-memory network, in a synctest bubble, so its 10 s wait takes no wall
// time. Go's sample session: curl waits, ^C after 2 s, and the server prints
//   server: hello handler started
//   server: context canceled
//   server: hello handler ended
import { afterEach, describe, expect, it } from "vitest";
import { context, time } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";
import * as httptest from "../../src/http/httptest/index.js";
import * as fmt from "../../examples/gobyexample/fmt.js";
import { hello } from "../../examples/gobyexample/context.js";

afterEach(() => fmt.setOutput(null));

function capture(): string[] {
  const lines: string[] = [];
  let partial = "";
  fmt.setOutput((text) => {
    const parts = (partial + text).split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
  });
  return lines;
}

describe("Go by Example, ported: context", () => {
  it("answers hello after 10 seconds to a client that waits", async () => {
    const lines = capture();
    await synctest.test(async () => {
      const srv = httptest.newServer((req, w) => hello(w, req));
      const start = time.now();
      const resp = await srv.client().get(context.background(), `${srv.url}/hello`);
      expect(resp.status).toBe(200);
      expect(await resp.text()).toBe("hello\n");
      expect(time.since(start)).toBe(10 * time.Second);
      srv.close();
    });
    expect(lines).toEqual(["server: hello handler started", "server: hello handler ended"]);
  });

  it("prints context canceled when the client goes away after 2 seconds (Go's ^C), and the handler ends at once", async () => {
    const lines = capture();
    await synctest.test(async () => {
      const srv = httptest.newServer((req, w) => hello(w, req));
      const [ctx, cancel] = context.withTimeout(context.background(), 2 * time.Second);
      const start = time.now();
      await expect(srv.client().get(ctx, `${srv.url}/hello`)).rejects.toBe(context.DeadlineExceeded);
      cancel();
      // The server sees the connection close: its handler is done in the same instant.
      await time.sleep(time.Millisecond);
      expect(lines).toEqual(["server: hello handler started", "server: context canceled", "server: hello handler ended"]);
      expect(time.since(start)).toBe(2 * time.Second + time.Millisecond);
      srv.close();
    });
  });
});
