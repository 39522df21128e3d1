import { afterEach, describe, expect, it } from "vitest";
import { chan, go, runtime, type Task } from "../../src/index.js";
import { runScript, settle } from "./_helpers.js";

// Tests that make a task panic install a handler; this restores the default.
let restores: (() => void)[] = [];
afterEach(() => {
  for (const r of restores.reverse()) r();
  restores = [];
});
function capturePanics(): { error: unknown; task: runtime.TaskInfo }[] {
  const seen: { error: unknown; task: runtime.TaskInfo }[] = [];
  restores.push(runtime.onPanic((error, task) => seen.push({ error, task })));
  return seen;
}

describe("go", () => {
  it("starts fn after go returns, never synchronously inside go", async () => {
    let started = false;
    const t = go(() => {
      started = true;
    });
    expect(started).toBe(false);
    await t.done;
    expect(started).toBe(true);
  });

  it("returns control to the caller before fn runs even when fn is async", async () => {
    const order: string[] = [];
    const t = go(async () => {
      order.push("task");
    });
    order.push("caller");
    await t.done;
    expect(order).toEqual(["caller", "task"]);
  });

  it("starts tasks in the order go was called, a task started by a starting task after it returns", async () => {
    const order: string[] = [];
    const t1 = go(function a() {
      order.push("a");
      go(function c() {
        order.push("c");
      });
      order.push("a returns");
    });
    const t2 = go(function b() {
      order.push("b");
    });
    await Promise.all([t1.done, t2.done]);
    await runtime.gosched();
    expect(order).toEqual(["a", "a returns", "b", "c"]);
  });

  it("names the task after fn.name", () => {
    const t = go(async function fetcher() {});
    expect(t.name).toBe("fetcher");
  });

  it("names a task whose function has no name with the empty string", () => {
    const t = go(() => {});
    expect(t.name).toBe("");
  });

  it("gives every task a unique id, increasing in creation order", () => {
    const tasks: Task[] = [];
    for (let i = 0; i < 5; i++) tasks.push(go(() => {}));
    const ids = tasks.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1]!);
  });

  it("passes the extra arguments through to fn", async () => {
    let got: unknown[] = [];
    const t = go(
      (a: number, b: string, c: { k: boolean }) => {
        got = [a, b, c];
      },
      7,
      "x",
      { k: true },
    );
    await t.done;
    expect(got).toEqual([7, "x", { k: true }]);
  });

  it("counts a task in numGoroutine from the moment go returns until fn settles", async () => {
    const before = runtime.numGoroutine();
    const gate = chan<void>();
    const t1 = go(async () => {
      await gate.recv();
    });
    const t2 = go(async () => {
      await gate.recv();
    });
    expect(runtime.numGoroutine()).toBe(before + 2);
    await settle();
    expect(runtime.numGoroutine()).toBe(before + 2);
    gate.close();
    await Promise.all([t1.done, t2.done]);
    expect(runtime.numGoroutine()).toBe(before);
  });

  it("resolves done only once an async fn has settled", async () => {
    const gate = chan<number>();
    let finished = false;
    const t = go(async () => {
      await gate.recv();
      finished = true;
    });
    let doneSeen = false;
    void t.done.then(() => (doneSeen = true));
    await settle();
    expect(doneSeen).toBe(false);
    await gate.send(1);
    await t.done;
    expect(finished).toBe(true);
  });

  it("resolves done when a synchronous fn returns", async () => {
    const t = go(() => 42);
    await expect(t.done).resolves.toBeUndefined();
  });

  it("resolves done (never rejects) when fn throws", async () => {
    capturePanics();
    const t = go(() => {
      throw new Error("sync boom");
    });
    await expect(t.done).resolves.toBeUndefined();
  });

  it("resolves done (never rejects) when fn's promise rejects", async () => {
    capturePanics();
    const t = go(async () => {
      await settle();
      throw new Error("async boom");
    });
    await expect(t.done).resolves.toBeUndefined();
  });

  it("calls the onPanic handler with a thrown error and the task's info", async () => {
    const seen = capturePanics();
    const err = new Error("thrown");
    const t = go(function thrower() {
      throw err;
    });
    await t.done;
    expect(seen).toHaveLength(1);
    expect(seen[0]!.error).toBe(err);
    expect(seen[0]!.task).toMatchObject({ id: t.id, name: "thrower" });
    expect(typeof seen[0]!.task.state).toBe("string");
  });

  it("calls the onPanic handler with a rejected error and the task's info", async () => {
    const seen = capturePanics();
    const err = new Error("rejected");
    const t = go(async function rejecter() {
      await settle();
      throw err;
    });
    await t.done;
    expect(seen).toHaveLength(1);
    expect(seen[0]!.error).toBe(err);
    expect(seen[0]!.task).toMatchObject({ id: t.id, name: "rejecter" });
  });

  it("passes a non-Error thrown value to the onPanic handler unchanged", async () => {
    const seen = capturePanics();
    const t = go(() => {
      throw "just a string";
    });
    await t.done;
    expect(seen.map((s) => s.error)).toEqual(["just a string"]);
  });

  it("no longer counts a panicked task in numGoroutine", async () => {
    capturePanics();
    const before = runtime.numGoroutine();
    const t = go(async () => {
      throw new Error("x");
    });
    await t.done;
    expect(runtime.numGoroutine()).toBe(before);
  });

  it("returns from onPanic a function that restores the previous handler", async () => {
    const first: unknown[] = [];
    const second: unknown[] = [];
    restores.push(runtime.onPanic((e) => first.push(e)));
    const restoreSecond = runtime.onPanic((e) => second.push(e));
    await go(() => {
      throw new Error("a");
    }).done;
    restoreSecond();
    await go(() => {
      throw new Error("b");
    }).done;
    expect(second.map((e) => (e as Error).message)).toEqual(["a"]);
    expect(first.map((e) => (e as Error).message)).toEqual(["b"]);
  });

  it("throws TypeError when given something that is not a function", () => {
    const before = runtime.numGoroutine();
    for (const bad of [42, "fn", null, undefined, {}]) {
      expect(() => go(bad as unknown as () => void)).toThrow(TypeError);
    }
    expect(runtime.numGoroutine()).toBe(before);
  });

  it("by default prints `panic: <message>` and a goroutine dump to stderr and crashes the process", async () => {
    const r = await runScript(
      `import { go } from "{{INDEX}}";
go(function crasher() { throw new Error("boom"); });
setTimeout(() => console.log("still alive"), 500);
`,
    );
    expect(r.killed).toBe(false);
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    expect(r.stderr).toContain("panic: boom");
    expect(r.stderr).toMatch(/goroutine \d+ \[/);
    expect(r.stdout).not.toContain("still alive");
  });
});
