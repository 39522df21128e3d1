// ts-csp-style/http/httptest's in-memory network: Go's net.Pipe, a listener
// and a dialer in Node's shapes (src/http/httptest). Most of it runs in
// synctest bubbles, where its waits are durable and its timers virtual;
// the pipe runs outside them too.
import * as http from "node:http";
import * as tls from "node:tls";
import { describe, expect, it } from "vitest";
import { chan, context, go, recv, runtime, select, time } from "../../src/index.js";
import { Deadlock, synctest } from "../../src/testing/index.js";
import { Client } from "../../src/http/index.js";
import * as httptest from "../../src/http/httptest/index.js";
import type { Conn } from "../../src/http/httptest/index.js";
import { selfSigned } from "./_helpers.js";

/** Everything `c` yields until EOF, as text. */
async function readAll(c: Conn): Promise<string> {
  let s = "";
  for await (const chunk of c) s += String(chunk);
  return s;
}

/** The rejection of `p` (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error("expected a rejection");
}

describe("pipe: Go's net.Pipe with Node's socket surface", () => {
  it("delivers the bytes written on one end to the other, in order, then EOF from end()", async () => {
    await synctest.test(async () => {
      const [c1, c2] = httptest.pipe();
      c1.write("hello, ");
      c1.write("pipe");
      c1.end();
      expect(await readAll(c2)).toBe("hello, pipe");
    });
  });

  it("works outside a bubble too", async () => {
    const [c1, c2] = httptest.pipe();
    c2.end("back");
    c1.end("there");
    expect(await Promise.all([readAll(c2), readAll(c1)])).toEqual(["there", "back"]);
  });

  it("names its ends pipe:1 and pipe:2, each the other's remote address", () => {
    const [c1, c2] = httptest.pipe();
    expect([c1.localAddress, c1.localPort, c1.remoteAddress, c1.remotePort]).toEqual(["pipe", 1, "pipe", 2]);
    expect([c2.localAddress, c2.localPort, c2.remoteAddress, c2.remotePort]).toEqual(["pipe", 2, "pipe", 1]);
    expect(c1.address()).toEqual({ address: "pipe", family: "IPv4", port: 1 });
    c1.destroy();
    c2.destroy();
  });

  it("treats destroy() as Go's Close: the peer reads what was in flight, then EOF", async () => {
    await synctest.test(async () => {
      const [c1, c2] = httptest.pipe();
      c1.write("last words");
      c1.destroy();
      expect(await readAll(c2)).toBe("last words");
    });
  });

  it("fails a write that lands after the peer closed with EPIPE, Go's broken pipe", async () => {
    await synctest.test(async () => {
      const [c1, c2] = httptest.pipe();
      c2.pause(); // not reading: the EOF waits unread, so c2 does not end its own side yet
      c1.destroy();
      await synctest.wait(); // the close has landed
      const written = new Promise<Error | null | undefined>((resolve) => c2.write("anyone?", resolve));
      c2.on("error", () => {});
      const err = (await written) as (Error & { code?: string }) | null;
      expect(err?.code).toBe("EPIPE");
      expect(err?.message).toBe("write tcp pipe:2->pipe:1: write: broken pipe");
    });
  });

  it("emits 'timeout' after exactly setTimeout's span without a byte, on the virtual clock", async () => {
    await synctest.test(async () => {
      const [c1, c2] = httptest.pipe();
      const fired = chan<number>(1);
      const start = time.now();
      c1.setTimeout(30 * time.Second, () => void fired.trySend(time.now()));
      const [at] = await fired.recv();
      expect(at! - start).toBe(30 * time.Second);
      c1.destroy();
      c2.destroy();
    });
  });

  it("restarts the idle timeout on every byte read", async () => {
    await synctest.test(async () => {
      const [c1, c2] = httptest.pipe();
      const fired = chan<number>(1);
      const start = time.now();
      c1.setTimeout(10 * time.Second, () => void fired.trySend(time.now()));
      c1.resume();
      await time.sleep(6 * time.Second);
      c2.write("still here");
      const [at] = await fired.recv();
      expect(at! - start).toBe(16 * time.Second);
      c1.destroy();
      c2.destroy();
    });
  });

  it("stops the idle timeout with setTimeout(0)", async () => {
    await synctest.test(async () => {
      const [c1, c2] = httptest.pipe();
      let fired = false;
      c1.setTimeout(time.Second, () => (fired = true));
      c1.setTimeout(0);
      await time.sleep(time.Hour);
      expect(fired).toBe(false);
      expect(runtime.numTimers()).toBe(0);
      c1.destroy();
      c2.destroy();
    });
  });

  it("carries a TLS handshake (node:tls over a Duplex), done before the clock moves", async () => {
    const { key, cert } = selfSigned();
    await synctest.test(async () => {
      const [c1, c2] = httptest.pipe();
      const server = new tls.TLSSocket(c2, { isServer: true, key, cert });
      const client = tls.connect({ socket: c1, ca: cert, servername: "localhost" });
      const secure = chan<void>(1);
      client.once("secureConnect", () => void secure.trySend());
      const start = time.now();
      // Were the bubble to count as blocked between two legs of the
      // handshake, it would move the clock and the timeout would win.
      const won = await select(
        recv(secure, () => "handshake"),
        recv(time.after(time.Second), () => "timeout"),
      );
      expect(won).toBe("handshake");
      expect(time.since(start)).toBe(0);
      client.destroy();
      server.destroy();
    });
  });
});

describe("Network: Go's net.Listen and net.Dial in memory", () => {
  it("connects a dial to the listener at its address: accept() returns the other end", async () => {
    await synctest.test(async () => {
      const network = httptest.newNetwork();
      const ln = network.listen("127.0.0.1:8080");
      const accepted = go(async function serve() {
        const conn = await ln.accept();
        conn.end(`hello ${conn.remoteAddress}:${conn.remotePort}`);
      });
      const conn = await network.dial("tcp", "127.0.0.1:8080");
      expect([conn.remoteAddress, conn.remotePort, conn.localAddress, conn.localPort]).toEqual(["127.0.0.1", 8080, "127.0.0.1", 10000]);
      expect(await readAll(conn)).toBe("hello 127.0.0.1:10000");
      await accepted.done;
      ln.close();
    });
  });

  it("listens at free ports from 8000 up when asked for port 0", () => {
    const network = httptest.newNetwork();
    expect(network.listen("127.0.0.1:0").addr).toBe("127.0.0.1:8000");
    expect(network.listen("127.0.0.1:0").addr).toBe("127.0.0.1:8001");
    expect(network.listen("api.test:0").addr).toBe("api.test:8002");
  });

  it("refuses to listen at an address in use, with Go's bind: address already in use (EADDRINUSE)", () => {
    const network = httptest.newNetwork();
    network.listen("127.0.0.1:80");
    expect(() => network.listen("127.0.0.1:80")).toThrow(expect.objectContaining({ code: "EADDRINUSE", message: "listen tcp 127.0.0.1:80: bind: address already in use" }));
  });

  it("refuses a dial where nothing listens, with Go's connect: connection refused (ECONNREFUSED)", async () => {
    const network = httptest.newNetwork();
    const err = await rejection(network.dial("tcp", "127.0.0.1:9"));
    expect(err.message).toBe("dial tcp 127.0.0.1:9: connect: connection refused");
    expect(err.code).toBe("ECONNREFUSED");
  });

  it("refuses dials once the listener is closed", async () => {
    const network = httptest.newNetwork();
    const ln = network.listen("127.0.0.1:80");
    ln.close();
    expect((await rejection(network.dial("tcp", "127.0.0.1:80"))).code).toBe("ECONNREFUSED");
  });

  it("fails a parked accept() at close() with Go's use of closed network connection", async () => {
    await synctest.test(async () => {
      const network = httptest.newNetwork();
      const ln = network.listen("127.0.0.1:80");
      const closed = chan<Error>(1);
      go(async function serve() {
        try {
          await ln.accept();
        } catch (e) {
          await closed.send(e as Error);
        }
      });
      await time.sleep(time.Hour); // the clock moves: a task parked in accept() is durably blocked
      ln.close();
      const [err] = await closed.recv();
      expect(err!.message).toBe("accept tcp 127.0.0.1:80: use of closed network connection");
    });
  });

  it("reports a server loop left in accept() as a Deadlock naming it", async () => {
    const run = synctest.test(async () => {
      const ln = httptest.newNetwork().listen("127.0.0.1:80");
      go(async function serve() {
        for (;;) (await ln.accept()).destroy();
      });
    });
    await expect(run).rejects.toThrow(Deadlock);
    await expect(run).rejects.toThrow(/goroutine \d+ \[chan receive \(durable\), synctest bubble \d+\]:\nserve/);
  });

  it("holds a dial beyond the backlog until accept() takes it", async () => {
    await synctest.test(async () => {
      const network = httptest.newNetwork();
      const ln = network.listen("10.0.0.1:80", { backlog: 0 });
      let dialed = false;
      const dial = network.dial("tcp", "10.0.0.1:80").then((c) => ((dialed = true), c));
      await time.sleep(time.Hour);
      expect(dialed).toBe(false);
      const server = await ln.accept();
      const client = await dial;
      expect(client.remotePort).toBe(80);
      client.destroy();
      server.destroy();
      ln.close();
    });
  });

  it("rejects a dial waiting for the backlog with its signal's reason when the signal aborts", async () => {
    const network = httptest.newNetwork();
    network.listen("10.0.0.1:80", { backlog: 0 });
    const ac = new AbortController();
    const dial = network.dial("tcp", "10.0.0.1:80", ac.signal);
    const reason = new Error("gave up");
    ac.abort(reason);
    expect(await rejection(dial)).toBe(reason);
  });

  it("refuses the dials still waiting for the backlog when the listener closes", async () => {
    const network = httptest.newNetwork();
    const ln = network.listen("10.0.0.1:80", { backlog: 0 });
    const dial = network.dial("tcp", "10.0.0.1:80");
    ln.close();
    expect((await rejection(dial)).code).toBe("ECONNREFUSED");
  });

  it("takes dials to any host at its port when listening at an empty host", async () => {
    const network = httptest.newNetwork();
    const ln = network.listen(":80");
    const conn = await network.dial("tcp", "api.test:80");
    expect(conn.remoteAddress).toBe("api.test");
    conn.destroy();
    ln.close();
  });

  it("rejects an unknown network and an address without a port with Go's errors", async () => {
    const network = httptest.newNetwork();
    expect((await rejection(network.dial("udp", "127.0.0.1:53"))).message).toBe("dial udp 127.0.0.1:53: unknown network udp");
    expect((await rejection(network.dial("tcp", "127.0.0.1"))).message).toBe("dial tcp 127.0.0.1: missing port in address");
    expect(() => network.listen("127.0.0.1")).toThrow("listen tcp 127.0.0.1: missing port in address");
  });

  it("throws at the call for arguments of the wrong type", () => {
    const network = httptest.newNetwork();
    expect(() => network.dial(1 as never, "127.0.0.1:80")).toThrow(new TypeError("Network.dial: network must be a string, got 1"));
    expect(() => network.dial("tcp", null as never)).toThrow(TypeError);
    expect(() => network.dial("tcp", "127.0.0.1:80", "signal" as never)).toThrow(TypeError);
    expect(() => network.listen(80 as never)).toThrow(TypeError);
    expect(() => network.listen("127.0.0.1:80", { backlog: -1 })).toThrow(RangeError);
    expect(() => httptest.newServer("handler" as never)).toThrow(TypeError);
  });
});

describe("newServer: Go's httptest.NewServer on the network", () => {
  it("serves a real node:http server to its client: a 3 s handler answers after exactly 3 s of virtual time", async () => {
    await synctest.test(async () => {
      const srv = httptest.newServer(async (req, res) => {
        await time.sleep(3 * time.Second);
        res.end(`hello ${req.url}`);
      });
      expect(srv.url).toBe("http://127.0.0.1:8000");
      const start = time.now();
      const resp = await srv.client().get(context.background(), `${srv.url}/there`);
      expect(await resp.text()).toBe("hello /there");
      expect(time.since(start)).toBe(3 * time.Second);
      srv.close();
    });
  });

  // TLS over a JS stream reports each write done from a setImmediate: were
  // the bubble to look in between, with the client durably parked, it
  // would report a deadlock (the hold outlasting each delivery prevents it).
  it("serves HTTPS with the certificate given, which its client trusts", async () => {
    const { key, cert } = selfSigned();
    await synctest.test(async () => {
      const srv = httptest.newServer((_req, res) => res.end("secure"), { tls: { key, cert }, address: "localhost:443" });
      expect(srv.url).toBe("https://localhost:443");
      const resp = await srv.client().get(context.background(), srv.url);
      expect(await resp.text()).toBe("secure");
      srv.close();
    });
  });

  it("runs each request in a task named after the handler, parked durably while it waits", async () => {
    await synctest.test(async () => {
      const release = chan<void>();
      const srv = httptest.newServer(async function slowHandler(_req, res) {
        await release.recv();
        res.end("released");
      });
      const got = go(async function fetcher() {
        const resp = await srv.client().get(context.background(), srv.url);
        return resp.text();
      });
      await synctest.wait(); // both the fetcher and the handler are durably blocked
      const states = runtime.goroutines().map((g) => `${g.name}: ${g.state}`);
      expect(states).toContain("slowHandler: chan receive");
      expect(states).toContain("fetcher: chan receive");
      release.close();
      await got.done;
      srv.close();
    });
  });

  it("closes its connections at close(): a client waiting for an answer gets EOF", async () => {
    await synctest.test(async () => {
      const srv = httptest.newServer(() => {}); // never answers
      const errs = chan<Error>(1);
      go(async function fetcher() {
        await srv
          .client()
          .get(context.background(), srv.url)
          .catch((e: Error) => errs.send(e));
      });
      await synctest.wait();
      srv.close();
      const [err] = await errs.recv();
      expect(err!.message).toMatch(/socket hang up|EOF/);
    });
  });

  it("recovers a handler that throws, as Go's server recovers a panic: logged, connection dropped", async () => {
    const logged: unknown[] = [];
    const saved = console.error;
    console.error = (...a: unknown[]) => void logged.push(a.join(" "));
    try {
      await synctest.test(async () => {
        const srv = httptest.newServer(function broken() {
          throw new Error("boom");
        });
        const err = await rejection(srv.client().get(context.background(), srv.url));
        expect(err).toBeInstanceOf(Error);
        srv.close();
      });
    } finally {
      console.error = saved;
    }
    expect(logged).toHaveLength(1);
    expect(String(logged[0])).toMatch(/^http: panic serving 127\.0\.0\.1:10000: Error: boom/);
  });

  it("serves a server made elsewhere too, through Listener.serve", async () => {
    await synctest.test(async () => {
      const network = httptest.newNetwork();
      const ln = network.listen("api.test:80");
      const server = http.createServer((_req, res) => res.end("made elsewhere"));
      ln.serve(server);
      const client = new Client({ dial: network.dial });
      const resp = await client.get(context.background(), "http://api.test/");
      expect(await resp.text()).toBe("made elsewhere");
      client.closeIdleConnections();
      ln.close();
    });
  });
});
