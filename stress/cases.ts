// Every case of every check, by check name. Imported by the child (after it
// seeded Math.random) to run cases, and by the supervisor to list them.
import { cases as badInput } from "./badinput.js";
import { cases as fairness } from "./fairness.js";
import { cases as faults } from "./faults.js";
import { cases as noGrowth } from "./nogrowth.js";
import { cases as noLoss } from "./noloss.js";
import type { Case } from "./protocol.js";

export const CHECKS: Record<string, Case[]> = {
  "no-loss": noLoss,
  "no-growth": noGrowth,
  fairness,
  faults,
  "bad-input": badInput,
};

export function findCase(check: string, name: string): Case {
  const c = CHECKS[check]?.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no case "${name}" in check "${check}"`);
  return c;
}
