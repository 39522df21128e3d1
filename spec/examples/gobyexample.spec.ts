// The ports of Go by Example's concurrency chapters (examples/gobyexample)
// print what their Go originals print. Each runs in a synctest bubble:
// seconds of Go time in no wall time, and every run the same. The expected
// lines are the outputs gobyexample.com shows; where Go's scheduler may
// interleave two goroutines' lines differently run to run, the spec says
// which order Go allows and asserts the one this runtime prints. Programs
// that leave goroutines blocked when main returns (Go exits anyway) end
// their bubble with synctest's deadlock report naming those goroutines, as
// Go's synctest would.
import { afterEach, describe, expect, it } from "vitest";
import { runtime, time } from "../../src/index.js";
import { Deadlock, synctest } from "../../src/testing/index.js";
import * as fmt from "../../examples/gobyexample/fmt.js";
import * as atomicCounters from "../../examples/gobyexample/atomic-counters.js";
import * as channelBuffering from "../../examples/gobyexample/channel-buffering.js";
import * as channelDirections from "../../examples/gobyexample/channel-directions.js";
import * as channelSynchronization from "../../examples/gobyexample/channel-synchronization.js";
import * as channels from "../../examples/gobyexample/channels.js";
import * as closingChannels from "../../examples/gobyexample/closing-channels.js";
import * as goroutines from "../../examples/gobyexample/goroutines.js";
import * as mutexes from "../../examples/gobyexample/mutexes.js";
import * as nonBlocking from "../../examples/gobyexample/non-blocking-channel-operations.js";
import * as rangeOverChannels from "../../examples/gobyexample/range-over-channels.js";
import * as rateLimiting from "../../examples/gobyexample/rate-limiting.js";
import * as select from "../../examples/gobyexample/select.js";
import * as statefulGoroutines from "../../examples/gobyexample/stateful-goroutines.js";
import * as tickers from "../../examples/gobyexample/tickers.js";
import * as timeouts from "../../examples/gobyexample/timeouts.js";
import * as timers from "../../examples/gobyexample/timers.js";
import * as waitgroups from "../../examples/gobyexample/waitgroups.js";
import * as workerPools from "../../examples/gobyexample/worker-pools.js";

afterEach(() => fmt.setOutput(null));

interface Run {
  /** Everything the program printed, line by line. */
  lines: string[];
  /** Virtual time from main's start to its return (Go's `real` in the chapter's output). */
  elapsed: number;
  /** Why the bubble failed, when it did: a goroutine left blocked. */
  error: unknown;
}

/** Run a port's main in a bubble, capturing what it prints. */
async function run(main: () => Promise<void>): Promise<Run> {
  let out = "";
  let elapsed = -1;
  fmt.setOutput((text) => (out += text));
  let error: unknown = null;
  try {
    await synctest.test(async () => {
      const start = time.now();
      await main();
      elapsed = time.since(start);
    });
  } catch (e) {
    error = e;
  }
  return { lines: out.split("\n").slice(0, -1), elapsed, error };
}

/** The program ended with goroutines still blocked, as its Go original does: synctest names them. */
function leftBlocked(r: Run, count: number): void {
  expect(r.error).toBeInstanceOf(Deadlock);
  const message = (r.error as Deadlock).message;
  expect(message).toMatch(/^deadlock: main bubble goroutine has exited but blocked goroutines remain/);
  expect([...message.matchAll(/^goroutine \d+ \[/gm)]).toHaveLength(count);
}

describe("Go by Example, ported", () => {
  it("goroutines: the direct calls, then both goroutines' lines, then done after a second", async () => {
    const r = await run(goroutines.main);
    // Go prints the two goroutines' lines in either order, interleaved (its
    // sample output: goroutine : 0, going, goroutine : 1, goroutine : 2).
    // f never awaits, so here its task prints all three lines first.
    expect(r.lines).toEqual(["direct : 0", "direct : 1", "direct : 2", "goroutine : 0", "goroutine : 1", "goroutine : 2", "going", "done"]);
    expect(r.elapsed).toBe(time.Second);
    expect(r.error).toBeNull();
  });

  it("channels: ping", async () => {
    const r = await run(channels.main);
    expect(r.lines).toEqual(["ping"]);
    expect(r.error).toBeNull();
  });

  it("channel buffering: both buffered values, in order", async () => {
    expect((await run(channelBuffering.main)).lines).toEqual(["buffered", "channel"]);
  });

  it("channel synchronization: working...done, a second later", async () => {
    const r = await run(channelSynchronization.main);
    expect(r.lines).toEqual(["working...done"]);
    expect(r.elapsed).toBe(time.Second);
  });

  it("channel directions: the passed message", async () => {
    expect((await run(channelDirections.main)).lines).toEqual(["passed message"]);
  });

  it("select: received one, then received two, in two seconds, not three", async () => {
    const r = await run(select.main);
    expect(r.lines).toEqual(["received one", "received two"]);
    expect(r.elapsed).toBe(2 * time.Second);
    expect(r.error).toBeNull();
  });

  it("timeouts: the first select times out, the second gets its result", async () => {
    const r = await run(timeouts.main);
    expect(r.lines).toEqual(["timeout 1", "result 2"]);
    expect(r.elapsed).toBe(3 * time.Second);
    expect(r.error).toBeNull();
  });

  it("non-blocking channel operations: every select takes its default", async () => {
    expect((await run(nonBlocking.main)).lines).toEqual(["no message received", "no message sent", "no activity"]);
  });

  it("closing channels: every job sent and received in order, then received all jobs, and a closed channel's ok is false", async () => {
    const r = await run(closingChannels.main);
    // Go interleaves main's and the worker's lines as they run (its sample
    // prints received job 3 before sent all jobs); each side's own lines
    // keep their order, and the worker finishes after the close.
    expect(r.lines).toEqual([
      "sent job 1",
      "received job 1",
      "sent job 2",
      "received job 2",
      "sent job 3",
      "sent all jobs",
      "received job 3",
      "received all jobs",
      "received more jobs: false",
    ]);
    expect(r.error).toBeNull();
  });

  it("range over channels: both elements, then the loop ends at the close", async () => {
    expect((await run(rangeOverChannels.main)).lines).toEqual(["one", "two"]);
  });

  it("timers: timer 1 fires, timer 2 is stopped before it fires, and its goroutine is left blocked", async () => {
    const r = await run(timers.main);
    expect(r.lines).toEqual(["Timer 1 fired", "Timer 2 stopped"]);
    expect(r.elapsed).toBe(4 * time.Second);
    leftBlocked(r, 1);
    expect((r.error as Deadlock).message).toMatch(/\[chan receive \(durable\), synctest bubble \d+\]:\nfunc\(\.\.\.\)\n\t.*timers\.ts/);
  });

  it("timers under runtime.main: the leak check reports the goroutine left on timer2.C and exits 1", async () => {
    const codes: number[] = [];
    const reports: string[] = [];
    const restoreErr = console.error;
    console.error = (text: string) => void reports.push(text);
    try {
      await run(() => runtime.main(timers.main, { exit: (code) => void codes.push(code) }).then(() => {}));
    } finally {
      console.error = restoreErr;
    }
    expect(codes).toEqual([1]);
    expect(reports.join("\n")).toMatch(/^found unexpected goroutines:\ngoroutine \d+ \[chan receive \(durable\), synctest bubble \d+\]:/);
  });

  it("tickers: three ticks at 500 ms intervals, as Go's Time.String prints them, then stopped", async () => {
    const r = await run(tickers.main);
    // Go's sample shows a local zone and (for time.Now) a monotonic reading
    // m=+0.5...; a bubble's clock starts at 2000-01-01 UTC, as Go's synctest.
    expect(r.lines).toEqual([
      "Tick at 2000-01-01 00:00:00.5 +0000 UTC",
      "Tick at 2000-01-01 00:00:01 +0000 UTC",
      "Tick at 2000-01-01 00:00:01.5 +0000 UTC",
      "Ticker stopped",
    ]);
    expect(r.elapsed).toBe(1600 * time.Millisecond);
    expect(r.error).toBeNull();
  });

  it("worker pools: Go's sample output line for line, five one-second jobs on three workers in two seconds", async () => {
    const r = await run(workerPools.main);
    expect(r.lines).toEqual([
      "worker 1 started  job 1",
      "worker 2 started  job 2",
      "worker 3 started  job 3",
      "worker 1 finished job 1",
      "worker 1 started  job 4",
      "worker 2 finished job 2",
      "worker 2 started  job 5",
      "worker 3 finished job 3",
      "worker 1 finished job 4",
      "worker 2 finished job 5",
    ]);
    expect(r.elapsed).toBe(2 * time.Second);
    expect(r.error).toBeNull();
  });

  it("waitgroups: five workers start, and all are done a second later", async () => {
    const r = await run(waitgroups.main);
    // Go starts the five in any order (its sample: 5, 1, 2, 4, 3); here in go() order.
    expect(r.lines).toEqual([1, 2, 3, 4, 5].map((i) => `Worker ${i} starting`).concat([1, 2, 3, 4, 5].map((i) => `Worker ${i} done`)));
    expect(r.elapsed).toBe(time.Second);
    expect(r.error).toBeNull();
  });

  it("rate limiting: one request per 200 ms, then a burst of three and one per 200 ms again; the refilling goroutine is left running", async () => {
    const r = await run(rateLimiting.main);
    expect(r.lines).toEqual([
      "request 1 2000-01-01 00:00:00.2 +0000 UTC",
      "request 2 2000-01-01 00:00:00.4 +0000 UTC",
      "request 3 2000-01-01 00:00:00.6 +0000 UTC",
      "request 4 2000-01-01 00:00:00.8 +0000 UTC",
      "request 5 2000-01-01 00:00:01 +0000 UTC",
      "request 1 2000-01-01 00:00:01 +0000 UTC",
      "request 2 2000-01-01 00:00:01 +0000 UTC",
      "request 3 2000-01-01 00:00:01 +0000 UTC",
      "request 4 2000-01-01 00:00:01.2 +0000 UTC",
      "request 5 2000-01-01 00:00:01.4 +0000 UTC",
    ]);
    leftBlocked(r, 1);
  });

  it("atomic counters: ops: 50000", async () => {
    expect((await run(atomicCounters.main)).lines).toEqual(["ops: 50000"]);
  });

  it("mutexes: map[a:20000 b:10000]", async () => {
    expect((await run(mutexes.main)).lines).toEqual(["map[a:20000 b:10000]"]);
  });

  it("stateful goroutines: every reader and writer gets one operation through the owner per millisecond, and 111 goroutines are left running", async () => {
    // Go's sample counts (readOps: 71708, writeOps: 7177) depend on its
    // machine; in virtual time each of the 100 readers and 10 writers does
    // exactly one operation per millisecond. A tenth of Go's second keeps
    // the spec short: 100 ms.
    const full = statefulGoroutines.work.duration;
    statefulGoroutines.work.duration = 100 * time.Millisecond;
    try {
      const r = await run(statefulGoroutines.main);
      expect(r.lines).toEqual(["readOps: 10000", "writeOps: 1000"]);
      leftBlocked(r, 111);
    } finally {
      statefulGoroutines.work.duration = full;
    }
  });
});
