// Shared by the gallery specs (gallery-000/002/004.spec.ts): run one program
// of examples/gallery.ts in a synctest bubble and state what it leaves -
// exactly how many tasks, in which state, parked at which line of the
// example (found by searching the example's source for the statement) - or
// that the fix leaves nothing. Everything is captured inside the bubble.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { Deadlock } from "../../src/testing/index.js";
import { dumpsOf, lineOf, program, run, type Outcome } from "../../examples/gallery.js";

export const REQUESTS = 20;

const abs = (file: string): string => fileURLToPath(new URL(`../../${file}`, import.meta.url));

export interface LeakSpec {
  /** Go's word for the state the leaked tasks are in. */
  state: string;
  /** A piece of the statement each leaked task is parked at (unique among the example's code lines). */
  statement: string;
  /** The task name the registry shows (omitted: not checked). */
  name?: string;
  /** Whether the dump block says "(durable)": the task is blocked on a runtime primitive inside the bubble. */
  /** Whether leaks.find() proves them leaked (a task parked on a channel nothing can reach). */
  found: "all" | "none";
  /** Why, when found is not "all". */
  because?: string;
  /** Run options other than the number of requests. */
  latencies?: number[];
}

/** The leaky program `id` leaves one task per request, each in `state` at `statement`; the bubble ends in Go's Deadlock. */
export function describeLeak(id: string, s: LeakSpec): void {
  const p = program(id);
  describe(`${p.file} (leaky): ${p.title}`, () => {
    let o: Outcome;
    let line: number;
    beforeAll(async () => {
      o = await run(p, { requests: REQUESTS, find: true, ...(s.latencies ? { latencies: s.latencies } : {}) });
      line = await lineOf(p.file, s.statement);
    });

    it(`answers all ${REQUESTS} requests`, () => {
      expect(o.unanswered).toBe(0);
    });

    it(`leaves exactly one task per timed-out request: ${p.expect}`, () => {
      expect(o.tasksLeft).toBe(REQUESTS);
      if (id !== "004/first-leaky") expect(o.timedOut).toBe(REQUESTS);
      expect(o.tasks).toHaveLength(REQUESTS);
    });

    it(`has every one in state "${s.state}" at ${s.statement} (${p.file}, the line found by searching the source)`, () => {
      for (const t of o.tasks) {
        expect(t.state).toBe(s.state);
        expect(t.blockedAt).toMatch(new RegExp(`^${abs(p.file).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${line}:\\d+$`));
        if (s.name !== undefined) expect(t.name).toBe(s.name);
      }
    });

    it("dumps each Go-style, durable, pointing at that line", () => {
      const dumps = dumpsOf(o.stack, o.tasks.map((t) => t.id));
      expect(dumps).toHaveLength(REQUESTS);
      for (const d of dumps) {
        const [header, , where] = d.split("\n");
        expect(header).toMatch(new RegExp(`^goroutine \\d+ \\[${s.state} \\(durable\\), synctest bubble \\d+\\]:$`));
        expect(where!.trim().startsWith(`${abs(p.file)}:${line}:`)).toBe(true);
      }
    });

    it("fails its bubble with 'main bubble goroutine has exited but blocked goroutines remain', listing exactly them", () => {
      expect(o.bubbleError).toBeInstanceOf(Deadlock);
      const d = o.bubbleError as Deadlock;
      expect(d.message.split("\n")[0]).toBe("deadlock: main bubble goroutine has exited but blocked goroutines remain");
      expect(d.dump.match(/^goroutine \d+ \[/gm) ?? []).toHaveLength(REQUESTS);
    });

    if (s.found === "all") {
      it("has leaks.find() prove every one leaked, at that line, '[... (leaked)'", () => {
        expect(o.leaked).toHaveLength(REQUESTS);
        for (const l of o.leaked!) {
          expect(l.site?.startsWith(`${abs(p.file)}:${line}:`)).toBe(true);
          expect(l.dump).toMatch(new RegExp(`^goroutine ${l.task.id} \\[${s.state} \\(leaked\\)`));
        }
      });
    } else {
      it(`is not something leaks.find() can prove: ${s.because}`, () => {
        expect(o.leaked).toEqual([]);
      });
    }
  });
}

export interface FixSpec {
  latencies?: number[];
  /** How many requests end in the timeout error / 503 (default: all). */
  timedOut?: number;
}

/** The fixed program `id` answers the same requests the same way and leaves no task, no parked operation and nothing for leaks.find(). */
export function describeFix(id: string, s: FixSpec = {}): void {
  const p = program(id);
  describe(`${p.file} (fixes ${p.fixes}): ${p.title}`, () => {
    let o: Outcome;
    beforeAll(async () => {
      o = await run(p, { requests: REQUESTS, find: true, ...(s.latencies ? { latencies: s.latencies } : {}) });
    });

    it(`answers all ${REQUESTS} requests as the leaky version does`, () => {
      expect(o.unanswered).toBe(0);
      expect(o.timedOut).toBe(s.timedOut ?? REQUESTS);
    });

    it(`leaves no task and no parked operation: ${p.expect}`, () => {
      expect(o.tasksLeft).toBe(0);
      expect(o.tasks).toEqual([]);
      expect(o.parked).toEqual([]);
    });

    it("has leaks.find() report nothing, and the bubble ends cleanly", () => {
      expect(o.leaked).toEqual([]);
      expect(o.bubbleError).toBeUndefined();
    });
  });
}
