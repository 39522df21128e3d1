// `bun test` for the packed package (scripts/test-runtimes.mjs installs it
// next to this file). bun test sets NODE_ENV=test, so tracing is on in every
// test here, as it is in a user's suite: every go() and parked operation
// takes a site through Bun's stack machinery.
import { expect, test } from "bun:test";
import { chan, go, runtime, time } from "ts-csp-style";
import { leaks, synctest } from "ts-csp-style/testing";

const thisFile = import.meta.path;

test("tracing is on under bun test", () => {
  const prev = runtime.setTracing(true);
  runtime.setTracing(prev);
  expect(prev).toBe(true);
});

test("go() and a parked receive record sites in this file", async () => {
  const ch = chan<number>();
  const t = go(async function receiver() {
    await ch.recv();
  });
  await new Promise((r) => setTimeout(r, 5));
  const info = runtime.goroutines().find((g) => g.id === t.id);
  expect(info?.state).toBe("chan receive");
  expect(info?.createdAt).toStartWith(`${thisFile}:`);
  expect(info?.blockedAt).toStartWith(`${thisFile}:`);
  expect(runtime.stack()).toContain(`goroutine ${t.id} [chan receive]:\nreceiver(...)\n\t${thisFile}:`);
  ch.close();
  await t.done;
});

test("a synctest bubble sleeps an hour of virtual time at once", async () => {
  const slept = await synctest.test(async () => {
    const t0 = time.now();
    await time.sleep(time.Hour);
    return time.now() - t0;
  });
  expect(slept).toBe(time.Hour);
});

test("leaks.find() collects garbage with Bun.gc and finds a task parked on an unreachable channel", async () => {
  (function leak() {
    const ch = chan<number>();
    go(async function leaker() {
      await ch.send(1);
    });
  })();
  await new Promise((r) => setTimeout(r, 5));
  const found = await leaks.find();
  expect(found.map((f) => f.task.name)).toContain("leaker");
});
