// Argument checks shared by every package. They throw synchronously, before
// any state changes, so bad input never loses data.

/**
 * A function the runtime may call and await: not a class constructor (it
 * throws without `new`) and not a generator function (calling one only makes
 * a generator, so its body would silently never run).
 */
export function checkFunction(fn: unknown, what: string): asserts fn is (...args: never[]) => unknown {
  if (typeof fn !== "function") {
    throw new TypeError(`${what}: expected a function, got ${describe(fn)}`);
  }
  const why = uncallable(fn as (...args: never[]) => unknown);
  if (why !== null) throw new TypeError(`${what}: expected a function, got ${describe(fn)} (${why})`);
}

const ASYNC_FUNCTION: unknown = Object.getPrototypeOf(async function () {});
const GENERATOR_FUNCTION: unknown = Object.getPrototypeOf(function* () {});
const ASYNC_GENERATOR_FUNCTION: unknown = Object.getPrototypeOf(async function* () {});

/**
 * Why calling `fn` would not run its body, or null.
 */
function uncallable(fn: (...args: never[]) => unknown): string | null {
  const proto: unknown = Object.getPrototypeOf(fn);
  if (proto === ASYNC_FUNCTION) return null;
  if (proto === GENERATOR_FUNCTION || proto === ASYNC_GENERATOR_FUNCTION) {
    return "calling a generator function only makes a generator: its body would never run";
  }
  if (isClass(fn)) return "a class constructor cannot be called without new";
  return null;
}

/**
 * An ordinary function's `prototype` is writable, so one property lookup
 * clears it; only a read-only one (a class, or a builtin such as `String`,
 * which may be called without new) has its source read for "class".
 */
function isClass(fn: (...args: never[]) => unknown): boolean {
  if (Object.getOwnPropertyDescriptor(fn, "prototype")?.writable !== false) return false;
  try {
    return functionSource.call(fn).startsWith("class");
  } catch {
    return false;
  }
}

const functionSource = Function.prototype.toString;

/** `v` is an Error, also one made in another realm (a vm context, an iframe). */
export function isError(v: unknown): v is Error {
  return v instanceof Error || Object.prototype.toString.call(v) === "[object Error]";
}

/** A context.Context: an object with its methods. */
export function checkContext(ctx: unknown, what: string): void {
  if (ctx === null || ctx === undefined) {
    // Go's words: context.WithCancel(nil) panics with this.
    throw new TypeError(`${what}: cannot create context from nil parent (got ${describe(ctx)})`);
  }
  const c = ctx as { done?: unknown; err?: unknown; deadline?: unknown; value?: unknown };
  if (typeof c !== "object" || typeof c.done !== "function" || typeof c.err !== "function" || typeof c.deadline !== "function" || typeof c.value !== "function") {
    throw new TypeError(`${what}: expected a Context, got ${describe(ctx)}`);
  }
}

/** A duration in milliseconds: any finite number (zero or negative fire at once). */
export function checkDuration(ms: unknown, what: string): asserts ms is number {
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    if (typeof ms !== "number") throw new TypeError(`${what}: duration must be a number of milliseconds, got ${describe(ms)}`);
    throw new RangeError(`${what}: duration must be finite, got ${ms}`);
  }
}

/** How an error message names the bad argument `v`. Never throws, whatever `v` is (a revoked Proxy, a throwing getter). */
export function describe(v: unknown): string {
  try {
    if (v === null) return "null";
    if (typeof v === "function") return `${functionKind(v as (...args: never[]) => unknown)} ${v.name || "(anonymous)"}`;
    if (typeof v === "object") return (v as object).constructor?.name ?? "object";
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "bigint") return `${v}n`;
    return String(v);
  } catch {
    return typeof v;
  }
}

function functionKind(fn: (...args: never[]) => unknown): string {
  const proto: unknown = Object.getPrototypeOf(fn);
  if (proto === GENERATOR_FUNCTION) return "generator function";
  if (proto === ASYNC_GENERATOR_FUNCTION) return "async generator function";
  if (proto === ASYNC_FUNCTION) return "async function";
  return isClass(fn) ? "class" : "function";
}
