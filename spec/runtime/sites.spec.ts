// Sites on hosts whose stack machinery differs from Node's: Bun's
// prepareStackTrace, which takes only real Error objects; hooks that throw;
// hosts without structured call sites, whose stacks are text in V8's form or
// in the `fn@file:line:col` form of JavaScriptCore and Firefox.
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { chan, go, runtime, type Task } from "../../src/index.js";
import { errorFrames } from "../../src/runtime/sites.js";
import { lineOf, settle } from "./_helpers.js";

const specFile = fileURLToPath(import.meta.url);

type Prepare = (error: Error, sites: NodeJS.CallSite[]) => unknown;
const E = Error as { prepareStackTrace?: Prepare; captureStackTrace?: unknown };

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function tracing(): void {
  const prev = runtime.setTracing(true);
  cleanup.push(() => void runtime.setTracing(prev));
}

/** Replace Error.prepareStackTrace for the rest of the test. */
function installPrepare(make: (original: Prepare | undefined) => Prepare): void {
  const original = E.prepareStackTrace;
  E.prepareStackTrace = make(original);
  cleanup.push(() => {
    E.prepareStackTrace = original;
  });
}

/** Bun's default prepareStackTrace: anything but an Error is a TypeError. */
function bunLikePrepare(): void {
  installPrepare((original) => (error, sites) => {
    if (!(error instanceof Error)) throw new TypeError("First argument must be an Error object");
    return original ? original(error, sites) : `${error}\n${sites.map((s) => `    at ${s}`).join("\n")}`;
  });
}

function throwingPrepare(): void {
  installPrepare(() => () => {
    throw new Error("this hook fails on every stack");
  });
}

/** Take away Error.captureStackTrace for the rest of the test, as on hosts without it. */
function withoutCaptureStackTrace(): void {
  const original = E.captureStackTrace;
  delete E.captureStackTrace;
  cleanup.push(() => {
    E.captureStackTrace = original;
  });
}

function taskInfo(t: Task): runtime.TaskInfo | undefined {
  return runtime.goroutines().find((g) => g.id === t.id);
}

/** Starts a task parked on a receive, released after the test. */
function parkedReceiver(): Task {
  const ch = chan<number>();
  cleanup.push(() => ch.close());
  return go(async function receiver() {
    await ch.recv();
  });
}

const escaped = specFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `path:line:col` in this spec file at the line tagged `@site:<name>`. */
function siteAt(name: string): RegExp {
  return new RegExp(`^${escaped}:${lineOf(specFile, name)}:\\d+$`);
}

describe("sites under Bun's prepareStackTrace (Error objects only)", () => {
  it("go() starts the task and records the go() call as createdAt", async () => {
    tracing();
    bunLikePrepare();
    const ch = chan<number>();
    cleanup.push(() => ch.close());
    const t = go(async function bunCreated() { await ch.recv(); }); // @site:bun-created
    await settle();
    expect(taskInfo(t)?.createdAt).toMatch(siteAt("bun-created"));
  });

  it("a parked receive completes and records where it parked", async () => {
    tracing();
    bunLikePrepare();
    const ch = chan<number>();
    const received = ch.recv(); // @site:bun-parked
    expect(runtime.parked().find((op) => op.channels.some((c) => c.id === ch.id))?.site).toMatch(siteAt("bun-parked"));
    await ch.send(7);
    await expect(received).resolves.toEqual([7, true]);
  });

  it("a task's go() and return leave numGoroutine() as it was", async () => {
    tracing();
    bunLikePrepare();
    const before = runtime.numGoroutine();
    await go(async function shortLived() {}).done;
    expect(runtime.numGoroutine()).toBe(before);
  });
});

describe("sites under a prepareStackTrace that always throws", () => {
  // The hook cannot map the position, so the site is the raw (transformed) one.
  it("go() still starts the task and records a site in this file", async () => {
    tracing();
    throwingPrepare();
    const ch = chan<number>();
    cleanup.push(() => ch.close());
    const t = go(async function thrownCreated() { await ch.recv(); });
    await settle();
    expect(taskInfo(t)?.createdAt).toMatch(new RegExp(`^${escaped}:\\d+:\\d+$`));
  });

  it("a task parks and is listed with a site in this file", async () => {
    tracing();
    throwingPrepare();
    const t = parkedReceiver();
    await settle();
    expect(taskInfo(t)).toMatchObject({ state: "chan receive" });
    expect(taskInfo(t)?.blockedAt).toContain(specFile);
  });
});

describe("sites on a host without Error.captureStackTrace", () => {
  it("come from the text of new Error().stack", async () => {
    tracing();
    withoutCaptureStackTrace();
    const ch = chan<number>();
    cleanup.push(() => ch.close());
    const t = go(async function textCreated() { await ch.recv(); }); // @site:text-created
    await settle();
    expect(taskInfo(t)?.createdAt).toMatch(siteAt("text-created"));
  });
});

describe("stack text in the fn@file:line:col form (JavaScriptCore, Firefox)", () => {
  function errorWithStack(stack: string): Error {
    const e = new Error("boom");
    e.stack = stack;
    return e;
  }

  it("yields the user's frames with their functions and sites", () => {
    const e = errorWithStack(
      ["handler@file:///app/src/server.js:12:9", "async*main@file:///app/src/main.js:3:1", "@file:///app/src/main.js:8:1"].join("\n"),
    );
    expect(errorFrames(e)).toEqual([
      { fn: "handler", site: "/app/src/server.js:12:9" },
      { fn: "main", site: "/app/src/main.js:3:1" },
      { fn: "", site: "/app/src/main.js:8:1" },
    ]);
  });

  it("skips frames without a position, such as [native code]", () => {
    const e = errorWithStack(["map@[native code]", "global code@http://localhost:8080/app.js:4:12"].join("\n"));
    expect(errorFrames(e)).toEqual([{ fn: "", site: "http://localhost:8080/app.js:4:12" }]);
  });
});
