// `deno test` for the packed package (scripts/test-runtimes.mjs installs it
// next to this file), run with no permissions at all: importing the package
// must not need --allow-env, and tracing, bubbles and leak checks work
// without any flag.
import { chan, go, runtime, time } from "ts-csp-style";
import { leaks, synctest } from "ts-csp-style/testing";

const thisFile = decodeURIComponent(new URL(import.meta.url).pathname);

function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

Deno.test("the import leaves tracing off when the environment may not be read", () => {
  const prev = runtime.setTracing(false);
  assert(prev === false, "tracing was on");
});

Deno.test("with tracing on, go() and a parked receive record sites in this file", async () => {
  const prev = runtime.setTracing(true);
  try {
    const ch = chan<number>();
    const t = go(async function receiver() {
      await ch.recv();
    });
    await new Promise((r) => setTimeout(r, 5));
    const info = runtime.goroutines().find((g) => g.id === t.id);
    assert(info?.state === "chan receive", `state is ${info?.state}`);
    assert(info.createdAt?.startsWith(`${thisFile}:`), `createdAt is ${info.createdAt}`);
    assert(info.blockedAt?.startsWith(`${thisFile}:`), `blockedAt is ${info.blockedAt}`);
    ch.close();
    await t.done;
  } finally {
    runtime.setTracing(prev);
  }
});

Deno.test("a synctest bubble sleeps an hour of virtual time at once", async () => {
  const slept = await synctest.test(async () => {
    const t0 = time.now();
    await time.sleep(time.Hour);
    return time.now() - t0;
  });
  assert(slept === time.Hour, `slept ${slept}`);
});

Deno.test("leaks.find() forces a garbage collection and finds a task parked on an unreachable channel", async () => {
  const prev = runtime.setTracing(true);
  try {
    (function leak() {
      const ch = chan<number>();
      go(async function leaker() {
        await ch.send(1);
      });
    })();
    await new Promise((r) => setTimeout(r, 5));
    const found = await leaks.find();
    assert(found.some((f) => f.task.name === "leaker"), `found ${JSON.stringify(found.map((f) => f.task.name))}`);
  } finally {
    runtime.setTracing(prev);
  }
});
