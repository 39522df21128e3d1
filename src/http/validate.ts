// Argument checks of the http entry points, in the style of
// runtime/validate.ts: thrown at the call, before anything is opened, with
// the call and the argument named.
import { describe } from "../runtime/validate.js";

export { describe };

/** A duration in ms: a finite number (what zero and negative mean is the caller's). */
export function checkMs(v: unknown, call: string, name = "ms"): asserts v is number {
  if (typeof v !== "number") throw new TypeError(`${call}: ${name} must be a number of milliseconds, got ${describe(v)}`);
  if (!Number.isFinite(v)) throw new RangeError(`${call}: ${name} must be finite, got ${v}`);
}
