// Seed 004: "a select with a timeout protects the reader, not the writer".
// Runs the seed's get() (unbuffered result channel, leaks) and Pattern 1's
// (capacity 1, does not) side by side, with the seed's durations, inside a
// synctest bubble: virtual time makes every get() give up at exactly 500 ms
// and every producer wake at exactly 2 s, in no wall time. The registry must
// then show exactly one task per leaky call, parked in "chan send" on the
// `ch.send(...)` line of get-leaky.ts since 2 s, and nothing from
// get-buffered.ts. The leaked producers outlive the bubble's main task, so
// the bubble itself fails with Go's synctest deadlock, listing them.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runtime, time } from "../../src/index.js";
import { Deadlock, synctest } from "../../src/testing/index.js";
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

type TaskInfo = ReturnType<typeof runtime.goroutines>[number];
type ParkedOp = ReturnType<typeof runtime.parked>[number];

/** What the bubble's main task saw, captured before it returned. */
interface Snapshot {
  startedTasks: number;
  leakyResults: [number, Error | null][];
  bufferedResults: [number, Error | null][];
  /** Virtual milliseconds from the start to when every get() had returned. */
  returnedAfter: number;
  /** Virtual milliseconds from the start to the snapshot. */
  snapshotAfter: number;
  start: number;
  numGoroutine: number;
  /** Every task but the bubble's main task. */
  tasks: TaskInfo[];
  parked: ParkedOp[];
  stack: string;
  numTimers: number;
}

const MAIN = "seed004Main";
let snap: Snapshot;
let bubbleError: unknown;

beforeAll(async () => {
  let captured: Snapshot | undefined;
  bubbleError = await synctest
    .test(async function seed004Main() {
      const start = time.now();
      expect(runtime.numGoroutine()).toBe(1); // the bubble's main task
      const leakyCalls = Array.from({ length: CALLS }, () => leaky.get());
      const bufferedCalls = Array.from({ length: CALLS }, () => buffered.get());
      const startedTasks = runtime.numGoroutine() - 1;
      const leakyResults = await Promise.all(leakyCalls);
      const bufferedResults = await Promise.all(bufferedCalls);
      const returnedAfter = time.since(start);
      // Every get() has timed out (500 ms); the producers wake at 2 s. Sleep
      // past that: the bubble runs every woken producer until it blocks.
      await time.sleep(2 * time.Second);
      captured = {
        startedTasks,
        leakyResults,
        bufferedResults,
        returnedAfter,
        snapshotAfter: time.since(start),
        start,
        numGoroutine: runtime.numGoroutine(),
        tasks: runtime.goroutines().filter((t) => t.name !== MAIN),
        parked: runtime.parked(),
        stack: runtime.stack(),
        numTimers: runtime.numTimers(),
      };
    })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (captured === undefined) throw bubbleError;
  snap = captured;
});

describe("seed 004: get() with a select timeout", () => {
  it("starts one producer task per call of either get()", () => {
    expect(snap.startedTasks).toBe(2 * CALLS);
  });

  it("returns the timeout error from every call, since slowValue() takes 2 s", () => {
    for (const [v, err] of [...snap.leakyResults, ...snap.bufferedResults]) {
      expect(v).toBe(0);
      expect(err).toBeInstanceOf(Error);
      expect(err!.message).toBe("timeout");
    }
  });

  it("returns from every get() exactly at its 500 ms timeout", () => {
    expect(snap.returnedAfter).toBe(500 * time.Millisecond);
    expect(snap.snapshotAfter).toBe(2500 * time.Millisecond);
  });

  it("leaky get() leaves exactly one task per call, each in state \"chan send\" at the ch.send line", () => {
    expect(snap.numGoroutine).toBe(CALLS + 1); // and the bubble's main task
    expect(snap.tasks).toHaveLength(CALLS);
    for (const t of snap.tasks) {
      expect(t.state).toBe("chan send");
      expect(atLeakySend(t.blockedAt), `blockedAt ${t.blockedAt}`).toBe(true);
    }
  });

  it("parks every leaked task at exactly 2 s, when slowValue() returns", () => {
    for (const t of snap.tasks) expect(t.since).toBe(snap.start + 2 * time.Second);
    for (const op of snap.parked) expect(op.since).toBe(snap.start + 2 * time.Second);
  });

  it("records that each leaked task was started by the go() call in leaky get()", () => {
    for (const t of snap.tasks) expect(atLeakyGo(t.createdAt), `createdAt ${t.createdAt}`).toBe(true);
  });

  it("lists each leaked send in runtime.parked() with its task and the ch.send site", () => {
    const ops = snap.parked;
    expect(ops).toHaveLength(CALLS);
    const ids = new Set(snap.tasks.map((t) => t.id));
    for (const op of ops) {
      expect(op.kind).toBe("send");
      expect(op.channels).toHaveLength(1);
      expect(atLeakySend(op.site), `site ${op.site}`).toBe(true);
      expect(ids.has(op.task!.id)).toBe(true);
    }
    expect(new Set(ops.map((op) => op.task!.id)).size).toBe(CALLS);
  });

  it("dumps a leaked task Go-style as [chan send (durable), synctest bubble N] at the ch.send line of get-leaky.ts", () => {
    const leakedIds = new Set(snap.tasks.map((t) => t.id));
    const dumps = snap.stack.split("\n\n").filter((d) => leakedIds.has(Number(/^goroutine (\d+) /.exec(d)?.[1])));
    expect(dumps).toHaveLength(CALLS);
    const [header, , where] = dumps[0]!.split("\n");
    expect(header).toMatch(/^goroutine \d+ \[chan send \(durable\), synctest bubble \d+\]:$/);
    expect(atLeakySend(where!.trim())).toBe(true);
  });

  it("buffered get() (Pattern 1) leaves no task and no parked operation behind", () => {
    const fromBuffered = (s: string | undefined) => s !== undefined && s.startsWith(BUFFERED_FILE + ":");
    expect(snap.tasks.filter((t) => fromBuffered(t.createdAt) || fromBuffered(t.blockedAt))).toEqual([]);
    expect(snap.parked.filter((op) => fromBuffered(op.site))).toEqual([]);
    expect(snap.tasks).toHaveLength(CALLS); // only the leaky ones are left
  });

  it("leaves no timer armed once the timeouts and sleeps have fired", () => {
    expect(snap.numTimers).toBe(0);
  });

  it("fails the bubble with Go's synctest deadlock, listing exactly the leaked producers", () => {
    expect(bubbleError).toBeInstanceOf(Deadlock);
    const e = bubbleError as Deadlock;
    expect(e.message).toMatch(/^deadlock: main bubble goroutine has exited but blocked goroutines remain/);
    const headers = e.dump.split("\n").filter((l) => l.startsWith("goroutine "));
    expect(headers).toHaveLength(CALLS);
    for (const h of headers) expect(h).toMatch(/^goroutine \d+ \[chan send \(durable\), synctest bubble \d+\]:$/);
  });

  it("removes the abandoned producers from the registry once the bubble has failed", () => {
    expect(runtime.numGoroutine()).toBe(0);
    expect(runtime.parked()).toEqual([]);
  });
});
