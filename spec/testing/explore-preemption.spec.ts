// An exploring scheduler may preempt a task at every operation that could
// complete at once. The fairness check on that path counts operations down
// between looks; a bubble must not inherit the count left by code that ran
// before it, or its first preemption points would depend on that code.
import { describe, expect, it } from "vitest";
import { chan, go } from "../../src/index.js";
import { explore } from "../../src/testing/index.js";

async function program(): Promise<void> {
  const ch = chan<number>(4);
  go(async function producer() {
    for (let i = 0; i < 3; i++) await ch.send(i);
  });
  for (let i = 0; i < 3; i++) await ch.recv();
}

describe("explore: preemption points", () => {
  it("explores as many schedules after ready operations outside any bubble as before them", async () => {
    const first = await explore(program, { exhaustive: { preemptions: 1 } });
    const ch = chan<number>(1);
    for (let i = 0; i < 10; i++) {
      await ch.send(i);
      await ch.recv();
    }
    const again = await explore(program, { exhaustive: { preemptions: 1 } });
    expect(again.runs).toBe(first.runs);
    expect(first.runs).toBeGreaterThan(1);
  });
});
