// requestContext(req, res): Go's r.Context() for a plain node:http handler,
// on a loopback server in real time (the waits are on the context itself,
// never on a wall-clock margin).
import * as http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { context, recv, recvFrom, select, time } from "../../src/index.js";
import { requestContext } from "../../src/http/index.js";
import { httpServer, type TestServer } from "./_helpers.js";

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** Start `handler` on loopback; resolves with the server. */
async function serve(handler: http.RequestListener): Promise<TestServer> {
  const s = await httpServer(handler);
  servers.push(s);
  return s;
}

describe("requestContext", () => {
  it("is cancelled with Canceled when the client goes away before the response", async () => {
    let seen: Promise<unknown> | undefined;
    const s = await serve((req, res) => {
      const ctx = requestContext(req, res);
      seen = (async () => {
        await recvFrom(ctx.done());
        return ctx.err();
      })();
    });
    const req = http.get(s.url);
    req.on("error", () => {});
    while (seen === undefined) await time.sleep(1);
    req.destroy();
    expect(await seen).toBe(context.Canceled);
  });

  it("is live while the handler works and cancelled once the response is sent", async () => {
    let during: unknown = "unset";
    let after: Promise<unknown> | undefined;
    const s = await serve((req, res) => {
      const ctx = requestContext(req, res);
      during = ctx.err();
      res.end("ok");
      after = (async () => {
        await recvFrom(ctx.done());
        return ctx.err();
      })();
    });
    const body = await fetch(s.url).then((r) => r.text());
    expect(body).toBe("ok");
    expect(during).toBeNull();
    expect(await after).toBe(context.Canceled);
  });

  it("derives from the parent given, Go's Server.BaseContext", async () => {
    const [base, stop] = context.withCancel(context.background());
    let seen: Promise<unknown> | undefined;
    const s = await serve((req, res) => {
      const ctx = requestContext(req, res, base);
      seen = select(
        recv(ctx.done(), () => ctx.err()),
        recv(time.after(10 * time.Second), () => "no cancel"),
      ).finally(() => res.end());
    });
    const req = http.get(s.url);
    req.on("error", () => {});
    while (seen === undefined) await time.sleep(1);
    stop();
    expect(await seen).toBe(context.Canceled);
    req.destroy();
  });

  it("rejects a request or response that is not one, at the call", () => {
    const res = new http.ServerResponse(new http.IncomingMessage(null as never));
    expect(() => requestContext({} as never, res)).toThrow(new TypeError("requestContext: req must be an http.IncomingMessage, got Object"));
    expect(() => requestContext(new http.IncomingMessage(null as never), 42 as never)).toThrow(TypeError);
  });
});
