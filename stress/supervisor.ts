import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { envFor } from "./modes.js";
import type { ChildMessage, Job, Row } from "./protocol.js";

// Runs a job's cases in child processes, each case under a kill timer armed
// here, in a process whose event loop the case cannot starve. A case that
// hangs or crashes its child becomes a failed row, and the remaining cases
// go on in a fresh child: one bad case never hangs or ends the suite.

const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));
/** The package root: `--import tsx` resolves from the child's working directory. */
const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Time for a child to start (tsx compiles on the fly) before its first case. */
const STARTUP_MS = 20_000;
const TAIL_CHARS = 2_000;

interface Attempt {
  rows: Row[];
  /** Cases that ended (whatever their rows say). */
  ended: string[];
  /** The case running when the child went away, if any. */
  current: string | null;
  allDone: boolean;
  exit: string;
  killed: boolean;
  tail: string;
}

function attempt(job: Job, onRow: (r: Row) => void): Promise<Attempt> {
  return new Promise((resolve) => {
    const child = fork(CHILD, [JSON.stringify(job)], {
      // --expose-gc: the no-growth check compares heaps after full collections.
      execArgv: ["--expose-gc", "--import", "tsx"],
      env: envFor(job.mode),
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    const a: Attempt = { rows: [], ended: [], current: null, allDone: false, exit: "", killed: false, tail: "" };
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number, what: string): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        a.killed = true;
        a.exit = `killed after ${ms} ms (${what})`;
        child.kill("SIGKILL");
      }, ms);
    };
    const keepTail = (chunk: Buffer): void => {
      a.tail = (a.tail + chunk.toString()).slice(-TAIL_CHARS);
    };
    child.stdout!.on("data", keepTail);
    child.stderr!.on("data", keepTail);
    arm(STARTUP_MS, "starting");
    child.on("message", (m: ChildMessage) => {
      switch (m.type) {
        case "start":
          a.current = m.name;
          arm(m.timeoutMs, `no end of case within its limit`);
          break;
        case "row":
          a.rows.push(m.row);
          onRow(m.row);
          break;
        case "end":
          a.ended.push(m.name);
          a.current = null;
          arm(STARTUP_MS, "between cases");
          break;
        case "done":
          a.allDone = true;
          break;
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (!a.killed) a.exit = signal ? `exited on ${signal}` : `exited with code ${code}`;
      resolve(a);
    });
  });
}

/**
 * Run every case of `job`, restarting the child after a hang, a crash, or a
 * case that left the runtime busy. `onRow` sees rows as they arrive.
 */
export async function runJob(job: Job, onRow: (r: Row) => void): Promise<Row[]> {
  const rows: Row[] = [];
  let left = job.cases.slice();
  while (left.length > 0) {
    const a = await attempt({ ...job, cases: left }, (r) => {
      rows.push(r);
      onRow(r);
    });
    left = left.filter((n) => !a.ended.includes(n));
    if (a.allDone) break;
    // The case running when the child went away failed. A child that went
    // away before starting any case fails the next one, so this always
    // progresses. A child that left after ending cases (one left the runtime
    // busy) is simply replaced.
    const failed = a.current ?? (a.ended.length === 0 ? left[0] : undefined);
    if (failed === undefined) continue;
    const row: Row = {
      check: job.check,
      name: failed,
      mode: job.mode,
      figure: a.killed ? "hung (killed)" : "crashed",
      pass: false,
      detail: `${a.exit}; last output:\n${a.tail.trim() || "(none)"}`,
    };
    rows.push(row);
    onRow(row);
    left = left.filter((n) => n !== failed);
  }
  return rows;
}
