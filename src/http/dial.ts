import { AsyncResource } from "node:async_hooks";
import * as net from "node:net";
import * as time from "../time/index.js";
import { HttpTimeoutError } from "./client.js";
import { checkMs, describe } from "./validate.js";

/**
 * Go's `net.DialTimeout("tcp", address, timeout)`: a connected socket, or a
 * rejection with `HttpTimeoutError` (layer "dial", "dial tcp <addr>: i/o
 * timeout") when it takes longer than `ms` (0 or less: no limit), or with
 * Go's error for an unknown network or an address without a port. Arguments
 * of the wrong type throw at the call. Usable as a {@link Client} `dial`.
 *
 * ```ts
 * const conn = await dialTimeout("tcp", "127.0.0.1:8080", 3 * time.Second) // net.DialTimeout("tcp", addr, 3*time.Second)
 * ```
 */
export function dialTimeout(network: string, address: string, ms: number, signal?: AbortSignal): Promise<net.Socket> {
  if (typeof network !== "string") throw new TypeError(`dialTimeout: network must be a string, got ${describe(network)}`);
  if (typeof address !== "string") throw new TypeError(`dialTimeout: address must be a string, got ${describe(address)}`);
  checkMs(ms, "dialTimeout");
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`dialTimeout: signal must be an AbortSignal, got ${describe(signal)}`);
  }
  if (network !== "tcp" && network !== "tcp4" && network !== "tcp6") {
    return Promise.reject(new Error(`dial ${network} ${address}: unknown network ${network}`));
  }
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(address);
  if (m === null) return Promise.reject(new Error(`dial ${network} ${address}: missing port in address`));
  const host = m[1] ?? m[2] ?? "";
  const port = Number(m[3]);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: host === "" ? "localhost" : host, port, ...(network === "tcp4" ? { family: 4 } : network === "tcp6" ? { family: 6 } : {}) });
    // On the runtime clock, stopped from the context it was armed in (a
    // bubble's timer is stopped from inside its bubble only).
    let stopTimer: (() => void) | undefined;
    let settled = false;
    const done = (err: Error | null): void => {
      // The timer's task may start after the connect won the race.
      if (settled) return;
      settled = true;
      stopTimer?.();
      stopTimer = undefined;
      socket.removeListener("connect", onConnect);
      socket.removeListener("error", onError);
      signal?.removeEventListener("abort", onAbort);
      if (err === null) return resolve(socket);
      socket.destroy();
      reject(err);
    };
    const onConnect = (): void => done(null);
    const onError = (e: Error): void => done(e);
    const onAbort = (): void => done(signal!.reason instanceof Error ? signal!.reason : new Error("operation was canceled"));
    socket.once("connect", onConnect);
    socket.once("error", onError);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    if (ms > 0) {
      const timer = time.afterFunc(ms, () => done(new HttpTimeoutError("dial", `dial ${network} ${address}: i/o timeout`)));
      stopTimer = AsyncResource.bind(() => void timer.stop());
    }
  });
}
