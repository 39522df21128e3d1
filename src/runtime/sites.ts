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
    let fn = (m[1] ?? "").replace(/^async /, "").replace(/^(?:Module|Object)\./, "");
    if (fn === "<anonymous>") fn = "";
    frames.push({ fn, site: `${toPath(m[2]!)}:${m[3]}:${m[4]}` });
  }
  return frames;
}

function isUserFrame(f: Frame): boolean {
  const s = f.site;
  return !s.startsWith(libraryDir) && !s.startsWith("node:") && !s.startsWith("internal/") && s !== "<anonymous>" && !s.includes("/node_modules/vitest/") && !s.includes("/node_modules/@vitest/");
}

interface CallSite {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  getFunctionName(): string | null;
  toString(): string;
}

interface ErrorCtor {
  stackTraceLimit?: number;
  prepareStackTrace?: (e: unknown, frames: CallSite[]) => unknown;
  captureStackTrace?: (target: object, ctor?: unknown) => void;
}

const E = Error as unknown as ErrorCtor;
const returnCallSites = (_e: unknown, frames: CallSite[]): CallSite[] => frames;

function isLibraryFile(file: string): boolean {
  return file.startsWith(libraryDir) || file.startsWith("file://" + libraryDir) || file.startsWith("node:") || file.startsWith("internal/");
}

/** Mapped frames by raw position: source-map lookups are the expensive part. */
const mapped = new Map<string, Frame | null>();
const MAPPED_MAX = 10_000;

function formatSite(cs: CallSite, file: string, prepare: ErrorCtor["prepareStackTrace"]): Frame | undefined {
  const key = `${file}:${cs.getLineNumber()}:${cs.getColumnNumber()}:${cs.getFunctionName() ?? ""}`;
  let frame = mapped.get(key);
  if (frame === undefined) {
    const text = prepare ? String(prepare({ name: "Error", message: "" }, [cs])) : `Error\n    at ${cs.toString()}`;
    const parsed = parseFrames(text)[0];
    frame = parsed !== undefined && isUserFrame(parsed) ? parsed : null;
    if (mapped.size >= MAPPED_MAX) mapped.clear();
    mapped.set(key, frame);
  }
  return frame ?? undefined;
}

/**
 * The first user frame of the current stack. On V8 the raw call sites are
 * taken and only the chosen one is formatted, through whatever
 * prepareStackTrace is installed (a test runner's source-map support), and
 * remembered by position, so a site costs a capture and a map lookup.
 */
export function userSite(): Frame | undefined {
  // The user's frame is a few frames below the library's entry point; a
  // short capture is much cheaper, and a deep one is the rare fallback.
  return captureUserSite(6) ?? captureUserSite(32);
}

function captureUserSite(depth: number): Frame | undefined {
  const limit = E.stackTraceLimit;
  E.stackTraceLimit = depth;
  try {
    if (typeof E.captureStackTrace !== "function") return parseFrames(new Error().stack ?? "").find(isUserFrame);
    const prepare = E.prepareStackTrace;
    E.prepareStackTrace = returnCallSites;
    const holder: { stack?: unknown } = {};
    E.captureStackTrace(holder, captureUserSite);
    // The stack is formatted lazily, on first read: read it before restoring.
    const sites = holder.stack as CallSite[] | undefined;
    E.prepareStackTrace = prepare;
    if (!Array.isArray(sites)) return undefined;
    for (const cs of sites) {
      const file = cs.getFileName();
      if (!file || isLibraryFile(file)) continue;
      const frame = formatSite(cs, file, prepare);
      if (frame !== undefined) return frame;
    }
    return undefined;
  } finally {
    E.stackTraceLimit = limit;
  }
}

/** The user's frames of an error's stack (where a panic happened). */
export function errorFrames(e: unknown): Frame[] {
  const stack = e instanceof Error ? (e.stack ?? "") : "";
  return parseFrames(stack).filter(isUserFrame);
}
