// Sites: where in the user's code a task was created or parked, as
// `path:line:col`. Stack capture costs microseconds, so it runs only when
// tracing is on; the library's own frames are cut so users see their lines.
//
// A site is a diagnostic: whatever the host does with stacks, taking one
// never throws into `go()` or a channel operation. V8 (Node, Deno, Chromium)
// and JavaScriptCore (Bun) give structured call sites; elsewhere, or when
// they fail, the text of `new Error().stack` is parsed, in V8's
// `at fn (file:line:col)` form or the `fn@file:line:col` form of Safari and
// Firefox.

export interface Frame {
  fn: string;
  site: string;
}

const V8_FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/;
const AT_FRAME = /^\s*(?:(.*?)@)?(.*?):(\d+):(\d+)$/;
const V8_STACK = /^\s*at /m;

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
  // V8 puts the message first, and a message line may look like a frame in
  // the other form; the other form has no message line.
  const frame = V8_STACK.test(stack) ? V8_FRAME : AT_FRAME;
  const frames: Frame[] = [];
  for (const line of stack.split("\n")) {
    const m = frame.exec(line);
    if (!m) continue;
    // "async " (V8) and "async*" (Firefox) mark an awaited frame; "Module." is how vitest-transformed modules name their functions.
    let fn = (m[1] ?? "").replace(/^async[ *]/, "").replace(/^(?:Module|Object)\./, "");
    if (fn === "<anonymous>" || fn === "global code" || fn === "module code") fn = "";
    frames.push({ fn, site: `${toPath(m[2]!)}:${m[3]}:${m[4]}` });
  }
  return frames;
}

/** Frames of the host itself: Node's and Deno's internals, Bun's builtins. */
function isHostFile(file: string): boolean {
  return file.startsWith("node:") || file.startsWith("internal/") || file.startsWith("ext:") || file.startsWith("bun:") || file === "native" || file === "[native code]";
}

function isUserFrame(f: Frame): boolean {
  const s = f.site;
  return !s.startsWith(libraryDir) && !isHostFile(s) && s !== "<anonymous>" && !s.includes("/node_modules/vitest/") && !s.includes("/node_modules/@vitest/");
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
  return file.startsWith(libraryDir) || file.startsWith("file://" + libraryDir) || isHostFile(file);
}

/** Mapped frames by raw position: source-map lookups are the expensive part. */
const mapped = new Map<string, Frame | null>();
const MAPPED_MAX = 10_000;

/** The error handed to a host's prepareStackTrace, which may insist on a real Error (Bun's does). */
let blank: Error | undefined;

function formatSite(cs: CallSite, file: string, prepare: ErrorCtor["prepareStackTrace"]): Frame | undefined {
  const key = `${file}:${cs.getLineNumber()}:${cs.getColumnNumber()}:${cs.getFunctionName() ?? ""}`;
  let frame = mapped.get(key);
  if (frame === undefined) {
    let text: string | undefined;
    if (prepare) {
      try {
        text = String(prepare((blank ??= new Error()), [cs]));
      } catch {
        // A hook that cannot format this frame: the raw position will do.
      }
    }
    const parsed = parseFrames(text ?? `Error\n    at ${cs.toString()}`)[0];
    frame = parsed !== undefined && isUserFrame(parsed) ? parsed : null;
    if (mapped.size >= MAPPED_MAX) mapped.clear();
    mapped.set(key, frame);
  }
  return frame ?? undefined;
}

/**
 * The first user frame of the current stack. Where the host has structured
 * call sites, the raw ones are taken and only the chosen one is formatted,
 * through whatever prepareStackTrace is installed (a test runner's
 * source-map support), and remembered by position, so a site costs a capture
 * and a map lookup. Never throws: a host that cannot say gives no site.
 */
export function userSite(): Frame | undefined {
  try {
    // The user's frame is a few frames below the library's entry point; a
    // short capture is much cheaper, and a deep one is the rare fallback.
    return captureUserSite(6) ?? captureUserSite(32);
  } catch {
    return undefined;
  }
}

function captureUserSite(depth: number): Frame | undefined {
  const limit = E.stackTraceLimit;
  E.stackTraceLimit = depth;
  try {
    const sites = callSites();
    if (typeof sites === "string") return parseFrames(sites).find(isUserFrame);
    const prepare = E.prepareStackTrace;
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

/** The current stack as structured call sites where the host has them, else as text. */
function callSites(): CallSite[] | string {
  if (typeof E.captureStackTrace === "function") {
    const prepare = E.prepareStackTrace;
    let sites: unknown;
    try {
      E.prepareStackTrace = returnCallSites;
      const holder: { stack?: unknown } = {};
      E.captureStackTrace(holder, captureUserSite);
      // The stack is formatted lazily, on first read: read it before restoring.
      sites = holder.stack;
    } catch {
      sites = undefined;
    } finally {
      E.prepareStackTrace = prepare;
    }
    if (Array.isArray(sites)) return sites as CallSite[];
    // A host with captureStackTrace but no prepareStackTrace hook (Firefox) gives text.
    if (typeof sites === "string") return sites;
  }
  return new Error().stack ?? "";
}

/** The user's frames of an error's stack (where a panic happened). */
export function errorFrames(e: unknown): Frame[] {
  const stack = e instanceof Error ? (e.stack ?? "") : "";
  return parseFrames(stack).filter(isUserFrame);
}
