// The wait queue behind every channel (Go's waitq): FIFO, O(1) withdrawal
// from anywhere, and storage bounded by the waiters it holds (DESIGN.md,
// invariant 2).
import { describe, expect, it } from "vitest";
import { chan } from "../../src/index.js";
import { WaitQueue } from "../../src/chan/waitqueue.js";
import { RECV, Waiter } from "../../src/chan/waiter.js";

const ch = chan<number>();
const waiters = (n: number): Waiter[] => Array.from({ length: n }, () => new Waiter(ch, RECV));

function queueOf(ws: Waiter[]): WaitQueue {
  const q = new WaitQueue(ws[0]!);
  for (const w of ws.slice(1)) q.push(w);
  return q;
}

/** Take every waiter from the head, as a channel serves them. */
function drain(q: WaitQueue): Waiter[] {
  const out: Waiter[] = [];
  for (let w = q.peek(); w !== null; w = q.peek()) {
    q.remove(w);
    out.push(w);
  }
  return out;
}

describe("WaitQueue", () => {
  it("serves waiters in the order they arrived", () => {
    const ws = waiters(50);
    expect(drain(queueOf(ws))).toEqual(ws);
  });

  it("skips a waiter withdrawn from the middle and keeps the order of the rest", () => {
    const ws = waiters(5);
    const q = queueOf(ws);
    q.remove(ws[2]!);
    expect(q.size).toBe(4);
    expect(drain(q)).toEqual([ws[0], ws[1], ws[3], ws[4]]);
  });

  it("moves its head to the next waiter when the head and the one after it are withdrawn", () => {
    const ws = waiters(4);
    const q = queueOf(ws);
    q.remove(ws[1]!);
    q.remove(ws[0]!);
    expect(q.peek()).toBe(ws[2]);
  });

  it("marks a waiter as in no queue once it leaves", () => {
    const [a, b] = waiters(2);
    const q = queueOf([a!, b!]);
    expect(a!.queued).toBe(true);
    q.remove(a!);
    expect(a!.queued).toBe(false);
    expect(b!.queued).toBe(true);
  });

  it("has no head and no slots in use once emptied, and serves waiters pushed after that in order", () => {
    const ws = waiters(3);
    const q = queueOf(ws);
    for (const w of ws) q.remove(w);
    expect(q.peek()).toBeNull();
    expect(q.size).toBe(0);
    expect(q.slots).toBe(0);
    const more = waiters(3);
    for (const w of more) q.push(w);
    expect(drain(q)).toEqual(more);
  });

  it("stays within a few dozen slots while waiters behind a long-lived head come and are withdrawn 100,000 times", () => {
    const [head] = waiters(1);
    const q = new WaitQueue(head!);
    let maxSlots = 0;
    for (let i = 0; i < 100_000; i++) {
      const w = new Waiter(ch, RECV);
      q.push(w);
      maxSlots = Math.max(maxSlots, q.slots, q.capacity);
      q.remove(w);
    }
    expect(maxSlots).toBeLessThanOrEqual(32);
    expect(q.peek()).toBe(head);
    expect(q.size).toBe(1);
  });

  it("keeps order and positions through compaction when every other waiter is withdrawn", () => {
    const ws = waiters(1000);
    const q = queueOf(ws);
    for (let i = 0; i < ws.length; i += 2) q.remove(ws[i]!);
    const more = waiters(1000);
    for (const w of more) q.push(w);
    // Withdrawing by position after the compaction finds each waiter's slot.
    for (let i = 3; i < ws.length; i += 4) q.remove(ws[i]!);
    const kept = ws.filter((_, i) => i % 2 === 1 && i % 4 !== 3);
    expect(drain(q)).toEqual([...kept, ...more]);
  });

  it("gives back the storage of a queue that held many waiters once it empties", () => {
    const ws = waiters(10_000);
    const q = queueOf(ws);
    expect(q.capacity).toBeGreaterThanOrEqual(10_000);
    drain(q);
    expect(q.capacity).toBeLessThanOrEqual(32);
  });
});
