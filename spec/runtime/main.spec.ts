// runtime.main(fn): Go's program entry. The program ends when fn returns,
// whatever other tasks are doing; the tasks left behind are reported as a
// leak check would, with an exit code. The exit is injected, so ending the
// program ends nothing here.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { chan, go, runtime, sync, time } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";
import { withTracing } from "../_tracing.js";

let stderr: MockInstance<(...args: unknown[]) => void>;
beforeEach(() => {
  stderr = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  stderr.mockRestore();
});

/** What main wrote to stderr. */
function printed(): string {
  return stderr.mock.calls.map((c) => c.join(" ")).join("\n");
}

/** An exit that records its codes instead of ending the process. */
function recordExit(): { codes: number[]; exit: (code: number) => void } {
  const codes: number[] = [];
  return { codes, exit: (code) => void codes.push(code) };
}

describe("runtime.main: the program ends when main returns", () => {
  it("exits 0, printing nothing, when main returns and no task is left", async () => {
    const { codes, exit } = recordExit();
    let ran = false;
    expect(
      await runtime.main(
        async () => {
          ran = true;
        },
        { exit },
      ),
    ).toBe(0);
    expect(ran).toBe(true);
    expect(codes).toEqual([0]);
    expect(printed()).toBe("");
  });

  it("exits as soon as main returns, while another task still sleeps, without waiting for it", async () => {
    await synctest.test(async () => {
      const { codes, exit } = recordExit();
      const start = time.now();
      const stop = chan<void>();
      go(async function sleeper() {
        await time.sleep(time.Hour);
      });
      go(async function waiter() {
        await stop.recv();
      });
      await runtime.main(() => time.sleep(time.Second), { exit, leaks: "ignore" });
      expect(codes).toEqual([0]);
      expect(time.since(start)).toBe(time.Second);
      // Let the bubble end cleanly: its tasks were left behind, not lost.
      stop.close();
      await time.sleep(time.Hour);
    });
  });

  it("does not count a task that was finishing as main returned (its wg.done() woke main)", async () => {
    const { codes, exit } = recordExit();
    await runtime.main(
      async () => {
        const wg = new sync.WaitGroup();
        for (let i = 0; i < 3; i++) {
          wg.go(async () => {
            await runtime.gosched();
          });
        }
        await wg.wait();
      },
      { exit },
    );
    expect(codes).toEqual([0]);
    expect(printed()).toBe("");
  });

  it("does not count the task that called it (a bubble's main) as left behind", async () => {
    const { codes, exit } = recordExit();
    await synctest.test(async () => {
      await runtime.main(() => time.sleep(time.Second), { exit });
    });
    expect(codes).toEqual([0]);
    expect(printed()).toBe("");
  });

  it("exits 2 and prints Go's panic line when main throws", async () => {
    const { codes, exit } = recordExit();
    const code = await runtime.main(
      async () => {
        await runtime.gosched();
        throw new Error("boom");
      },
      { exit },
    );
    expect(code).toBe(2);
    expect(codes).toEqual([2]);
    expect(printed()).toMatch(/^panic: boom\n\ngoroutine main \[running\]:\n/);
  });
});

describe("runtime.main: tasks left behind", () => {
  it('reports them as a leak check does and exits 1 by default ("fail")', async () => {
    const { codes, exit } = recordExit();
    const stop = chan<void>();
    const code = await runtime.main(
      () => {
        go(async function leftBehind() {
          await stop.recv();
        });
      },
      { exit },
    );
    expect(code).toBe(1);
    expect(codes).toEqual([1]);
    expect(printed()).toMatch(/^found unexpected goroutines:\ngoroutine \d+ \[[^\]]+\]:\nleftBehind\(\.\.\.\)/);
    stop.close();
  });

  it('reports them and exits 0 with leaks: "report"', async () => {
    const { codes, exit } = recordExit();
    const stop = chan<void>();
    await runtime.main(() => void go(async function reported() {
      await stop.recv();
    }), { exit, leaks: "report" });
    expect(codes).toEqual([0]);
    expect(printed()).toContain("reported(...)");
    stop.close();
  });

  it('exits 0 and prints nothing with leaks: "ignore", as Go does', async () => {
    const { codes, exit } = recordExit();
    const stop = chan<void>();
    await runtime.main(() => void go(async () => {
      await stop.recv();
    }), { exit, leaks: "ignore" });
    expect(codes).toEqual([0]);
    expect(printed()).toBe("");
    stop.close();
  });

  describe("with tracing", () => {
    withTracing();

    it("dumps each task left behind with Go's state word and the line it is blocked on", async () => {
      const { exit } = recordExit();
      const stop = chan<void>();
      await runtime.main(
        () => {
          go(async function blockedSender() {
            await stop.send();
          });
        },
        { exit },
      );
      expect(printed()).toMatch(/goroutine \d+ \[chan send\]:\nblockedSender\(\.\.\.\)\n\t.*main\.spec\.ts:\d+:\d+/);
      await stop.recv();
    });
  });
});

describe("runtime.main: bad arguments", () => {
  it("throws TypeError synchronously for a main that is not a function", () => {
    expect(() => runtime.main("main" as never)).toThrow(/runtime\.main: expected a function/);
  });

  it("throws TypeError synchronously for options that are not an object, an exit that is not a function, or an unknown leaks mode", () => {
    const fn = () => {};
    expect(() => runtime.main(fn, 3 as never)).toThrow(/options must be an object/);
    expect(() => runtime.main(fn, { exit: "process.exit" as never })).toThrow(/exit must be a function/);
    expect(() => runtime.main(fn, { leaks: "warn" as never })).toThrow(/leaks must be "fail", "report" or "ignore", got "warn"/);
  });
});
