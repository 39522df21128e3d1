// Go's http.Client timeout layers on Node's http/https, net and tls.
//
//   dialTimeout            net.Dialer.Timeout           connect (lookup included)
//   keepAlive              net.Dialer.KeepAlive         TCP keep-alive period of dialed connections
//   tlsHandshakeTimeout    Transport.TLSHandshakeTimeout
//   responseHeaderTimeout  Transport.ResponseHeaderTimeout  from the request fully written to the headers
//   idleConnTimeout        Transport.IdleConnTimeout    how long a pooled idle connection is kept
//   disableKeepAlives      Transport.DisableKeepAlives
//   timeout                Client.Timeout               the whole exchange, body included
//   idleTimeout            (Docker's TimeoutConn)       per-read inactivity deadline
//
// Every deadline is a runtime timer (time.afterFunc) owned by one exchange,
// so inside a synctest bubble it runs on the bubble's virtual clock; every
// exit path (success, error, timeout, ctx cancellation, body cancel) stops
// them all and destroys what the exchange opened, so nothing outlives it.
//
// Inside a bubble, the task waiting for the response (or for the body)
// parks on a runtime channel, so it is durably blocked when nothing but the
// bubble can answer: an in-memory connection of the bubble's own network
// (ts-csp-style/http/httptest). Anything else the exchange waits on (a real
// socket, a dial hook of unknown nature) holds the bubble (Bubble.hold), so
// its clock stands still while the outside world works, as it does for a
// task awaiting outside I/O.
import { AsyncResource } from "node:async_hooks";
import { Buffer } from "node:buffer";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import { Duplex } from "node:stream";
import * as tls from "node:tls";
import { chan } from "../chan/chan.js";
import { afterFunc, type Context } from "../context/index.js";
import { currentBubble, type BubbleLink } from "../runtime/bubble-link.js";
import { addKeepAlive } from "../runtime/keepalive.js";
import * as time from "../time/index.js";
import { inMemoryBubble, kBubble } from "./in-memory.js";
import { checkMs, describe } from "./validate.js";

/**
 * Which timeout ended an exchange: the {@link ClientOptions} field it comes
 * from, "total" being `timeout`.
 *
 * ```ts
 * if (e instanceof HttpTimeoutError && e.layer === "dial") markDown(host) // if ne, ok := err.(net.Error); ok && ne.Timeout()
 * ```
 */
export type TimeoutLayer = "dial" | "tlsHandshake" | "responseHeader" | "idle" | "total";

/**
 * What a {@link Client} call rejects with (or its body stream errors with)
 * when one of its deadlines passes: Go's `net.Error` with `Timeout() == true`.
 * `layer` says which one; the message is Go's text for it.
 *
 * ```ts
 * try { await client.get(ctx, url) } catch (e) { if (e instanceof HttpTimeoutError) retry() } // if err, ok := err.(net.Error); ok && err.Timeout()
 * ```
 */
export class HttpTimeoutError extends Error {
  /** Always true, like Go's `err.(net.Error).Timeout()`. */
  readonly timeout = true as const;
  constructor(
    /** The deadline that passed. */
    readonly layer: TimeoutLayer,
    message: string,
    /** The request's method, as Go's `url.Error` has it ("Get"); absent from {@link dialTimeout}'s errors. */
    readonly op?: string,
    /** The request's URL, as Go's `url.Error` has it; absent from {@link dialTimeout}'s errors. */
    readonly url?: string,
  ) {
    super(message);
    this.name = "HttpTimeoutError";
  }
}

/**
 * Go's `net.Conn` as node:http needs it: a `net.Socket`, or any `Duplex`
 * with the socket calls node:http's agent makes (`setTimeout`,
 * `setNoDelay`, `setKeepAlive`, `ref`, `unref`), such as an in-memory
 * connection of ts-csp-style/http/httptest.
 *
 * ```ts
 * const conn: NetConn = await network.dial("tcp", "127.0.0.1:80") // var conn net.Conn
 * ```
 */
export type NetConn = Duplex & {
  setTimeout(ms: number, callback?: () => void): unknown;
  setNoDelay(noDelay?: boolean): unknown;
  setKeepAlive(enable?: boolean, initialDelay?: number): unknown;
  ref(): unknown;
  unref(): unknown;
  readonly connecting?: boolean;
  readonly pending?: boolean;
  readonly localAddress?: string;
  readonly localPort?: number;
  readonly remoteAddress?: string;
  readonly remotePort?: number;
};

/**
 * Go's `Transport.DialContext`: make the TCP connection to `address`
 * ("host:port"); abandon it when `signal` aborts (the exchange failed or
 * `dialTimeout` passed). The socket may still be connecting when returned.
 *
 * ```ts
 * const dial: DialFunc = (network, addr, signal) => dialTimeout(network, addr, 0, signal) // DialContext: dialer.DialContext
 * ```
 */
export type DialFunc = (network: "tcp", address: string, signal: AbortSignal) => NetConn | Promise<NetConn>;

const SOCKET_CALLS = ["setTimeout", "setNoDelay", "setKeepAlive", "ref", "unref"] as const;

/** A net.Socket, or a Duplex that can stand in for one (see {@link NetConn}). */
function isNetConn(s: unknown): s is NetConn {
  if (s instanceof net.Socket) return true;
  return s instanceof Duplex && SOCKET_CALLS.every((m) => typeof (s as unknown as Record<string, unknown>)[m] === "function");
}

/**
 * TLS settings: Go's `Transport.TLSClientConfig`. Omitted fields take
 * Node's defaults (the system's CAs, certificates verified).
 *
 * ```ts
 * new Client({ tls: { ca: readFileSync("ca.pem"), minVersion: "TLSv1.2" } }) // TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
 * ```
 */
export interface TLSOptions {
  /** Trusted CA certificates (PEM), replacing Node's defaults; Go's `RootCAs`. */
  ca?: tls.ConnectionOptions["ca"];
  /** Client certificate chain (PEM) for mutual TLS; with `key`, Go's `Certificates`. */
  cert?: tls.ConnectionOptions["cert"];
  /** Private key (PEM) of `cert`. */
  key?: tls.ConnectionOptions["key"];
  /** Go's `InsecureSkipVerify` is `rejectUnauthorized: false`. */
  rejectUnauthorized?: boolean;
  /** SNI and the name checked against the certificate (default: the URL's host). */
  servername?: string;
  /** Lowest protocol version accepted ("TLSv1.2", ...); Go's `MinVersion`. */
  minVersion?: tls.SecureVersion;
}

/**
 * Options of {@link Client}, named after Go's fields. Durations in ms; 0
 * means no limit. Unset fields take Go's `http.DefaultTransport` values.
 *
 * ```ts
 * const opts: ClientOptions = { timeout: 30 * time.Second, dialTimeout: 5 * time.Second } // &http.Client{Timeout: 30 * time.Second}
 * ```
 */
export interface ClientOptions {
  /** `Client.Timeout`: the whole exchange, dial to the last body byte. Default 0 (none). */
  timeout?: number;
  /** `net.Dialer.Timeout`: DNS lookup plus TCP connect. Default 30 s. */
  dialTimeout?: number;
  /** `net.Dialer.KeepAlive`: TCP keep-alive probe period. Unset: 30 s (Go's DefaultTransport); 0: 15 s (net.Dialer's default); negative disables. */
  keepAlive?: number;
  /** `Transport.TLSHandshakeTimeout`. Default 10 s. */
  tlsHandshakeTimeout?: number;
  /** `Transport.ResponseHeaderTimeout`: after the request is written, until the headers. Default 0. */
  responseHeaderTimeout?: number;
  /** `Transport.IdleConnTimeout`: how long an idle pooled connection is kept. Default 90 s. */
  idleConnTimeout?: number;
  /** `Transport.DisableKeepAlives`: one connection per request, `Connection: close`. */
  disableKeepAlives?: boolean;
  /** Per-read inactivity deadline (Docker's `TimeoutConn`): no byte for this long while reading fails. Default 0. */
  idleTimeout?: number;
  /** `Transport.TLSClientConfig`. */
  tls?: TLSOptions;
  /** Name resolution for the default dialer, with `dns.lookup`'s signature (called with `{ all: true }` on Node 20). */
  lookup?: net.LookupFunction;
  /** Replaces the default dialer (Go's `Transport.DialContext`); `dialTimeout` still bounds it. */
  dial?: DialFunc;
}

/**
 * A request for {@link Client.do}: a WHATWG `Request` or this plain shape.
 *
 * ```ts
 * const req: HttpRequest = { method: "PUT", url, headers: { "content-type": "application/json" }, body: json } // http.NewRequestWithContext(ctx, "PUT", url, body)
 * ```
 */
export interface HttpRequest {
  /** The method, any case; default "GET". */
  method?: string;
  /** An absolute http: or https: URL; user info in it becomes basic auth. */
  url: string | URL;
  /** Headers; a repeated name (array value or pair) is sent once per value. */
  headers?: Record<string, string | string[]> | [string, string][] | Headers;
  /** The body, sent whole (strings as UTF-8); none when absent or null. */
  body?: string | Uint8Array | ArrayBuffer | null;
}

const DEFAULTS = {
  timeout: 0,
  dialTimeout: 30_000,
  keepAlive: 30_000,
  tlsHandshakeTimeout: 10_000,
  responseHeaderTimeout: 0,
  idleConnTimeout: 90_000,
  idleTimeout: 0,
};

const kCall = Symbol("ts-csp-style/http.call");
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

function checkDuration(name: string, v: unknown): number {
  if (v === undefined) return (DEFAULTS as Record<string, number>)[name] ?? 0;
  checkMs(v, "http.Client", name);
  return v;
}

function isContext(ctx: unknown): ctx is Context {
  const c = ctx as Partial<Record<keyof Context, unknown>> | null | undefined;
  return typeof c === "object" && c !== null && typeof c.done === "function" && typeof c.err === "function" && typeof c.deadline === "function" && typeof c.value === "function";
}

function checkType(v: unknown, type: "boolean" | "string" | "function", name: string): void {
  if (v !== undefined && typeof v !== type) throw new TypeError(`http.Client: ${name} must be a ${type}, got ${describe(v)}`);
}

const TLS_VERSIONS: readonly unknown[] = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

function checkTLS(t: unknown): void {
  if (t === undefined) return;
  if (t === null || typeof t !== "object" || Array.isArray(t)) throw new TypeError(`http.Client: tls must be an object, got ${describe(t)}`);
  const o = t as TLSOptions;
  checkType(o.rejectUnauthorized, "boolean", "tls.rejectUnauthorized");
  checkType(o.servername, "string", "tls.servername");
  if (o.minVersion !== undefined && !TLS_VERSIONS.includes(o.minVersion)) {
    throw new RangeError(`http.Client: tls.minVersion must be one of ${TLS_VERSIONS.join(", ")}, got ${describe(o.minVersion)}`);
  }
}

/**
 * The lookup hook as net.connect calls it, except that a throw becomes the
 * callback's error: net.connect calls the hook synchronously, and a throw
 * there would leave the agent's callback to fail a request not yet built.
 * The callback runs once, whatever the hook does.
 */
function guardLookup(lookup: net.LookupFunction): net.LookupFunction {
  return (hostname, options, callback) => {
    let called = false;
    const once: typeof callback = (err, address, family) => {
      if (called) return;
      called = true;
      callback(err, address, family);
    };
    try {
      lookup(hostname, options, once);
    } catch (e) {
      once(e instanceof Error ? e : new Error(String(e)), "");
    }
  };
}

type Resolved = Required<Omit<ClientOptions, "tls" | "lookup" | "dial">> & Pick<ClientOptions, "tls" | "lookup" | "dial">;

type CreateConnection = (options: Record<string | symbol, unknown>, cb: (err: Error | null, socket?: NetConn) => void) => undefined;

/**
 * Go's `http.Client` with its transport's timeouts. One client pools
 * keep-alive connections per host (unless `disableKeepAlives`); call
 * {@link Client.closeIdleConnections} when done with it.
 *
 * ```ts
 * const client = new Client({ timeout: 10 * time.Second, responseHeaderTimeout: 2 * time.Second }) // &http.Client{Timeout: 10 * time.Second, Transport: t}
 * const resp = await client.get(ctx, "https://example.com/") // resp, err := client.Get(url)
 * ```
 */
export class Client {
  /** The options in effect: those given, the rest filled with Go's defaults. Frozen. */
  readonly options: Readonly<Resolved>;
  /** @internal */ readonly sockets = new Set<NetConn>();
  /** @internal The `lookup` option, its throws turned into errors. */ readonly lookup: net.LookupFunction | undefined;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(options: ClientOptions = {}) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      throw new TypeError(`http.Client: options must be an object, got ${describe(options)}`);
    }
    checkType(options.disableKeepAlives, "boolean", "disableKeepAlives");
    checkType(options.lookup, "function", "lookup");
    checkType(options.dial, "function", "dial");
    checkTLS(options.tls);
    this.options = Object.freeze({
      timeout: checkDuration("timeout", options.timeout),
      dialTimeout: checkDuration("dialTimeout", options.dialTimeout),
      // As net.Dialer: 0 means the default period, only a negative one disables probes.
      keepAlive: options.keepAlive === 0 ? 15_000 : checkDuration("keepAlive", options.keepAlive),
      tlsHandshakeTimeout: checkDuration("tlsHandshakeTimeout", options.tlsHandshakeTimeout),
      responseHeaderTimeout: checkDuration("responseHeaderTimeout", options.responseHeaderTimeout),
      idleConnTimeout: checkDuration("idleConnTimeout", options.idleConnTimeout),
      idleTimeout: checkDuration("idleTimeout", options.idleTimeout),
      disableKeepAlives: options.disableKeepAlives === true,
      tls: options.tls,
      lookup: options.lookup,
      dial: options.dial,
    });
    if (options.lookup !== undefined) this.lookup = guardLookup(options.lookup);
    const o = this.options;
    const agentOptions: http.AgentOptions = {
      keepAlive: !o.disableKeepAlives,
      keepAliveMsecs: o.keepAlive > 0 ? o.keepAlive : 1000,
      scheduling: "lifo",
      ...(o.idleConnTimeout > 0 ? { timeout: o.idleConnTimeout } : {}),
    };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
    const create =
      (secure: boolean): CreateConnection =>
      (opts, cb) => {
        (opts[kCall] as Call).dial(opts, secure, cb);
        return undefined;
      };
    (this.httpAgent as unknown as { createConnection: CreateConnection }).createConnection = create(false);
    (this.httpsAgent as unknown as { createConnection: CreateConnection }).createConnection = create(true);
  }

  /**
   * `GET url`. Resolves once the response headers are in; the body is read
   * from the returned `Response` and stays bounded by `timeout` and `idleTimeout`.
   *
   * ```ts
   * const resp = await client.get(ctx, url); const body = await resp.text() // client.Get(url); io.ReadAll(resp.Body)
   * ```
   */
  get(ctx: Context, url: string | URL): Promise<Response> {
    return this.do(ctx, { method: "GET", url });
  }

  /**
   * Send `request` and resolve to the response. Rejects with
   * {@link HttpTimeoutError} when a deadline passes, with `ctx.err()` when
   * `ctx` is cancelled first, or with the network error.
   *
   * ```ts
   * const resp = await client.do(ctx, { method: "POST", url, body: "hi" }) // client.Do(req.WithContext(ctx))
   * ```
   */
  do(ctx: Context, request: Request | HttpRequest): Promise<Response> {
    if (!isContext(ctx)) {
      return Promise.reject(new TypeError(`http.Client.do: ctx must be a context.Context (use context.background()), got ${describe(ctx)}`));
    }
    if (request === null || typeof request !== "object") {
      return Promise.reject(new TypeError(`http.Client.do: request must be a Request or { method?, url, headers?, body? }, got ${describe(request)}`));
    }
    if (typeof request.url !== "string" && !(request.url instanceof URL)) {
      return Promise.reject(new TypeError(`http.Client.do: url must be a string or URL, got ${describe(request.url)}`));
    }
    if (request.method !== undefined && typeof request.method !== "string") {
      return Promise.reject(new TypeError(`http.Client.do: method must be a string, got ${describe(request.method)}`));
    }
    const headers: unknown = request.headers;
    if (headers !== undefined && headers !== null && typeof headers !== "object") {
      return Promise.reject(new TypeError(`http.Client.do: headers must be a Headers, an object or [name, value] pairs, got ${describe(headers)}`));
    }
    const bubble = currentBubble();
    if (bubble === null) {
      return new Promise<Response>((resolve, reject) => {
        new Call(this, ctx, request, resolve, reject, null).start();
      });
    }
    // In a bubble the caller parks on a channel of the bubble, received
    // here, in the caller's own context: its wait is a runtime wait, durable
    // unless the exchange holds the bubble (see Call.hold). Whichever event
    // ends the exchange sends the outcome from the caller's context too, as
    // a bubble's channel is used from inside it only.
    const outcome = chan<Outcome>(1);
    const deliver = AsyncResource.bind((o: Outcome) => void outcome.trySend(o));
    new Call(this, ctx, request, (value) => deliver({ ok: true, value }), (error) => deliver({ ok: false, error }), bubble).start();
    return outcome.recv().then(settle);
  }

  /** Go's `CloseIdleConnections`: close the pooled keep-alive connections not in use. */
  closeIdleConnections(): void {
    for (const agent of [this.httpAgent, this.httpsAgent]) {
      for (const list of Object.values(agent.freeSockets)) for (const s of list ?? []) s.destroy();
    }
  }

  /** Connections this client has open (in use or idle in the pool). */
  numConnections(): number {
    return this.sockets.size;
  }

  /** @internal */
  agent(secure: boolean): http.Agent {
    return secure ? this.httpsAgent : this.httpAgent;
  }
}

/** How an exchange ended, as a bubble's caller receives it. */
type Outcome = { ok: true; value: Response } | { ok: false; error: unknown };

function settle([o]: [Outcome, true] | [undefined, false]): Response {
  if (o!.ok) return o!.value;
  throw o!.error;
}

type Phase = "start" | "dial" | "tlsHandshake" | "headers" | "body" | "done";

/** An armed deadline: stop() disarms it, in the context it was armed in. */
interface Deadline {
  stop: () => void;
}

/** One exchange: its deadlines, its socket, its outcome. */
class Call {
  private phase: Phase = "start";
  private readonly timers = new Map<TimeoutLayer, Deadline>();
  private readonly url: URL;
  private readonly method: string;
  private req: http.ClientRequest | null = null;
  private res: http.IncomingMessage | null = null;
  private socket: NetConn | null = null;
  /** Sockets of a dial in progress (TCP, then TLS on top). */
  private dialing: NetConn[] = [];
  /** Releases the bubble while the exchange waits on outside I/O (see hold). */
  private unhold: (() => void) | null = null;
  /**
   * The exchange's connection is outside the caller's bubble (a real
   * socket, or a dial through a hook that is not a network's own): waits on
   * it hold the bubble.
   */
  private outside = false;
  private readonly dialAbort = new AbortController();
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private pendingPull: (() => void) | null = null;
  /** Unhooks {@link cancelRequest} from ctx; set while the exchange watches a cancellable ctx. */
  private stopCtx: (() => boolean) | null = null;
  /**
   * ctx is done: Go's transport fails the round trip with ctx.Err(). Run by
   * context.afterFunc, which links the exchange into ctx's tree rather than
   * adding a listener to ctx.signal: requests sharing a ctx cost it nothing
   * but a child each (no EventTarget listeners to count past
   * MaxListeners), and stop() unlinks it when the exchange ends.
   */
  private readonly cancelRequest = (): void => this.fail(this.ctx.err() ?? new Error("context canceled"));
  private readonly onSocketData = (): void => this.touch();

  constructor(
    private readonly client: Client,
    private readonly ctx: Context,
    private readonly request: Request | HttpRequest,
    private readonly resolve: (r: Response) => void,
    private readonly reject: (e: unknown) => void,
    /** The synctest bubble the caller is in; null outside every bubble. */
    private readonly bubble: BubbleLink | null,
  ) {
    this.url = new URL(String(request.url));
    this.method = (request.method ?? "GET").toUpperCase();
  }

  private get op(): string {
    return this.method.charAt(0) + this.method.slice(1).toLowerCase();
  }

  private timeoutError(layer: TimeoutLayer, message: string): HttpTimeoutError {
    return new HttpTimeoutError(layer, message, this.op, this.url.href);
  }

  start(): void {
    const { protocol } = this.url;
    if (protocol !== "http:" && protocol !== "https:") {
      this.phase = "done";
      this.reject(new Error(`unsupported protocol scheme "${protocol.replace(/:$/, "")}"`));
      return;
    }
    const err = this.ctx.err();
    if (err !== null) {
      this.phase = "done";
      this.reject(err);
      return;
    }
    if (this.ctx.done() !== null) this.stopCtx = afterFunc(this.ctx, this.cancelRequest);
    const total = this.client.options.timeout;
    if (total > 0) {
      this.arm("total", total, () =>
        this.fail(
          this.timeoutError(
            "total",
            this.phase === "body"
              ? "net/http: request canceled (Client.Timeout exceeded while reading body)"
              : "net/http: request canceled (Client.Timeout exceeded while awaiting headers)",
          ),
        ),
      );
    }
    readBody(this.request).then(
      (body) => this.send(body),
      (e) => this.fail(e),
    );
  }

  private send(body: Buffer | undefined): void {
    if (this.phase !== "start") return;
    const secure = this.url.protocol === "https:";
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of headerPairs(this.request.headers)) {
      const key = k.toLowerCase();
      const prev = headers[key];
      headers[key] = prev === undefined ? v : ([] as string[]).concat(prev as string | string[], v);
    }
    const options: http.RequestOptions & { [kCall]: Call } = {
      protocol: this.url.protocol,
      hostname: this.url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: this.url.port === "" ? (secure ? 443 : 80) : Number(this.url.port),
      path: this.url.pathname + this.url.search,
      method: this.method,
      headers,
      agent: this.client.agent(secure),
      setHost: true,
      [kCall]: this,
    };
    if (this.url.username !== "" || this.url.password !== "") {
      options.auth = `${decodeURIComponent(this.url.username)}:${decodeURIComponent(this.url.password)}`;
    }
    let req: http.ClientRequest;
    try {
      req = (secure ? https : http).request(options);
    } catch (e) {
      this.fail(e);
      return;
    }
    this.req = req;
    req.on("error", (e) => this.fail(e));
    req.on("socket", (s: NetConn) => {
      if (this.phase === "done") return;
      this.socket = s;
      this.waitingOn(s);
      if (this.phase === "start") this.phase = "headers"; // a pooled connection: no dial
      s.on("data", this.onSocketData);
    });
    req.on("finish", () => this.written());
    req.on("response", (res) => this.response(res));
    req.on("close", () => {
      if (this.phase !== "done" && this.res === null) this.fail(new Error("EOF"));
    });
    req.end(body);
  }

  /**
   * The agent's createConnection: dial, then the TLS handshake, each under
   * its deadline. Whatever the hooks and options do, the outcome reaches
   * the exchange as fail() or `cb`: a throw here would escape from inside
   * http.request, with the agent's callback failing a request nobody
   * listens to yet, or from a socket event, uncaught.
   */
  dial(opts: Record<string | symbol, unknown>, secure: boolean, cb: (err: Error | null, socket?: NetConn) => void): void {
    if (this.phase !== "start") {
      cb(new Error("request canceled"));
      return;
    }
    this.phase = "dial";
    try {
      this.dialSteps(opts, secure, cb);
    } catch (e) {
      this.fail(e);
    }
  }

  private dialSteps(opts: Record<string | symbol, unknown>, secure: boolean, cb: (err: Error | null, socket?: NetConn) => void): void {
    const o = this.client.options;
    const host = String(opts.host ?? opts.hostname ?? "localhost");
    const port = Number(opts.port);
    const hostPort = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
    let resolved: string | null = net.isIP(host) ? hostPort : null;
    let done = false;
    const finish = (err: Error | null, s?: NetConn): void => {
      if (done) return;
      done = true;
      this.dialing = [];
      cb(err, s);
    };
    this.failDial = (err) => finish(err);
    if (o.dialTimeout > 0) {
      this.arm("dial", o.dialTimeout, () =>
        this.fail(this.timeoutError("dial", resolved === null ? `dial tcp: lookup ${host}: i/o timeout` : `dial tcp ${resolved}: i/o timeout`)),
      );
    }
    const connected = (raw: NetConn): void => {
      if (this.phase !== "dial") {
        raw.destroy();
        return;
      }
      this.disarm("dial");
      this.waitingOn(raw);
      if (!secure) {
        this.phase = "headers";
        finish(null, raw);
        return;
      }
      this.phase = "tlsHandshake";
      if (o.tlsHandshakeTimeout > 0) {
        this.arm("tlsHandshake", o.tlsHandshakeTimeout, () => this.fail(this.timeoutError("tlsHandshake", "net/http: TLS handshake timeout")));
      }
      const t = o.tls ?? {};
      const servername = t.servername ?? (net.isIP(host) ? undefined : host);
      let secured: tls.TLSSocket;
      try {
        // Throws for certificates or keys Node cannot load.
        secured = tls.connect({
          socket: raw,
          host,
          ...(servername !== undefined ? { servername } : {}),
          ...(t.ca !== undefined ? { ca: t.ca } : {}),
          ...(t.cert !== undefined ? { cert: t.cert } : {}),
          ...(t.key !== undefined ? { key: t.key } : {}),
          ...(t.minVersion !== undefined ? { minVersion: t.minVersion } : {}),
          rejectUnauthorized: t.rejectUnauthorized !== false,
          ALPNProtocols: ["http/1.1"],
        });
      } catch (e) {
        this.fail(e);
        return;
      }
      // TLS over an in-memory connection is in memory too.
      const inMemory = inMemoryBubble(raw);
      if (inMemory !== undefined) (secured as unknown as Record<symbol, unknown>)[kBubble] = inMemory;
      this.dialing.push(secured);
      const onError = (e: Error): void => this.fail(e);
      secured.once("error", onError);
      secured.once("secureConnect", () => {
        secured.removeListener("error", onError);
        if (this.phase !== "tlsHandshake") {
          secured.destroy();
          return;
        }
        this.disarm("tlsHandshake");
        this.phase = "headers";
        finish(null, secured);
      });
    };
    const watch = (raw: NetConn): void => {
      this.dialing.push(raw);
      this.track(raw);
      const onError = (e: Error): void => this.fail(e);
      raw.once("error", onError);
      const ready = (): void => {
        raw.removeListener("error", onError);
        if (o.keepAlive > 0) raw.setKeepAlive(true, o.keepAlive);
        raw.setNoDelay(true);
        connected(raw);
      };
      if (raw.connecting || raw.pending) raw.once("connect", ready);
      else ready();
    };
    // Until the dial hands over a connection, only a network's own dial
    // (httptest's Network.dial) says it is in memory.
    if (o.dial === undefined || inMemoryBubble(o.dial) !== this.bubble) {
      this.outside = true;
      this.hold();
    }
    if (o.dial !== undefined) {
      resolved = hostPort;
      Promise.resolve()
        .then(() => o.dial!("tcp", hostPort, this.dialAbort.signal))
        .then((raw: unknown) => {
          if (!isNetConn(raw)) {
            // Go: "net/http: Transport.DialContext hook returned (nil, nil)".
            this.fail(new TypeError(`http.Client: dial returned ${describe(raw)}, not a net.Socket (nor a Duplex with its setTimeout, setNoDelay, setKeepAlive, ref and unref)`));
            return;
          }
          if (this.phase !== "dial") {
            raw.destroy();
            return;
          }
          // It would never connect; the dial deadline is no answer to a closed socket.
          if (raw.destroyed) {
            this.fail(new Error(`dial tcp ${hostPort}: use of closed network connection`));
            return;
          }
          watch(raw);
        })
        .catch((e: unknown) => this.fail(e));
      return;
    }
    const raw = net.connect({
      host,
      port,
      ...(this.client.lookup !== undefined ? { lookup: this.client.lookup } : {}),
      ...(o.keepAlive > 0 ? { keepAlive: true, keepAliveInitialDelay: o.keepAlive } : {}),
    });
    raw.once("lookup", (err: Error | null, address: string) => {
      if (err === null && address) resolved = net.isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
    });
    watch(raw);
  }

  /** Fails a dial in progress (set by dial()). */
  private failDial: ((err: Error) => void) | null = null;

  private track(s: NetConn): void {
    const sockets = this.client.sockets;
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  }

  /** The request is fully written: the header deadline starts, as Go's does. */
  private written(): void {
    if (this.phase !== "headers") return;
    const o = this.client.options;
    if (o.responseHeaderTimeout > 0) {
      this.arm("responseHeader", o.responseHeaderTimeout, () =>
        this.fail(this.timeoutError("responseHeader", "net/http: timeout awaiting response headers")),
      );
    }
    this.touch();
  }

  /** (Re)start the per-read deadline. */
  private touch(): void {
    const idle = this.client.options.idleTimeout;
    if (idle <= 0 || this.phase === "done") return;
    if (this.phase === "body" && this.pendingPull === null) return; // nobody is reading
    this.arm("idle", idle, () => {
      const s = this.socket;
      const local = s ? hostPortOf(s.localAddress, s.localPort) : "?";
      const remote = s ? hostPortOf(s.remoteAddress, s.remotePort) : "?";
      this.fail(this.timeoutError("idle", `read tcp ${local}->${remote}: i/o timeout`));
    });
  }

  private response(res: http.IncomingMessage): void {
    if (this.phase === "done") {
      res.destroy();
      return;
    }
    this.res = res;
    this.phase = "body";
    this.disarm("responseHeader");
    this.disarm("idle");
    this.letGo(); // nobody waits on the connection again until a read
    res.on("error", (e) => this.fail(e));
    res.on("aborted", () => this.fail(new Error("unexpected EOF")));
    res.on("close", () => {
      if (this.phase !== "done") this.fail(new Error("unexpected EOF"));
    });
    res.on("end", () => this.complete());

    const status = res.statusCode ?? 0;
    const headers = new Headers();
    for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
      try {
        headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
      } catch {
        // a header WHATWG Headers refuses: left out
      }
    }
    let body: ReadableStream<Uint8Array> | null = null;
    if (this.method === "HEAD" || NULL_BODY_STATUS.has(status)) {
      res.resume(); // discard; 'end' completes the exchange
    } else {
      res.pause();
      res.on("data", (chunk: Buffer) => {
        if (this.phase !== "body") return;
        this.disarm("idle");
        this.controller?.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        res.pause();
        this.releasePull();
      });
      // highWaterMark 0: bytes are pulled only for a reader, in the
      // reader's context, so a bubble's reader parks on the channel itself
      // (and the per-read deadline starts with a read, as TimeoutConn's).
      body = new ReadableStream<Uint8Array>(
        {
          start: (c) => {
            this.controller = c;
          },
          pull: () => this.pull(res),
          cancel: () => this.abandonBody(),
        },
        { highWaterMark: 0 },
      );
    }
    const inRange = status >= 200 && status <= 599;
    let response: Response;
    try {
      response = new Response(body, { status: inRange ? status : 200, statusText: res.statusMessage ?? "", headers });
    } catch {
      response = new Response(body, { status: inRange ? status : 200, headers });
    }
    if (!inRange) Object.defineProperty(response, "status", { value: status });
    Object.defineProperty(response, "url", { value: this.url.href });
    this.resolve(response);
  }

  /** A reader wants bytes: let them come, and wait (in a bubble, parked on a channel). */
  private pull(res: http.IncomingMessage): Promise<void> | undefined {
    if (this.phase !== "body") return undefined;
    let done: Promise<void>;
    if (this.bubble === null) {
      done = new Promise<void>((resolve) => (this.pendingPull = resolve));
    } else {
      const arrived = chan<void>(1);
      this.pendingPull = AsyncResource.bind(() => void arrived.trySend());
      done = arrived.recv().then(() => undefined);
      if (this.outside) this.hold();
    }
    this.touch();
    res.resume();
    return done;
  }

  private releasePull(): void {
    const p = this.pendingPull;
    if (p === null) return;
    this.pendingPull = null;
    this.letGo();
    p();
  }

  /** The body was read to the end: the connection goes back to the pool. */
  private complete(): void {
    if (this.phase !== "body") return;
    this.phase = "done";
    this.release();
    try {
      this.controller?.close();
    } catch {
      // already closed or errored
    }
    this.releasePull();
  }

  /** The reader cancelled the body (Go's Body.Close before EOF): drop the connection. */
  private abandonBody(): void {
    if (this.phase === "done") return;
    this.phase = "done";
    this.release();
    this.res?.destroy();
    this.req?.destroy();
    this.releasePull();
  }

  /** End the exchange with `err`: before the headers the promise rejects, after them the body stream errors. */
  fail(err: unknown): void {
    if (this.phase === "done") return;
    const inBody = this.phase === "body";
    this.phase = "done";
    this.release();
    this.dialAbort.abort(err);
    const e = err instanceof Error ? err : new Error(String(err));
    for (const s of this.dialing) s.destroy();
    this.dialing = [];
    this.failDial?.(e);
    this.res?.destroy();
    this.req?.destroy();
    if (inBody) {
      try {
        this.controller?.error(e);
      } catch {
        // already closed
      }
      this.releasePull();
    } else {
      this.reject(err);
    }
  }

  /** Clear every deadline and listener the exchange holds. */
  private release(): void {
    for (const layer of [...this.timers.keys()]) this.disarm(layer);
    this.stopCtx?.();
    this.stopCtx = null;
    this.socket?.removeListener("data", this.onSocketData);
    this.letGo();
  }

  /**
   * Arm `layer`'s deadline on the runtime clock (virtual in a bubble).
   * Outside bubbles the exchange keeps the process alive while any deadline
   * is armed, as the host timer it replaces did: a dial hook that never
   * settles must still end in its dial timeout, not in an exited process.
   * (A bubble's own driver keeps its process alive.)
   */
  private arm(layer: TimeoutLayer, ms: number, fire: () => void): void {
    this.disarm(layer);
    const deadline: Deadline = { stop: () => {} };
    const t = time.afterFunc(ms, () => {
      // A stop between the firing and this task's start lost the race: the exchange went on.
      if (this.timers.get(layer) !== deadline) return;
      this.forget(layer);
      fire();
    });
    // A bubble's timer is stopped from inside its bubble only: from the
    // context it was armed in, whichever socket event ends the exchange.
    deadline.stop = currentBubble() === null ? () => void t.stop() : AsyncResource.bind(() => void t.stop());
    if (this.timers.size === 0 && this.bubble === null) addKeepAlive(1);
    this.timers.set(layer, deadline);
  }

  private disarm(layer: TimeoutLayer): void {
    const t = this.timers.get(layer);
    if (t === undefined) return;
    this.forget(layer);
    t.stop();
  }

  private forget(layer: TimeoutLayer): void {
    this.timers.delete(layer);
    if (this.timers.size === 0 && this.bubble === null) addKeepAlive(-1);
  }

  /**
   * In a bubble, keep its clock still while the exchange waits on its
   * connection outside the bubble (see the file's header): from the dial to
   * the response headers, then during each body read.
   */
  private hold(): void {
    if (this.bubble !== null && this.unhold === null && this.phase !== "done") this.unhold = this.bubble.hold();
  }

  /** Nobody waits on the connection now (or it is in memory): the bubble's clock may move. */
  private letGo(): void {
    this.unhold?.();
    this.unhold = null;
  }

  /** The exchange now waits on `s`: durable if it is an in-memory connection of the caller's bubble. */
  private waitingOn(s: NetConn): void {
    if (this.bubble === null) return;
    this.outside = inMemoryBubble(s) !== this.bubble;
    if (this.outside) this.hold();
    else this.letGo();
  }
}

function hostPortOf(addr: string | undefined, port: number | undefined): string {
  if (addr === undefined) return "?";
  return net.isIPv6(addr) ? `[${addr}]:${port}` : `${addr}:${port}`;
}

function* headerPairs(h: HttpRequest["headers"] | Headers | undefined): Iterable<[string, string]> {
  if (h === undefined || h === null) return;
  if (typeof (h as Headers).forEach === "function" && !Array.isArray(h)) {
    const out: [string, string][] = [];
    (h as Headers).forEach((v, k) => out.push([k, v]));
    yield* out;
    return;
  }
  if (Array.isArray(h)) {
    for (const [k, v] of h) yield [String(k), String(v)];
    return;
  }
  for (const [k, v] of Object.entries(h)) {
    if (Array.isArray(v)) for (const x of v) yield [k, String(x)];
    else if (v !== undefined) yield [k, String(v)];
  }
}

async function readBody(r: Request | HttpRequest): Promise<Buffer | undefined> {
  if (typeof Request !== "undefined" && r instanceof Request) {
    if (r.body === null) return undefined;
    return Buffer.from(await r.arrayBuffer());
  }
  const body = (r as HttpRequest).body;
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError(`http.Client.do: body must be a string, Uint8Array or ArrayBuffer, got ${describe(body)}`);
}
