// The Subscription loop of "Advanced Go Concurrency Patterns", ported
// (examples/subscription): a select loop whose cases assign nil-able
// channels, break out of the select and return from the loop. Each run is in
// a synctest bubble: fetch delays of seconds in no wall time, and a loop
// left running would fail the bubble.
import { afterEach, describe, expect, it } from "vitest";
import { runtime, time } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";
import * as fmt from "../../examples/gobyexample/fmt.js";
import * as fakemain from "../../examples/subscription/fakemain.js";
import { merge } from "../../examples/subscription/merge.js";
import { subscribe, type Fetcher, type Item } from "../../examples/subscription/subscription.js";

afterEach(() => fmt.setOutput(null));

function item(n: number, channel = "feed"): Item {
  return { title: `Item ${n}`, channel, guid: `${channel}/Item ${n}` };
}

/** A Fetcher that replays `script`, one entry per call, then fetches nothing every second. */
function scripted(script: { items?: Item[]; after?: number; err?: Error; takes?: number }[]): Fetcher & { calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    async fetch() {
      calls.push(time.now());
      const step = script.shift() ?? { after: time.Second };
      if (step.takes !== undefined) await time.sleep(step.takes);
      return [step.items ?? [], time.now() + (step.after ?? 0), step.err ?? null];
    },
  };
}

describe("the Subscription loop, ported", () => {
  it("delivers every fetched item once, in order, dropping duplicates, and close returns null and closes updates", async () => {
    await synctest.test(async () => {
      const f = scripted([{ items: [item(0), item(1)], after: time.Second }, { items: [item(1), item(2)], after: time.Second }]);
      const s = subscribe(f);
      const got: string[] = [];
      for (let i = 0; i < 3; i++) {
        const [it, ok] = await s.updates().recv();
        if (ok) got.push(it.title);
      }
      expect(got).toEqual(["Item 0", "Item 1", "Item 2"]);
      expect(await s.close()).toBeNull();
      expect(await s.updates().recv()).toEqual([undefined, false]);
    });
  });

  it("waits for the time the fetcher asks before fetching again", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const f = scripted([{ items: [item(0)], after: 2 * time.Second }, { items: [item(1)], after: 5 * time.Second }]);
      const s = subscribe(f);
      await s.updates().recv();
      await s.updates().recv();
      expect(f.calls.map((t) => t - start)).toEqual([0, 2 * time.Second]);
      await s.close();
    });
  });

  it("after a fetch error fetches again only 10 s later, and close returns that error", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const boom = new Error("feed down");
      const f = scripted([{ err: boom }, { items: [item(0)], after: time.Hour }]);
      const s = subscribe(f);
      const [it] = await s.updates().recv();
      expect(it?.title).toBe("Item 0");
      expect(f.calls.map((t) => t - start)).toEqual([0, 10 * time.Second]);
      await time.sleep(time.Minute);
      expect(f.calls).toHaveLength(2);
      // The second fetch succeeded: err is its (null) error again.
      expect(await s.close()).toBeNull();
    });
  });

  it("returns the last fetch error from close", async () => {
    await synctest.test(async () => {
      const boom = new Error("feed down");
      const s = subscribe(scripted([{ err: boom }]));
      await time.sleep(time.Second);
      expect(await s.close()).toBe(boom);
    });
  });

  it("answers close at once while a slow fetch is in flight, and that fetch's goroutine still ends", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const s = subscribe(scripted([{ items: [item(0)], takes: 5 * time.Second }]));
      await time.sleep(time.Second);
      expect(await s.close()).toBeNull();
      expect(time.since(start)).toBe(time.Second);
      // The fetch finishes at 5 s and sends into fetchDone's buffer, which
      // nobody reads any more: its goroutine ends all the same.
      await time.sleep(4 * time.Second);
    });
  });

  it("starts no fetch while 10 items are pending and nobody receives", async () => {
    await synctest.test(async () => {
      const f = scripted(Array.from({ length: 20 }, (_, i) => ({ items: [item(i)], after: time.Second })));
      const s = subscribe(f);
      await time.sleep(time.Minute);
      expect(f.calls).toHaveLength(10);
      await s.updates().recv();
      await time.sleep(time.Minute);
      expect(f.calls).toHaveLength(11);
      await s.close();
    });
  });

  it("merges subscriptions, and closing the merge closes each of them", async () => {
    await synctest.test(async () => {
      const a = scripted([{ items: [item(0, "a")], after: time.Hour }]);
      const b = scripted([{ err: new Error("b is down") }]);
      const m = merge(subscribe(a), subscribe(b));
      const [it] = await m.updates().recv();
      expect(it?.channel).toBe("a");
      expect((await m.close())?.message).toBe("b is down");
      expect(await m.updates().recv()).toEqual([undefined, false]);
    });
  });
});

describe("fakemain, ported", () => {
  it("prints the three feeds' items as they come for 3 s, then closed: <nil>, and panics with every loop stopped", async () => {
    const intn = fakemain.rand.Intn;
    fakemain.rand.Intn = () => 2; // every fetch asks for the next in 1 s
    let out = "";
    fmt.setOutput((text) => (out += text));
    try {
      await synctest.test(async () => {
        await expect(fakemain.main()).rejects.toThrow("show me the stacks");
        // What Go's panic would dump: main's goroutine alone, every loop stopped.
        await time.sleep(time.Second);
        expect(runtime.goroutines().filter((g) => g.state !== "running")).toEqual([]);
      });
    } finally {
      fakemain.rand.Intn = intn;
    }
    const lines = out.split("\n").slice(0, -1);
    const feeds = ["blog.golang.org", "googleblog.blogspot.com", "googledevelopers.blogspot.com"];
    // Each feed fetches at 0, 1 and 2 s. At 3 s the close and the fourth
    // fetches are due together (Go would race them); the close was armed
    // first, so here it goes first and no Item 3 is sent.
    expect(lines).toEqual([0, 1, 2].flatMap((n) => feeds.map((feed) => `${feed} Item ${n}`)).concat(["closed: <nil>"]));
  });
});
