import { DefaultScheduler } from "../runtime/scheduler.js";
import { checkFunction, describe } from "../runtime/validate.js";
import { ExploreScheduler, encode, trimZeros, type Decision, type DecisionKind } from "./schedule.js";
import { runBubble } from "./synctest.js";

/**
 * Options of {@link explore}: random schedules by default, or every
 * schedule within a preemption bound with `exhaustive`.
 *
 * ```ts
 * await explore(program, { runs: 1000, seed: 7 }) // go test -count=1000, but reproducible
 * ```
 */
export interface ExploreOptions {
  /** Random schedules to try, a positive integer (default 100); ignored when exhaustive. */
  runs?: number;
  /** Seed of the random schedules, an integer (default 1): the same seed explores the same schedules. */
  seed?: number;
  /**
   * Visit every schedule with at most `preemptions` reorderings (a woken
   * task resumed out of FIFO order, or a running task preempted), loom-style.
   * Select choices are always explored in full.
   */
  exhaustive?: { preemptions: number; maxRuns?: number };
}

/**
 * What {@link explore} reports when every schedule passed.
 *
 * ```ts
 * const { runs } = await explore(program, { exhaustive: { preemptions: 1 } }) // how many interleavings were checked
 * ```
 */
export interface ExploreResult {
  /** How many schedules ran. */
  readonly runs: number;
}

/**
 * The error of a schedule under which `fn` failed: `replay` reproduces it
 * with `synctest.test(fn, { replay })`; `cause` is what `fn` failed with.
 *
 * ```ts
 * await synctest.test(program, { replay: failure.replay }) // rerun the failing interleaving, e.g. under a debugger
 * ```
 */
export class ScheduleFailure extends Error {
  /**
   * @param replay The failing schedule's replay value, e.g. "1.0.2" ("fifo" for the plain order).
   * @param run Which run failed, counting from 1.
   * @param cause What `fn` failed with.
   */
  constructor(
    readonly replay: string,
    readonly run: number,
    cause: unknown,
  ) {
    super(`explore: run ${run} failed under schedule ${JSON.stringify(replay)} (replay with synctest.test(fn, { replay: ${JSON.stringify(replay)} })): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "ScheduleFailure";
  }
}

function countsAsPreemption(kind: DecisionKind): boolean {
  return kind !== "select";
}

function preemptionsIn(decisions: readonly Decision[]): number {
  let n = 0;
  for (const d of decisions) if (d.chosen !== 0 && countsAsPreemption(d.kind)) n++;
  return n;
}

async function runUnder(fn: () => unknown, s: ExploreScheduler, run: number): Promise<void> {
  try {
    await runBubble(fn, s);
  } catch (e) {
    throw new ScheduleFailure(encode(trimZeros(s.used)), run, e);
  }
}

/**
 * Run `fn` in a synctest bubble under many schedules, without fast-check:
 * random ones (`runs`, `seed`), or every schedule within a preemption bound
 * (`exhaustive`). Rejects with a {@link ScheduleFailure} holding the replay
 * value of the first failing schedule.
 *
 * ```ts
 * await explore(program, { exhaustive: { preemptions: 2 } }) // loom::model(|| program())
 * ```
 */
export function explore(fn: () => unknown, options: ExploreOptions = {}): Promise<ExploreResult> {
  checkFunction(fn, "explore");
  if (options === null || typeof options !== "object") throw new TypeError(`explore: options must be an object, got ${describe(options)}`);
  // Every option is checked, also one that `exhaustive` makes moot.
  const runs = checkInteger(options.runs ?? 100, "runs", 1);
  const seed = checkInteger(options.seed ?? 1, "seed", -Infinity);
  const bound = options.exhaustive;
  if (bound === undefined) return randomRuns(fn, runs, seed);
  if (bound === null || typeof bound !== "object") throw new TypeError(`explore: exhaustive must be an object such as { preemptions: 2 }, got ${describe(bound)}`);
  const preemptions = checkInteger(bound.preemptions, "exhaustive.preemptions", 0);
  const maxRuns = checkInteger(bound.maxRuns ?? 100_000, "exhaustive.maxRuns", 1);
  return exhaustive(fn, preemptions, maxRuns);
}

/** A safe integer of at least `min`: what every numeric option of explore is. */
function checkInteger(v: unknown, name: string, min: number): number {
  if (typeof v !== "number") throw new TypeError(`explore: ${name} must be a number, got ${describe(v)}`);
  if (!Number.isSafeInteger(v) || v < min) {
    const kind = min === 1 ? "a positive integer" : min === 0 ? "a non-negative integer" : "an integer";
    throw new RangeError(`explore: ${name} must be ${kind}, got ${v}`);
  }
  return v;
}

async function randomRuns(fn: () => unknown, runs: number, seed: number): Promise<ExploreResult> {
  const rng = new DefaultScheduler(seed);
  for (let run = 1; run <= runs; run++) {
    // The first run is the plain FIFO order; then random choices, with
    // preemption rare enough that runs still make progress between them.
    const fallback =
      run === 1 ? () => 0 : (kind: DecisionKind, n: number) => (kind === "preempt" ? (rng.choose(8) === 0 ? 1 : 0) : rng.choose(n));
    await runUnder(fn, new ExploreScheduler([], fallback), run);
  }
  return { runs };
}

async function exhaustive(fn: () => unknown, limit: number, maxRuns: number): Promise<ExploreResult> {
  let prefix: number[] = [];
  for (let run = 1; ; run++) {
    const s = new ExploreScheduler(prefix);
    await runUnder(fn, s, run);
    // Depth-first: the deepest decision with an untried option within the bound.
    const d = s.decisions;
    let i = d.length - 1;
    for (; i >= 0; i--) {
      const di = d[i]!;
      if (di.chosen + 1 >= di.options) continue;
      const used = preemptionsIn(d.slice(0, i)) + (countsAsPreemption(di.kind) ? 1 : 0);
      if (used <= limit) break;
    }
    if (i < 0) return { runs: run };
    if (run >= maxRuns) throw new RangeError(`explore: more than ${maxRuns} schedules within ${limit} preemptions; lower the bound or raise maxRuns`);
    prefix = [...d.slice(0, i).map((x) => x.chosen), d[i]!.chosen + 1];
  }
}
