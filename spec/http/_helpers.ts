// Shared helpers for the http specs (not a spec file itself): loopback
// servers that the tests start and stop, and the "nothing left behind" check.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as tls from "node:tls";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { runtime } from "../../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));

/** A plain host delay, outside the runtime. */
export function hostDelay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Poll `cond` with host timers until it holds or `ms` passed; returns whether it held. */
export async function eventually(cond: () => boolean, ms = 2000): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (cond()) return true;
    if (Date.now() > until) return false;
    await hostDelay(5);
  }
}

/** A loopback server and every connection it accepted that is still open. */
export interface TestServer {
  server: net.Server;
  port: number;
  url: string;
  /** Server-side sockets not yet closed. */
  open: Set<net.Socket>;
  /** Connections accepted so far. */
  accepted: number;
  close(): Promise<void>;
}

function track(server: net.Server, secure: boolean, port: number): TestServer {
  const t: TestServer = {
    server,
    port,
    url: `${secure ? "https" : "http"}://127.0.0.1:${port}`,
    open: new Set(),
    accepted: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of t.open) s.destroy();
        server.close(() => resolve());
      }),
  };
  server.on(secure && server instanceof tls.Server ? "secureConnection" : "connection", () => {});
  server.on("connection", (s: net.Socket) => {
    t.accepted++;
    t.open.add(s);
    s.on("error", () => {});
    s.once("close", () => t.open.delete(s));
  });
  return t;
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return (server.address() as net.AddressInfo).port;
}

/** An http server on 127.0.0.1, port 0, running `handler`. */
export async function httpServer(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 60_000;
  const t = track(server, false, 0);
  const port = await listen(server);
  return Object.assign(t, { port, url: `http://127.0.0.1:${port}` });
}

/** A raw TCP server that accepts connections and never writes a byte. */
export async function silentServer(secureUrl = false): Promise<TestServer> {
  // It reads (and drops) what it is sent, so it sees the client hang up.
  const server = net.createServer((s) => s.resume());
  const t = track(server, false, 0);
  const port = await listen(server);
  return Object.assign(t, { port, url: `${secureUrl ? "https" : "http"}://127.0.0.1:${port}` });
}

export interface Cert {
  key: string;
  cert: string;
}

let certCache: Cert | undefined;

/** A self-signed certificate for 127.0.0.1/localhost: made with openssl when there is one, else the committed fixture. */
export function selfSigned(): Cert {
  if (certCache) return certCache;
  const dir = mkdtempSync(join(tmpdir(), "csp-http-cert-"));
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")],
      { stdio: "ignore", timeout: 10_000 },
    );
    certCache = { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } catch {
    certCache = {
      key: readFileSync(join(here, "fixtures/key.pem"), "utf8"),
      cert: readFileSync(join(here, "fixtures/cert.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return certCache;
}

/** An https server on 127.0.0.1 with the self-signed certificate. */
export async function httpsServer(handler: http.RequestListener): Promise<TestServer> {
  const { key, cert } = selfSigned();
  const { createServer } = await import("node:https");
  const server = createServer({ key, cert }, handler);
  const t = track(server, true, 0);
  const port = await listen(server);
  return Object.assign(t, { port, url: `https://127.0.0.1:${port}` });
}

/** Host timers (setTimeout/setInterval) alive now. */
export function hostTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

export interface Baseline {
  timers: number;
  hostTimers: number;
  tasks: number;
}

export function baseline(): Baseline {
  return { timers: runtime.numTimers(), hostTimers: hostTimers(), tasks: runtime.numGoroutine() };
}

/**
 * Nothing left behind: no client connection, no open server-side socket,
 * no runtime timer or task and no host timer beyond `base`.
 */
export async function expectClean(base: Baseline, opts: { client?: { numConnections(): number }; servers?: TestServer[] } = {}): Promise<void> {
  const servers = opts.servers ?? [];
  const check = () => ({
    clientConnections: opts.client?.numConnections() ?? 0,
    serverSockets: servers.reduce((n, s) => n + s.open.size, 0),
    timers: runtime.numTimers() - base.timers,
    tasks: runtime.numGoroutine() - base.tasks,
    hostTimers: Math.max(0, hostTimers() - base.hostTimers),
  });
  const zero = { clientConnections: 0, serverSockets: 0, timers: 0, tasks: 0, hostTimers: 0 };
  await eventually(() => JSON.stringify(check()) === JSON.stringify(zero), 2000);
  expect(check()).toEqual(zero);
}
