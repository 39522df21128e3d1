// Shared helpers for the sync and errgroup specs (not a spec file itself).
import { runtime, type Task } from "../../src/index.js";

/** Let every pending microtask and one macrotask turn run. */
export function settle(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** Several macrotask turns: enough for woken tasks to run on. */
export async function settleAll(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await settle();
}

/** A plain host timer, outside the runtime. */
export function hostDelay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves with "timeout" if `p` has not settled within `ms` (host timer). */
export function within<T>(p: Promise<T>, ms: number): Promise<T | "timeout"> {
  return Promise.race([p, hostDelay(ms).then(() => "timeout" as const)]);
}

/** Tracks whether a promise has settled, without awaiting it. */
export function track<T>(p: Promise<T>): { readonly settled: boolean; readonly rejected: boolean; readonly value: T | undefined; readonly error: unknown } {
  const s = { settled: false, rejected: false, value: undefined as T | undefined, error: undefined as unknown };
  p.then(
    (v) => {
      s.settled = true;
      s.value = v;
    },
    (e: unknown) => {
      s.settled = true;
      s.rejected = true;
      s.error = e;
    },
  );
  return s;
}

/** Poll (one macrotask turn at a time) until `cond` holds; throws after `ms`. */
export async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await settle();
  }
}

/** The state word of task `t` in runtime.goroutines(), which must list it. */
export function stateOf(t: Task): string {
  const info = runtime.goroutines().find((g) => g.id === t.id);
  if (!info) throw new Error(`task ${t.id} is not in goroutines()`);
  return info.state;
}
