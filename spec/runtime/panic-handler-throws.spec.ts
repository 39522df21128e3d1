import { describe, expect, it } from "vitest";
import { runScript } from "./_helpers.js";

// A panic handler that throws must not wedge the runtime: the queue of tasks
// to start keeps draining, later `go` calls still start, and the handler's
// exception surfaces as an uncaught exception, as the default panic does.
// Each case runs in its own process, where an uncaught exception is visible.

/** Run `body` after a prelude that records uncaught exceptions and unhandled rejections; it prints the JSON the test reads. */
async function run(body: string): Promise<{ ran: string[]; uncaught: string[]; rejections: string[] }> {
  const r = await runScript(
    `import { go, runtime } from "{{INDEX}}";
const ran = [], uncaught = [], rejections = [];
process.on("uncaughtException", (e) => uncaught.push(e.message));
process.on("unhandledRejection", (e) => rejections.push(e.message));
const report = () => setTimeout(() => console.log(JSON.stringify({ ran, uncaught, rejections })), 50);
${body}
`,
  );
  expect(r.killed).toBe(false);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

describe("runtime.onPanic: a handler that throws", () => {
  it("does not stop the tasks queued after the panicking one from starting", async () => {
    const out = await run(`
runtime.onPanic((e) => { throw new Error("handler: " + e.message); });
go(() => { throw new Error("a"); });
go(() => { ran.push("queued after"); });
report();
`);
    expect(out.ran).toEqual(["queued after"]);
  });

  it("does not stop a later go() from starting its task", async () => {
    const out = await run(`
runtime.onPanic((e) => { throw new Error("handler: " + e.message); });
go(() => { throw new Error("a"); });
setTimeout(() => { go(() => { ran.push("later"); }); report(); }, 20);
`);
    expect(out.ran).toEqual(["later"]);
  });

  it("surfaces the handler's exception as an uncaught exception for a task that threw", async () => {
    const out = await run(`
runtime.onPanic((e) => { throw new Error("handler: " + e.message); });
go(() => { throw new Error("sync"); });
report();
`);
    expect(out.uncaught).toEqual(["handler: sync"]);
    expect(out.rejections).toEqual([]);
  });

  it("surfaces the handler's exception as an uncaught exception for a task that rejected", async () => {
    const out = await run(`
runtime.onPanic((e) => { throw new Error("handler: " + e.message); });
go(async () => { await null; throw new Error("async"); });
report();
`);
    expect(out.uncaught).toEqual(["handler: async"]);
    expect(out.rejections).toEqual([]);
  });
});

describe("go: a task whose function returns a thenable that misbehaves", () => {
  it("panics with the error thrown by the thenable's then, and later tasks still start", async () => {
    const out = await run(`
const seen = [];
runtime.onPanic((e) => seen.push(e.message));
go(() => ({ then() { throw new Error("bad then"); } }));
go(() => { ran.push("after"); });
setTimeout(() => { go(() => { ran.push("later"); }); setTimeout(() => { ran.push(...seen); report(); }, 20); }, 20);
`);
    expect(out.ran).toEqual(["after", "later", "bad then"]);
    expect(out.uncaught).toEqual([]);
  });

  it("panics with the error thrown by a then getter", async () => {
    const out = await run(`
const seen = [];
runtime.onPanic((e) => seen.push(e.message));
go(() => ({ get then() { throw new Error("bad getter"); } }));
setTimeout(() => { go(() => { ran.push("later"); }); setTimeout(() => { ran.push(...seen); report(); }, 20); }, 20);
`);
    expect(out.ran).toEqual(["later", "bad getter"]);
    expect(out.uncaught).toEqual([]);
  });
});
