// Behaviour checks of the core in a real browser (headless Chromium), bundled
// with esbuild (platform browser, format esm) by scripts/test-browser.mjs.
// A representative subset of spec/: channels, select, go, time with real
// short timers, context, sync, errgroup, the registry, and what
// ts-csp-style/testing can and cannot do without AsyncLocalStorage.
import { Chan, chan, context, errgroup, go, otherwise, Panic, recv, runtime, select, send, sync, time } from "../src/index.js";
import { explore, leaks, synctest } from "../src/testing/index.js";
import { assert, equal, rejects, run, test, throws, wall } from "./harness.js";

const g = globalThis as unknown as Record<string, unknown>;

/** Wait until nothing runs: two macrotask turns of the page. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0)).then(() => new Promise((r) => setTimeout(r, 0)));

// ---------------------------------------------------------------- the host

test("host: a browser page, not Node (no process, no setImmediate)", () => {
  equal(typeof g.process, "undefined", "typeof process");
  equal(typeof g.setImmediate, "undefined", "typeof setImmediate");
  equal(typeof g.MessageChannel, "function", "typeof MessageChannel");
  equal(typeof g.document, "object", "typeof document");
});

// ---------------------------------------------------------------- channels

test("chan: unbuffered rendezvous between go() and the page", async () => {
  const ping = chan<number>();
  const pong = chan<number>();
  const t = go(async function echo() {
    for await (const v of ping) await pong.send(v + 1);
  });
  for (let i = 0; i < 100; i++) {
    await ping.send(i);
    equal((await pong.recv())[0], i + 1, "pong");
  }
  ping.close();
  await t.done;
});

test("chan: buffered FIFO, len and cap, drained then [undefined, false]", async () => {
  const ch = chan<string>(3);
  equal(ch.cap, 3, "cap");
  assert(ch.trySend("a") && ch.trySend("b") && ch.trySend("c"), "trySend into a free buffer");
  equal(ch.trySend("d"), false, "trySend into a full buffer");
  equal(ch.len, 3, "len");
  ch.close();
  equal(await ch.recv(), ["a", true], "first");
  equal(ch.tryRecv(), ["b", true], "second");
  const rest: string[] = [];
  for await (const v of ch) rest.push(v);
  equal(rest, ["c"], "range");
  equal(await ch.recv(), [undefined, false], "closed and drained");
});

test("chan: tryRecv is undefined when it would block", () => {
  equal(chan<number>().tryRecv(), undefined, "tryRecv");
});

test("chan: Go's panics (close of closed, send on closed) and RangeError capacities", async () => {
  const ch = chan<number>();
  const parked = ch.send(1);
  ch.close();
  await rejects(parked, Panic, "send on closed channel");
  throws(() => ch.close(), Panic, "close of closed channel");
  throws(() => ch.trySend(1), Panic, "send on closed channel");
  await rejects(ch.send(1), Panic, "send on closed channel");
  for (const bad of [-1, 1.5, NaN, Infinity]) throws(() => chan(bad), RangeError);
});

test("chan: a receive from a full buffer moves the first parked sender's value in", async () => {
  const ch = chan<number>(1);
  await ch.send(1);
  const s2 = ch.send(2);
  const s3 = ch.send(3);
  equal(await ch.recv(), [1, true], "head");
  await s2;
  equal(ch.len, 1, "len after the move");
  equal(await ch.recv(), [2, true], "moved value");
  equal(await ch.recv(), [3, true], "next sender");
  await s3;
});

// ---------------------------------------------------------------- select

test("select: a ready arm wins; its body's result is the select's", async () => {
  const a = chan<number>(1);
  const b = chan<string>();
  await a.send(7);
  const v = await select(
    recv(a, (n) => n! * 6),
    recv(b, (s) => s!),
  );
  equal(v, 42, "result");
});

test("select: otherwise runs when nothing is ready; nil channels are never ready", async () => {
  const v = await select(recv(null, () => "nil recv"), send(undefined, 1, () => "nil send"), recv(chan<number>()), otherwise(() => "default"));
  equal(v, "default", "result");
  throws(() => void select(otherwise(), otherwise()), TypeError);
});

test("select: among ready arms one is chosen uniformly at random", async () => {
  const a = chan<number>(1);
  const b = chan<number>(1);
  let na = 0;
  let nb = 0;
  for (let i = 0; i < 400; i++) {
    a.trySend(1);
    b.trySend(1);
    await select(recv(a, () => na++), recv(b, () => nb++));
    a.tryRecv();
    b.tryRecv();
  }
  assert(na > 120 && nb > 120, `a won ${na}, b won ${nb} of 400`);
});

test("select: a parked select takes exactly one value; losing arms take none", async () => {
  const a = chan<number>();
  const b = chan<number>();
  const sel = select(recv(a, (v) => ["a", v]), recv(b, (v) => ["b", v]));
  await settle();
  equal(runtime.parked().filter((p) => p.kind === "select").length, 1, "parked selects");
  await a.send(1);
  equal(await sel, ["a", 1], "winner");
  equal(b.trySend(2), false, "no receiver left on b");
  equal(runtime.parked().length, 0, "parked after");
});

test("select: a chosen send arm on a closed channel rejects with Panic", async () => {
  const ch = chan<number>();
  ch.close();
  await rejects(select(send(ch, 1)), Panic, "send on closed channel");
  equal(await select(recv(ch, (v, ok) => [v, ok])), [undefined, false], "recv arm on closed");
});

// ---------------------------------------------------------------- go

test("go: starts after go() returns, with its arguments, name and done", async () => {
  const log: string[] = [];
  const t = go(async function worker(id: number, tag: string) {
    log.push(`${tag}${id}`);
  }, 1, "w");
  log.push("after go");
  equal(t.name, "worker", "name");
  assert(typeof t.id === "number" && t.id > 0, "id");
  await t.done;
  equal(log, ["after go", "w1"], "order");
});

test("go: a panic goes to runtime.onPanic; done still resolves", async () => {
  const seen: [string, string][] = [];
  const restore = runtime.onPanic((e, task) => seen.push([(e as Error).message, task.name]));
  try {
    const t = go(async function boom() {
      throw new Error("boom");
    });
    await t.done;
    await settle();
    equal(seen, [["boom", "boom"]], "panics seen");
  } finally {
    restore();
  }
});

// ---------------------------------------------------------------- time (real timers)

test("time: sleep waits on the browser's real clock", async () => {
  const t0 = wall();
  const r0 = time.now();
  await time.sleep(30 * time.Millisecond);
  const took = wall() - t0;
  assert(took >= 28 && took < 1000, `sleep(30) took ${took.toFixed(1)} ms`);
  assert(time.since(r0) >= 28, `time.since: ${time.since(r0)}`);
  assert(Math.abs(time.now() - Date.now()) < 1000, "time.now() is ms since the epoch");
});

test("time: after delivers the time once; after(0) is ready at once", async () => {
  const c = time.after(15);
  const [v, ok] = await c.recv();
  assert(ok && typeof v === "number", "after delivered");
  equal(c.tryRecv(), undefined, "exactly one value");
  equal(c.len, 0, "timer channel len");
  equal(c.cap, 0, "timer channel cap");
  const z = time.after(0);
  assert(z.tryRecv()?.[1] === true, "after(0) ready at once");
});

test("time: a select with a timeout", async () => {
  const never = chan<number>();
  const t0 = wall();
  const v = await select(recv(never, () => "value"), recv(time.after(25), () => "timeout"));
  equal(v, "timeout", "winner");
  assert(wall() - t0 >= 23, "waited for the timeout");
});

test("time: timer stop/reset (Go 1.23 semantics)", async () => {
  const before = runtime.numTimers();
  const t = time.newTimer(20);
  equal(runtime.numTimers(), before + 1, "numTimers while armed");
  equal(t.stop(), true, "stop before it fired");
  equal(runtime.numTimers(), before, "numTimers after stop");
  equal(t.stop(), false, "stop again");
  await time.sleep(40);
  equal(t.c.tryRecv(), undefined, "a stopped timer never delivers");
  t.reset(10);
  assert((await t.c.recv())[1], "fires after reset");
  equal(t.stop(), false, "stop after the value was received");
});

test("time: ticker, afterFunc, tick(0) is nil, newTicker(0) panics", async () => {
  const tk = time.newTicker(10);
  let n = 0;
  for await (const _ of tk.c) if (++n === 3) break;
  tk.stop();
  equal(n, 3, "ticks");
  let ran = false;
  const done = chan<void>();
  time.afterFunc(10, () => {
    ran = true;
    done.close();
  });
  await done.recv();
  assert(ran, "afterFunc ran");
  equal(time.tick(0), null, "tick(0)");
  throws(() => time.newTicker(0), Panic, "non-positive interval for NewTicker");
  throws(() => time.after(Infinity), RangeError);
});

test("time: a ping-pong loop does not starve a 10 ms timer (MessageChannel yield)", async () => {
  const a = chan<number>();
  const b = chan<number>();
  let stop = false;
  const t = go(async function pong() {
    for await (const v of a) await b.send(v);
  });
  const fired = (async () => {
    const t0 = wall();
    await time.sleep(10);
    stop = true;
    return wall() - t0;
  })();
  let rounds = 0;
  while (!stop) {
    await a.send(rounds++);
    await b.recv();
  }
  a.close();
  await t.done;
  const late = (await fired) - 10;
  assert(late < 50, `the 10 ms timer fired ${late.toFixed(1)} ms late after ${rounds} ping-pongs`);
  assert(rounds > 10, `only ${rounds} ping-pongs`);
});

// ---------------------------------------------------------------- context

test("context: withCancel cancels children; done, err, cause, signal", async () => {
  const [parent, cancel] = context.withCancel(context.background());
  const [child] = context.withCancel(parent);
  equal(context.background().done(), null, "background().done()");
  equal(child.err(), null, "err before");
  equal(context.cause(child), null, "cause before");
  const signal = child.signal;
  equal(signal.aborted, false, "signal before");
  const waiter = select(recv(child.done(), () => "done"));
  cancel();
  equal(await waiter, "done", "select on done()");
  assert(child.err() === context.Canceled, "err() === Canceled");
  equal(child.err()!.message, "context canceled", "message");
  assert(signal.aborted && signal.reason === context.Canceled, "signal aborted with err()");
});

test("context: withTimeout fires DeadlineExceeded on the real clock", async () => {
  const t0 = wall();
  const [ctx, cancel] = context.withTimeout(context.background(), 25);
  assert(ctx.deadline()! > time.now(), "deadline in the future");
  await ctx.done()!.recv();
  assert(ctx.err() === context.DeadlineExceeded, "DeadlineExceeded");
  equal(ctx.err()!.message, "context deadline exceeded", "message");
  assert(wall() - t0 >= 23, "waited for the deadline");
  cancel();
  const [past] = context.withDeadline(context.background(), time.now() - 1);
  assert(past.err() === context.DeadlineExceeded, "a deadline in the past cancels at once");
});

test("context: withValue, key<T>, withCancelCause, afterFunc, fromSignal", async () => {
  const user = context.key<{ name: string }>("user");
  const ctx = context.withValue(context.background(), user, { name: "gopher" });
  equal(ctx.value(user)?.name, "gopher", "value");
  equal(ctx.value(context.key<number>("other")), undefined, "missing key");
  const [cc, cancel] = context.withCancelCause(ctx);
  const why = new Error("shutting down");
  let after = false;
  context.afterFunc(cc, () => {
    after = true;
  });
  cancel(why);
  equal(context.cause(cc), why, "cause");
  assert(cc.err() === context.Canceled, "err is Canceled");
  equal(cc.value(user)?.name, "gopher", "values are inherited");
  await settle();
  assert(after, "afterFunc ran");
  const ac = new AbortController();
  const fs = context.fromSignal(ac.signal);
  ac.abort();
  await fs.done()!.recv();
  assert(fs.err() !== null, "fromSignal follows the AbortSignal");
});

// ---------------------------------------------------------------- sync and errgroup

test("sync: WaitGroup, Mutex, RWMutex, Once", async () => {
  const wg = new sync.WaitGroup();
  const mu = new sync.Mutex();
  let inside = 0;
  let maxInside = 0;
  let total = 0;
  for (let i = 0; i < 10; i++) {
    wg.go(async () => {
      await mu.lock();
      inside++;
      maxInside = Math.max(maxInside, inside);
      await time.sleep(1);
      total++;
      inside--;
      mu.unlock();
    });
  }
  await wg.wait();
  equal(total, 10, "tasks done");
  equal(maxInside, 1, "mutual exclusion");
  throws(() => mu.unlock(), Panic, "sync: unlock of unlocked mutex");
  throws(() => wg.add(-1), Panic, "sync: negative WaitGroup counter");

  const rw = new sync.RWMutex();
  assert(rw.tryRLock() && rw.tryRLock(), "two readers");
  equal(rw.tryLock(), false, "no writer while reading");
  rw.rUnlock();
  rw.rUnlock();
  assert(rw.tryLock(), "writer after the readers");
  rw.unlock();

  const once = new sync.Once();
  let calls = 0;
  await Promise.all([1, 2, 3].map(() => once.do(async () => {
    calls++;
    await time.sleep(5);
  })));
  equal(calls, 1, "Once calls");
});

test("errgroup: the first error cancels the context and wait returns it", async () => {
  const [grp, ctx] = errgroup.withContext(context.background());
  const boom = new Error("boom");
  await grp.go(async () => {
    await time.sleep(5);
    return boom;
  });
  await grp.go(async () => {
    await ctx.done()!.recv();
    return ctx.err();
  });
  equal(await grp.wait(), boom, "wait()");
  assert(ctx.err() === context.Canceled, "derived context cancelled");

  const limited = new errgroup.Group();
  limited.setLimit(2);
  let running = 0;
  let peak = 0;
  for (let i = 0; i < 6; i++) {
    await limited.go(async () => {
      peak = Math.max(peak, ++running);
      await time.sleep(3);
      running--;
    });
  }
  equal(await limited.wait(), null, "no error");
  equal(peak, 2, "setLimit(2)");
});

// ---------------------------------------------------------------- the registry

test("runtime: numGoroutine, goroutines, parked and a Go-style stack()", async () => {
  const base = runtime.numGoroutine();
  const jobs = chan<number>(0, { name: "jobs" });
  const t = go(async function producer() {
    await jobs.send(1);
  });
  await settle();
  equal(runtime.numGoroutine(), base + 1, "numGoroutine");
  const info = runtime.goroutines().find((x) => x.id === t.id);
  assert(info !== undefined && info.name === "producer", "goroutines() lists the task");
  const ops = runtime.parked().filter((p) => p.channels.some((c) => c.name === "jobs"));
  equal(ops.length, 1, "parked sends on jobs");
  equal(ops[0]!.kind, "send", "kind");
  assert(ops[0]!.since <= time.now(), "since");
  assert(/goroutine \d+ \[/.test(runtime.stack()), `stack():\n${runtime.stack()}`);
  equal(await jobs.recv(), [1, true], "value");
  await t.done;
  equal(runtime.numGoroutine(), base, "numGoroutine after");
  await runtime.gosched();
});

test("runtime: tracing on works without AsyncLocalStorage", async () => {
  const prev = runtime.setTracing(true);
  const ch = chan<number>(0, { name: "traced" });
  const t = go(async function traced() {
    await ch.send(1);
  });
  try {
    await settle();
    const op = runtime.parked().find((p) => p.channels.some((c) => c.name === "traced"));
    assert(op !== undefined && op.kind === "send", "parked send");
    // Sites are `path:line:col` of the first frame outside the library's
    // directory. In a one-file bundle (this page, or an app bundled with the
    // library) the library and its caller share one file, so none is
    // recorded; when one is, it must point into the bundle.
    for (const site of [op.site, runtime.goroutines().find((x) => x.id === t.id)?.createdAt]) {
      assert(site === undefined || /specs\.js:\d+:\d+$/.test(site), `site ${site}`);
    }
    assert(new RegExp(`goroutine ${t.id} \\[`).test(runtime.stack()), runtime.stack());
  } finally {
    await ch.recv();
    await t.done;
    runtime.setTracing(prev);
  }
});

// ---------------------------------------------------------------- ts-csp-style/testing

test("leaks.verifyNone passes when every task has exited, and names a leaked one", async () => {
  await leaks.verifyNone();
  const stuck = chan<number>();
  const t = go(async function leaky() {
    await stuck.send(1);
  });
  const err = await rejects(leaks.verifyNone(), Error, /found unexpected goroutines/);
  assert(/leaky/.test(err.message), err.message);
  await stuck.recv();
  await t.done;
  await leaks.verifyNone();
});

test("leaks.find needs a forced garbage collection, which a page cannot do", async () => {
  const prev = runtime.setTracing(true);
  try {
    if (typeof g.gc === "function") return; // Chromium started with --js-flags=--expose-gc
    await rejects(leaks.find(), Error, /^leaks\.find: this runtime cannot force a garbage collection/);
  } finally {
    runtime.setTracing(prev);
  }
});

// A bubble needs AsyncLocalStorage to tell its tasks apart; browsers have none.
const hasALS = typeof (g.process as { getBuiltinModule?: unknown } | undefined)?.getBuiltinModule === "function";

test(hasALS ? "synctest: a bubble's virtual clock" : "synctest: without AsyncLocalStorage a bubble rejects with a clear error", async () => {
  const body = async () => {
    const t0 = time.now();
    await time.sleep(time.Hour);
    return time.now() - t0;
  };
  if (hasALS) {
    equal(await synctest.test(body), time.Hour, "virtual sleep");
  } else {
    await rejects(synctest.test(body), Error, /^synctest: this runtime has no AsyncLocalStorage/);
    await rejects(explore(body, { runs: 1 }), Error, /AsyncLocalStorage/);
  }
});

test("everything is cleaned up: no task, parked op or timer left", async () => {
  await settle();
  equal(runtime.numGoroutine(), 0, "numGoroutine");
  equal(runtime.parked().length, 0, "parked");
  equal(runtime.numTimers(), 0, "numTimers");
  assert(chan() instanceof Chan, "chan() is a Chan");
});

g.__cspResults = run();
