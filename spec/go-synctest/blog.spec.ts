// Ports of the tests in Go's two blog posts on testing/synctest, written as a
// user of ts-csp-style/testing would write them from the README:
// "Testing concurrent code with testing/synctest" (go.dev/blog/synctest,
// Go 1.24) and "Testing Time (and other asyncronicities)"
// (go.dev/blog/testing-time, Go 1.25). The Go text of each test is in the
// comment above its port. Go's `synctest.Run(func() {...})` and
// `synctest.Test(t, func(t *testing.T) {...})` are
// `await synctest.test(async () => {...})`; `t.Fatalf`, `t.Errorf` and the
// values `t.Log` shows in the post are `expect`s; `t.Context()` is
// `context.background()` (a bubble has no `t`).
//
// Not ported: the first post's HTTP test (`Test`, "100 Continue" over
// net.Pipe), which needs net/http's Transport; the second post's tests with
// real time (slow or flaky, as the post shows) and with a hypothetical
// fake-clock API (`context.WithDeadlineClock`).
import { describe, expect, it } from "vitest";
import { chan, context, go, recv, select, time } from "../../src/index.js";
import { Deadlock, synctest } from "../../src/testing/index.js";

describe("go.dev/blog/synctest", () => {
  describe("TestAfterFunc", () => {
    // The post's first attempt, before synctest: a helper that waits 10 ms of
    // real time, which makes the test slow and flaky. In a bubble the 10 ms
    // are virtual, so the same helper is neither.
    //
    //     func TestAfterFunc(t *testing.T) {
    //         ctx, cancel := context.WithCancel(context.Background())
    //
    //         calledCh := make(chan struct{}) // closed when AfterFunc is called
    //         context.AfterFunc(ctx, func() {
    //             close(calledCh)
    //         })
    //
    //         // funcCalled reports whether the function was called.
    //         funcCalled := func() bool {
    //             select {
    //             case <-calledCh:
    //                 return true
    //             case <-time.After(10 * time.Millisecond):
    //                 return false
    //             }
    //         }
    //
    //         if funcCalled() {
    //             t.Fatalf("AfterFunc function called before context is canceled")
    //         }
    //
    //         cancel()
    //
    //         if !funcCalled() {
    //             t.Fatalf("AfterFunc function not called after context is canceled")
    //         }
    //     }
    it("with a 10 ms time.After helper: reliable in a bubble, where the 10 ms are virtual", async () => {
      await synctest.test(async () => {
        const [ctx, cancel] = context.withCancel(context.background());

        const calledCh = chan<void>(); // closed when AfterFunc is called
        context.afterFunc(ctx, () => {
          calledCh.close();
        });

        // funcCalled reports whether the function was called.
        const funcCalled = (): Promise<boolean> =>
          select(
            recv(calledCh, () => true),
            recv(time.after(10 * time.Millisecond), () => false),
          );

        expect(await funcCalled(), "AfterFunc function called before context is canceled").toBe(false);

        cancel();

        expect(await funcCalled(), "AfterFunc function not called after context is canceled").toBe(true);
      });
    });

    //     func TestAfterFunc(t *testing.T) {
    //         synctest.Run(func() {
    //             ctx, cancel := context.WithCancel(context.Background())
    //
    //             funcCalled := false
    //             context.AfterFunc(ctx, func() {
    //                 funcCalled = true
    //             })
    //
    //             synctest.Wait()
    //             if funcCalled {
    //                 t.Fatalf("AfterFunc function called before context is canceled")
    //             }
    //
    //             cancel()
    //
    //             synctest.Wait()
    //             if !funcCalled {
    //                 t.Fatalf("AfterFunc function not called after context is canceled")
    //             }
    //         })
    //     }
    it("calls context.afterFunc's function only once the context is cancelled", async () => {
      await synctest.test(async () => {
        const [ctx, cancel] = context.withCancel(context.background());

        let funcCalled = false;
        context.afterFunc(ctx, () => {
          funcCalled = true;
        });

        await synctest.wait();
        expect(funcCalled, "AfterFunc function called before context is canceled").toBe(false);

        cancel();

        await synctest.wait();
        expect(funcCalled, "AfterFunc function not called after context is canceled").toBe(true);
      });
    });
  });

  describe("TestWithTimeout", () => {
    //     func TestWithTimeout(t *testing.T) {
    //         synctest.Run(func() {
    //             const timeout = 5 * time.Second
    //             ctx, cancel := context.WithTimeout(context.Background(), timeout)
    //             defer cancel()
    //
    //             // Wait just less than the timeout.
    //             time.Sleep(timeout - time.Nanosecond)
    //             synctest.Wait()
    //             if err := ctx.Err(); err != nil {
    //                 t.Fatalf("before timeout, ctx.Err() = %v; want nil", err)
    //             }
    //
    //             // Wait the rest of the way until the timeout.
    //             time.Sleep(time.Nanosecond)
    //             synctest.Wait()
    //             if err := ctx.Err(); err != context.DeadlineExceeded {
    //                 t.Fatalf("after timeout, ctx.Err() = %v; want DeadlineExceeded", err)
    //             }
    //         })
    //     }
    it("leaves the context alive a nanosecond before its timeout and cancels it at the timeout", async () => {
      await synctest.test(async () => {
        const timeout = 5 * time.Second;
        const [ctx, cancel] = context.withTimeout(context.background(), timeout);
        try {
          // Wait just less than the timeout.
          await time.sleep(timeout - time.Nanosecond);
          await synctest.wait();
          expect(ctx.err(), "before timeout, ctx.Err()").toBeNull();

          // Wait the rest of the way until the timeout.
          await time.sleep(time.Nanosecond);
          await synctest.wait();
          expect(ctx.err(), "after timeout, ctx.Err()").toBe(context.DeadlineExceeded);
        } finally {
          cancel();
        }
      });
    });
  });
});

describe("go.dev/blog/testing-time", () => {
  describe("TestWithDeadlineAfterDeadline", () => {
    //     func TestWithDeadlineAfterDeadline(t *testing.T) {
    //         synctest.Test(t, func(t *testing.T) {
    //             deadline := time.Now().Add(1 * time.Second)
    //             ctx, _ := context.WithDeadline(t.Context(), deadline)
    //
    //             time.Sleep(time.Until(deadline))
    //             synctest.Wait()
    //             if err := ctx.Err(); err != context.DeadlineExceeded {
    //                 t.Fatalf("context not canceled after deadline")
    //             }
    //         })
    //     }
    it("cancels the context once the clock reaches its deadline", async () => {
      await synctest.test(async () => {
        const deadline = time.now() + 1 * time.Second;
        const [ctx] = context.withDeadline(context.background(), deadline);

        await time.sleep(time.until(deadline));
        await synctest.wait();
        expect(ctx.err(), "context not canceled after deadline").toBe(context.DeadlineExceeded);
      });
    });
  });

  describe("TestAtSpecificTime", () => {
    //     func TestAtSpecificTime(t *testing.T) {
    //        synctest.Test(t, func(t *testing.T) {
    //            // 2000-01-01 00:00:00 +0000 UTC
    //            t.Log(time.Now().In(time.UTC))
    //
    //            // This does not take 25 years.
    //            time.Sleep(time.Until(
    //                time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)))
    //
    //            // 2025-01-01 00:00:00 +0000 UTC
    //            t.Log(time.Now().In(time.UTC))
    //        })
    //     }
    it("starts at 2000-01-01 UTC and sleeps to 2025-01-01 UTC exactly", async () => {
      await synctest.test(async () => {
        expect(new Date(time.now()).toISOString()).toBe("2000-01-01T00:00:00.000Z");

        // This does not take 25 years.
        await time.sleep(time.until(Date.UTC(2025, 0, 1, 0, 0, 0, 0)));

        expect(new Date(time.now()).toISOString()).toBe("2025-01-01T00:00:00.000Z");
      });
    });
  });

  describe("TestExpensiveWork", () => {
    //     func TestExpensiveWork(t *testing.T) {
    //        synctest.Test(t, func(t *testing.T) {
    //            start := time.Now()
    //            for range 1e7 {
    //                // do expensive work
    //            }
    //            t.Log(time.Since(start)) // 0s
    //        })
    //     }
    it("takes no virtual time for computation, however long it runs", async () => {
      await synctest.test(async () => {
        const start = time.now();
        let work = 0;
        for (let i = 0; i < 1e7; i++) {
          // do expensive work
          work += i & 1;
        }
        expect(work).toBe(5e6);
        expect(time.since(start)).toBe(0);
      });
    });
  });

  describe("TestSleep", () => {
    //     func TestSleep(t *testing.T) {
    //        synctest.Test(t, func(t *testing.T) {
    //            start := time.Now()
    //            time.Sleep(10 * time.Second)
    //            t.Log(time.Since(start)) // 10s
    //        })
    //     }
    it("returns from a 10 s sleep with exactly 10 s of virtual time passed", async () => {
      await synctest.test(async () => {
        const start = time.now();
        await time.sleep(10 * time.Second);
        expect(time.since(start)).toBe(10 * time.Second);
      });
    });
  });

  describe("TestWait", () => {
    //     func TestWait(t *testing.T) {
    //        synctest.Test(t, func(t *testing.T) {
    //            done := false
    //            go func() {
    //                done = true
    //            }()
    //
    //            // Wait for the above goroutine to finish.
    //            synctest.Wait()
    //
    //            t.Log(done) // true
    //        })
    //     }
    it("sees what a task did once synctest.wait() returns", async () => {
      await synctest.test(async () => {
        let done = false;
        go(() => {
          done = true;
        });

        // Wait for the above goroutine to finish.
        await synctest.wait();

        expect(done).toBe(true);
      });
    });
  });

  describe("TestTimeDataRace", () => {
    // Go's race detector reports the unsynchronized read; JavaScript has no
    // data races, and the post says the fake clock lets the task finish
    // before the sleep returns. Both ports check that.
    //
    //     func TestTimeDataRace(t *testing.T) {
    //        synctest.Test(t, func(t *testing.T) {
    //            done := false
    //            go func() {
    //                done = true // write
    //            }()
    //
    //            time.Sleep(1 * time.Nanosecond)
    //
    //            t.Log(done)     // read (unsynchronized)
    //        })
    //     }
    it("lets a task run before a 1 ns sleep returns", async () => {
      await synctest.test(async () => {
        let done = false;
        go(() => {
          done = true; // write
        });

        await time.sleep(1 * time.Nanosecond);

        expect(done).toBe(true); // read
      });
    });

    //     time.Sleep(1 * time.Nanosecond)
    //     synctest.Wait() // synchronize
    //     t.Log(done)     // read
    it("with synctest.wait() after the sleep, as the post's fix", async () => {
      await synctest.test(async () => {
        let done = false;
        go(() => {
          done = true; // write
        });

        await time.sleep(1 * time.Nanosecond);
        await synctest.wait(); // synchronize
        expect(done).toBe(true); // read
      });
    });
  });

  describe("TestIOCopy", () => {
    // io.Pipe is a synchronous in-memory pipe: a write blocks until a read
    // takes it. An unbuffered channel is that pipe, and io.Copy the task
    // that ranges over it.
    //
    //     func TestIOCopy(t *testing.T) {
    //        synctest.Test(t, func(t *testing.T) {
    //            srcReader, srcWriter := io.Pipe()
    //            defer srcWriter.Close()
    //
    //            var dst bytes.Buffer
    //            go io.Copy(&dst, srcReader)
    //
    //            data := "1234"
    //            srcWriter.Write([]byte("1234"))
    //            synctest.Wait()
    //
    //            if got, want := dst.String(), data; got != want {
    //                t.Errorf("Copy wrote %q, want %q", got, want)
    //            }
    //        })
    //     }
    it("sees a copying task write what was sent, without waiting to fill a buffer", async () => {
      await synctest.test(async () => {
        const src = chan<string>(); // srcReader, srcWriter := io.Pipe()
        try {
          let dst = "";
          go(async function copy() {
            for await (const chunk of src) dst += chunk;
          });

          const data = "1234";
          await src.send("1234");
          await synctest.wait();

          expect(dst, "Copy wrote").toBe(data);
        } finally {
          src.close();
        }
      });
    });
  });

  describe("TestWaitForGoroutine", () => {
    //     func TestWaitForGoroutine(t *testing.T) {
    //         synctest.Test(t, func(t *testing.T) {
    //             go func() {
    //                 // This runs before synctest.Test returns.
    //             }()
    //         })
    //     }
    it("runs a task started by fn before synctest.test resolves", async () => {
      let ran = false;
      await synctest.test(() => {
        go(() => {
          // This runs before synctest.Test returns.
          ran = true;
        });
      });
      expect(ran).toBe(true);
    });
  });

  describe("TestDoNotWaitForTimer", () => {
    //     func TestDoNotWaitForTimer(t *testing.T) {
    //         synctest.Test(t, func(t *testing.T) {
    //             time.AfterFunc(1 * time.Nanosecond, func() {
    //                 // This never runs.
    //             })
    //         })
    //     }
    it("never runs a 1 ns afterFunc when fn returns first: time stops with fn", async () => {
      let ran = false;
      await synctest.test(() => {
        time.afterFunc(1 * time.Nanosecond, () => {
          // This never runs.
          ran = true;
        });
      });
      expect(ran).toBe(false);
    });
  });

  describe("TestDeadlock", () => {
    //     func TestDeadlock(t *testing.T) {
    //         synctest.Test(t, func(t *testing.T) {
    //             go func() {
    //                 // This sleep never returns and the test deadlocks.
    //                 time.Sleep(1 * time.Nanosecond)
    //             }()
    //         })
    //     }
    //
    //     panic: deadlock: main bubble goroutine has exited but blocked goroutines remain [recovered, repanicked]
    //     goroutine 10 [sleep (durable), synctest bubble 1]:
    it("deadlocks when fn returns while a task sleeps 1 ns, with the sleeper durably blocked in the dump", async () => {
      const run = synctest.test(() => {
        go(async () => {
          // This sleep never returns and the test deadlocks.
          await time.sleep(1 * time.Nanosecond);
        });
      });
      const err = await run.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Deadlock);
      const d = err as Deadlock;
      expect(d.message.split("\n")[0]).toBe("deadlock: main bubble goroutine has exited but blocked goroutines remain");
      expect(d.dump).toMatch(/^goroutine \d+ \[sleep \(durable\), synctest bubble \d+\]:/m);
    });
  });
});
