// The README's first example, verbatim but for the import path
// (readme-code.spec.ts keeps the two equal). Its last paragraph, the
// program's top level, runs here inside a synctest bubble, so its 3.5 s of
// sleeping take no wall time. In a bubble the main function is a task too:
// the README's count of 1 (the producer) is 2 here.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { chan, go, recv, runtime, select, time } from "../../src/index.js";
import { Deadlock, synctest } from "../../src/testing/index.js";

async function slowValue(): Promise<number> {
  await time.sleep(2 * time.Second);
  return 42;
}

// Seed 004's get(): when the timeout wins, the producer is left behind.
async function get(): Promise<[number, Error | null]> {
  const ch = chan<number>(); // unbuffered: the leak. chan<number>(1) fixes it
  go(async () => {
    await ch.send(await slowValue()); // parks forever once get() has returned
  });
  const s = await select({ v: recv(ch), timeout: recv(time.after(500 * time.Millisecond)) });
  if (s.case === "timeout") return [0, new Error("timeout")];
  return [s.value ?? 0, null];
}

// ---- not in the README ----

const sendLine =
  readFileSync(new URL(import.meta.url), "utf8")
    .split("\n")
    .findIndex((l) => l.includes("await ch.send(await slowValue())")) + 1;

const tracingAtStart = runtime.setTracing(false);
runtime.setTracing(tracingAtStart);

afterEach(() => {
  vi.restoreAllMocks();
  runtime.setTracing(tracingAtStart);
});

describe("the README's first example", () => {
  it("times out after 500 ms and leaves the producer parked in chan send; the bubble reports it", async () => {
    const logged: { at: number; args: unknown[] }[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void logged.push({ at: time.now(), args }));
    const run = synctest.test(async () => {
      runtime.setTracing(true);            // record where each task parks
      const [v, err] = await get();        // after 500 ms the timeout wins
      console.log(v, err?.message);        // 0 timeout
      await time.sleep(3 * time.Second);
      console.log(runtime.numGoroutine()); // 1: the producer, parked for good
      console.log(runtime.stack());        // goroutine 1 [chan send]: ... at the ch.send line
    });
    // fn returned with the producer still blocked: Go's synctest says so.
    await expect(run).rejects.toThrow(Deadlock);
    await expect(run).rejects.toThrow(/main bubble goroutine has exited but blocked goroutines remain/);
    const epoch = Date.UTC(2000, 0, 1); // where a bubble's clock starts
    expect(logged.map((l) => l.at - epoch)).toEqual([500, 3500, 3500]);
    expect(logged[0]!.args).toEqual([0, "timeout"]);
    expect(logged[1]!.args).toEqual([2]); // the bubble's main task and the producer
    const dump = String(logged[2]!.args[0]);
    expect(dump).toMatch(/goroutine \d+ \[chan send \(durable\), synctest bubble \d+\]:/);
    expect(dump).toContain(`first-example.spec.ts:${sendLine}:`);
  });

  it("with a buffer of one (the fix), the producer finishes and nothing is left", async () => {
    async function getFixed(): Promise<[number, Error | null]> {
      const ch = chan<number>(1);
      go(async () => {
        await ch.send(await slowValue());
      });
      const s = await select({ v: recv(ch), timeout: recv(time.after(500 * time.Millisecond)) });
      if (s.case === "timeout") return [0, new Error("timeout")];
      return [s.value ?? 0, null];
    }
    await synctest.test(async () => {
      const [v, err] = await getFixed();
      expect([v, err?.message]).toEqual([0, "timeout"]);
      await time.sleep(3 * time.Second);
      expect(runtime.numGoroutine()).toBe(1); // only the bubble's main task
    });
  });
});
