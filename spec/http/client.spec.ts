// Client: each of Go's timeout layers against a misbehaving loopback server,
// ending in the typed error that names it, with nothing left behind.
import * as http from "node:http";
import { getEventListeners } from "node:events";
import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { context } from "../../src/index.js";
import { Client, HttpTimeoutError, dialTimeout, type ClientOptions, type DialFunc } from "../../src/http/index.js";
import {
  baseline,
  expectClean,
  hostDelay,
  httpServer,
  httpsServer,
  selfSigned,
  silentServer,
  type Baseline,
  type TestServer,
} from "./_helpers.js";

const bg = context.background();

let servers: TestServer[] = [];
let clients: Client[] = [];
afterEach(async () => {
  for (const c of clients) c.closeIdleConnections();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  clients = [];
});

function serve(t: TestServer): TestServer {
  servers.push(t);
  return t;
}
function client(o: ClientOptions): Client {
  const c = new Client(o);
  clients.push(c);
  return c;
}

/** The rejection of `p`, which must reject. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

/** The timeout error of `p`, checked to be `layer` with `message`, and how long it took. */
async function timeoutOf(p: Promise<unknown>, layer: HttpTimeoutError["layer"], message: string | RegExp): Promise<number> {
  const t0 = Date.now();
  const e = await rejection(p);
  const ms = Date.now() - t0;
  expect(e).toBeInstanceOf(HttpTimeoutError);
  const err = e as HttpTimeoutError;
  expect(err.layer).toBe(layer);
  expect(err.timeout).toBe(true);
  if (typeof message === "string") expect(err.message).toBe(message);
  else expect(err.message).toMatch(message);
  return ms;
}

/**
 * Runs `fn` and collects what escaped it: unhandled rejections, uncaught
 * exceptions and process warnings, up to a host delay after it settled (Node
 * reports each on a later tick).
 */
async function escapes(fn: () => Promise<void>): Promise<{ errors: unknown[]; warnings: Error[] }> {
  const errors: unknown[] = [];
  const warnings: Error[] = [];
  const onError = (e: unknown): void => void errors.push(e);
  const onWarning = (w: Error): void => void warnings.push(w);
  process.on("unhandledRejection", onError);
  process.on("uncaughtException", onError);
  process.on("warning", onWarning);
  try {
    await fn();
    await hostDelay(100);
  } finally {
    process.off("unhandledRejection", onError);
    process.off("uncaughtException", onError);
    process.off("warning", onWarning);
  }
  return { errors, warnings };
}

/** A server that sends the headers and `first` of the body, then stalls. */
function stallsBody(first = "partial"): http.RequestListener {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain", "content-length": "1000" });
    res.write(first);
  };
}

/** A server that sends `n` bytes of body, one every `every` ms. */
function trickles(n: number, every: number): http.RequestListener {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain", "content-length": String(n) });
    res.flushHeaders();
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      res.write("x");
      if (++sent === n) {
        clearInterval(timer);
        res.end();
      }
    }, every);
    res.on("close", () => clearInterval(timer));
  };
}

describe("Client round trips", () => {
  it("GET: status, headers and body; the keep-alive connection is reused, then closed", async () => {
    const srv = serve(await httpServer((req, res) => {
      res.writeHead(201, "Made", { "x-echo": req.url ?? "", "content-type": "text/plain" });
      res.end("hello " + req.method);
    }));
    const base = baseline();
    const c = client({ timeout: 2000, responseHeaderTimeout: 1000, idleTimeout: 1000 });
    for (let i = 0; i < 3; i++) {
      const resp = await c.get(bg, `${srv.url}/path?q=${i}`);
      expect(resp.status).toBe(201);
      expect(resp.statusText).toBe("Made");
      expect(resp.headers.get("x-echo")).toBe(`/path?q=${i}`);
      expect(resp.url).toBe(`${srv.url}/path?q=${i}`);
      expect(await resp.text()).toBe("hello GET");
    }
    expect(srv.accepted).toBe(1);
    expect(c.numConnections()).toBe(1);
    c.closeIdleConnections();
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("do(): a plain request and a WHATWG Request, with method, headers and body", async () => {
    const srv = serve(await httpServer((req, res) => {
      const parts: Buffer[] = [];
      req.on("data", (d: Buffer) => parts.push(d));
      req.on("end", () => res.end(`${req.method} ${req.headers["x-a"]} ${Buffer.concat(parts).toString()}`));
    }));
    const base = baseline();
    const c = client({ disableKeepAlives: true, timeout: 2000 });
    const r1 = await c.do(bg, { method: "POST", url: srv.url, headers: { "x-a": "1" }, body: "body-1" });
    expect(await r1.text()).toBe("POST 1 body-1");
    const r2 = await c.do(bg, new Request(srv.url, { method: "PUT", headers: { "x-a": "2" }, body: "body-2" }));
    expect(await r2.text()).toBe("PUT 2 body-2");
    const r3 = await c.do(bg, { method: "HEAD", url: srv.url });
    expect(r3.body).toBeNull();
    expect(srv.accepted).toBe(3); // disableKeepAlives: one connection per request
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("a TLS round trip with a self-signed certificate trusted through tls.ca; untrusted, it fails (not a timeout)", async () => {
    const srv = serve(await httpsServer((_req, res) => res.end("secure")));
    const base = baseline();
    const c = client({ tls: { ca: selfSigned().cert }, tlsHandshakeTimeout: 2000, timeout: 3000 });
    const resp = await c.get(bg, srv.url);
    expect(await resp.text()).toBe("secure");
    c.closeIdleConnections();
    const untrusted = client({ tlsHandshakeTimeout: 2000 });
    const e = (await rejection(untrusted.get(bg, srv.url))) as Error & { code?: string };
    expect(e).not.toBeInstanceOf(HttpTimeoutError);
    expect(e.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
    await expectClean(base, { client: c, servers: [srv] });
    expect(untrusted.numConnections()).toBe(0);
  });

  it("a refused connection rejects with the network error", async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const base = baseline();
    const c = client({ timeout: 1000 });
    const e = (await rejection(c.get(bg, `http://127.0.0.1:${port}/`))) as Error & { code?: string };
    expect(e.code).toBe("ECONNREFUSED");
    await expectClean(base, { client: c });
  });
});

describe("Client timeout layers", () => {
  it("responseHeaderTimeout: a server that accepts and never answers", async () => {
    const srv = serve(await httpServer(() => {}));
    const base = baseline();
    const c = client({ responseHeaderTimeout: 100 });
    const ms = await timeoutOf(c.get(bg, srv.url), "responseHeader", "net/http: timeout awaiting response headers");
    expect(ms).toBeGreaterThanOrEqual(90);
    expect(ms).toBeLessThan(1000);
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("timeout (Client.Timeout) while awaiting headers: a server that never answers", async () => {
    const srv = serve(await silentServer());
    const base = baseline();
    const c = client({ timeout: 100 });
    const ms = await timeoutOf(c.get(bg, srv.url), "total", "net/http: request canceled (Client.Timeout exceeded while awaiting headers)");
    expect(ms).toBeGreaterThanOrEqual(90);
    expect(ms).toBeLessThan(1000);
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("timeout bounds the body: headers arrive, the body stalls, reading it fails", async () => {
    const srv = serve(await httpServer(stallsBody()));
    const base = baseline();
    const c = client({ timeout: 150 });
    const t0 = Date.now();
    const resp = await c.get(bg, srv.url);
    expect(resp.status).toBe(200);
    const ms = await timeoutOf(resp.text(), "total", "net/http: request canceled (Client.Timeout exceeded while reading body)");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(ms).toBeLessThan(1000);
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("idleTimeout: headers, a first chunk, then silence fails the read", async () => {
    const srv = serve(await httpServer(stallsBody("first")));
    const base = baseline();
    const c = client({ idleTimeout: 100, timeout: 5000 });
    const resp = await c.get(bg, srv.url);
    const reader = resp.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("first");
    const ms = await timeoutOf(reader.read(), "idle", /^read tcp 127\.0\.0\.1:\d+->127\.0\.0\.1:\d+: i\/o timeout$/);
    expect(ms).toBeGreaterThanOrEqual(90);
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("idleTimeout: bytes trickling slower than the deadline fail; faster ones pass whatever the total", async () => {
    const slow = serve(await httpServer(trickles(10, 200)));
    const fast = serve(await httpServer(trickles(10, 20)));
    const base = baseline();
    const c = client({ idleTimeout: 100 });
    const resp = await c.get(bg, slow.url);
    await timeoutOf(resp.text(), "idle", /i\/o timeout$/);
    // 10 bytes 20 ms apart: 200 ms in all, longer than idleTimeout, never idle that long.
    const ok = await c.get(bg, fast.url);
    expect(await ok.text()).toBe("x".repeat(10));
    c.closeIdleConnections();
    await expectClean(base, { client: c, servers: [slow, fast] });
  });

  it("idleTimeout applies while awaiting headers too", async () => {
    const srv = serve(await silentServer());
    const base = baseline();
    const c = client({ idleTimeout: 100 });
    await timeoutOf(c.get(bg, srv.url), "idle", /i\/o timeout$/);
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("tlsHandshakeTimeout: a TCP server that accepts and never answers the ClientHello", async () => {
    const srv = serve(await silentServer(true));
    const base = baseline();
    const c = client({ tlsHandshakeTimeout: 100, tls: { ca: selfSigned().cert } });
    const ms = await timeoutOf(c.get(bg, srv.url), "tlsHandshake", "net/http: TLS handshake timeout");
    expect(ms).toBeGreaterThanOrEqual(90);
    expect(ms).toBeLessThan(1000);
    expect(srv.accepted).toBe(1);
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("dialTimeout: a dial hook that takes 400 ms; the late connection is closed", async () => {
    const srv = serve(await httpServer((_req, res) => res.end("late")));
    const base = baseline();
    const dialed: net.Socket[] = [];
    const c = client({
      dialTimeout: 100,
      dial: async (_network, address) => {
        await hostDelay(1000);
        const [host, port] = address.split(":");
        const s = net.connect({ host, port: Number(port) });
        dialed.push(s);
        return s;
      },
    });
    const ms = await timeoutOf(c.get(bg, srv.url), "dial", `dial tcp 127.0.0.1:${srv.port}: i/o timeout`);
    expect(ms).toBeLessThan(900); // before the hook would have connected
    await hostDelay(1000); // the hook finishes; its socket must be closed at once
    expect(dialed.length).toBe(1);
    await expectClean(base, { client: c, servers: [srv] });
    expect(dialed[0]!.destroyed).toBe(true);
  });

  it("dialTimeout: a lookup hook that takes 400 ms names the lookup", async () => {
    const srv = serve(await httpServer((_req, res) => res.end("x")));
    const base = baseline();
    let lookups = 0;
    const lookup: net.LookupFunction = (_host, options, cb) => {
      lookups++;
      setTimeout(() => {
        const all = (options as { all?: boolean }).all;
        if (all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: "127.0.0.1", family: 4 }]);
        else cb(null, "127.0.0.1", 4);
      }, 400);
    };
    const c = client({ dialTimeout: 100, lookup });
    await timeoutOf(c.get(bg, `http://slow.test:${srv.port}/`), "dial", "dial tcp: lookup slow.test: i/o timeout");
    await hostDelay(450);
    expect(lookups).toBe(1);
    await expectClean(base, { client: c, servers: [srv] });
    // The same lookup within the deadline connects.
    const ok = client({ dialTimeout: 1000, lookup, disableKeepAlives: true });
    expect(await (await ok.get(bg, `http://slow.test:${srv.port}/`)).text()).toBe("x");
    await expectClean(base, { client: ok, servers: [srv] });
  });

  it("dialTimeout helper (net.DialTimeout) as a dial hook", async () => {
    const srv = serve(await httpServer((_req, res) => res.end("dialed")));
    const base = baseline();
    const c = client({ disableKeepAlives: true, dial: (network, addr) => dialTimeout(network, addr, 3000) });
    expect(await (await c.get(bg, srv.url)).text()).toBe("dialed");
    await expectClean(base, { client: c, servers: [srv] });
  });
});

describe("Client and ctx", () => {
  it("a ctx cancelled while awaiting headers rejects with context.Canceled", async () => {
    const srv = serve(await silentServer());
    const base = baseline();
    const c = client({ timeout: 5000 });
    const [ctx, cancel] = context.withCancel(bg);
    setTimeout(cancel, 50);
    expect(await rejection(c.get(ctx, srv.url))).toBe(context.Canceled);
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("a ctx deadline rejects with context.DeadlineExceeded, and its runtime timer is gone", async () => {
    const srv = serve(await silentServer());
    const base = baseline();
    const c = client({});
    const [ctx, cancel] = context.withTimeout(bg, 80);
    expect(await rejection(c.get(ctx, srv.url))).toBe(context.DeadlineExceeded);
    cancel();
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("an already cancelled ctx rejects at once without dialing", async () => {
    const srv = serve(await httpServer((_req, res) => res.end()));
    const base = baseline();
    const c = client({});
    const [ctx, cancel] = context.withCancel(bg);
    cancel();
    expect(await rejection(c.get(ctx, srv.url))).toBe(context.Canceled);
    expect(srv.accepted).toBe(0);
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("cancelling ctx while the body is read errors the body with context.Canceled", async () => {
    const srv = serve(await httpServer(stallsBody()));
    const base = baseline();
    const c = client({});
    const [ctx, cancel] = context.withCancel(bg);
    const resp = await c.get(ctx, srv.url);
    setTimeout(cancel, 50);
    expect(await rejection(resp.text())).toBe(context.Canceled);
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("cancelling the body stream (Body.Close) closes the connection and clears the deadlines", async () => {
    const srv = serve(await httpServer(stallsBody()));
    const base = baseline();
    const c = client({ timeout: 5000, idleTimeout: 5000 });
    const resp = await c.get(bg, srv.url);
    await resp.body!.cancel();
    await expectClean(base, { client: c, servers: [srv] });
  });
});

describe("Client and misbehaving hooks", () => {
  it.each([
    ["an object", {}, "Object"],
    ["null", null, "null"],
    ["a string", "127.0.0.1:80", '"127.0.0.1:80"'],
  ])("a dial hook that resolves to %s rejects the request with a TypeError naming dial; nothing else escapes", async (_what, value, shown) => {
    const srv = serve(await httpServer((_req, res) => res.end("x")));
    const base = baseline();
    const c = client({ dialTimeout: 5000, dial: (() => value) as unknown as DialFunc });
    let err: unknown;
    const { errors } = await escapes(async () => {
      err = await rejection(c.get(bg, srv.url));
    });
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe(`http.Client: dial returned ${shown}, not a net.Socket (nor a Duplex with its setTimeout, setNoDelay, setKeepAlive, ref and unref)`);
    expect(errors).toEqual([]);
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("a dial hook that resolves to a closed socket rejects the request at once", async () => {
    const srv = serve(await httpServer((_req, res) => res.end("x")));
    const base = baseline();
    const c = client({
      dialTimeout: 5000,
      dial: (_network, address) => {
        const [host, port] = address.split(":");
        const s = net.connect({ host, port: Number(port) });
        s.destroy();
        return s;
      },
    });
    const t0 = Date.now();
    const err = (await rejection(c.get(bg, srv.url))) as Error;
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(err).not.toBeInstanceOf(HttpTimeoutError);
    expect(err.message).toBe(`dial tcp 127.0.0.1:${srv.port}: use of closed network connection`);
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("a lookup hook that throws rejects the request with its error; nothing else escapes", async () => {
    const srv = serve(await httpServer((_req, res) => res.end("x")));
    const base = baseline();
    const boom = new Error("lookup failed");
    const c = client({
      dialTimeout: 5000,
      lookup: () => {
        throw boom;
      },
    });
    let err: unknown;
    const { errors } = await escapes(async () => {
      err = await rejection(c.get(bg, `http://throws.test:${srv.port}/`));
    });
    expect(err).toBe(boom);
    expect(errors).toEqual([]);
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("TLS options Node refuses (a key that is not PEM) reject the request; nothing else escapes", async () => {
    const srv = serve(await httpsServer((_req, res) => res.end("x")));
    const base = baseline();
    const c = client({ tls: { ca: selfSigned().cert, cert: selfSigned().cert, key: "not a key" } });
    let err: unknown;
    const { errors } = await escapes(async () => {
      err = await rejection(c.get(bg, srv.url));
    });
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(HttpTimeoutError);
    expect(errors).toEqual([]);
    await expectClean(base, { client: c, servers: [srv] });
  });
});

describe("Client: many requests on one ctx", () => {
  it("twenty requests in flight on one ctx raise no MaxListenersExceededWarning and leave no listener on its signal", async () => {
    const srv = serve(await httpServer((_req, res) => setTimeout(() => res.end("ok"), 100)));
    const base = baseline();
    const c = client({ disableKeepAlives: true, timeout: 5000 });
    const [ctx, cancel] = context.withCancel(bg);
    const { warnings } = await escapes(async () => {
      const bodies = await Promise.all(Array.from({ length: 20 }, async () => (await c.get(ctx, srv.url)).text()));
      expect(bodies).toEqual(Array(20).fill("ok"));
    });
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
    expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
    cancel();
    await expectClean(base, { client: c, servers: [srv] });
  });

  it("cancelling a ctx shared by twenty requests in flight rejects each with context.Canceled", async () => {
    const srv = serve(await silentServer());
    const base = baseline();
    const c = client({ timeout: 5000 });
    const [ctx, cancel] = context.withCancel(bg);
    const all = Promise.all(Array.from({ length: 20 }, () => rejection(c.get(ctx, srv.url))));
    setTimeout(cancel, 100);
    expect(await all).toEqual(Array(20).fill(context.Canceled));
    await expectClean(base, { client: c, servers: [srv] });
  });
});

describe("Client: misuse", () => {
  it("options that are not an object are a TypeError naming http.Client and options", () => {
    expect(() => new Client("x" as never)).toThrow(new TypeError('http.Client: options must be an object, got "x"'));
    expect(() => new Client(null as never)).toThrow(new TypeError("http.Client: options must be an object, got null"));
    expect(() => new Client([] as never)).toThrow(new TypeError("http.Client: options must be an object, got Array"));
  });

  it("a duration option that is not a number is a TypeError naming it; NaN or Infinity is a RangeError", () => {
    expect(() => new Client({ timeout: "5" as never })).toThrow(new TypeError('http.Client: timeout must be a number of milliseconds, got "5"'));
    expect(() => new Client({ dialTimeout: Number.NaN })).toThrow(new RangeError("http.Client: dialTimeout must be finite, got NaN"));
    expect(() => new Client({ idleTimeout: Infinity })).toThrow(new RangeError("http.Client: idleTimeout must be finite, got Infinity"));
  });

  it("disableKeepAlives, dial, lookup and tls of the wrong type are TypeErrors naming the option", () => {
    expect(() => new Client({ disableKeepAlives: "false" as never })).toThrow(
      new TypeError('http.Client: disableKeepAlives must be a boolean, got "false"'),
    );
    expect(() => new Client({ dial: 5 as never })).toThrow(new TypeError("http.Client: dial must be a function, got 5"));
    expect(() => new Client({ lookup: "dns" as never })).toThrow(new TypeError('http.Client: lookup must be a function, got "dns"'));
    expect(() => new Client({ tls: true as never })).toThrow(new TypeError("http.Client: tls must be an object, got true"));
    expect(() => new Client({ tls: { rejectUnauthorized: "no" as never } })).toThrow(
      new TypeError('http.Client: tls.rejectUnauthorized must be a boolean, got "no"'),
    );
  });

  it("a tls.minVersion Node does not know is a RangeError naming it", () => {
    expect(() => new Client({ tls: { minVersion: "TLSv9" as never } })).toThrow(
      new RangeError('http.Client: tls.minVersion must be one of TLSv1, TLSv1.1, TLSv1.2, TLSv1.3, got "TLSv9"'),
    );
  });

  it("do() with a request that is not one rejects with a TypeError naming do and the argument", async () => {
    const c = client({});
    expect(await rejection(c.do(bg, null as never))).toEqual(
      new TypeError("http.Client.do: request must be a Request or { method?, url, headers?, body? }, got null"),
    );
    expect(await rejection(c.do(bg, { url: 5 as never }))).toEqual(new TypeError("http.Client.do: url must be a string or URL, got 5"));
    expect(await rejection(c.get(bg, undefined as never))).toEqual(new TypeError("http.Client.do: url must be a string or URL, got undefined"));
    expect(await rejection(c.do(bg, { url: "http://127.0.0.1:1/", method: 1 as never }))).toEqual(
      new TypeError("http.Client.do: method must be a string, got 1"),
    );
    expect(await rejection(c.do(bg, { url: "http://127.0.0.1:1/", headers: "x-a: 1" as never }))).toEqual(
      new TypeError('http.Client.do: headers must be a Headers, an object or [name, value] pairs, got "x-a: 1"'),
    );
    expect(await rejection(c.do(bg, { url: "http://127.0.0.1:1/", body: 42 as never }))).toEqual(
      new TypeError("http.Client.do: body must be a string, Uint8Array or ArrayBuffer, got 42"),
    );
  });

  it("do() with a ctx that is not a context.Context rejects with a TypeError naming do and ctx", async () => {
    const c = client({});
    expect(await rejection(c.get(null as never, "http://127.0.0.1:1/"))).toEqual(
      new TypeError("http.Client.do: ctx must be a context.Context (use context.background()), got null"),
    );
    expect(await rejection(c.get({ done: () => null } as never, "http://127.0.0.1:1/"))).toEqual(
      new TypeError("http.Client.do: ctx must be a context.Context (use context.background()), got Object"),
    );
  });
});

describe("dialTimeout: misuse", () => {
  it("a duration that is not a finite number throws naming dialTimeout and ms", () => {
    expect(() => dialTimeout("tcp", "127.0.0.1:1", Number.NaN)).toThrow(new RangeError("dialTimeout: ms must be finite, got NaN"));
    expect(() => dialTimeout("tcp", "127.0.0.1:1", "3000" as never)).toThrow(
      new TypeError('dialTimeout: ms must be a number of milliseconds, got "3000"'),
    );
  });

  it("a network or address that is not a string, or a signal that is not an AbortSignal, is a TypeError naming it", () => {
    expect(() => dialTimeout(4 as never, "127.0.0.1:1", 1000)).toThrow(new TypeError("dialTimeout: network must be a string, got 4"));
    expect(() => dialTimeout("tcp", { port: 1 } as never, 1000)).toThrow(new TypeError("dialTimeout: address must be a string, got Object"));
    expect(() => dialTimeout("tcp", "127.0.0.1:1", 1000, "stop" as never)).toThrow(
      new TypeError('dialTimeout: signal must be an AbortSignal, got "stop"'),
    );
  });
});
