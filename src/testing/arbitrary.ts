// Types only: fast-check is an optional peer, loaded at run time when asked for.
// The JSDoc form of the directive is the one tsc keeps in the emitted .d.ts,
// so a consumer without fast-check compiles with skipLibCheck off
// (scripts/check-pack.mjs checks it).
/** @ts-ignore fast-check is an optional peer: without it, schedule() returns any. */
import type { Arbitrary } from "fast-check";
import { Schedule } from "./schedule.js";

/**
 * The part of fast-check that {@link schedule} uses, typed structurally so
 * that fast-check 3 and 4 both fit. Passing the module skips loading
 * fast-check from the current directory (and works where that cannot).
 *
 * ```ts
 * import * as fc from "fast-check"; schedule({ fc }) // the fast-check the tests already use
 * ```
 */
export interface FastCheckLike {
  /** fast-check's `fc.array`. */
  array<T>(arb: unknown, constraints?: { maxLength?: number }): { map<U>(f: (v: T[]) => U): unknown };
  /** fast-check's `fc.nat`. */
  nat(constraints?: { max?: number }): unknown;
}

/**
 * Options of {@link schedule}.
 *
 * ```ts
 * fc.assert(fc.asyncProperty(schedule({ fc, maxLength: 16 }), (s) => synctest.test(program, { schedule: s }))) // short schedules, fast shrinking
 * ```
 */
export interface ScheduleArbitraryOptions {
  /** The fast-check module; found from the current directory when omitted (Node). */
  fc?: FastCheckLike;
  /** Longest schedule generated (default 64 decisions; later ones are FIFO). */
  maxLength?: number;
}

/** fast-check stays an optional peer: it is loaded only when a schedule arbitrary is asked for. */
function loadFastCheck(): FastCheckLike {
  const proc = (globalThis as { process?: { cwd?(): string; getBuiltinModule?(id: string): unknown } }).process;
  const mod = proc?.getBuiltinModule?.("node:module") as { createRequire(from: string): (id: string) => unknown } | undefined;
  if (mod === undefined || proc?.cwd === undefined) {
    throw new Error("schedule(): cannot load fast-check in this runtime; pass it: schedule({ fc })");
  }
  try {
    return mod.createRequire(`${proc.cwd()}/`)("fast-check") as FastCheckLike;
  } catch (e) {
    throw new Error("schedule() needs fast-check, an optional peer dependency: npm install --save-dev fast-check", { cause: e });
  }
}

/**
 * A fast-check Arbitrary of schedules for `synctest.test(fn, { schedule })`.
 * It shrinks toward shorter lists and toward 0 (the FIFO order), so a
 * failing property reports a minimal schedule, printed as its replay value.
 *
 * ```ts
 * test.prop([schedule()])("never leaks", (s) => synctest.test(program, { schedule: s })) // explored interleavings
 * ```
 */
export function schedule(options: ScheduleArbitraryOptions = {}): Arbitrary<Schedule> {
  const fc = options.fc ?? loadFastCheck();
  const maxLength = options.maxLength ?? 64;
  if (!Number.isInteger(maxLength) || maxLength < 0) throw new RangeError(`schedule: maxLength must be a non-negative integer, got ${String(maxLength)}`);
  return fc.array<number>(fc.nat({ max: 15 }), { maxLength }).map((choices) => new Schedule(choices)) as Arbitrary<Schedule>;
}
