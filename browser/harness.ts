// A tiny test harness for the browser run (no test framework in the page):
// `test(name, fn)` registers a test, `run()` runs them in order, each with a
// time limit, and publishes the results on `globalThis.__cspResults` for
// scripts/test-browser.mjs to collect.

export interface Result {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

interface Case {
  name: string;
  fn: () => unknown;
  timeout: number;
}

const cases: Case[] = [];

export function test(name: string, fn: () => unknown, timeout = 5000): void {
  cases.push({ name, fn, timeout });
}

export class AssertionError extends Error {
  override name = "AssertionError";
}

export function assert(cond: unknown, message = "assertion failed"): asserts cond {
  if (!cond) throw new AssertionError(message);
}

function show(v: unknown): string {
  try {
    return typeof v === "string" ? JSON.stringify(v) : v instanceof Error ? `${v.name}(${JSON.stringify(v.message)})` : (JSON.stringify(v) ?? String(v));
  } catch {
    return String(v);
  }
}

export function equal<T>(actual: T, expected: T, what = "value"): void {
  const a = show(actual);
  const e = show(expected);
  if (!Object.is(actual, expected) && a !== e) throw new AssertionError(`${what}: expected ${e}, got ${a}`);
}

/** `fn` throws synchronously an instance of `cls` whose message matches. */
export function throws(fn: () => unknown, cls: new (...a: never[]) => Error, message?: string | RegExp): Error {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  return check(caught, cls, message, "throw");
}

/** `p` rejects with an instance of `cls` whose message matches. */
export async function rejects(p: Promise<unknown>, cls: new (...a: never[]) => Error, message?: string | RegExp): Promise<Error> {
  let caught: unknown;
  let settled = false;
  try {
    await p;
    settled = true;
  } catch (e) {
    caught = e;
  }
  if (settled) throw new AssertionError(`expected a rejection with ${cls.name}, but it resolved`);
  return check(caught, cls, message, "reject");
}

function check(caught: unknown, cls: new (...a: never[]) => Error, message: string | RegExp | undefined, verb: string): Error {
  if (caught === undefined) throw new AssertionError(`expected to ${verb} ${cls.name}, but it did not`);
  if (!(caught instanceof cls)) throw new AssertionError(`expected to ${verb} ${cls.name}, got ${show(caught)}`);
  if (typeof message === "string" && caught.message !== message) throw new AssertionError(`expected message ${show(message)}, got ${show(caught.message)}`);
  if (message instanceof RegExp && !message.test(caught.message)) throw new AssertionError(`expected message matching ${message}, got ${show(caught.message)}`);
  return caught;
}

/** Wall-clock milliseconds (the browser's own clock, not the runtime's). */
export const wall = (): number => performance.now();

export async function run(): Promise<Result[]> {
  const results: Result[] = [];
  for (const c of cases) {
    const t0 = wall();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(c.fn),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new AssertionError(`timed out after ${c.timeout} ms`)), c.timeout);
        }),
      ]);
      results.push({ name: c.name, ok: true, ms: Math.round(wall() - t0) });
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}${e instanceof AssertionError ? "" : `\n${e.stack ?? ""}`}` : String(e);
      results.push({ name: c.name, ok: false, ms: Math.round(wall() - t0), error });
    } finally {
      clearTimeout(timer);
    }
  }
  return results;
}
