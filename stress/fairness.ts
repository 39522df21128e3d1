// Check 3, fairness: while each storm of storms.ts runs, a 10 ms host
// setTimeout must fire within 50 ms, and an fs.stat and a loopback HTTP
// request must complete (API.md: tasks that never wait on the outside must
// not starve timers and I/O). A storm that starves the loop ends by its own
// wall-clock deadline and is caught by the late probe; one that hangs the
// process is killed by the supervisor and reported as hung.
import { startProbes, TIMER_MS, type ProbeFigures } from "./probes.js";
import type { Case, Options, Row } from "./protocol.js";
import { STORMS, type Storm } from "./storms.js";

/** API.md/issue 14: the 10 ms timer fires within 50 ms during a storm. */
const TIMER_LIMIT_MS = 50;
/** The most a loaded machine may raise that limit (see judge). */
const MAX_ALLOWANCE_MS = 50;
/** How long a probe delayed by a storm may take to come back once the storm ended. */
const GRACE_MS = 1000;
/** Below this many iterations the storm did not really run, and proves nothing. */
const MIN_TICKS = 100;
/** Storms run at most this many times while they fail (see judge). */
const ATTEMPTS = 3;

const hostSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Attempt {
  probes: ProbeFigures;
  ticks: number;
  /** What failed besides the timer's lateness. */
  problems: string[];
}

async function runStorm(storm: Storm, stormMs: number, isControl = false): Promise<Attempt> {
  const probes = await startProbes();
  let ticks = 0;
  const end = performance.now() + stormMs;
  const stop = (): boolean => performance.now() >= end;
  const stormDone = storm.run(stop, () => void ticks++);
  let finished = false;
  void stormDone.then(() => (finished = true));
  await Promise.race([stormDone, hostSleep(stormMs + GRACE_MS)]);
  const p = await probes.stop(end, GRACE_MS);

  const problems: string[] = [...p.errors];
  if (!finished) problems.push(`the storm's tasks did not finish ${GRACE_MS} ms after its end`);
  if (p.timerDuring === 0) problems.push("no timer fired during the storm");
  if (p.fsDuring === 0) problems.push("no fs.stat completed during the storm");
  if (p.httpDuring === 0) problems.push("no HTTP request completed during the storm");
  if (!isControl && ticks < MIN_TICKS) problems.push(`the storm ran only ${ticks} iterations`);
  return { probes: p, ticks, problems };
}

const late = (a: Attempt, limit: number): boolean => a.probes.timerWorstMs > limit;
const passes = (a: Attempt, limit: number): boolean => a.problems.length === 0 && !late(a, limit);

function figure(a: Attempt, stormMs: number): string {
  const p = a.probes;
  const perSec = (a.ticks * 1000) / stormMs;
  const rate = perSec >= 1e6 ? `${(perSec / 1e6).toFixed(2)}M` : perSec >= 1e3 ? `${(perSec / 1e3).toFixed(0)}k` : perSec.toFixed(0);
  return (
    `${TIMER_MS} ms timer took ≤ ${p.timerWorstMs.toFixed(1)} ms (${p.timerDuring} fired); ` +
    `fs.stat ${p.fsDuring} done, worst ${p.fsWorstMs.toFixed(1)} ms; http ${p.httpDuring} done, worst ${p.httpWorstMs.toFixed(1)} ms; ` +
    `${rate} iterations/s`
  );
}

/**
 * Up to ATTEMPTS storms while they fail, keeping the best. A timer can be
 * late because other processes hold the CPU, not because of the storm: if
 * the best attempt was late only, an idle control runs right after, and
 * the limit is raised by the control's own lateness (at most
 * MAX_ALLOWANCE_MS), which the figure then says. A storm that starved
 * every timer is retried neither way: that is no accident of load.
 */
async function judge(storm: Storm, stormMs: number): Promise<Omit<Row, "mode">> {
  let best: Attempt | null = null;
  let attempts = 0;
  while (attempts < ATTEMPTS) {
    attempts++;
    const a = await runStorm(storm, stormMs, storm === control);
    if (best === null || a.problems.length < best.problems.length || (a.problems.length === best.problems.length && a.probes.timerWorstMs < best.probes.timerWorstMs)) best = a;
    if (passes(a, TIMER_LIMIT_MS) || a.probes.timerDuring === 0) break;
  }
  const b = best!;
  let limit = TIMER_LIMIT_MS;
  const notes: string[] = [];
  if (attempts > 1) notes.push(`best of ${attempts}`);
  if (storm !== control && b.problems.length === 0 && late(b, limit)) {
    const c = await runStorm(control, stormMs, true);
    const allowance = Math.min(MAX_ALLOWANCE_MS, Math.max(0, c.probes.timerWorstMs - TIMER_MS));
    limit += allowance;
    notes.push(`machine loaded: idle timer worst ${c.probes.timerWorstMs.toFixed(0)} ms, limit ${limit.toFixed(0)} ms`);
  }
  const problems = [...b.problems];
  if (late(b, limit)) problems.push(`a ${TIMER_MS} ms setTimeout took ${b.probes.timerWorstMs.toFixed(0)} ms (limit ${limit.toFixed(0)})`);
  if (problems.length > 0 && storm.defect) problems.push(`known: ${storm.defect}`);
  return {
    check: "fairness",
    name: storm.name,
    figure: figure(b, stormMs) + (notes.length ? ` (${notes.join("; ")})` : ""),
    pass: problems.length === 0,
    detail: problems.length ? problems.join("\n") : undefined,
  };
}

/** The control: the same probes with the runtime idle. */
const control: Storm = {
  name: "no storm (control: this machine's timer lateness)",
  async run(stop) {
    while (!stop()) await hostSleep(5);
  },
};

export const cases: Case[] = [control, ...STORMS].map((storm) => ({
  check: "fairness",
  name: storm.name,
  // The attempts and the control, each with its grace for late probes and tasks, and startup.
  timeoutMs: (o: Options) => (ATTEMPTS + 1) * (o.stormMs + 2 * GRACE_MS) + 3000,
  run: async (o: Options) => [await judge(storm, o.stormMs)],
}));
