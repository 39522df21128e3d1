// The property suite shared by every program of the bugs/ corpus (issue 5).
// One describe per program: FIFO, random exploration, bounded-exhaustive
// exploration, fast-check shrinking, replay, and the fix under the same
// exploration. Measured numbers are printed as `[bugs] name: key=value`
// lines; bugs/README.md's table copies them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explore, schedule, Schedule, ScheduleFailure, synctest } from "../../src/testing/index.js";

export interface BugCase {
  /** The folder under bugs/. */
  name: string;
  buggy: () => Promise<void>;
  fixed: () => Promise<void>;
  /** What the buggy program's failure says: the planted bug, nothing else. */
  symptom: RegExp;
  /** Whether the buggy program fails under the all-zero (FIFO) schedule. */
  fifoFails: boolean;
  /** Random schedules (explore seed 1) within which the bug must be found; the fix must pass as many. */
  runs: number;
  /** Preemption bound of the exhaustive mode, for the buggy and the fixed program alike. */
  preemptions: number;
  /** Longest acceptable shrunk schedule, in choices. */
  maxShrunk: number;
}

const measured = new Map<string, Record<string, string | number | boolean>>();

function record(name: string, key: string, value: string | number | boolean): void {
  const m = measured.get(name) ?? {};
  m[key] = value;
  measured.set(name, m);
  console.log(`[bugs] ${name}: ${key}=${String(value)}`);
}

/** The rejection of `p`, or a test failure if it resolves. */
async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection, but the run passed");
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Number of choices in a replay value ("fifo" is none). */
export function replayLength(replay: string): number {
  return replay === "fifo" ? 0 : replay.split(".").length;
}

export function describeBug(c: BugCase): void {
  describe(`bugs/${c.name}`, () => {
    it(`${c.fifoFails ? "fails" : "passes"} under the plain FIFO schedule`, async () => {
      const run = synctest.test(c.buggy, { replay: "fifo" });
      if (c.fifoFails) {
        expect(messageOf(await rejectionOf(run))).toMatch(c.symptom);
      } else {
        await expect(run).resolves.toBeUndefined();
      }
      record(c.name, "fifoFails", c.fifoFails);
    });

    it(`${c.fifoFails ? "fails" : "passes"} under synctest.test's default scheduler (seed 1), as under FIFO`, async () => {
      // Without a schedule a bubble resumes woken tasks in FIFO order, each
      // until it blocks; only select choices come from the seed. No program
      // here has a select choice that decides the bug under FIFO, so the
      // default must agree with the all-zero schedule.
      let fails = false;
      try {
        await synctest.test(c.buggy);
      } catch (e) {
        expect(messageOf(e)).toMatch(c.symptom);
        fails = true;
      }
      record(c.name, "defaultSeed1Fails", fails);
      expect(fails).toBe(c.fifoFails);
    });

    it(`finds the bug within ${c.runs} random schedules (explore, seed 1)`, async () => {
      const f = await rejectionOf(explore(c.buggy, { runs: c.runs, seed: 1 }));
      expect(f).toBeInstanceOf(ScheduleFailure);
      const failure = f as ScheduleFailure;
      expect(messageOf(failure.cause)).toMatch(c.symptom);
      expect(failure.run).toBeLessThanOrEqual(c.runs);
      record(c.name, "randomFirstFailureRun", failure.run);
      record(c.name, "randomReplay", failure.replay);
      // The failure's replay reproduces it, run after run.
      for (let i = 0; i < 3; i++) {
        expect(messageOf(await rejectionOf(synctest.test(c.buggy, { replay: failure.replay })))).toMatch(c.symptom);
      }
    });

    it(`finds the bug exhaustively within ${c.preemptions} preemption(s)`, async () => {
      const f = await rejectionOf(explore(c.buggy, { exhaustive: { preemptions: c.preemptions } }));
      expect(f).toBeInstanceOf(ScheduleFailure);
      const failure = f as ScheduleFailure;
      expect(messageOf(failure.cause)).toMatch(c.symptom);
      record(c.name, "exhaustiveFirstFailureRun", failure.run);
      record(c.name, "exhaustiveReplay", failure.replay);
    });

    it(`shrinks a failing schedule to at most ${c.maxShrunk} choice(s), and that replay fails run after run`, async () => {
      const result = await fc.check(
        fc.asyncProperty(schedule() as fc.Arbitrary<Schedule>, async (s) => {
          await synctest.test(c.buggy, { schedule: s });
        }),
        { seed: 1, numRuns: c.runs },
      );
      expect(result.failed).toBe(true);
      expect(messageOf(result.errorInstance)).toMatch(c.symptom);
      const shrunk = result.counterexample![0];
      expect(shrunk).toBeInstanceOf(Schedule);
      const replay = shrunk.replay;
      expect(replayLength(replay)).toBeLessThanOrEqual(c.maxShrunk);
      record(c.name, "fastCheckFirstFailureRun", result.numRuns);
      record(c.name, "shrunkReplay", replay);
      record(c.name, "shrunkLength", replayLength(replay));
      // fast-check prints the counterexample as its replay value.
      expect(fc.stringify(shrunk)).toBe(`schedule(${JSON.stringify(replay)})`);
      for (let i = 0; i < 3; i++) {
        expect(messageOf(await rejectionOf(synctest.test(c.buggy, { replay })))).toMatch(c.symptom);
      }
    });

    it(`fixed: passes the same ${c.runs} random schedules (explore, seed 1)`, async () => {
      await expect(explore(c.fixed, { runs: c.runs, seed: 1 })).resolves.toEqual({ runs: c.runs });
    });

    it(`fixed: passes every schedule within ${c.preemptions} preemption(s)`, async () => {
      const r = await explore(c.fixed, { exhaustive: { preemptions: c.preemptions } });
      expect(r.runs).toBeGreaterThan(0);
      record(c.name, "fixedExhaustiveRuns", r.runs);
    });

    it("fixed: passes under the plain FIFO schedule and under synctest.test's default", async () => {
      await expect(synctest.test(c.fixed, { replay: "fifo" })).resolves.toBeUndefined();
      await expect(synctest.test(c.fixed)).resolves.toBeUndefined();
    });
  });
}
