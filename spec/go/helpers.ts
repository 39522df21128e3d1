// Shared helpers for the ports of Go's channel tests in spec/go.
import { runtime, type Chan, type Task } from "../../src/index.js";

/** Go's `panic("...")` with a string: a plain error carrying Go's words. */
export function panic(message: string | number): never {
  throw new Error(String(message));
}

/**
 * Run `body` as a Go program's main: a panic in any task started by `go`
 * fails it at once with that panic (Go's program would crash), instead of
 * hanging the test or escaping as an uncaught error.
 */
export async function goMain(body: () => Promise<void>): Promise<void> {
  let crash!: (e: unknown) => void;
  const crashed = new Promise<never>((_, reject) => {
    crash = reject;
  });
  const restore = runtime.onPanic((e) => crash(e));
  try {
    await Promise.race([body(), crashed]);
  } finally {
    restore();
  }
}

/** Let every other runnable task run: `n` turns of the host's macrotask queue. */
export async function letOthersRun(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await runtime.gosched();
}

/**
 * Go's `defer func() { recover() }()` around `f`: the Panic that `f` throws
 * synchronously or rejects with, or null if it returned normally.
 */
export async function recoverFrom(f: () => unknown): Promise<unknown> {
  try {
    await f();
    return null;
  } catch (e) {
    return e;
  }
}

/** The operations of `kind` parked on channel `c` now. */
export function parkedOn(c: Chan<unknown>, kind: runtime.ParkedOp["kind"]): runtime.ParkedOp[] {
  return runtime.parked().filter((op) => op.kind === kind && op.channels.some((ch) => ch.id === c.id));
}

/** `wg.Wait()` over the tasks a WaitGroup would count. */
export async function waitAll(tasks: Task[]): Promise<void> {
  await Promise.all(tasks.map((t) => t.done));
}
