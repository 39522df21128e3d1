// Seed 000, "golang http timeout and goroutines accumulation": an HTTP handler
// calls timeoutHttpGet(url), which starts a task to do the GET and send the
// result on a channel, and selects on that channel against time.After(5 s).
// With an unbuffered channel every request whose upstream is slower than 5 s
// leaves its fetch task parked forever on `ch <- Response{...}` (the count
// "has been rising steadily"); the accepted answer's fix is a channel of
// capacity 1, so the late send completes into the buffer and the task exits.
//
// The program runs in synctest bubbles: a fake upstream that takes 10 s of
// virtual time (no network), 1000 requests served concurrently as net/http
// serves them, every handler timing out at exactly 5 s. The leaky version
// leaves exactly 1000 parked senders, the fixed one none, in well under a
// second of wall time. Since the leaked senders outlive the bubble's main
// task, the leaky bubble itself fails with Go's synctest deadlock; the
// counting is done inside fn, before it returns.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chan, go, recv, runtime, select, sync, time } from "../../src/index.js";
import { Deadlock, leaks, synctest } from "../../src/testing/index.js";

const REQUESTS = 1000;
const THIS_FILE = fileURLToPath(import.meta.url);

// ---- The seed's program, line for line (the network replaced by a fake upstream). ----

/** client.Get(url) + ioutil.ReadAll(resp.Body) against an upstream that answers after 10 s. */
async function slowUpstreamGet(_url: string): Promise<[Uint8Array, Error | null]> {
  await time.sleep(10 * time.Second);
  return [new TextEncoder().encode("<html>google</html>"), null];
}

/**
 * The seed's timeoutHttpGet with the result channel's capacity as a
 * parameter: 0 is the question's code, 1 the accepted answer's. The
 * question's `defer func() { ch = nil }()` is left out, as the answer says
 * to: it only made the late send block on a nil channel instead of an
 * unbuffered one, the same leak.
 */
function makeTimeoutHttpGet(capacity: 0 | 1) {
  return async function timeoutHttpGet(url: string): Promise<[Uint8Array, Error | null]> {
    interface Response {
      resp: Uint8Array;
      err: Error | null;
    }

    const ch = chan<Response>(capacity);

    go(async function fetch() {
      const [body, err] = await slowUpstreamGet(url);
      if (err !== null) {
        await ch.send({ resp: new Uint8Array(), err });
        return;
      }

      await ch.send({ resp: body, err }); // @send
    });

    return select<[Uint8Array, Error | null]>(
      recv(time.after(5 * time.Second), () => [new Uint8Array(), new Error("timeout")]),
      recv(ch, (response) => [response!.resp, response!.err]),
    );
  };
}

function makeHandler(capacity: 0 | 1) {
  const timeoutHttpGet = makeTimeoutHttpGet(capacity);
  return async function handler(): Promise<Error | null> {
    const [, err] = await timeoutHttpGet("http://google.com");
    return err;
  };
}

// ---- Driving it. ----

interface Seen {
  /** Virtual ms from the first request to the last handler returning. */
  handlersTook: number;
  errors: (string | null)[];
  /** Tasks in "chan send", as runtime.goroutines() lists them. */
  sendTasks: number;
  /** Operations parked in a send, as runtime.parked() lists them. */
  parkedSends: number;
  /** Every task but the bubble's main task. */
  otherTasks: number;
  leaked?: leaks.LeakedTask[];
}

/** Serve REQUESTS concurrent requests, wait until every upstream has answered, then look at the registry from inside fn. */
async function serve(capacity: 0 | 1, seen: Partial<Seen>, find = false): Promise<void> {
  const handler = makeHandler(capacity);
  const start = time.now();
  const wg = new sync.WaitGroup();
  const errors: (string | null)[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    wg.go(async () => {
      const err = await handler();
      errors.push(err === null ? null : err.message);
    });
  }
  await wg.wait();
  seen.handlersTook = time.since(start);
  seen.errors = errors;
  await time.sleep(10 * time.Second); // every upstream has answered by now
  seen.sendTasks = runtime.goroutines().filter((t) => t.state === "chan send").length;
  seen.parkedSends = runtime.parked().filter((op) => op.kind === "send").length;
  seen.otherTasks = runtime.goroutines().filter((t) => t.state !== "running").length;
  if (find) seen.leaked = await leaks.find();
}

interface Run {
  seen: Partial<Seen>;
  error: unknown;
  wallMs: number;
}

/** One bubble serving REQUESTS requests with the given channel capacity; leaks.find() runs inside it before fn returns. */
async function run(capacity: 0 | 1): Promise<Run> {
  const seen: Partial<Seen> = {};
  const wallStart = Date.now();
  let error: unknown = undefined;
  try {
    await synctest.test(() => serve(capacity, seen, true));
  } catch (e) {
    error = e;
  }
  return { seen, error, wallMs: Date.now() - wallStart };
}

/** `THIS_FILE:line:` of the code line ending in the marker comment `// @name`. */
function siteOf(name: string): string {
  const lines = readFileSync(THIS_FILE, "utf8").split("\n");
  const hits = lines.flatMap((l, i) => (l.trimEnd().endsWith(`// @${name}`) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`marker @${name} found ${hits.length} times`);
  return `${THIS_FILE}:${hits[0]}:`;
}

afterAll(() => {
  expect(runtime.numGoroutine()).toBe(0);
  expect(runtime.parked()).toEqual([]);
});

describe("seed 000: the leaky handler (unbuffered result channel)", () => {
  let leaky: Run;
  beforeAll(async () => {
    leaky = await run(0);
  });

  it("times every one of 1000 requests out after exactly 5 s of virtual time", () => {
    expect(leaky.seen.handlersTook).toBe(5 * time.Second);
    expect(leaky.seen.errors).toEqual(Array.from({ length: REQUESTS }, () => "timeout"));
  });

  it("leaves exactly 1000 fetch tasks parked in 'chan send' once the slow upstream has answered", () => {
    expect(leaky.seen.sendTasks).toBe(REQUESTS);
    expect(leaky.seen.parkedSends).toBe(REQUESTS);
    expect(leaky.seen.otherTasks).toBe(REQUESTS);
  });

  it("fails the bubble with 'main bubble goroutine has exited', dumping 1000 '[chan send (durable), synctest bubble N]' tasks", () => {
    expect(leaky.error).toBeInstanceOf(Deadlock);
    const d = leaky.error as Deadlock;
    expect(d.message.split("\n")[0]).toBe("deadlock: main bubble goroutine has exited but blocked goroutines remain");
    const headers = d.dump.match(/^goroutine \d+ \[chan send \(durable\), synctest bubble \d+\]:$/gm) ?? [];
    expect(headers).toHaveLength(REQUESTS);
    expect(d.dump.match(/^fetch\(\.\.\.\)$/gm) ?? []).toHaveLength(REQUESTS);
  });

  it("has leaks.find() report every parked fetch task at its send, each dump reading '[chan send (leaked)'", () => {
    expect(leaky.seen.leaked).toHaveLength(REQUESTS);
    for (const l of leaky.seen.leaked!) {
      expect(l.kind).toBe("send");
      expect(l.task.name).toBe("fetch");
      expect(l.site?.startsWith(siteOf("send"))).toBe(true);
      expect(l.dump).toMatch(/^goroutine \d+ \[chan send \(leaked\)/);
    }
  });

  it("runs 1000 requests of 5 s against a 10 s upstream in well under 5 s of wall time", () => {
    expect(leaky.wallMs).toBeLessThan(5000);
  });
});

describe("seed 000: the fixed handler (result channel of capacity 1)", () => {
  let fixed: Run;
  beforeAll(async () => {
    fixed = await run(1);
  });

  it("still times every one of 1000 requests out after exactly 5 s of virtual time", () => {
    expect(fixed.seen.handlersTook).toBe(5 * time.Second);
    expect(fixed.seen.errors).toEqual(Array.from({ length: REQUESTS }, () => "timeout"));
  });

  it("leaves no task behind once the slow upstream has answered, and the bubble ends cleanly", () => {
    expect(fixed.error).toBeUndefined();
    expect(fixed.seen.sendTasks).toBe(0);
    expect(fixed.seen.parkedSends).toBe(0);
    expect(fixed.seen.otherTasks).toBe(0);
  });

  it("has leaks.find() report nothing", () => {
    expect(fixed.seen.leaked).toEqual([]);
  });

  it("runs 1000 requests in well under 5 s of wall time", () => {
    expect(fixed.wallMs).toBeLessThan(5000);
  });
});
