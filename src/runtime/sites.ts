// Sites: where in the user's code a task was created or parked, as
// `path:line:col`. Stack capture costs microseconds, so it runs only when
// tracing is on; the library's own frames are cut so users see their lines.

export interface Frame {
  fn: string;
  site: string;
}

const FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/;

/** Directory holding the library's own code (src/ or dist/), found once. */
const libraryDir: string = (() => {
  const own = parseFrames(new Error().stack ?? "")[0];
  if (!own) return "\u0000";
  const file = own.site.replace(/:\d+:\d+$/, "");
  const dir = file.slice(0, file.lastIndexOf("/") + 1);
  // In source form this file is src/runtime/sites.ts: the library is src/.
  return dir.endsWith("/runtime/") ? dir.slice(0, -"runtime/".length) : dir;
})();

function toPath(file: string): string {
  if (!file.startsWith("file://")) return file;
  const path = file.slice("file://".length);
  try {
    return decodeURIComponent(/^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path);
  } catch {
    return path;
  }
}

function parseFrames(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const line of stack.split("\n")) {
    const m = FRAME.exec(line);
    if (!m) continue;
    // "async " marks an awaited frame; "Module." is how vitest-transformed modules name their functions.
    const fn = (m[1] ?? "").replace(/^async /, "").replace(/^Module\./, "");
    frames.push({ fn, site: `${toPath(m[2]!)}:${m[3]}:${m[4]}` });
  }
  return frames;
}

function isUserFrame(f: Frame): boolean {
  const s = f.site;
  return !s.startsWith(libraryDir) && !s.startsWith("node:") && !s.startsWith("internal/") && s !== "<anonymous>" && !s.includes("/node_modules/vitest/") && !s.includes("/node_modules/@vitest/");
}

interface ErrorCtor {
  stackTraceLimit?: number;
}

/** The user's frames of the current stack, innermost first. */
export function userFrames(): Frame[] {
  const E = Error as unknown as ErrorCtor;
  const limit = E.stackTraceLimit;
  E.stackTraceLimit = 40;
  const stack = new Error().stack ?? "";
  E.stackTraceLimit = limit;
  return parseFrames(stack).filter(isUserFrame);
}

/** The user's frames of an error's stack (where a panic happened). */
export function errorFrames(e: unknown): Frame[] {
  const stack = e instanceof Error ? (e.stack ?? "") : "";
  return parseFrames(stack).filter(isUserFrame);
}
