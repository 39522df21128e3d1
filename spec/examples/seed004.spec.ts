// Seed 004: "a select with a timeout protects the reader, not the writer".
// Runs the seed's get() (unbuffered result channel, leaks) and Pattern 1's
// (capacity 1, does not) side by side, with the seed's real durations: every
// get() gives up at 500 ms, every producer wakes at 2 s. The registry must
// then show exactly one task per leaky call, parked in "chan send" on the
// `ch.send(...)` line of get-leaky.ts, and nothing from get-buffered.ts.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runtime, time } from "../../src/index.js";
import * as buffered from "../../examples/seed004/get-buffered.js";
import * as leaky from "../../examples/seed004/get-leaky.js";

const CALLS = 20;
const LEAKY_FILE = fileURLToPath(new URL("../../examples/seed004/get-leaky.ts", import.meta.url));
const BUFFERED_FILE = fileURLToPath(new URL("../../examples/seed004/get-buffered.ts", import.meta.url));

/** 1-based number and text of the first code line (not a `//` comment) of `file` containing `needle`. */
function lineOf(file: string, needle: string): { line: number; text: string } {
  const lines = readFileSync(file, "utf8").split("\n");
  const i = lines.findIndex((l) => !l.trim().startsWith("//") && l.includes(needle));
  if (i < 0) throw new Error(`${needle} not found in ${file}`);
  return { line: i + 1, text: lines[i]! };
}

/** Matches `file:line:col` where col falls inside `expr` on that line. */
function siteIn(file: string, expr: string): (site: string | undefined) => boolean {
  const { line, text } = lineOf(file, expr);
  const first = text.indexOf(expr) + 1;
  const last = first + expr.length - 1;
  return (site) => {
    const m = site === undefined ? null : /^(.*):(\d+):(\d+)$/.exec(site);
    if (m === null || m[1] !== file || Number(m[2]) !== line) return false;
    const col = Number(m[3]);
    return col >= first && col <= last;
  };
}

const atLeakySend = siteIn(LEAKY_FILE, "ch.send(");
const atLeakyGo = siteIn(LEAKY_FILE, "go(async");

let startedTasks = 0;
let leakyResults: [number, Error | null][] = [];
let bufferedResults: [number, Error | null][] = [];

beforeAll(async () => {
  expect(runtime.numGoroutine()).toBe(0);
  const leakyCalls = Array.from({ length: CALLS }, () => leaky.get());
  const bufferedCalls = Array.from({ length: CALLS }, () => buffered.get());
  startedTasks = runtime.numGoroutine();
  leakyResults = await Promise.all(leakyCalls);
  bufferedResults = await Promise.all(bufferedCalls);
  // Every get() has timed out (500 ms); the producers wake at 2 s. Wait past
  // that, then give every woken producer a full turn to reach its send.
  await time.sleep(2 * time.Second);
  await runtime.gosched();
});

describe("seed 004: get() with a select timeout", () => {
  it("starts one producer task per call of either get()", () => {
    expect(startedTasks).toBe(2 * CALLS);
  });

  it("returns the timeout error from every call, since slowValue() takes 2 s", () => {
    for (const [v, err] of [...leakyResults, ...bufferedResults]) {
      expect(v).toBe(0);
      expect(err).toBeInstanceOf(Error);
      expect(err!.message).toBe("timeout");
    }
  });

  it("leaky get() leaves exactly one task per call, each in state \"chan send\" at the ch.send line", () => {
    expect(runtime.numGoroutine()).toBe(CALLS);
    const tasks = runtime.goroutines();
    expect(tasks).toHaveLength(CALLS);
    for (const t of tasks) {
      expect(t.state).toBe("chan send");
      expect(atLeakySend(t.blockedAt), `blockedAt ${t.blockedAt}`).toBe(true);
    }
  });

  it("records that each leaked task was started by the go() call in leaky get()", () => {
    for (const t of runtime.goroutines()) expect(atLeakyGo(t.createdAt), `createdAt ${t.createdAt}`).toBe(true);
  });

  it("lists each leaked send in runtime.parked() with its task and the ch.send site", () => {
    const ops = runtime.parked();
    expect(ops).toHaveLength(CALLS);
    const ids = new Set(runtime.goroutines().map((t) => t.id));
    for (const op of ops) {
      expect(op.kind).toBe("send");
      expect(op.channels).toHaveLength(1);
      expect(atLeakySend(op.site), `site ${op.site}`).toBe(true);
      expect(ids.has(op.task!.id)).toBe(true);
    }
    expect(new Set(ops.map((op) => op.task!.id)).size).toBe(CALLS);
  });

  it("dumps a leaked task Go-style as [chan send] at the ch.send line of get-leaky.ts", () => {
    const first = runtime.stack().split("\n\n")[0]!;
    const [header, , where] = first.split("\n");
    expect(header).toMatch(/^goroutine \d+ \[chan send\]:$/);
    expect(atLeakySend(where!.trim())).toBe(true);
  });

  it("buffered get() (Pattern 1) leaves no task and no parked operation behind", () => {
    const fromBuffered = (s: string | undefined) => s !== undefined && s.startsWith(BUFFERED_FILE + ":");
    expect(runtime.goroutines().filter((t) => fromBuffered(t.createdAt) || fromBuffered(t.blockedAt))).toEqual([]);
    expect(runtime.parked().filter((op) => fromBuffered(op.site))).toEqual([]);
    expect(runtime.numGoroutine()).toBe(CALLS); // only the leaky ones are left
  });

  it("leaves no timer armed once the timeouts and sleeps have fired", () => {
    expect(runtime.numTimers()).toBe(0);
  });
});
