// The README's "Property-testing concurrent code" example, verbatim but for the import paths.
import { test } from "@fast-check/vitest";
import { expect } from "vitest";
import { chan, go, time } from "../../src/index.js";
import { schedule, synctest, type Schedule } from "../../src/testing/index.js";

// Two workers are released together; the program assumes `a` logs first.
// Go promises no such order, and neither does this runtime's scheduler.
async function program(): Promise<string[]> {
  const start = chan<void>();
  const log: string[] = [];
  const a = go(async function a() {
    await start.recv();
    log.push("a");
  });
  const b = go(async function b() {
    await start.recv();
    log.push("b");
  });
  await time.sleep(time.Millisecond);
  start.close();
  await a.done;
  await b.done;
  return log;
}

test("in FIFO order, a logs first", async () => {
  expect(await synctest.test(program)).toEqual(["a", "b"]);
});

test.prop([schedule()])("under every schedule, both log exactly once", async (s: Schedule) => {
  const log = await synctest.test(program, { schedule: s });
  expect([...log].sort()).toEqual(["a", "b"]);
});

test("some schedule runs b first, and its replay value reproduces it", async () => {
  const replay = "1"; // what a failing `expect(log[0]).toBe("a")` property prints: schedule("1")
  for (let run = 0; run < 3; run++) {
    expect(await synctest.test(program, { replay })).toEqual(["b", "a"]);
  }
});
