// Every bad call of issue 14 item 8 and its siblings, as data: the call as a
// user writes it, what it must throw, and a pattern its message must match,
// naming the call. spec/bad-input.spec.ts runs the table; a stress script
// can import it too (no test runner is imported here).
//
// The contract (API.md, "Errors: thrown or rejected"): misuse of arguments
// throws a TypeError or RangeError synchronously from the call, before any
// state changes. So every `run` must throw; a promise it returns instead is
// a failure (its rejection is the caller's to swallow).

import { chan, context, errgroup, go, recv, recvFrom, runtime, select, sendOn, sync, time } from "../src/index.js";
import { Client, dialTimeout, requestContext } from "../src/http/index.js";
import { newNetwork, newServer, pipe } from "../src/http/httptest/index.js";
import { explore, leaks, synctest } from "../src/testing/index.js";

export interface BadInput {
  /** The bad call, as a user would write it. */
  readonly call: string;
  /** Makes the call, after any setup it needs; must throw synchronously. */
  readonly run: () => unknown;
  readonly error: typeof TypeError | typeof RangeError;
  /** What the message must match: it names the call, and the argument where there is more than one. */
  readonly message: RegExp;
}

class Worker {}
function* generator(): Generator<never> {}
async function* asyncGenerator(): AsyncGenerator<never> {}
const ok = (): void => {};
const bg = context.background();

export const badInputs: readonly BadInput[] = [
  // go and what runs a function as a task or calls it for its completion.
  { call: "go(class Worker {})", run: () => go(Worker as unknown as () => void), error: TypeError, message: /^go: expected a function, got class Worker\b/ },
  { call: "go(function* generator() {})", run: () => go(generator), error: TypeError, message: /^go: expected a function, got generator function generator\b/ },
  { call: "go(async function* asyncGenerator() {})", run: () => go(asyncGenerator), error: TypeError, message: /^go: expected a function, got async generator function asyncGenerator\b/ },
  { call: "runtime.onPanic(function* generator() {})", run: () => runtime.onPanic(generator as unknown as runtime.PanicHandler), error: TypeError, message: /^runtime\.onPanic: expected a function, got generator function/ },
  { call: 'runtime.setTracing("false")', run: () => runtime.setTracing("false" as unknown as boolean), error: TypeError, message: /^runtime\.setTracing: expected a boolean, got "false"/ },
  { call: "wg.go(class Worker {})", run: () => new sync.WaitGroup().go(Worker as unknown as () => void), error: TypeError, message: /^sync\.WaitGroup\.go: expected a function, got class Worker\b/ },
  { call: "once.do(async function* asyncGenerator() {})", run: () => new sync.Once().do(asyncGenerator), error: TypeError, message: /^sync\.Once\.do: expected a function, got async generator function/ },
  { call: "g.go(function* generator() {})", run: () => new errgroup.Group().go(generator), error: TypeError, message: /^errgroup\.Group\.go: expected a function, got generator function/ },
  { call: "g.tryGo(class Worker {})", run: () => new errgroup.Group().tryGo(Worker as unknown as () => void), error: TypeError, message: /^errgroup\.Group\.tryGo: expected a function, got class Worker\b/ },
  { call: "context.afterFunc(ctx, function* generator() {})", run: () => context.afterFunc(bg, generator), error: TypeError, message: /^context\.afterFunc: expected a function, got generator function/ },
  { call: "time.afterFunc(10, async function* asyncGenerator() {})", run: () => time.afterFunc(10, asyncGenerator), error: TypeError, message: /^time\.afterFunc: expected a function, got async generator function/ },
  { call: "explore(class Worker {})", run: () => explore(Worker as unknown as () => void), error: TypeError, message: /^explore: expected a function, got class Worker\b/ },

  // sync.WaitGroup.add: a counter JavaScript numbers can count exactly.
  { call: "wg.add(2 ** 53)", run: () => new sync.WaitGroup().add(2 ** 53), error: RangeError, message: /^sync\.WaitGroup\.add: delta 9007199254740992\b/ },
  { call: "wg.add(MAX_SAFE_INTEGER); wg.add(1)", run: () => twice(new sync.WaitGroup(), Number.MAX_SAFE_INTEGER, 1), error: RangeError, message: /^sync\.WaitGroup\.add: delta 1 takes the counter past Number\.MAX_SAFE_INTEGER/ },
  { call: "wg.add(NaN)", run: () => new sync.WaitGroup().add(NaN), error: TypeError, message: /^sync\.WaitGroup\.add: delta must be an integer, got NaN/ },
  { call: "wg.add(1.5)", run: () => new sync.WaitGroup().add(1.5), error: TypeError, message: /^sync\.WaitGroup\.add: delta must be an integer, got 1\.5/ },

  // chan: a capacity an array can hold.
  { call: "chan(2 ** 53)", run: () => chan(2 ** 53), error: RangeError, message: /^chan: size out of range: capacity must be at most 4294967295, got 9007199254740992/ },
  { call: "chan(2 ** 32)", run: () => chan(2 ** 32), error: RangeError, message: /^chan: size out of range/ },
  { call: "g.setLimit(2 ** 53)", run: () => new errgroup.Group().setLimit(2 ** 53), error: RangeError, message: /^errgroup\.Group\.setLimit: limit must be at most 4294967295/ },

  // leaks: every option, checked at the call.
  { call: "leaks.verifyNone({ maxRetries: NaN })", run: () => leaks.verifyNone({ maxRetries: NaN }), error: RangeError, message: /^leaks\.verifyNone: maxRetries must be a non-negative integer, got NaN/ },
  { call: "leaks.verifyNone({ maxRetries: -1 })", run: () => leaks.verifyNone({ maxRetries: -1 }), error: RangeError, message: /^leaks\.verifyNone: maxRetries/ },
  { call: 'leaks.verifyNone({ maxRetries: "3" })', run: () => leaks.verifyNone({ maxRetries: "3" as unknown as number }), error: TypeError, message: /^leaks\.verifyNone: maxRetries must be a number, got "3"/ },
  { call: "leaks.verifyNone({ maxWaitMs: NaN })", run: () => leaks.verifyNone({ maxWaitMs: NaN }), error: RangeError, message: /^leaks\.verifyNone: maxWaitMs must be finite and not negative, got NaN/ },
  { call: "leaks.verifyNone({ maxWaitMs: Infinity })", run: () => leaks.verifyNone({ maxWaitMs: Infinity }), error: RangeError, message: /^leaks\.verifyNone: maxWaitMs/ },
  { call: "leaks.verifyNone({ maxWaitMs: -5 })", run: () => leaks.verifyNone({ maxWaitMs: -5 }), error: RangeError, message: /^leaks\.verifyNone: maxWaitMs/ },
  { call: 'leaks.verifyNone({ ignoreNames: "worker" })', run: () => leaks.verifyNone({ ignoreNames: "worker" as unknown as string[] }), error: TypeError, message: /^leaks\.verifyNone: ignoreNames must be an array/ },
  { call: "leaks.verifyNone({ ignoreSites: [42] })", run: () => leaks.verifyNone({ ignoreSites: [42 as unknown as string] }), error: TypeError, message: /^leaks\.verifyNone: ignoreSites must be an array of strings and RegExps, got 42 at index 0/ },
  { call: "leaks.verifyNone({ ignoreIds: [1] })", run: () => leaks.verifyNone({ ignoreIds: [1] as unknown as Set<number> }), error: TypeError, message: /^leaks\.verifyNone: ignoreIds must be a Set/ },
  { call: "leaks.verifyNone(null)", run: () => leaks.verifyNone(null as unknown as leaks.VerifyOptions), error: TypeError, message: /^leaks\.verifyNone: options must be an object, got null/ },
  { call: "leaks.verifyEachTest({})", run: () => leaks.verifyEachTest({} as leaks.TestHooks), error: TypeError, message: /^leaks\.verifyEachTest: hooks\.beforeEach: expected a function, got undefined/ },
  { call: "leaks.verifyEachTest(hooks, { maxRetries: NaN })", run: () => leaks.verifyEachTest({ beforeEach: ok, afterEach: ok }, { maxRetries: NaN }), error: RangeError, message: /^leaks\.verifyEachTest: maxRetries/ },

  // context: a cause is an Error; a Context is a Context.
  { call: 'cancel("boom") from withCancelCause', run: () => context.withCancelCause(bg)[1]("boom" as unknown as Error), error: TypeError, message: /^context\.withCancelCause: cancel: the cause must be an Error, null or undefined, got "boom"/ },
  { call: 'context.withTimeoutCause(ctx, 10, "slow")', run: () => context.withTimeoutCause(bg, 10, "slow" as unknown as Error), error: TypeError, message: /^context\.withTimeoutCause: the cause must be an Error/ },
  { call: "context.withDeadlineCause(ctx, t, 42)", run: () => context.withDeadlineCause(bg, time.now() + 10, 42 as unknown as Error), error: TypeError, message: /^context\.withDeadlineCause: the cause must be an Error, null or undefined, got 42/ },
  { call: "context.cause(null)", run: () => context.cause(null as unknown as context.Context), error: TypeError, message: /^context\.cause: expected a Context, got null$/ },
  { call: "context.cause({})", run: () => context.cause({} as context.Context), error: TypeError, message: /^context\.cause: expected a Context, got Object/ },
  { call: "context.withCancel({})", run: () => context.withCancel({} as context.Context), error: TypeError, message: /^context\.withCancel: expected a Context, got Object/ },
  { call: "context.withTimeout({ done() {} }, 10)", run: () => context.withTimeout({ done: () => null } as unknown as context.Context, 10), error: TypeError, message: /^context\.withTimeout: expected a Context/ },
  { call: "context.key(42)", run: () => context.key(42 as unknown as string), error: TypeError, message: /^context\.key: name must be a string, got 42/ },
  { call: "new errgroup.Group(ctx)", run: () => new (errgroup.Group as unknown as new (ctx: context.Context) => errgroup.Group)(bg), error: TypeError, message: /^new errgroup\.Group: takes no arguments/ },
  { call: "errgroup.withContext(null)", run: () => errgroup.withContext(null as unknown as context.Context), error: TypeError, message: /^errgroup\.withContext: cannot create context from nil parent/ },

  // synctest.test: its options.
  { call: "synctest.test(fn, null)", run: () => synctest.test(ok, null as unknown as synctest.TestOptions), error: TypeError, message: /^synctest\.test: options must be an object, got null/ },
  { call: 'synctest.test(fn, { seed: "x" })', run: () => synctest.test(ok, { seed: "x" as unknown as number }), error: TypeError, message: /^synctest\.test: seed must be an integer, got "x"/ },
  { call: "synctest.test(fn, { seed: 1.5 })", run: () => synctest.test(ok, { seed: 1.5 }), error: RangeError, message: /^synctest\.test: seed must be an integer, got 1\.5/ },

  // explore: every option.
  { call: 'explore(fn, { seed: "x" })', run: () => explore(ok, { seed: "x" as unknown as number }), error: TypeError, message: /^explore: seed must be a number, got "x"/ },
  { call: "explore(fn, { seed: 1.5 })", run: () => explore(ok, { seed: 1.5 }), error: RangeError, message: /^explore: seed must be an integer, got 1\.5/ },
  { call: "explore(fn, { runs: 0 })", run: () => explore(ok, { runs: 0 }), error: RangeError, message: /^explore: runs must be a positive integer, got 0/ },
  { call: "explore(fn, { runs: NaN })", run: () => explore(ok, { runs: NaN }), error: RangeError, message: /^explore: runs must be a positive integer, got NaN/ },
  { call: "explore(fn, { exhaustive: null })", run: () => explore(ok, { exhaustive: null as unknown as { preemptions: number } }), error: TypeError, message: /^explore: exhaustive must be an object/ },
  { call: "explore(fn, { exhaustive: { preemptions: -1 } })", run: () => explore(ok, { exhaustive: { preemptions: -1 } }), error: RangeError, message: /^explore: exhaustive\.preemptions must be a non-negative integer, got -1/ },
  { call: "explore(fn, { exhaustive: { preemptions: 1, maxRuns: NaN } })", run: () => explore(ok, { exhaustive: { preemptions: 1, maxRuns: NaN } }), error: RangeError, message: /^explore: exhaustive\.maxRuns must be a positive integer, got NaN/ },
  { call: "explore(fn, null)", run: () => explore(ok, null as unknown as object), error: TypeError, message: /^explore: options must be an object, got null/ },

  // Fixed by other items of the issue; listed so one table covers item 8.
  { call: 'time.since("5")', run: () => time.since("5" as unknown as number), error: TypeError, message: /^time\.since\b/ },
  { call: 'dialTimeout("tcp", "127.0.0.1:1", NaN)', run: () => dialTimeout("tcp", "127.0.0.1:1", NaN), error: RangeError, message: /dialTimeout/ },
  { call: 'new Client("x")', run: () => new Client("x" as unknown as object), error: TypeError, message: /^http\.Client\b/ },

  // The calls added with issues 16 and 18.
  { call: "select({})", run: () => select({} as never), error: TypeError, message: /^select: no cases in select\(\{\}\)/ },
  { call: "select({ a: 42 })", run: () => select({ a: 42 } as never), error: TypeError, message: /^select: case "a" is not an arm/ },
  { call: "select({ a: recv(ch, body) })", run: () => select({ a: recv(chan(), () => 1) } as never), error: TypeError, message: /^select: case "a" has a body/ },
  { call: "sendOn(42, v)", run: () => sendOn(42 as never, 1), error: TypeError, message: /^sendOn: expected a channel or null, got 42/ },
  { call: "recvFrom(42)", run: () => recvFrom(42 as never), error: TypeError, message: /^recvFrom: expected a channel or null, got 42/ },
  { call: "runtime.main(42)", run: () => runtime.main(42 as never), error: TypeError, message: /^runtime\.main: expected a function, got 42/ },
  { call: 'runtime.main(fn, { leaks: "x" })', run: () => runtime.main(ok, { leaks: "x" } as never), error: TypeError, message: /^runtime\.main: leaks must be/ },
  { call: 'time.formatDuration("5")', run: () => time.formatDuration("5" as never), error: TypeError, message: /^time\.formatDuration: duration must be a number/ },
  { call: "time.format(0, 5)", run: () => time.format(0, 5 as never), error: TypeError, message: /^time\.format: layout must be a string, got 5/ },
  { call: 'time.until("x")', run: () => time.until("x" as never), error: TypeError, message: /^time\.until: expected a Time/ },
  { call: "requestContext({}, res)", run: () => requestContext({} as never, {} as never), error: TypeError, message: /^requestContext: req must be an http\.IncomingMessage/ },
  { call: 'network.dial(1, "x")', run: () => newNetwork().dial(1 as never, "x" as never), error: TypeError, message: /^Network\.dial: network must be a string, got 1/ },
  { call: "network.listen(80)", run: () => newNetwork().listen(80 as never), error: TypeError, message: /^Network\.listen: address must be a string, got 80/ },
  { call: 'network.listen("127.0.0.1:80", { backlog: -1 })', run: () => newNetwork().listen("127.0.0.1:80", { backlog: -1 }), error: RangeError, message: /^Network\.listen: backlog must be an integer >= 0, got -1/ },
  { call: 'httptest.newServer("x")', run: () => newServer("x" as never), error: TypeError, message: /^httptest\.newServer: handler must be a function, got "x"/ },
  { call: "conn.setTimeout(-1)", run: () => pipe()[0].setTimeout(-1), error: RangeError, message: /^Conn\.setTimeout: ms must be a finite number >= 0, got -1/ },
];

function twice(wg: sync.WaitGroup, first: number, second: number): void {
  wg.add(first);
  wg.add(second);
}
