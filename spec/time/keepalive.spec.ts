import { describe, expect, it } from "vitest";
import { runScript } from "../runtime/_helpers.js";

// Each test runs a small program in its own Node process: whether a timer
// keeps the process alive can only be seen from outside it. Tracing is left
// off in the child (no VITEST in its environment), as in production.
const plainEnv = { VITEST: undefined, VITEST_WORKER_ID: undefined, VITEST_POOL_ID: undefined, NODE_ENV: undefined, CSP_TRACE: undefined };

describe("timers and process lifetime", () => {
  it("keeps Node alive while main awaits time.sleep", async () => {
    const r = await runScript(
      `import { time } from "{{INDEX}}";
await time.sleep(200);
console.log("woke");
`,
      10_000,
      plainEnv,
    );
    expect(r.killed).toBe(false);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("woke");
  });

  it("keeps Node alive while main awaits a receive on time.after", async () => {
    const r = await runScript(
      `import { time } from "{{INDEX}}";
const [v, ok] = await time.after(200).recv();
console.log("fired", ok, typeof v);
`,
      10_000,
      plainEnv,
    );
    expect(r.killed).toBe(false);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("fired true number");
  });

  it("keeps Node alive while a task sleeps", async () => {
    const r = await runScript(
      `import { go, time } from "{{INDEX}}";
go(async () => { await time.sleep(200); console.log("task woke"); });
`,
      10_000,
      plainEnv,
    );
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("task woke");
  });

  it("lets Node exit when a time.after arm lost its select", async () => {
    const r = await runScript(
      `import { chan, recv, select, time } from "{{INDEX}}";
const ch = chan<string>(1);
ch.trySend("ready");
const got = await select(recv(ch, (v) => v), recv(time.after(60_000), () => "timeout"));
console.log("got", got);
`,
      10_000,
      plainEnv,
    );
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("got ready");
  });

  it("lets Node exit with an abandoned time.after that nobody receives from", async () => {
    const r = await runScript(
      `import { time } from "{{INDEX}}";
time.after(60_000);
console.log("main returns");
`,
      10_000,
      plainEnv,
    );
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("main returns");
  });
});
