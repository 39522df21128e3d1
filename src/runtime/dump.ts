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
  const fn = `${t.name || "func"}(...)`;
  if (error !== undefined) {
    const frames = errorFrames(error);
    if (frames.length === 0) lines.push(fn);
    for (const f of frames) lines.push(`${f.fn || fn.slice(0, -5)}(...)`, `\t${f.site}`);
  } else {
    lines.push(fn);
    if (t.blockedAt !== undefined && t.waitReason !== null) lines.push(`\t${t.blockedAt}`);
  }
  if (t.createdAt !== undefined) {
    lines.push(`created by ${t.creator ?? "main"}${t.parentId !== 0 ? ` in goroutine ${t.parentId}` : ""}`, `\t${t.createdAt}`);
  }
  return lines.join("\n");
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
  return liveTasks()
    .map((t) => dumpTask(t))
    .join("\n\n");
}
