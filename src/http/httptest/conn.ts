// One end of an in-memory connection: a Node Duplex with the part of
// net.Socket's surface that node:http, node:tls and the Client use, Go's
// fakeNetConn (net/http's synctest tests) in Node's shape.
//
// Writes are buffered, as fakeNetConn's are (Go's net.Pipe is synchronous;
// a Node stream cannot be): a write returns at once and its bytes reach the
// peer's readable side in a delivery (see medium.ts), in write order. EOF
// (end()) follows the bytes written before it. destroy() is Go's Close: the
// peer reads what was in flight, then EOF; a peer write that lands after it
// fails with EPIPE. The idle timeout (setTimeout) is a runtime timer,
// virtual in a bubble.
import { Duplex } from "node:stream";
import * as time from "../../time/index.js";
import { kBubble } from "../in-memory.js";
import type { Medium } from "./medium.js";

/**
 * A host and port, as Go's `net.TCPAddr` prints.
 *
 * ```ts
 * const a: Addr = { host: "127.0.0.1", port: 8080 } // &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}
 * ```
 */
export interface Addr {
  /** The host: a name or an IP address, without brackets. */
  readonly host: string;
  /** The port number. */
  readonly port: number;
}

/** Go's `host:port`, brackets around an IPv6 host. */
export function hostPort(a: Addr): string {
  return a.host.includes(":") ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

function family(host: string): "IPv4" | "IPv6" {
  return host.includes(":") ? "IPv6" : "IPv4";
}

/**
 * A network error of the in-memory network: Go's text as the message,
 * Node's `code` and `syscall`, so code written for either recognizes it.
 *
 * ```ts
 * if ((err as NetError).code === "ECONNREFUSED") retry() // if errors.Is(err, syscall.ECONNREFUSED) { retry() }
 * ```
 */
export class NetError extends Error {
  constructor(
    message: string,
    /** Node's error code: "ECONNREFUSED", "EPIPE", "EADDRINUSE", ... */
    readonly code: string,
    /** The call that failed, as Node names it: "connect", "write", "listen". */
    readonly syscall: string,
  ) {
    super(message);
    this.name = "NetError";
  }
}

/**
 * One end of an in-memory connection made by {@link pipe} or a
 * {@link Network}: a Node `Duplex` usable wherever node:http, node:tls and
 * the Client expect a `net.Socket` (`setTimeout`, `setNoDelay`,
 * `setKeepAlive`, `ref`, `unref`, `address()`, `remoteAddress`, ...).
 *
 * ```ts
 * const [c1, c2] = httptest.pipe(); c1.end("hi"); for await (const b of c2) log(b) // c1, c2 := net.Pipe()
 * ```
 */
export class Conn extends Duplex {
  /** @internal The network's bubble, for the Client: waits on this connection are durable in it. */
  readonly [kBubble]: Medium["bubble"];
  /** Always false: an in-memory connection is connected when it is handed out. */
  readonly connecting = false;
  /** Always false (see connecting). */
  readonly pending = false;
  /** The idle timeout set by {@link setTimeout}, in ms; undefined until set. */
  timeout: number | undefined = undefined;
  /** Bytes this end has written. */
  bytesWritten = 0;
  /** Bytes that reached this end. */
  bytesRead = 0;
  /** @internal The other end. */
  peer: Conn | null = null;
  /** The peer's Close has reached this end: writes fail with EPIPE. */
  private peerClosed = false;
  /** This end's EOF is on its way (end() or destroy()): sent once. */
  private finSent = false;
  /** This end's Close is on its way: sent once. */
  private closeSent = false;
  private idle: time.FuncTimerHandle | null = null;

  /** @internal */
  constructor(
    private readonly medium: Medium,
    private readonly local: Addr,
    private readonly remote: Addr,
  ) {
    super({ allowHalfOpen: false, autoDestroy: true, emitClose: true });
    this[kBubble] = medium.bubble;
  }

  /** This end's address, as net.Socket's. */
  get localAddress(): string {
    return this.local.host;
  }
  /** This end's port, as net.Socket's. */
  get localPort(): number {
    return this.local.port;
  }
  /** This end's address family ("IPv4" or "IPv6"), as net.Socket's. */
  get localFamily(): string {
    return family(this.local.host);
  }
  /** The peer's address, as net.Socket's. */
  get remoteAddress(): string {
    return this.remote.host;
  }
  /** The peer's port, as net.Socket's. */
  get remotePort(): number {
    return this.remote.port;
  }
  /** The peer's address family, as net.Socket's. */
  get remoteFamily(): string {
    return family(this.remote.host);
  }
  /** "open", "readOnly", "writeOnly" or "closed", as net.Socket's. */
  get readyState(): string {
    if (this.readable && this.writable) return "open";
    if (this.readable) return "readOnly";
    if (this.writable) return "writeOnly";
    return "closed";
  }
  /** Bytes queued to write, as net.Socket's. */
  get bufferSize(): number {
    return this.writableLength;
  }

  /**
   * net.Socket's `address()`: this end's address.
   *
   * ```ts
   * conn.address().port // conn.LocalAddr().(*net.TCPAddr).Port
   * ```
   */
  address(): { address: string; family: string; port: number } {
    return { address: this.local.host, family: family(this.local.host), port: this.local.port };
  }

  /**
   * Emit `'timeout'` after `ms` without a byte read or written (0: never),
   * as net.Socket's; on the runtime clock, so virtual in a bubble.
   *
   * ```ts
   * conn.setTimeout(30 * time.Second, () => conn.destroy()) // conn.SetDeadline(time.Now().Add(30 * time.Second))
   * ```
   */
  setTimeout(ms: number, callback?: () => void): this {
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`Conn.setTimeout: ms must be a finite number >= 0, got ${String(ms)}`);
    }
    if (callback !== undefined) {
      if (ms === 0) this.removeListener("timeout", callback);
      else this.once("timeout", callback);
    }
    this.timeout = ms;
    this.stopIdle();
    if (ms > 0 && !this.destroyed) this.idle = this.medium.run(() => time.afterFunc(ms, this.onIdle));
    return this;
  }

  /** Accepted for net.Socket's sake; nothing to tune in memory. */
  setNoDelay(_noDelay?: boolean): this {
    return this;
  }
  /** Accepted for net.Socket's sake; an in-memory peer never vanishes silently. */
  setKeepAlive(_enable?: boolean, _initialDelay?: number): this {
    return this;
  }
  /** Accepted for net.Socket's sake: an in-memory connection never holds a process open. */
  ref(): this {
    return this;
  }
  /** See {@link ref}. */
  unref(): this {
    return this;
  }

  /** net.Socket's: end the writable side, then destroy once it is flushed. */
  destroySoon(): void {
    if (this.writable) this.end();
    if (this.writableFinished) this.destroy();
    else this.once("finish", () => this.destroy());
  }

  /** @internal net.Socket's name for "there was activity": restarts the idle timeout. */
  _unrefTimer(): void {
    this.activity();
  }

  /** Duplex's hook: data arrives as the peer writes it. */
  override _read(): void {
    // Bytes are pushed as they arrive (see arrive); nothing to fetch.
  }

  /** Duplex's hook: hands the bytes to the peer. */
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const peer = this.peer;
    if (peer === null || this.peerClosed) {
      callback(this.brokenPipe());
      return;
    }
    this.bytesWritten += chunk.length;
    this.activity();
    this.medium.deliver(() => peer.arrive(chunk));
    callback();
  }

  /** Duplex's hook: the peer reads end of stream (Go's CloseWrite). */
  override _final(callback: (error?: Error | null) => void): void {
    this.sendFin();
    callback();
  }

  /** Duplex's hook: closes both directions, as Go's Close. */
  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.stopIdle();
    const peer = this.peer;
    if (peer !== null && !this.closeSent) {
      this.closeSent = this.finSent = true;
      this.medium.deliver(() => peer.closedByPeer());
    }
    callback(error);
  }

  /** Bytes from the peer land here. Dropped once this end is closed, as a closed socket's are. */
  private arrive(chunk: Buffer): void {
    if (this.destroyed || this.readableEnded) return;
    this.bytesRead += chunk.length;
    this.activity();
    this.push(chunk);
  }

  private sendFin(): void {
    const peer = this.peer;
    if (peer === null || this.finSent) return;
    this.finSent = true;
    this.medium.deliver(() => peer.eof());
  }

  /** The peer's EOF lands: whatever was in flight before it has been read. */
  private eof(): void {
    if (this.destroyed || this.readableEnded) return;
    this.push(null);
  }

  /** The peer closed: EOF, and from now on writes fail (Go's fakeNetConn: ErrClosed to the writer). */
  private closedByPeer(): void {
    this.peerClosed = true;
    this.eof();
  }

  private brokenPipe(): NetError {
    return new NetError(`write tcp ${hostPort(this.local)}->${hostPort(this.remote)}: write: broken pipe`, "EPIPE", "write");
  }

  private readonly onIdle = (): void => {
    this.idle = null;
    if (!this.destroyed) this.emit("timeout");
  };

  /** A byte went in or out: the idle timeout starts over (net.Socket re-arms it after firing too). */
  private activity(): void {
    const ms = this.timeout;
    if (ms === undefined || ms <= 0 || this.destroyed) return;
    const idle = this.idle;
    if (idle !== null) this.medium.run(() => idle.reset(ms));
    else this.idle = this.medium.run(() => time.afterFunc(ms, this.onIdle));
  }

  private stopIdle(): void {
    const idle = this.idle;
    if (idle === null) return;
    this.idle = null;
    this.medium.run(() => idle.stop());
  }
}

/** A connected pair of ends, delivering through `medium`. */
export function connPair(medium: Medium, a: Addr, b: Addr): [Conn, Conn] {
  const ca = new Conn(medium, a, b);
  const cb = new Conn(medium, b, a);
  ca.peer = cb;
  cb.peer = ca;
  return [ca, cb];
}
