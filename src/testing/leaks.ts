import { dumpTask, dumpTasks } from "../runtime/dump.js";
import { macrotask, hostGc } from "../runtime/host.js";
import { taskInfo, type TaskInfo } from "../runtime/info.js";
import { leakTracking, liveTasks, parkedEntries, type ChanRef, type ParkedKind, type Task } from "../runtime/registry.js";
import { checkFunction, describe } from "../runtime/validate.js";

/**
 * Options of {@link verifyNone}, goleak's options in TypeScript. A task is
 * ignored if any option matches it. Site options need tracing, which
 * records where tasks were created and where they block.
 *
 * ```ts
 * await leaks.verifyNone({ ignoreNames: ["pollMetrics"] }) // goleak.VerifyNone(t, goleak.IgnoreTopFunction("main.pollMetrics"))
 * ```
 */
export interface VerifyOptions {
  /** Ignore tasks with these names (goleak.IgnoreTopFunction). */
  ignoreNames?: string[];
  /** Ignore tasks created or blocked at a matching `path:line:col` (a substring or a RegExp). */
  ignoreSites?: (string | RegExp)[];
  /** Ignore the tasks of a snapshot taken by {@link ignoreCurrent} (goleak.IgnoreCurrent). */
  ignoreIds?: ReadonlySet<number>;
  /** Attempts before giving up: a non-negative integer; default 20. */
  maxRetries?: number;
  /** Longest total wait in ms: finite and not negative; default 500. */
  maxWaitMs?: number;
}

/**
 * Check `options` of `what` at the call, before any wait: a bad one would
 * otherwise fail every check it is given to, or (a NaN limit) never let the
 * check return. Returns the limits with their defaults.
 */
function checkOptions(options: unknown, what: string): { maxRetries: number; maxWait: number } {
  if (options === null || typeof options !== "object") throw new TypeError(`${what}: options must be an object, got ${describe(options)}`);
  const o = options as VerifyOptions;
  checkList(o.ignoreNames, (v) => typeof v === "string", `${what}: ignoreNames must be an array of task names (strings)`);
  checkList(o.ignoreSites, (v) => typeof v === "string" || v instanceof RegExp, `${what}: ignoreSites must be an array of strings and RegExps`);
  const ids = o.ignoreIds as { has?: unknown; [Symbol.iterator]?: unknown } | undefined;
  if (ids !== undefined && (ids === null || typeof ids.has !== "function" || typeof ids[Symbol.iterator] !== "function")) {
    throw new TypeError(`${what}: ignoreIds must be a Set of task ids (see leaks.ignoreCurrent), got ${describe(ids)}`);
  }
  const maxRetries = o.maxRetries ?? 20;
  if (typeof maxRetries !== "number") throw new TypeError(`${what}: maxRetries must be a number, got ${describe(maxRetries)}`);
  if (!Number.isSafeInteger(maxRetries) || maxRetries < 0) throw new RangeError(`${what}: maxRetries must be a non-negative integer, got ${maxRetries}`);
  const maxWait = o.maxWaitMs ?? 500;
  if (typeof maxWait !== "number") throw new TypeError(`${what}: maxWaitMs must be a number of milliseconds, got ${describe(maxWait)}`);
  if (!Number.isFinite(maxWait) || maxWait < 0) throw new RangeError(`${what}: maxWaitMs must be finite and not negative, got ${maxWait}`);
  return { maxRetries, maxWait };
}

function checkList(list: unknown, ok: (v: unknown) => boolean, message: string): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) throw new TypeError(`${message}, got ${describe(list)}`);
  const i = list.findIndex((v) => !ok(v));
  if (i >= 0) throw new TypeError(`${message}, got ${describe(list[i])} at index ${i}`);
}

/**
 * Options that ignore every task alive now: take them before the code under
 * test runs, pass them to {@link verifyNone} after.
 *
 * ```ts
 * const opts = leaks.ignoreCurrent(); run(); await leaks.verifyNone(opts) // defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
 * ```
 */
export function ignoreCurrent(): VerifyOptions {
  return { ignoreIds: new Set(liveTasks().map((t) => t.id)) };
}

function matches(site: string | undefined, pattern: string | RegExp): boolean {
  if (site === undefined) return false;
  // search, not test: test on a /g or /y RegExp starts at its lastIndex, so
  // one pattern would match a site only every other time.
  return typeof pattern === "string" ? site.includes(pattern) : site.search(pattern) !== -1;
}

function unexpected(options: VerifyOptions): Task[] {
  return liveTasks().filter(
    (t) =>
      !options.ignoreIds?.has(t.id) &&
      !options.ignoreNames?.includes(t.name) &&
      !options.ignoreSites?.some((p) => matches(t.createdAt, p) || matches(t.blockedAt, p)),
  );
}

function sleepMs(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

/**
 * Fail if tasks are still alive, as uber-go/goleak's VerifyNone: retries
 * with backoff (tasks that are finishing get time to finish), then throws an
 * error whose message starts `found unexpected goroutines:` and holds the
 * dump of each.
 *
 * ```ts
 * afterEach(() => leaks.verifyNone()) // defer goleak.VerifyNone(t)
 * ```
 */
export function verifyNone(options: VerifyOptions = {}): Promise<void> {
  const { maxRetries, maxWait } = checkOptions(options, "leaks.verifyNone");
  return verify(options, maxRetries, maxWait);
}

async function verify(options: VerifyOptions, maxRetries: number, maxWait: number): Promise<void> {
  const start = Date.now();
  let delay = 1;
  for (let attempt = 0; ; attempt++) {
    const left = unexpected(options);
    if (left.length === 0) return;
    if (attempt >= maxRetries || Date.now() - start >= maxWait) {
      throw new Error(`found unexpected goroutines:\n${dumpTasks(left)}`);
    }
    await sleepMs(Math.min(delay, Math.max(0, maxWait - (Date.now() - start))));
    delay = Math.min(delay * 2, 100);
  }
}

/**
 * The hooks of a test runner (vitest, jest, mocha's root hooks): the two
 * functions {@link verifyEachTest} registers with.
 *
 * ```ts
 * leaks.verifyEachTest({ beforeEach, afterEach }) // func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
 * ```
 */
export interface TestHooks {
  /** Registers `fn` to run before each test (it snapshots the live tasks). */
  beforeEach(fn: () => unknown): unknown;
  /** Registers `fn` to run after each test; `fn` returns a promise the runner must await (the check). */
  afterEach(fn: () => unknown): unknown;
}

/**
 * Check every test for leaked tasks: one line in a setup file. Tasks alive
 * before a test are ignored after it.
 *
 * ```ts
 * leaks.verifyEachTest(await import("vitest")) // goleak.VerifyTestMain(m)
 * ```
 */
export function verifyEachTest(hooks: TestHooks, options: VerifyOptions = {}): void {
  if (hooks === null || typeof hooks !== "object") throw new TypeError(`leaks.verifyEachTest: hooks must be an object with beforeEach and afterEach, got ${describe(hooks)}`);
  checkFunction(hooks.beforeEach, "leaks.verifyEachTest: hooks.beforeEach");
  checkFunction(hooks.afterEach, "leaks.verifyEachTest: hooks.afterEach");
  checkOptions(options, "leaks.verifyEachTest");
  let before: ReadonlySet<number> = new Set();
  hooks.beforeEach(() => {
    before = new Set(liveTasks().map((t) => t.id));
  });
  hooks.afterEach(() => {
    const ids = new Set([...before, ...(options.ignoreIds ?? [])]);
    return verifyNone({ ...options, ignoreIds: ids });
  });
}

/**
 * A task proven leaked by the collector: what {@link find} reports for each.
 *
 * ```ts
 * for (const l of await leaks.find()) console.error(l.dump) // goroutine 9 [chan send (leaked)]:
 * ```
 */
export interface LeakedTask {
  /** The leaked task, as `runtime.goroutines()` would show it. */
  readonly task: TaskInfo;
  /** The operation it is parked in. */
  readonly kind: ParkedKind;
  /** The channels of that operation; none of them is reachable any more. */
  readonly channels: ChanRef[];
  /** When it parked (runtime clock, ms since the epoch). */
  readonly since: number;
  /** `path:line:col` of the operation in user code. */
  readonly site?: string;
  /** Go-style: `goroutine 9 [chan send (leaked)]:` ... */
  readonly dump: string;
}

function turn(): Promise<void> {
  return new Promise<void>((resolve) => macrotask(resolve));
}

/**
 * Tasks provably leaked: parked on channels that nothing can reach any more,
 * so nothing can ever complete their operation (Go 1.26's goroutine leak
 * profile). Forces garbage collections and waits for finalizers; rejects
 * with the reason when the host cannot collect on demand or tracing is off.
 *
 * ```ts
 * expect(await leaks.find()).toHaveLength(0) // pprof.Lookup("goroutineleak")
 * ```
 */
export async function find(): Promise<LeakedTask[]> {
  if (!leakTracking()) {
    throw new Error("leaks.find: leak tracking is off; it needs tracing (runtime.setTracing(true), CSP_TRACE=1 or a test runner) and FinalizationRegistry");
  }
  const gc = hostGc();
  if (gc === undefined) throw new Error("leaks.find: this runtime cannot force a garbage collection (on Node it can; elsewhere start the engine with gc exposed)");
  // Finalizers run in their own host tasks after a collection; a collection
  // may free what keeps another channel alive, so collect until it settles.
  let before = -1;
  for (let round = 0; round < 10; round++) {
    await turn();
    gc();
    await turn();
    const leaked = parkedEntries().filter((e) => e.leaked).length;
    if (round >= 2 && leaked === before) break;
    before = leaked;
  }
  const byTask = new Map(liveTasks().map((t) => [t.id, t]));
  const out: LeakedTask[] = [];
  for (const e of parkedEntries()) {
    if (!e.leaked || e.task === null) continue;
    const t = byTask.get(e.task.id);
    if (t === undefined) continue;
    const info = taskInfo(t);
    const entry: { -readonly [K in keyof LeakedTask]: LeakedTask[K] } = {
      task: info,
      kind: e.kind,
      channels: e.channelRefs(),
      since: e.since,
      dump: dumpTask(t, info.state, undefined, " (leaked)"),
    };
    if (e.site !== undefined) entry.site = e.site;
    out.push(entry);
  }
  return out;
}
