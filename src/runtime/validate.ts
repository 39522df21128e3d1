// Argument checks shared by every package. They throw synchronously, before
// any state changes, so bad input never loses data.

export function checkFunction(fn: unknown, what: string): asserts fn is (...args: never[]) => unknown {
  if (typeof fn !== "function") {
    throw new TypeError(`${what}: expected a function, got ${describe(fn)}`);
  }
}

/** A duration in milliseconds: any finite number (zero or negative fire at once). */
export function checkDuration(ms: unknown, what: string): asserts ms is number {
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    if (typeof ms !== "number") throw new TypeError(`${what}: duration must be a number of milliseconds, got ${describe(ms)}`);
    throw new RangeError(`${what}: duration must be finite, got ${ms}`);
  }
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "function") return `function ${v.name || "(anonymous)"}`;
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}
