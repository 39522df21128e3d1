// The README's "HTTP in virtual time" example, verbatim but for the import
// paths; the last test keeps the two equal.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { context, time } from "../../src/index.js";
import { Deadlock, synctest } from "../../src/testing/index.js";
import { HttpTimeoutError, timeoutHandler, type Handler } from "../../src/http/index.js";
import { newServer } from "../../src/http/httptest/index.js";

// Seed 002's handler: ten seconds of work, looking at ctx between steps if told to.
function work(watchCtx: boolean): Handler {
  return async function ServeHTTP(_req, w, ctx) {
    for (let i = 0; i < 10; i++) {
      if (watchCtx && ctx.err() !== null) return; // timed out, or the client went away
      await time.sleep(time.Second);
    }
    w.end("done");
  };
}

describe("an HTTP server in virtual time", () => {
  it("TimeoutHandler answers 503 after exactly 1 s", async () => {
    await synctest.test(async () => {
      const srv = newServer(timeoutHandler(work(true), time.Second, "Timeout"));
      const start = time.now();
      const resp = await srv.client().get(context.background(), srv.url);
      expect([resp.status, await resp.text()]).toEqual([503, "Timeout"]);
      expect(time.since(start)).toBe(time.Second);
      srv.close();
      await time.sleep(time.Second); // the handler sees ctx done at its next step
    });
  });

  it("the client's 3 s timeout ends in HttpTimeoutError at exactly 3 s", async () => {
    await synctest.test(async () => {
      const srv = newServer(timeoutHandler(work(true), time.Minute, "Timeout"));
      const client = srv.client({ timeout: 3 * time.Second });
      const start = time.now();
      const err = await client.get(context.background(), srv.url).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpTimeoutError);
      expect((err as HttpTimeoutError).layer).toBe("total");
      expect(time.since(start)).toBe(3 * time.Second);
      srv.close();
      await time.sleep(time.Second); // the client went away: ctx is cancelled, the handler returns
    });
  });

  it("a handler that ignores ctx outlives its request: the bubble reports it", async () => {
    const run = synctest.test(async () => {
      const srv = newServer(timeoutHandler(work(false), time.Second, "Timeout"));
      const resp = await srv.client().get(context.background(), srv.url);
      expect(resp.status).toBe(503);
      srv.close();
    });
    await expect(run).rejects.toThrow(Deadlock);
    await expect(run).rejects.toThrow(/goroutine \d+ \[sleep \(durable\), synctest bubble \d+\]:\nServeHTTP/);
  });
});

// ---- not in the README ----

describe("the README", () => {
  it("shows this file's example, verbatim but for the import paths", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("### HTTP in virtual time"));
    const shown = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    const self = readFileSync(new URL(import.meta.url), "utf8");
    const example = self.slice(self.indexOf("import { describe"), self.indexOf("// ---- not in the README ----")).trimEnd() + "\n";
    const asPublished = example
      .replace('from "../../src/index.js";', 'from "ts-csp-style";')
      .replace('from "../../src/testing/index.js";', 'from "ts-csp-style/testing";')
      .replace('from "../../src/http/index.js";', 'from "ts-csp-style/http";')
      .replace('from "../../src/http/httptest/index.js";', 'from "ts-csp-style/http/httptest";');
    expect(shown).toBe(asPublished);
  });
});
