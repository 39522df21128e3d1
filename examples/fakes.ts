// Test doubles for running the HTTP seeds (000, 002) inside a synctest
// bubble, in virtual time and without a network: a request, a response that
// records what the handler sent and closes a runtime channel when it is
// finished (so a task can wait for it durably), and a Client whose GET
// answers after a given latency.
import { EventEmitter } from "node:events";
import { Readable } from "node:stream";
import type * as http from "node:http";
import { chan, time, type context } from "../src/index.js";

/** What a handler gets as its *http.Request: a GET whose empty body has arrived, a stream as IncomingMessage is. */
export function fakeRequest(): http.IncomingMessage {
  const req = new Readable({ read: () => void req.push(null) }) as unknown as http.IncomingMessage;
  Object.assign(req, { method: "GET", url: "/", headers: {}, complete: true, socket: { remoteAddress: "127.0.0.1", remotePort: 0 } });
  return req;
}

/** A ServerResponse stand-in: status, headers and body as sent; `finished` closes when the response ends or is destroyed. */
export class FakeResponse extends EventEmitter {
  statusCode = 200;
  statusMessage: string | undefined = undefined;
  body = "";
  headers: Record<string, unknown> = {};
  writableEnded = false;
  writableFinished = false;
  destroyed = false;
  headersSent = false;
  readonly finished = chan<void>();

  setHeader(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
  getHeader(name: string): unknown {
    return this.headers[name.toLowerCase()];
  }
  writeHead(code: number, message?: string | Record<string, unknown>): this {
    this.statusCode = code;
    if (typeof message === "string") this.statusMessage = message;
    this.headersSent = true;
    return this;
  }
  write(chunk: string | Uint8Array): boolean {
    this.body += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
    this.headersSent = true;
    return true;
  }
  end(chunk?: string | Uint8Array): this {
    if (this.writableEnded) return this;
    if (chunk !== undefined) this.write(chunk);
    this.writableEnded = true;
    this.writableFinished = true;
    this.finished.close();
    this.emit("finish");
    this.emit("close");
    return this;
  }
  destroy(): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    if (!this.writableEnded) this.finished.close();
    this.emit("close");
    return this;
  }
  asServerResponse(): http.ServerResponse {
    return this as unknown as http.ServerResponse;
  }
}

/** A Client for seed 000's upstream.Client: each instance (one per timeoutHttpGet call) answers its GET after the next latency. */
export function fakeClient(nextLatency: () => number, body = "<html>google</html>"): new (tr: unknown) => { get(ctx: context.Context, url: string | URL): Promise<Response> } {
  return class FakeClient {
    private readonly latency = nextLatency();
    constructor(_tr: unknown) {}
    async get(_ctx: context.Context, _url: string | URL): Promise<Response> {
      await time.sleep(this.latency); // client.Get(url) against a slow upstream
      return new Response(body);
    }
  };
}
