import { liveTasks, type StateWord, type Task } from "./registry.js";
import { errorFrames } from "./sites.js";
import { waitedMinutes } from "./info.js";

// Go's goroutine dump, line for line:
//
//   goroutine 7 [chan send, 2 minutes]:
//   worker(...)
//           /app/worker.ts:12:11
//   created by main in goroutine 1
//           /app/main.ts:30:3
//
// Like Go, the wait is shown only from one minute on. A task in a synctest
// bubble that is parked on a runtime primitive is durably blocked, and its
// header says so and names the bubble:
//
//   goroutine 9 [chan send (durable), synctest bubble 1]:
//
// `mark` overrides the durable mark (leak reports pass " (leaked)").

export function dumpTask(t: Task, state: StateWord = t.state(), error?: unknown, mark?: string): string {
  const parked = t.waitReason !== null && error === undefined;
  let header = `goroutine ${t.id} [${state}${mark ?? (parked && t.bubble !== null ? " (durable)" : "")}`;
  if (parked) {
    const minutes = waitedMinutes(t.since, t.bubble?.clock);
    if (minutes >= 1) header += `, ${minutes} minutes`; // Go says "1 minutes" too
  }
  if (t.bubble !== null) header += `, synctest bubble ${t.bubble.id}`;
  const lines = [header + "]:"];
  const name = t.name || "func";
  if (error !== undefined) {
    lines.push(...panicFrames(error, name));
  } else {
    lines.push(`${name}(...)`);
    if (t.blockedAt !== undefined && t.waitReason !== null) lines.push(`\t${t.blockedAt}`);
  }
  if (t.createdAt !== undefined) {
    lines.push(`created by ${t.creator ?? "main"}${t.parentId !== 0 ? ` in goroutine ${t.parentId}` : ""}`, `\t${t.createdAt}`);
  }
  return lines.join("\n");
}

/** The dumps of `tasks`, blank-line separated, as Go prints several. */
export function dumpTasks(tasks: readonly Task[]): string {
  return tasks.map((t) => dumpTask(t)).join("\n\n");
}

/** The stack lines of a panic with `error`: each frame's function and site, or `name(...)` when the error has none. */
export function panicFrames(error: unknown, name: string): string[] {
  const frames = errorFrames(error);
  if (frames.length === 0) return [`${name}(...)`];
  return frames.flatMap((f) => [`${f.fn || name}(...)`, `\t${f.site}`]);
}

/** What Go's `panic: ` line says of `error`: its message; never throws, whatever the value. */
export function panicMessage(error: unknown): string {
  try {
    return error instanceof Error ? String(error.message) : String(error);
  } catch {
    return "(a value that cannot be printed)";
  }
}

/**
 * A dump of every live task in Go's format, blank-line separated, as Go's
 * `runtime.Stack(buf, true)` and a SIGQUIT print it.
 *
 * ```ts
 * console.error(runtime.stack()) // kill -QUIT
 * ```
 */
export function stack(): string {
  return dumpTasks(liveTasks());
}
