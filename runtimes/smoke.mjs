// The README's "Runs everywhere" claims, checked on whatever runtime runs this
// file: Node, Bun or Deno. A plain program, not a test runner's file, because
// a runner changes what is being checked (vitest installs its own
// Error.prepareStackTrace, bun test sets NODE_ENV=test). Run from a project
// that has the packed package installed (scripts/test-runtimes.mjs does):
//
//   node smoke.mjs | bun smoke.mjs | deno run --allow-read smoke.mjs
//
// Deno runs it without --allow-env: the import must not need the environment.
import { createRequire } from "node:module";
import * as esm from "ts-csp-style";
import { Deadlock, explore, leaks, synctest } from "ts-csp-style/testing";

const { chan, context, errgroup, go, otherwise, recv, runtime, select, sync, time } = esm;

const RUNTIME = globalThis.Bun
  ? `bun ${globalThis.Bun.version}`
  : globalThis.Deno
    ? `deno ${globalThis.Deno.version.deno}`
    : `node ${globalThis.process.versions.node}`;

function readEnv(name) {
  try {
    return globalThis.process?.env?.[name];
  } catch {
    return undefined;
  }
}

// Must be read before anything changes it: the setting the import chose.
const tracingAtImport = runtime.setTracing(true);
runtime.setTracing(tracingAtImport);

const thisFile = decodeURIComponent(new URL(import.meta.url).pathname);

/** The line of the caller of `lineHere()`. */
function lineHere() {
  const caller = (new Error().stack ?? "").split("\n").filter((l) => l.includes(thisFile) || l.includes(import.meta.url))[1] ?? "";
  return Number(/:(\d+):\d+\)?$/.exec(caller)?.[1]);
}

const settle = () => new Promise((r) => setTimeout(r, 5));

const checks = [];
function check(name, fn) {
  checks.push({ name, fn });
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

check("CSP_TRACE=1 turns tracing on at import, and an environment the host will not show counts as unset", () => {
  const expected = readEnv("CSP_TRACE") === "1" || readEnv("NODE_ENV") === "test" || readEnv("VITEST") !== undefined;
  assert(tracingAtImport === expected, `tracing at import was ${tracingAtImport}, expected ${expected} (CSP_TRACE=${readEnv("CSP_TRACE")})`);
});

check("a channel round trip with a go task", async () => {
  const ping = chan();
  const pong = chan();
  const t = go(async () => {
    const [v] = await ping.recv();
    await pong.send(v + 1);
  });
  await ping.send(41);
  const [v, ok] = await pong.recv();
  assert(ok && v === 42, `round trip gave ${JSON.stringify([v, ok])}`);
  await t.done;
});

check("select takes the ready arm, otherwise() when none is, and time.after wins over a silent channel", async () => {
  const ch = chan(1);
  ch.trySend("x");
  assert((await select(recv(ch, (v) => v), otherwise(() => "none"))) === "x", "select missed the ready arm");
  assert((await select(recv(ch, (v) => v), otherwise(() => "none"))) === "none", "select did not take otherwise()");
  const won = await select(recv(chan(), () => "ch"), recv(time.after(5), () => "timeout"));
  assert(won === "timeout", `time.after lost to ${won}`);
});

check("with tracing on, go() and a parked receive record this file's lines", async () => {
  const prev = runtime.setTracing(true);
  const ch = chan();
  try {
    const t = go(async function parkedReceiver() { await ch.recv(); }); const goLine = lineHere();
    const pending = ch.recv(); const recvLine = lineHere();
    await settle();
    const info = runtime.goroutines().find((g) => g.id === t.id);
    assert(info !== undefined, "the task is not in goroutines()");
    assert(info.createdAt?.startsWith(`${thisFile}:${goLine}:`), `createdAt is ${info.createdAt}, expected ${thisFile}:${goLine}:<col>`);
    assert(info.state === "chan receive", `state is ${info.state}`);
    assert(info.blockedAt?.startsWith(`${thisFile}:${goLine}:`), `blockedAt is ${info.blockedAt}`);
    const outside = runtime.parked().find((op) => op.task === undefined && op.channels.some((c) => c.id === ch.id));
    assert(outside?.site?.startsWith(`${thisFile}:${recvLine}:`), `the parked receive's site is ${outside?.site}, expected line ${recvLine}`);
    const dump = runtime.stack();
    assert(new RegExp(`goroutine ${t.id} \\[chan receive\\]:\\nparkedReceiver\\(\\.\\.\\.\\)\\n\\t${thisFile}:${goLine}:`).test(dump), `runtime.stack() is\n${dump}`);
    ch.close();
    await pending;
    await t.done;
  } finally {
    runtime.setTracing(prev);
  }
});

check("a task's panic reaches runtime.onPanic with the task's snapshot", async () => {
  let seen;
  const restore = runtime.onPanic((err, task) => (seen = { err, task }));
  try {
    const t = go(async function panicky() {
      throw new Error("boom");
    });
    await t.done;
    await settle();
    assert(seen?.err?.message === "boom" && seen.task.name === "panicky", `onPanic saw ${JSON.stringify(seen)}`);
  } finally {
    restore();
  }
});

check("a synctest bubble sleeps an hour of virtual time at once", async () => {
  const start = Date.now();
  const slept = await synctest.test(async () => {
    const t0 = time.now();
    await time.sleep(time.Hour);
    return time.now() - t0;
  });
  assert(slept === time.Hour, `slept ${slept}`);
  assert(Date.now() - start < 5_000, `an hour of virtual time took ${Date.now() - start} ms`);
});

check("a bubble whose task stays blocked rejects with Deadlock and the task's dump", async () => {
  let failure;
  try {
    await synctest.test(async () => {
      const ch = chan();
      go(async function stuck() { await ch.send(1); });
    });
  } catch (e) {
    failure = e;
  }
  assert(failure instanceof Deadlock, `rejected with ${failure}`);
  assert(/goroutine \d+ \[chan send \(durable\), synctest bubble \d+\]/.test(failure.message), failure.message);
});

check("context.withTimeout, WaitGroup, Mutex and errgroup inside a bubble", async () => {
  await synctest.test(async () => {
    const [ctx, cancel] = context.withTimeout(context.background(), 50 * time.Millisecond);
    await ctx.done().recv();
    assert(ctx.err() === context.DeadlineExceeded, `ctx.err() is ${ctx.err()}`);
    cancel();

    const wg = new sync.WaitGroup();
    const mu = new sync.Mutex();
    let n = 0;
    for (let i = 0; i < 10; i++) {
      wg.go(async () => {
        await mu.lock();
        await time.sleep(1);
        n++;
        mu.unlock();
      });
    }
    await wg.wait();
    assert(n === 10, `WaitGroup saw ${n} of 10`);

    const [g, gctx] = errgroup.withContext(context.background());
    await g.go(async () => new Error("first"));
    await g.go(async () => {
      await gctx.done().recv();
    });
    const err = await g.wait();
    assert(err?.message === "first", `errgroup gave ${err}`);
  });
});

check("explore runs a program under many schedules", async () => {
  const result = await explore(
    async () => {
      const ch = chan();
      go(async () => ch.send(1));
      go(async () => ch.send(2));
      await ch.recv();
      await ch.recv();
    },
    { runs: 20, seed: 1 },
  );
  assert(result.runs === 20, `explore ran ${JSON.stringify(result)}`);
});

check("leaks.find() forces a garbage collection and finds a task parked on an unreachable channel", async () => {
  const prev = runtime.setTracing(true);
  try {
    (function leak() {
      const ch = chan();
      go(async function leaker() { await ch.send(1); });
    })();
    await settle();
    const found = await leaks.find();
    const mine = found.find((f) => f.task.name === "leaker");
    assert(mine !== undefined, `leaks.find() found ${JSON.stringify(found.map((f) => f.task.name))}`);
    assert(/\[chan send \(leaked\)\]/.test(mine.dump), mine.dump);
  } finally {
    runtime.setTracing(prev);
  }
});

check("import and require share one runtime", async () => {
  const cjs = createRequire(import.meta.url)("ts-csp-style");
  const ch = esm.chan();
  const before = cjs.runtime.numGoroutine();
  const t = esm.go(async () => { await ch.recv(); });
  assert(cjs.runtime.numGoroutine() === before + 1, "a task started through import is not counted through require");
  const won = await cjs.select(cjs.send(ch, 1, () => "sent"), cjs.recv(cjs.time.after(1_000), () => "timeout"));
  assert(won === "sent", `require's select on import's channel gave ${won}`);
  await t.done;
});

const guard = setTimeout(() => {
  console.error(`runtime-smoke(${RUNTIME}): timed out`);
  globalThis.process?.exit?.(1);
}, 60_000);

let failed = 0;
for (const { name, fn } of checks) {
  try {
    await fn();
    console.log(`  ok    ${name}`);
  } catch (e) {
    failed++;
    console.log(`  FAIL  ${name}\n        ${String(e?.stack ?? e).split("\n").join("\n        ")}`);
  }
}
clearTimeout(guard);
console.log(`runtime-smoke(${RUNTIME}): ${checks.length - failed} of ${checks.length} checks passed`);
if (failed > 0) globalThis.process?.exit?.(1);
