// What the supervisor (stress/index.ts) and a child process (stress/child.ts)
// say to each other, and what a check reports. Kept free of library imports
// so the child can seed Math.random before the library loads.

export type Mode = "untraced" | "traced";

/** One line of the summary table. */
export interface Row {
  check: string;
  name: string;
  mode: Mode;
  /** The measured figure, human-readable (goes into the README table). */
  figure: string;
  pass: boolean;
  /** Why it failed, a dump, a replay hint: printed under the table. */
  detail?: string;
}

/** Settings every case sees (from the environment, see options.ts). */
export interface Options {
  seed: number;
  /** Randomized operations for the no-loss check in this mode. */
  ops: number;
  /** Wall-clock length of each fairness storm. */
  stormMs: number;
  /** Iterations N of each no-growth loop (it also runs 4N). */
  growthN: number;
}

/** A unit of work run inside a child: one loop shape, one storm, ... */
export interface Case {
  check: string;
  name: string;
  /** Kill the child if this case has not ended after this long. */
  timeoutMs(o: Options, mode: Mode): number;
  /** Rows without `mode` (the child fills it in). */
  run(o: Options, mode: Mode): Promise<Omit<Row, "mode">[]>;
}

/** The argument of a child: which cases to run, in order. */
export interface Job {
  mode: Mode;
  check: string;
  cases: string[];
  options: Options;
}

export type ChildMessage =
  | { type: "start"; name: string; timeoutMs: number }
  | { type: "row"; row: Row }
  /** `clean`: the case left no task or timer behind, so the next case may share this process. */
  | { type: "end"; name: string; clean: boolean }
  | { type: "done" };
