// What the runtime needs from the JavaScript host, found without importing
// any `node:` module so that the core runs unchanged in browsers, Deno and Bun.

const g = globalThis as unknown as {
  setImmediate?: (cb: () => void) => unknown;
  MessageChannel?: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(v: unknown): void } };
  process?: {
    env?: Record<string, string | undefined>;
    getBuiltinModule?: (id: string) => unknown;
  };
  setTimeout: (cb: () => void, ms: number) => unknown;
  clearTimeout: (h: unknown) => void;
  queueMicrotask: (cb: () => void) => void;
  performance: { timeOrigin: number; now(): number };
  console: { error(...args: unknown[]): void; log(...args: unknown[]): void };
};

/**
 * Run `cb` from the host's macrotask queue, after pending I/O and timers had
 * their turn. Node's setImmediate runs in the check phase, so a timer due
 * meanwhile fires first; browsers get a MessageChannel post, which is not
 * clamped to 4 ms as a nested setTimeout(0) is.
 */
export const macrotask: (cb: () => void) => void = (() => {
  if (typeof g.setImmediate === "function") {
    const si = g.setImmediate;
    return (cb: () => void) => void si(cb);
  }
  if (typeof g.MessageChannel === "function") {
    const queue: (() => void)[] = [];
    const mc = new g.MessageChannel();
    mc.port1.onmessage = () => {
      const cb = queue.shift();
      if (cb) cb();
    };
    return (cb: () => void) => {
      queue.push(cb);
      mc.port2.postMessage(0);
    };
  }
  return (cb: () => void) => void g.setTimeout(cb, 0);
})();

export interface HostTimer { ref?(): unknown; unref?(): unknown }

export function hostSetTimeout(cb: () => void, ms: number): HostTimer {
  return g.setTimeout(cb, ms) as HostTimer;
}
export function hostClearTimeout(h: HostTimer): void {
  g.clearTimeout(h);
}

/** An environment variable; unset too where the host refuses to show it (Deno without --allow-env). */
export function env(name: string): string | undefined {
  try {
    return g.process?.env?.[name];
  } catch {
    return undefined;
  }
}

export interface Storage<T> {
  getStore(): T | undefined;
  run<A extends unknown[], R>(store: T, fn: (...args: A) => R, ...args: A): R;
  exit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R;
}

/**
 * AsyncLocalStorage, when the host has it: the only way to know which task a
 * promise continuation belongs to. Loaded through process.getBuiltinModule
 * (Node >= 20.16, Bun, Deno) so no bundler ever sees a `node:` import.
 */
export function loadAsyncLocalStorage<T>(): Storage<T> | undefined {
  try {
    const mod = g.process?.getBuiltinModule?.("node:async_hooks") as
      | { AsyncLocalStorage?: new () => Storage<T> }
      | undefined;
    return mod?.AsyncLocalStorage ? new mod.AsyncLocalStorage() : undefined;
  } catch {
    return undefined;
  }
}

const perf = g.performance;
const origin = perf.timeOrigin;

/** Wall-clock milliseconds since the epoch, monotonic and sub-millisecond. */
export function monotonicNow(): number {
  return origin + perf.now();
}

export const microtask: (cb: () => void) => void = (cb) => g.queueMicrotask(cb);

export function printError(text: string): void {
  g.console.error(text);
}

let gcFn: (() => void) | undefined;

/**
 * A function that forces a full garbage collection, if the host allows it:
 * the engine's `gc` when exposed, Bun's synchronous `Bun.gc(true)`, else on
 * Node one made by exposing it at run time (v8.setFlagsFromString, then `gc`
 * from a fresh VM context).
 */
export function hostGc(): (() => void) | undefined {
  if (gcFn !== undefined) return gcFn;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return (gcFn = exposed);
  const bun = (globalThis as { Bun?: { gc?: (force: boolean) => void } }).Bun;
  const bunGc = bun?.gc;
  if (typeof bunGc === "function") return (gcFn = () => bunGc.call(bun, true));
  try {
    const v8 = g.process?.getBuiltinModule?.("node:v8") as { setFlagsFromString(flags: string): void } | undefined;
    const vm = g.process?.getBuiltinModule?.("node:vm") as { runInNewContext(code: string): unknown } | undefined;
    if (v8 === undefined || vm === undefined) return undefined;
    v8.setFlagsFromString("--expose-gc");
    const made = vm.runInNewContext("gc");
    if (typeof made === "function") gcFn = made as () => void;
  } catch {
    return undefined;
  }
  return gcFn;
}
