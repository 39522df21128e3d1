// Tracing in the specs (not a spec file itself). vitest runs every spec twice:
// the "traced" project with CSP_TRACE=1 and the "untraced" one with
// CSP_TRACE=0, the path production runs. What only exists with tracing by
// the README's contract (task attribution: per-task `state`, `parked().task`,
// `blockedAt`; sites; Go's dump with sites; leaks.find) is specified inside a
// describe that calls withTracing(); everything else runs in the project's
// mode. The untraced counterparts (`state: "waiting"`, `parked()` without
// task or site) are specified with withoutTracing().
import { afterAll, beforeAll } from "vitest";
import { runtime } from "../src/index.js";

/**
 * Whether this project traces: CSP_TRACE decides as the runtime reads it
 * ("1" on, "0" off), and a test runner traces when it is unset.
 */
export const projectTraces: boolean = process.env.CSP_TRACE !== "0";

function tracingFor(on: boolean): void {
  let prev: boolean | undefined;
  beforeAll(() => {
    prev = runtime.setTracing(on);
  });
  afterAll(() => {
    if (prev !== undefined) runtime.setTracing(prev);
  });
}

/**
 * Turn tracing on for every test of the enclosing describe (or file), and
 * back to the project's setting after them: for behaviour that needs tracing
 * by contract. Tasks started meanwhile are attributed and keep their sites.
 */
export function withTracing(): void {
  tracingFor(true);
}

/** Turn tracing off for every test of the enclosing describe (or file), whatever the project. */
export function withoutTracing(): void {
  tracingFor(false);
}
