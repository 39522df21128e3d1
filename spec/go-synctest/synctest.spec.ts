// Ports of Go's internal/synctest tests (golang/go src/internal/synctest/synctest_test.go)
// to ts-csp-style/testing. Each describe block names the Go test it ports and
// keeps its structure and checks: Go's `synctest.Run(func() {...})` is
// `await synctest.test(async () => {...})`; a `t.Errorf` inside the bubble is
// an `expect` there (a failed expect in a bubble task fails the bubble, so
// the test fails); Go's `defer wantPanic(t, "deadlock: ...")` is a rejection
// with a `Deadlock` whose message starts with the same words (it goes on with
// the dump).
import { describe, expect, it } from "vitest";
import { chan, go, otherwise, recv, runtime, select, sync, time, type Chan } from "../../src/index.js";
import { Deadlock, synctest } from "../../src/testing/index.js";

/** Go's start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) */
const START = Date.UTC(2000, 0, 1, 0, 0, 0, 0);

/** The error `p` rejects with (fails the test if it resolves). */
async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the bubble to fail, it passed");
}

/** Go's wantPanic(t, want) for a synctest deadlock: a Deadlock whose first line is `want`. */
async function expectDeadlock(p: Promise<unknown>, want: string): Promise<Deadlock> {
  const err = await rejectionOf(p);
  expect(err).toBeInstanceOf(Deadlock);
  const d = err as Deadlock;
  expect(d.message.split("\n")[0]).toBe(want);
  return d;
}

describe("TestNow", () => {
  it("starts the clock at 2000-01-01 00:00:00 UTC, shows it to new tasks, and advances it by a sleep", async () => {
    await synctest.test(async () => {
      // Time starts at 2000-1-1 00:00:00.
      expect(time.now(), "at start: time.Now").toBe(START);
      go(() => {
        // New goroutines see the same fake clock.
        expect(time.now(), "time.Now").toBe(START);
      });
      // Time advances after a sleep.
      await time.sleep(1 * time.Second);
      expect(time.now(), "after sleep: time.Now").toBe(START + 1 * time.Second);
    });
  });
});

describe("TestSimpleWait", () => {
  it("returns from synctest.wait() at once when the bubble has no other task", async () => {
    await synctest.test(async () => {
      await synctest.wait();
    });
  });
});

describe("TestGoroutineWait", () => {
  it("returns from synctest.wait() once a task that does nothing has exited", async () => {
    await synctest.test(async () => {
      go(() => {});
      await synctest.wait();
    });
  });
});

describe("TestWait", () => {
  // TestWait starts a collection of goroutines.
  // It checks that synctest.Wait waits for all goroutines to exit before returning.
  it("waits in synctest.wait() until a chain of 100 tasks, each starting the next, has finished", async () => {
    await synctest.test(async () => {
      let done = false;
      const ch = chan<number>();
      const f = async (): Promise<void> => {
        const [count] = await ch.recv();
        if (count === 0) {
          done = true;
        } else {
          go(f);
          await ch.send(count! - 1);
        }
      };
      go(f);
      await ch.send(100);
      await synctest.wait();
      expect(done, "done").toBe(true);
    });
  });
});

describe("TestTimerReadBeforeDeadline", () => {
  it("blocks a receive on a 5 s timer's channel for exactly 5 s of virtual time", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const tm = time.newTimer(5 * time.Second);
      await tm.c.recv();
      expect(time.since(start), "after sleep: time.Since(start)").toBe(5 * time.Second);
    });
  });
});

describe("TestTimerReadAfterDeadline", () => {
  it("delivers the firing time on a timer's channel read long after its deadline", async () => {
    await synctest.test(async () => {
      const delay = 1 * time.Second;
      const want = time.now() + delay;
      const tm = time.newTimer(delay);
      await time.sleep(2 * delay);
      const [got] = await tm.c.recv();
      expect(got, "<-tm.C").toBe(want);
    });
  });
});

describe("TestTimerReset", () => {
  it("fires a reset timer at the new deadline counted from the reset, each time", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const tm = time.newTimer(1 * time.Second);
      expect((await tm.c.recv())[0], "first sleep: <-tm.C").toBe(start + 1 * time.Second);

      tm.reset(2 * time.Second);
      expect((await tm.c.recv())[0], "second sleep: <-tm.C").toBe(start + (1 + 2) * time.Second);

      tm.reset(3 * time.Second);
      await time.sleep(1 * time.Second);
      tm.reset(3 * time.Second);
      expect((await tm.c.recv())[0], "third sleep: <-tm.C").toBe(start + (1 + 2 + 4) * time.Second);
    });
  });
});

describe("TestTimerRunsImmediately", () => {
  // TestTimerRunsImmediately verifies that a 0-duration timer sends on its channel
  // without waiting for the bubble to block.
  it("makes a 0-duration timer's channel readable at once, with the start time", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const tm = time.newTimer(0);
      await select(
        recv(tm.c, (got) => {
          expect(got, "<-tm.C").toBe(start);
        }),
        otherwise(() => {
          expect.fail("0-duration timer channel is not readable; want it to be");
        }),
      );
    });
  });
});

describe("TestAfterFuncRunsImmediately", () => {
  // TestAfterFuncRunsImmediately verifies that a 0-duration AfterFunc is scheduled
  // without waiting for the bubble to block.
  it("starts a 0-duration afterFunc while the main task only yields and never blocks", async () => {
    await synctest.test(async () => {
      let b = false;
      time.afterFunc(0, () => {
        b = true;
      });
      // Go spins on `for !b.Load() { runtime.Gosched() }`; bounded here so a
      // broken runtime fails the test instead of hanging it.
      for (let i = 0; !b && i < 10_000; i++) {
        await runtime.gosched();
      }
      expect(b, "0-duration AfterFunc ran").toBe(true);
    });
  });
});

describe("TestDeadlockRoot", () => {
  it("fails with 'deadlock: all goroutines in bubble are blocked' when the main task selects on nothing", async () => {
    await expectDeadlock(
      synctest.test(async () => {
        await select();
      }),
      "deadlock: all goroutines in bubble are blocked",
    );
  });
});

describe("TestDeadlockChild", () => {
  it("fails with 'deadlock: main bubble goroutine has exited but blocked goroutines remain' when fn returns leaving a task in select {}", async () => {
    await expectDeadlock(
      synctest.test(() => {
        go(async () => {
          await select();
        });
      }),
      "deadlock: main bubble goroutine has exited but blocked goroutines remain",
    );
  });
});

describe("TestDeadlockTicker", () => {
  // Go: "Time stops once the bubble's main goroutine has exited"
  // (runtime/synctest.go), so the ticker never ticks and its reader is
  // reported as blocked.
  it("fails with 'deadlock: main bubble goroutine has exited but blocked goroutines remain' when fn returns leaving a task ranging over a ticker", async () => {
    let ran = false;
    await expectDeadlock(
      synctest.test(() => {
        go(async () => {
          for await (const _ of time.tick(1 * time.Second)!) {
            ran = true; // t.Errorf("ticker unexpectedly ran")
            return;
          }
        });
      }),
      "deadlock: main bubble goroutine has exited but blocked goroutines remain",
    );
    expect(ran, "ticker unexpectedly ran").toBe(false);
  });
});

describe("TestWaitGroupInBubble", () => {
  it("blocks WaitGroup.wait() for exactly the 1 s the other task sleeps before done()", async () => {
    await synctest.test(async () => {
      const wg = new sync.WaitGroup();
      wg.add(1);
      const delay = 1 * time.Second;
      go(async () => {
        await time.sleep(delay);
        wg.done();
      });
      const start = time.now();
      await wg.wait();
      expect(time.since(start), "WaitGroup.Wait() took").toBe(delay);
    });
  });
});

describe("TestChannelFromOutsideBubble", () => {
  // A channel made outside the bubble may be used inside it; blocking on it is
  // not durable (Go: only bubbled channels block durably), so the bubble
  // neither deadlocks nor advances but waits for the outside world, here a
  // real 1 ms timer that acts on the channel.
  const choutside = chan<void>();
  const cases: { desc: string; outside: (ch: Chan<number>) => unknown; inside: (ch: Chan<number>) => Promise<unknown> }[] = [
    {
      desc: "read closed",
      outside: (ch) => ch.close(),
      inside: (ch) => ch.recv(),
    },
    {
      desc: "read value",
      outside: (ch) => ch.send(0),
      inside: (ch) => ch.recv(),
    },
    {
      desc: "write value",
      outside: (ch) => ch.recv(),
      inside: (ch) => ch.send(0),
    },
    {
      desc: "select outside only",
      outside: (ch) => ch.close(),
      inside: (ch) => select(recv(ch), recv(choutside)),
    },
    {
      desc: "select mixed",
      outside: (ch) => ch.close(),
      inside: (ch) => {
        const ch2 = chan<void>();
        return select(recv(ch), recv(ch2));
      },
    },
  ];
  for (const test of cases) {
    it(`${test.desc}: waits, without a deadlock, for the outside world to act on a channel made outside the bubble`, async () => {
      const ch = chan<number>();
      time.afterFunc(1 * time.Millisecond, () => test.outside(ch));
      await synctest.test(async () => {
        await test.inside(ch);
      });
    });
  }
});
