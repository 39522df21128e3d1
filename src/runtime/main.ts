// The program's entry, as Go's runtime.main runs it: call the main function,
// and when it returns, end the program. Go does not wait for the other
// goroutines; a JavaScript host does (Node keeps running while a task
// sleeps or a timer is armed), so a port of a Go program that returns from
// main while tasks are still about would otherwise not end where Go's does.
// The tasks left behind are what a leak check reports, so main reports them.
import { dumpTasks, panicFrames, panicMessage } from "./dump.js";
import { macrotask, printError } from "./host.js";
import { liveTasks } from "./registry.js";
import { currentTask } from "./trace.js";
import { checkFunction, describe } from "./validate.js";

/**
 * Options of {@link main}.
 *
 * ```ts
 * await runtime.main(main, { leaks: "ignore" }) // as Go: exit 0, whatever is still running
 * ```
 */
export interface MainOptions {
  /**
   * Ends the program with an exit code. Default: the host's (`process.exit`
   * on Node and Bun, `Deno.exit`); where there is none (a browser), main
   * only reports. A test passes its own and reads the code.
   */
  exit?: (code: number) => void;
  /**
   * Tasks still alive when the main function has returned: `"fail"` (the
   * default) prints their dump as a leak check does and exits 1; `"report"`
   * prints it and exits 0; `"ignore"` exits 0 and prints nothing, as Go does.
   */
  leaks?: "fail" | "report" | "ignore";
}

/** Go's exit status for a panic in main. */
const PANIC_EXIT = 2;

/**
 * Run `fn` as the program's main function, Go's `runtime.main`: when it
 * returns, the program ends, whatever other tasks are doing. Tasks still
 * alive then are left behind: printed to stderr as
 * `found unexpected goroutines:` and their dumps (a leak check's words),
 * and the exit code is 1, unless `options.leaks` says otherwise. If `fn`
 * throws, main prints `panic: <message>` and exits 2, as Go does. Resolves
 * to the exit code once `exit` has returned (only an injected one does).
 *
 * ```ts
 * await runtime.main(async () => { go(worker); await time.sleep(time.Second) }) // func main() { go worker(); time.Sleep(time.Second) }
 * ```
 */
export function main(fn: () => unknown, options: MainOptions = {}): Promise<number> {
  checkFunction(fn, "runtime.main");
  if (options === null || typeof options !== "object") throw new TypeError(`runtime.main: options must be an object, got ${describe(options)}`);
  const exit = options.exit ?? hostExit;
  if (typeof exit !== "function") throw new TypeError(`runtime.main: exit must be a function, got ${describe(exit)}`);
  const leaks = options.leaks ?? "fail";
  if (leaks !== "fail" && leaks !== "report" && leaks !== "ignore") {
    throw new TypeError(`runtime.main: leaks must be "fail", "report" or "ignore", got ${describe(leaks)}`);
  }
  return run(fn, exit, leaks);
}

async function run(fn: () => unknown, exit: (code: number) => void, leaks: "fail" | "report" | "ignore"): Promise<number> {
  let code: number;
  try {
    await fn();
    code = await leftBehind(leaks);
  } catch (e) {
    printError(panicReport(e));
    code = PANIC_EXIT;
  }
  exit(code);
  return code;
}

/**
 * The exit code for the tasks still alive once main has returned. One host
 * turn first: a task that was finishing as main returned (its last
 * `wg.done()` woke main) exits in it, and is no leak. The task that called
 * main, if one did (a test's bubble), is main's own goroutine.
 */
async function leftBehind(leaks: "fail" | "report" | "ignore"): Promise<number> {
  if (leaks === "ignore") return 0;
  await new Promise<void>((resolve) => macrotask(resolve));
  const self = currentTask();
  const left = liveTasks().filter((t) => t !== self);
  if (left.length === 0) return 0;
  printError(`found unexpected goroutines:\n${dumpTasks(left)}`);
  return leaks === "fail" ? 1 : 0;
}

/** Go's report of a panic in main: `panic: <message>`, then where it happened. */
function panicReport(e: unknown): string {
  const lines = [`panic: ${panicMessage(e)}`, "", "goroutine main [running]:"];
  try {
    lines.push(...panicFrames(e, "main"));
  } catch {
    lines.push("main(...)");
  }
  return lines.join("\n");
}

interface HostProcess {
  exit(code: number): void;
  stdout?: { writableLength?: number; write(s: string, cb: () => void): boolean };
  stderr?: { writableLength?: number; write(s: string, cb: () => void): boolean };
}

/**
 * End the process with `code`. Node writes to a pipe asynchronously on some
 * platforms, so what is still queued for stdout or stderr is flushed first:
 * the last lines a port prints are the ones its Go original ends with.
 */
function hostExit(code: number): void {
  const g = globalThis as { process?: Partial<HostProcess>; Deno?: { exit(code: number): void } };
  const p = g.process;
  if (p !== undefined && typeof p.exit === "function") {
    const exit = p.exit.bind(p);
    const queued = [p.stdout, p.stderr].filter((s) => s !== undefined && (s.writableLength ?? 0) > 0);
    if (queued.length === 0) return exit(code);
    let left = queued.length;
    for (const s of queued) s!.write("", () => --left === 0 && exit(code));
    return;
  }
  if (g.Deno !== undefined && typeof g.Deno.exit === "function") g.Deno.exit(code);
}
