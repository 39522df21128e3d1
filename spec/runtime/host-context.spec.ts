import { describe, expect, it } from "vitest";
import { time } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";
import { hostDelay } from "./_helpers.js";

// Node carries the async context of whoever arms a host timer into its
// callback. The runtime's one host timer is armed by whichever task first
// needs it, so its firings must run outside every task, or a task of a
// bubble that ended long ago would own what the real clock starts.
describe("the real clock's host timer", () => {
  it("starts an outside afterFunc outside every bubble even when a bubble's task armed it", async () => {
    let slept = false;
    const t = time.afterFunc(time.Hour, async () => {
      await time.sleep(1);
      slept = true;
    });
    await synctest.test(async () => {
      t.reset(20);
    });
    await hostDelay(200);
    expect(slept).toBe(true);
  });
});
