// Go's httptest.Server on the in-memory network: a real node:http (or
// node:https) server listening on a Network, a URL to reach it and a Client
// that dials it. Inside a synctest bubble the whole exchange runs in virtual
// time: seconds of timeouts in milliseconds, a leaked task a Deadlock.
import * as http from "node:http";
import * as https from "node:https";
import { go } from "../../runtime/task.js";
import { describe } from "../../runtime/validate.js";
import { Client, type ClientOptions } from "../client.js";
import type { Conn } from "./conn.js";
import { newNetwork, type Listener, type Network } from "./network.js";

/**
 * Options of {@link newServer}.
 *
 * ```ts
 * httptest.newServer(handler, { address: "api.test:80" }) // a server the Client reaches at http://api.test/
 * ```
 */
export interface ServerOptions {
  /** The network to listen on; default a new one ({@link Server.network}). */
  network?: Network;
  /** Where to listen; default "127.0.0.1:0" (a free port from 8000 up). */
  address?: string;
  /**
   * Serve HTTPS with this certificate and key (PEM), Go's
   * `NewTLSServer`; {@link Server.client} then trusts `cert`.
   */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

/**
 * A server made by {@link newServer}: Go's `httptest.Server`.
 *
 * ```ts
 * const srv = httptest.newServer(handler); try { await srv.client().get(ctx, srv.url) } finally { srv.close() } // defer srv.Close()
 * ```
 */
export class Server {
  /** "http://host:port" (https for a TLS server), no trailing slash, as Go's `URL`. */
  readonly url: string;
  /** The node:http (or node:https) server: Go's `Config`, for its timeouts and events. */
  readonly config: http.Server;
  /** The listener the server is served on. */
  readonly listener: Listener;
  /** The network it listens on: dial it from other clients with `network.dial`. */
  readonly network: Network;
  private readonly conns = new Set<Conn>();
  private readonly cert: string | Buffer | undefined;

  /** @internal */
  constructor(handler: http.RequestListener, options: ServerOptions) {
    this.network = options.network ?? newNetwork();
    this.listener = this.network.listen(options.address ?? "127.0.0.1:0");
    const serve = perRequestTask(handler);
    this.cert = options.tls?.cert;
    this.config = options.tls !== undefined ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, serve) : http.createServer(serve);
    this.config.on("connection", (c: Conn) => {
      this.conns.add(c);
      c.once("close", () => this.conns.delete(c));
    });
    this.url = `${options.tls !== undefined ? "https" : "http"}://${this.listener.addr}`;
    this.listener.serve(this.config);
  }

  /**
   * A Client whose connections go to this server's network (and which
   * trusts its certificate), with `options` for the rest: Go's `Client()`.
   *
   * ```ts
   * const client = srv.client({ timeout: 5 * time.Second }) // client := srv.Client(); client.Timeout = 5 * time.Second
   * ```
   */
  client(options: ClientOptions = {}): Client {
    const tls = this.cert !== undefined ? { ca: this.cert, ...options.tls } : options.tls;
    return new Client({ ...options, ...(tls !== undefined ? { tls } : {}), dial: this.network.dial });
  }

  /**
   * Stop listening and close every connection: Go's `Close`. Tasks its
   * handlers started are not stopped, as Go's are not.
   *
   * ```ts
   * srv.close() // srv.Close()
   * ```
   */
  close(): void {
    this.listener.close();
    for (const c of this.conns) c.destroy();
  }
}

/**
 * Each request served in a task of its own, as Go's server runs a handler
 * in its connection's goroutine: a handler parked on a channel shows in
 * the registry and in a Deadlock's dump, and one awaiting outside I/O holds
 * a bubble's clock. A handler that throws (or rejects) is recovered as Go's
 * server recovers a panic: logged, and its connection dropped.
 */
function perRequestTask(handler: http.RequestListener): http.RequestListener {
  const name = handler.name || "ServeHTTP";
  const task = {
    async [name](req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
      try {
        await handler(req, res);
      } catch (e) {
        const where = `${req.socket?.remoteAddress ?? "?"}:${req.socket?.remotePort ?? "?"}`;
        console.error(`http: panic serving ${where}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        res.destroy();
      }
    },
  }[name]!;
  return (req, res) => void go(task, req, res);
}

/**
 * Go's `httptest.NewServer(handler)` on an in-memory network: a node:http
 * server running `handler` (each request in a task of its own), listening
 * at `options.address` of `options.network`. Made inside a synctest bubble,
 * the server, its network and {@link Server.client} belong to the bubble:
 * every timeout runs in virtual time, and a task left blocked is a Deadlock.
 *
 * ```ts
 * const srv = httptest.newServer((req, res) => res.end("hello")) // srv := httptest.NewServer(handler)
 * const resp = await srv.client().get(ctx, srv.url) // resp, err := srv.Client().Get(srv.URL)
 * ```
 */
export function newServer(handler: http.RequestListener, options: ServerOptions = {}): Server {
  if (typeof handler !== "function") throw new TypeError(`httptest.newServer: handler must be a function, got ${describe(handler)}`);
  if (options === null || typeof options !== "object") throw new TypeError(`httptest.newServer: options must be an object, got ${describe(options)}`);
  return new Server(handler, options);
}
