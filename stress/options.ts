import { randomInt } from "node:crypto";
import type { Mode, Options } from "./protocol.js";

// Settings from the environment. Defaults size the whole suite at about two
// minutes on a 2-core machine; every one can be raised for a longer soak.
//
//   STRESS_SEED         seed of every randomized choice (default: random, printed)
//   STRESS_OPS          no-loss operations, untraced mode (default 2,000,000)
//   STRESS_OPS_TRACED   no-loss operations, traced mode (default STRESS_OPS / 2.5:
//                       tracing attributes every operation and records sites)
//   STRESS_STORM_MS     length of each fairness storm (default 300)
//   STRESS_GROWTH_N     N of the no-growth loops, which also run 4N (default 20,000)
//   STRESS_ONLY         comma-separated checks: no-loss,no-growth,fairness,faults,bad-input
//   STRESS_CASES        a regular expression: only cases whose name matches
//   STRESS_MODES        comma-separated: untraced,traced

export interface Settings {
  options: Record<Mode, Options>;
  only: string[] | null;
  cases: RegExp | null;
  modes: Mode[];
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
}

function list(name: string): string[] | null {
  const raw = process.env[name];
  return raw ? raw.split(",").map((s) => s.trim()).filter(Boolean) : null;
}

export function readSettings(): Settings {
  const seed = int("STRESS_SEED", randomInt(2 ** 31));
  const ops = int("STRESS_OPS", 2_000_000);
  const base = { seed, stormMs: int("STRESS_STORM_MS", 300), growthN: int("STRESS_GROWTH_N", 20_000) };
  const modes = (list("STRESS_MODES") ?? ["untraced", "traced"]) as Mode[];
  for (const m of modes) if (m !== "untraced" && m !== "traced") throw new RangeError(`STRESS_MODES: unknown mode ${JSON.stringify(m)}`);
  const cases = process.env.STRESS_CASES;
  return {
    options: {
      untraced: { ...base, ops },
      traced: { ...base, ops: int("STRESS_OPS_TRACED", Math.round(ops / 2.5)) },
    },
    only: list("STRESS_ONLY"),
    cases: cases ? new RegExp(cases, "i") : null,
    modes,
  };
}
