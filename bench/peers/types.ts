// What a peer (another channel library, or Go) provides to the suite: one
// implementation per shape, or the reason it has none. Every implementation
// measures itself and throws when its own result (sums, counts) is wrong.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Options, Sample } from "../harness.js";

export interface Impl<A extends unknown[]> {
  run: (...args: A) => Promise<Sample>;
  /** Fewer runs (or a smaller N) for a slow peer, to keep `npm run bench` short. */
  opts?: Partial<Options>;
  /** Workload size to use instead of the suite's, for a slow peer. */
  n?: number;
}

/** The peer lacks what the shape needs. */
export interface NA {
  na: string;
}

export type Maybe<A extends unknown[]> = Impl<A> | NA;

export type WakeBy = "close" | "send";

export interface Peer {
  /** Column key, e.g. "ts-chan-unsafe". */
  key: string;
  /** Column label, e.g. "ts-chan (unsafe)". */
  label: string;
  /** npm package (its version is read from node_modules), or null for Go. */
  pkg: string | null;
  version: string;
  /** How the peer is used (one line for BENCHMARKS.md). */
  how: string;
  /** Set when the whole peer cannot run here (e.g. "go: not on PATH"). */
  unavailable?: string;
  pingPong: Maybe<[n: number]>;
  buffered: Maybe<[n: number, cap: number]>;
  /** select(recv(ch), timeout(1000)) in a loop; extra: hostTimersLeft, hostTimerCalls, bytesPerOutstanding, bytesPerIter. */
  select: Maybe<[n: number]>;
  fanIn: Maybe<[n: number, p: number]>;
  memOwn: Maybe<[k: number]>;
  memShared: Maybe<[k: number]>;
  wake: Maybe<[k: number, by: WakeBy]>;
}

export function isNA<A extends unknown[]>(m: Maybe<A>): m is NA {
  return (m as NA).na !== undefined;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The installed version of an npm package (its own package.json, not ours). */
export function installedVersion(pkg: string): string {
  const j = JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string };
  return j.version;
}

export const sumTo = (n: number): number => (n * (n - 1)) / 2;
export const now = (): number => performance.now();
