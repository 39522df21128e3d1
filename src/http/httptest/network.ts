// An in-memory network: listeners at addresses, dials to them, and net.Pipe.
// Go's synctest tests of net/http run on one (fakeNetListener and
// fakeNetPipe in net/http/netconn_test.go); this is that network in Node's
// shapes, so a real node:http server and the Client talk over it, and in a
// synctest bubble every wait on it is durable and every deadline virtual.
import type { EventEmitter } from "node:events";
import { chan, type Chan } from "../../chan/chan.js";
import { describe } from "../../runtime/validate.js";
import { kBubble } from "../in-memory.js";
import { connPair, hostPort, NetError, type Addr, type Conn } from "./conn.js";
import { Medium } from "./medium.js";

/** Go's net.SplitHostPort for "host:port", "[v6]:port" and ":port"; null without a valid port. */
function splitHostPort(address: string): Addr | null {
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(address);
  if (m === null) return null;
  const port = Number(m[3]);
  if (port > 65535) return null;
  return { host: m[1] ?? m[2] ?? "", port };
}

const WILDCARD_HOSTS = new Set(["", "0.0.0.0", "::"]);

function checkNetwork(call: string, network: unknown, address: string): string | null {
  if (network === "tcp" || network === "tcp4" || network === "tcp6") return null;
  return `${call} ${String(network)} ${address}: unknown network ${String(network)}`;
}

/**
 * `network.dial`: Go's `Dialer.DialContext` on the in-memory network, in
 * the shape of the Client's `dial` option.
 *
 * ```ts
 * const conn = await network.dial("tcp", "127.0.0.1:8080") // conn, err := net.Dial("tcp", "127.0.0.1:8080")
 * ```
 */
export type NetworkDial = (network: string, address: string, signal?: AbortSignal) => Promise<Conn>;

/**
 * Options of {@link Network.listen}.
 *
 * ```ts
 * network.listen("10.255.255.1:80", { backlog: 0 }) // a host that drops every SYN: dials hang until their timeout
 * ```
 */
export interface ListenOptions {
  /**
   * How many connections may complete before they are accepted, as
   * listen(2)'s backlog. Default: no limit. A dial beyond it waits until an
   * `accept()` makes room (or its signal aborts, or the listener closes):
   * with 0 and nobody accepting, every dial hangs, as one to a host that
   * drops SYNs.
   */
  backlog?: number;
}

/**
 * An in-memory network: {@link Network.listen} at any "host:port", and
 * {@link Network.dial} (the Client's `dial`) connects to it. Addresses are
 * names, nothing is resolved: "api.test:80" is as good as "127.0.0.1:80".
 * Made inside a synctest bubble, it belongs to that bubble: a Client task
 * waiting on it is durably blocked, and its timers are virtual.
 *
 * ```ts
 * const network = httptest.newNetwork(); const ln = network.listen("127.0.0.1:8080") // ln, err := net.Listen("tcp", "127.0.0.1:8080")
 * ```
 */
export class Network {
  /** @internal */ readonly medium = new Medium();
  private readonly listeners = new Map<string, Listener>();
  /** Ports handed to `listen` at port 0, as Go's fakeNetListener's 8000. */
  private nextPort = 8000;
  /** Local ports of dialed connections, as Go's fakeNetListener's 10000. */
  private nextLocalPort = 10000;

  /**
   * Listen at `address` ("host:port"; port 0 picks a free one; an empty
   * host, "0.0.0.0" or "::" takes dials to any host at that port). Throws
   * Go's errors for a malformed address or one already in use.
   *
   * ```ts
   * const ln = network.listen("127.0.0.1:0"); ln.addr // "127.0.0.1:8000"
   * ```
   */
  listen(address: string, options: ListenOptions = {}): Listener {
    if (typeof address !== "string") throw new TypeError(`Network.listen: address must be a string, got ${describe(address)}`);
    if (options === null || typeof options !== "object") throw new TypeError(`Network.listen: options must be an object, got ${describe(options)}`);
    const backlog = options.backlog ?? Infinity;
    if (typeof backlog !== "number" || Number.isNaN(backlog) || backlog < 0 || (Number.isFinite(backlog) && !Number.isInteger(backlog))) {
      throw new RangeError(`Network.listen: backlog must be an integer >= 0, got ${describe(backlog)}`);
    }
    const addr = splitHostPort(address);
    if (addr === null) throw new NetError(`listen tcp ${address}: missing port in address`, "EINVAL", "listen");
    let port = addr.port;
    if (port === 0) {
      while (this.listeners.has(hostPort({ host: addr.host, port: this.nextPort }))) this.nextPort++;
      port = this.nextPort++;
    }
    const at = { host: addr.host, port };
    const key = hostPort(at);
    if (this.listeners.has(key)) throw new NetError(`listen tcp ${key}: bind: address already in use`, "EADDRINUSE", "listen");
    const ln = new Listener(this, at, backlog);
    this.listeners.set(key, ln);
    return ln;
  }

  /**
   * Connect to the listener at `address`: resolves to this side of the
   * connection; rejects with Go's "connect: connection refused" (code
   * ECONNREFUSED) when nothing listens there, or with `signal.reason` when
   * `signal` aborts first. A function bound to its network, so
   * `{ dial: network.dial }` is the Client's whole dialer.
   *
   * ```ts
   * new Client({ dial: network.dial }) // &http.Transport{DialContext: fakeNet.DialContext}
   * ```
   */
  readonly dial: NetworkDial = (network, address, signal) => {
    if (typeof network !== "string") throw new TypeError(`Network.dial: network must be a string, got ${describe(network)}`);
    if (typeof address !== "string") throw new TypeError(`Network.dial: address must be a string, got ${describe(address)}`);
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`Network.dial: signal must be an AbortSignal, got ${describe(signal)}`);
    const bad = checkNetwork("dial", network, address);
    if (bad !== null) return Promise.reject(new Error(bad));
    const to = splitHostPort(address);
    if (to === null) return Promise.reject(new Error(`dial ${network} ${address}: missing port in address`));
    if (signal?.aborted) return Promise.reject(signal.reason);
    const ln = this.listeners.get(hostPort(to)) ?? this.wildcard(to.port);
    if (ln === undefined) return Promise.reject(refused(to));
    return ln.connect(to, signal);
  };

  constructor() {
    // Marked as the network's, so the Client knows a dial through it is in
    // memory before it completes: one waiting for a backlog is durable too.
    Object.defineProperty(this.dial, kBubble, { value: this.medium.bubble });
  }

  private wildcard(port: number): Listener | undefined {
    for (const host of WILDCARD_HOSTS) {
      const ln = this.listeners.get(hostPort({ host, port }));
      if (ln !== undefined) return ln;
    }
    return undefined;
  }

  /** @internal A new connection from a fresh local port to `to`: [dialer's end, listener's end]. */
  pair(to: Addr): [Conn, Conn] {
    const from = { host: to.host.includes(":") ? "::1" : "127.0.0.1", port: this.nextLocalPort++ };
    return connPair(this.medium, from, to);
  }

  /** @internal */
  closed(ln: Listener): void {
    const key = hostPort(ln.address);
    if (this.listeners.get(key) === ln) this.listeners.delete(key);
  }
}

function refused(to: Addr): NetError {
  return new NetError(`dial tcp ${hostPort(to)}: connect: connection refused`, "ECONNREFUSED", "connect");
}

/** A dial waiting for room in a listener's backlog. */
interface WaitingDial {
  to: Addr;
  resolve: (c: Conn) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | null;
}

/**
 * A listener of a {@link Network}: Go's `net.Listener`. Connections are
 * taken with {@link Listener.accept}, or handed to a Node server with
 * {@link Listener.serve}.
 *
 * ```ts
 * for (;;) { const conn = await ln.accept(); go(handle, conn) } // for { conn, err := ln.Accept(); go handle(conn) }
 * ```
 */
export class Listener {
  /** "host:port", the port chosen when listening at port 0. */
  readonly addr: string;
  private isClosed = false;
  /** Connections made, not yet accepted; at most `backlog`. */
  private readonly queue: Conn[] = [];
  /** Dials beyond the backlog. */
  private readonly waiting: WaitingDial[] = [];
  /** Hands a new connection to an accept() parked on it; closed with the listener. */
  private readonly arrivals: Chan<Conn>;
  /** accept() calls parked on `arrivals`. */
  private accepting = 0;
  private server: EventEmitter | null = null;

  /** @internal */
  constructor(
    private readonly network: Network,
    /** @internal */ readonly address: Addr,
    private readonly backlog: number,
  ) {
    this.addr = hostPort(address);
    this.arrivals = network.medium.run(() => chan<Conn>(0, { name: `accept ${this.addr}` }));
  }

  /**
   * The next connection: Go's `Accept`. Parks until a dial arrives (in a
   * bubble, durably: a server loop waiting here does not hold the clock);
   * rejects with Go's "use of closed network connection" once closed.
   *
   * ```ts
   * const conn = await ln.accept() // conn, err := ln.Accept()
   * ```
   */
  async accept(): Promise<Conn> {
    if (this.server !== null) throw new TypeError(`Listener.accept: ${this.addr} is served by a server (serve was called)`);
    if (this.isClosed) throw this.errClosed();
    const queued = this.queue.shift();
    if (queued !== undefined) {
      this.admitWaiting();
      return queued;
    }
    const w = this.waiting.shift();
    if (w !== undefined) return this.establish(w);
    const p = this.arrivals.recv();
    this.accepting++;
    const [conn, ok] = await p;
    if (!ok) {
      this.accepting--;
      throw this.errClosed();
    }
    return conn;
  }

  /**
   * Hand every connection, queued and to come, to `server` as its
   * `'connection'` event: Go's `srv.Serve(ln)` for a Node server
   * (`http.Server`, `https.Server`, `tls.Server`, `net.Server`).
   *
   * ```ts
   * ln.serve(http.createServer(handler)) // go srv.Serve(ln)
   * ```
   */
  serve(server: EventEmitter): void {
    if (server === null || typeof server !== "object" || typeof (server as { emit?: unknown }).emit !== "function") {
      throw new TypeError(`Listener.serve: server must be a Node server (an EventEmitter), got ${describe(server)}`);
    }
    if (this.server !== null) throw new TypeError(`Listener.serve: ${this.addr} is already served`);
    if (this.accepting > 0) throw new TypeError(`Listener.serve: ${this.addr} has accept() calls waiting`);
    this.server = server;
    for (const c of this.queue.splice(0)) this.hand(c);
    for (const w of this.waiting.splice(0)) this.hand(this.establish(w));
  }

  /**
   * Stop listening: Go's `Close`. Parked and later `accept()` calls reject,
   * new dials are refused, dials waiting for the backlog are refused, and
   * connections made but never accepted are closed. Accepted connections
   * stay open.
   *
   * ```ts
   * ln.close() // ln.Close()
   * ```
   */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.network.closed(this);
    this.network.medium.run(() => this.arrivals.close());
    for (const c of this.queue.splice(0)) c.destroy();
    for (const w of this.waiting.splice(0)) {
      this.unwatch(w);
      w.reject(refused(w.to));
    }
  }

  /** @internal A dial to this listener. */
  connect(to: Addr, signal: AbortSignal | undefined): Promise<Conn> {
    if (this.isClosed) return Promise.reject(refused(to));
    return new Promise<Conn>((resolve, reject) => {
      const w: WaitingDial = { to, resolve, reject, signal, onAbort: null };
      if (this.server !== null) {
        this.hand(this.establish(w));
        return;
      }
      if (this.accepting > 0 || this.queue.length < this.backlog) {
        const end = this.establish(w);
        if (this.accepting > 0 && this.network.medium.run(() => this.arrivals.trySend(end))) this.accepting--;
        else this.queue.push(end);
        return;
      }
      if (signal !== undefined) {
        w.onAbort = () => {
          const i = this.waiting.indexOf(w);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", w.onAbort, { once: true });
      }
      this.waiting.push(w);
    });
  }

  /** Complete dial `w`: resolve it with the dialer's end; returns the listener's end. */
  private establish(w: WaitingDial): Conn {
    this.unwatch(w);
    const [dialer, listener] = this.network.pair(w.to);
    w.resolve(dialer);
    return listener;
  }

  private unwatch(w: WaitingDial): void {
    if (w.onAbort !== null) w.signal!.removeEventListener("abort", w.onAbort);
    w.onAbort = null;
  }

  /** An accept made room in the backlog: the oldest waiting dial completes into it. */
  private admitWaiting(): void {
    const w = this.waiting.shift();
    if (w !== undefined) this.queue.push(this.establish(w));
  }

  private hand(c: Conn): void {
    const server = this.server!;
    this.network.medium.deliver(() => void server.emit("connection", c));
  }

  private errClosed(): NetError {
    return new NetError(`accept tcp ${this.addr}: use of closed network connection`, "ERR_SOCKET_CLOSED", "accept");
  }
}

/**
 * A new in-memory network; see {@link Network}.
 *
 * ```ts
 * const network = httptest.newNetwork(); const client = new Client({ dial: network.dial }) // a fake net for an http.Transport
 * ```
 */
export function newNetwork(): Network {
  return new Network();
}

/**
 * Go's `net.Pipe`: two connected ends of an in-memory, full-duplex
 * connection, addresses "pipe:1" and "pipe:2". Unlike Go's, writes are
 * buffered (a Node stream's write cannot block); in a bubble, bytes in
 * flight keep the clock still until they land.
 *
 * ```ts
 * const [client, server] = httptest.pipe(); http.createServer(h).emit("connection", server) // c1, c2 := net.Pipe()
 * ```
 */
export function pipe(): [Conn, Conn] {
  return connPair(new Medium(), { host: "pipe", port: 1 }, { host: "pipe", port: 2 });
}
