// timeoutHandler: Go's http.TimeoutHandler with the handler as a go() task.
import * as http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { context, recv, runtime, select, time } from "../../src/index.js";
import { ErrBodyReadAfterClose, ErrHandlerTimeout, timeoutHandler, type Handler } from "../../src/http/index.js";
import { baseline, eventually, expectClean, hostDelay, httpServer, type TestServer } from "./_helpers.js";
import { withTracing } from "../_tracing.js";

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(handler: Handler, ms: number, message = "Timeout"): Promise<TestServer> {
  const s = await httpServer(timeoutHandler(handler, ms, message));
  servers.push(s);
  return s;
}

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

/** One request on a fresh connection (agent: false), read to the end. */
function request(url: string, method = "GET"): Promise<Got> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).toString(), ms: Date.now() - t0 }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("timeoutHandler: the handler finishes first", () => {
  it("status, headers and body go out intact; the ctx timer and the task are gone", async () => {
    const srv = await serve(async function fast(req, w, ctx) {
      expect(ctx.err()).toBeNull();
      expect(ctx.deadline()).toBeGreaterThan(time.now());
      w.setHeader("X-Handler", "yes");
      w.writeHead(201, { "Content-Type": "text/plain" });
      w.write("hello ");
      await time.sleep(10);
      w.end(`${req.method} ${req.url}`);
    }, 1000);
    const base = baseline();
    const got = await request(srv.url + "/a?b=1");
    expect(got.status).toBe(201);
    expect(got.headers["x-handler"]).toBe("yes");
    expect(got.headers["content-type"]).toBe("text/plain");
    expect(got.body).toBe("hello GET /a?b=1");
    await expectClean(base, { servers: [srv] });
  });

  it("a handler that returns without end(): 200 and what it wrote, sent when it returns", async () => {
    const srv = await serve(function quiet(_req, w) {
      w.write("implicit");
    }, 1000);
    const base = baseline();
    const got = await request(srv.url);
    expect(got.status).toBe(200);
    expect(got.body).toBe("implicit");
    await expectClean(base, { servers: [srv] });
  });

  it("statusCode and getHeader behave as on a ServerResponse", async () => {
    const srv = await serve(function fields(_req, w) {
      w.statusCode = 418;
      w.setHeader("x-list", ["a", "b"]);
      expect(w.getHeader("X-LIST")).toEqual(["a", "b"]);
      expect(w.hasHeader("x-list")).toBe(true);
      expect(w.headersSent).toBe(false);
      w.end("teapot");
    }, 1000);
    const got = await request(srv.url);
    expect(got.status).toBe(418);
    expect(got.headers["x-list"]).toBe("a, b");
    expect(got.body).toBe("teapot");
  });
});

describe("timeoutHandler: the timeout fires first", () => {
  withTracing(); // a live handler's state word ("sleep") needs tracing

  it("503 with the message and none of the handler's headers; later writes throw ErrHandlerTimeout", async () => {
    let afterWrite: unknown;
    let afterEnd: unknown;
    let ctxErr: Error | null = null;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const srv = await serve(async function slow(_req, w, ctx) {
      w.setHeader("X-Handler", "yes");
      w.statusCode = 200;
      await time.sleep(1000); // far past the 100 ms timeout: real time needs a wide margin
      ctxErr = ctx.err();
      try {
        w.write("too late");
      } catch (e) {
        afterWrite = e;
      }
      try {
        w.end("too late");
      } catch (e) {
        afterEnd = e;
      }
      release();
    }, 100, "handler too slow");
    const base = baseline();
    const got = await request(srv.url);
    expect(got.status).toBe(503);
    expect(got.body).toBe("handler too slow");
    expect(got.headers["x-handler"]).toBeUndefined();
    expect(got.ms).toBeGreaterThanOrEqual(90);
    expect(got.ms).toBeLessThan(900);
    await released;
    expect(ctxErr).toBe(context.DeadlineExceeded);
    expect(afterWrite).toBe(ErrHandlerTimeout);
    expect(afterEnd).toBe(ErrHandlerTimeout);
    expect(ErrHandlerTimeout.message).toBe("http: Handler timeout");
    await expectClean(base, { servers: [srv] });
  });

  it("an empty message sends Go's default HTML page", async () => {
    const srv = await serve(async function slow(_req, w, ctx) {
      await ctx.done()!.recv();
      void w;
    }, 50, "");
    const got = await request(srv.url);
    expect(got.status).toBe(503);
    expect(got.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(got.body).toBe("<html><head><title>Timeout</title></head><body><h1>Timeout</h1></body></html>");
  });

  it("ctx is cancelled at the timeout with DeadlineExceeded: a handler watching ctx.done() exits", async () => {
    let seen: { err: Error | null; ms: number } | undefined;
    const srv = await serve(async function watcher(_req, _w, ctx) {
      const t0 = time.now();
      const t = time.newTimer(5000);
      await select(recv(ctx.done()), recv(t.c));
      t.stop();
      seen = { err: ctx.err(), ms: time.since(t0) };
    }, 100);
    const base = baseline();
    const got = await request(srv.url);
    expect(got.status).toBe(503);
    await expectClean(base, { servers: [srv] }); // the task exited and stopped its timer
    expect(seen!.err).toBe(context.DeadlineExceeded);
    expect(seen!.ms).toBeGreaterThanOrEqual(95);
    expect(seen!.ms).toBeLessThan(1000);
  });

  it("a handler that ignores ctx is a live task in runtime.goroutines() until it gives up on its own", async () => {
    let iterations = 0;
    const srv = await serve(async function ignoresCtx(_req, w) {
      for (let i = 0; i < 15; i++) {
        await time.sleep(100);
        iterations++;
      }
      try {
        w.end("done");
      } catch {
        // ErrHandlerTimeout, ignored as Go's `_, _ = io.WriteString(w, ...)`
      }
    }, 50);
    const base = baseline();
    const got = await request(srv.url);
    expect(got.status).toBe(503);
    // The client has its answer; the handler is still running.
    const live = runtime.goroutines().filter((t) => t.name === "ignoresCtx");
    expect(live).toHaveLength(1);
    expect(["sleep", "runnable", "running"]).toContain(live[0]!.state);
    expect(runtime.numGoroutine() - base.tasks).toBe(1);
    expect(iterations).toBeLessThan(15);
    // It leaves only when its own loop ends (15 x 100 ms).
    expect(await eventually(() => runtime.numGoroutine() === base.tasks, 5000)).toBe(true);
    expect(iterations).toBe(15);
    await expectClean(base, { servers: [srv] });
  });
});

/**
 * A POST whose chunked body never ends: a chunk every 10 ms until the
 * connection closes or `stop()`. Resolves with the response, read to its end.
 */
function endlessUpload(url: string, agent: http.Agent | false = false): { response: Promise<Got>; stop(): void } {
  const t0 = Date.now();
  const req = http.request(url, { method: "POST", agent, headers: { "transfer-encoding": "chunked" } });
  const timer = setInterval(() => {
    if (!req.destroyed) req.write("x".repeat(64));
  }, 10);
  const stop = (): void => {
    clearInterval(timer);
    req.destroy();
  };
  req.on("close", () => clearInterval(timer));
  req.on("error", () => {}); // the server hangs up on the upload once it has answered
  const response = new Promise<Got>((resolve, reject) => {
    req.on("response", (res) => {
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).toString(), ms: Date.now() - t0 }),
      );
      res.on("error", reject);
    });
  });
  req.write("first");
  return { response, stop };
}

describe("timeoutHandler: the request body after the timeout", () => {
  it("a handler still reading a never-ending body gets ErrBodyReadAfterClose and its task exits", async () => {
    let read = 0;
    let readErr: unknown;
    const srv = await serve(async function readsBody(req) {
      try {
        for await (const chunk of req) read += (chunk as Buffer).length;
      } catch (e) {
        readErr = e;
      }
    }, 100, "too slow");
    const base = baseline();
    const upload = endlessUpload(srv.url);
    try {
      const got = await upload.response;
      expect(got.status).toBe(503);
      expect(got.body).toBe("too slow");
      expect(await eventually(() => runtime.numGoroutine() === base.tasks, 3000)).toBe(true);
      expect(readErr).toBe(ErrBodyReadAfterClose);
      expect((readErr as Error).message).toBe("http: invalid Read on closed Body");
      expect(read).toBeGreaterThan(0);
    } finally {
      upload.stop();
    }
    await expectClean(base, { servers: [srv] });
  });

  it("the 503 to an unfinished body says Connection: close to a keep-alive client, and the server closes the connection", async () => {
    const srv = await serve(async function readsBody(req) {
      try {
        for await (const _ of req);
      } catch {
        // ErrBodyReadAfterClose
      }
    }, 100);
    const base = baseline();
    const agent = new http.Agent({ keepAlive: true });
    const upload = endlessUpload(srv.url, agent);
    try {
      const got = await upload.response;
      expect(got.status).toBe(503);
      expect(got.headers.connection).toBe("close");
      expect(await eventually(() => srv.open.size === 0, 3000)).toBe(true);
    } finally {
      upload.stop();
      agent.destroy();
    }
    await expectClean(base, { servers: [srv] });
  });

  it("a handler that reads a body that had fully arrived only after the timeout gets ErrBodyReadAfterClose", async () => {
    let readErr: unknown;
    let read = 0;
    const srv = await serve(async function readsLate(req, _w, ctx) {
      await ctx.done()!.recv();
      try {
        for await (const chunk of req) read += (chunk as Buffer).length;
      } catch (e) {
        readErr = e;
      }
    }, 100);
    const base = baseline();
    const got = await new Promise<number>((resolve, reject) => {
      const req = http.request(srv.url, { method: "POST", agent: false }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      });
      req.on("error", reject);
      req.end("a whole body");
    });
    expect(got).toBe(503);
    expect(await eventually(() => runtime.numGoroutine() === base.tasks, 3000)).toBe(true);
    expect((readErr as Error | undefined)?.message).toBe("http: invalid Read on closed Body");
    expect(readErr).toBe(ErrBodyReadAfterClose);
    expect(read).toBe(0);
    await expectClean(base, { servers: [srv] });
  });

  it("after a timeout on a body that had fully arrived, the keep-alive connection serves the next request", async () => {
    let calls = 0;
    const srv = await serve(async function slowFirst(req, w, ctx) {
      if (calls++ === 0) await ctx.done()!.recv();
      try {
        for await (const _ of req);
      } catch {
        // ErrBodyReadAfterClose, on the timed-out request
      }
      w.end("second");
    }, 100);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const req = http.request(srv.url, { method: "POST", agent }, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode!, body }));
        });
        req.on("error", reject);
        req.end("payload");
      });
    try {
      expect((await post()).status).toBe(503);
      expect(await post()).toEqual({ status: 200, body: "second" });
      expect(srv.accepted).toBe(1);
    } finally {
      agent.destroy();
    }
  });
});

describe("timeoutHandler: the client goes away", () => {
  it("ctx is cancelled with Canceled; later writes throw it and nothing is sent", async () => {
    let seen: Error | null = null;
    let afterWrite: unknown;
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const srv = await serve(async function abandoned(_req, w, ctx) {
      await ctx.done()!.recv();
      seen = ctx.err();
      try {
        w.write("anyone?");
      } catch (e) {
        afterWrite = e;
      }
      resolveDone();
    }, 5000);
    const base = baseline();
    const req = http.request(srv.url, { agent: false });
    req.on("error", () => {});
    req.end();
    await hostDelay(50);
    req.destroy();
    await done;
    expect(seen).toBe(context.Canceled);
    expect(afterWrite).toBe(context.Canceled);
    await expectClean(base, { servers: [srv] });
  });
});

describe("timeoutHandler: the client goes away mid-body", () => {
  it("a handler reading the body gets an error when the client hangs up, and its task exits", async () => {
    let readErr: unknown;
    const srv = await serve(async function readsBody(req) {
      try {
        for await (const _ of req);
      } catch (e) {
        readErr = e;
      }
    }, 5000);
    const base = baseline();
    const upload = endlessUpload(srv.url);
    await hostDelay(100);
    upload.stop();
    expect(await eventually(() => runtime.numGoroutine() === base.tasks, 3000)).toBe(true);
    expect(readErr).toBeInstanceOf(Error);
    expect(readErr).not.toBe(ErrBodyReadAfterClose);
    await expectClean(base, { servers: [srv] });
  });
});

describe("timeoutHandler: misuse", () => {
  it("throws on a non-function handler or a bad duration", () => {
    expect(() => timeoutHandler(null as never, 10, "x")).toThrow(TypeError);
    expect(() => timeoutHandler(() => {}, Number.NaN, "x")).toThrow(RangeError);
  });

  it("a message that is not a string is a TypeError naming timeoutHandler and message, at the call", () => {
    expect(() => timeoutHandler(() => {}, 10, 503 as never)).toThrow(new TypeError("timeoutHandler: message must be a string, got 503"));
    expect(() => timeoutHandler(() => {}, 10, null as never)).toThrow(new TypeError("timeoutHandler: message must be a string, got null"));
  });

  it("a handler that is not a function and a duration that is not a number are TypeErrors naming their argument", () => {
    expect(() => timeoutHandler(null as never, 10)).toThrow(new TypeError("timeoutHandler: handler must be a function, got null"));
    expect(() => timeoutHandler(() => {}, "100" as never)).toThrow(new TypeError('timeoutHandler: ms must be a number of milliseconds, got "100"'));
    expect(() => timeoutHandler(() => {}, Infinity)).toThrow(new RangeError("timeoutHandler: ms must be finite, got Infinity"));
  });

  it("a handler that throws: logged, connection dropped, nothing leaks", async () => {
    const errors: unknown[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => errors.push(a.join(" "));
    try {
      const srv = await serve(function boom() {
        throw new Error("boom");
      }, 1000);
      const base = baseline();
      await expect(request(srv.url)).rejects.toThrow();
      await expectClean(base, { servers: [srv] });
      expect(String(errors[0])).toMatch(/^http: panic serving .*: Error: boom/);
    } finally {
      console.error = orig;
    }
  });
});
