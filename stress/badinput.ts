// Check 4, bad input: every call of spec/bad-input.table.ts (issue 14 item 8,
// kept by the spec side) must throw synchronously, with the expected error
// class and a message matching the expected pattern: never be accepted
// silently, never return a promise instead, never crash the process. Here
// it runs outside vitest, in both registry modes.
//
// The table's exact shape belongs to its author, so the loader reads it by
// kind, not by name: the entries are the exported array (or arrays) of
// objects; in each entry the call is the function that is not an Error
// class, the expected class is the function that is one, the pattern is the
// RegExp (or a string, matched as a substring), and the label is the first
// string among name/call/title/label/description.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Case, Row } from "./protocol.js";

const TABLE = fileURLToPath(new URL("../spec/bad-input.table.ts", import.meta.url));

type ErrorClass = abstract new (...args: never[]) => Error;

interface Entry {
  label: string;
  call: () => unknown;
  expected: ErrorClass | null;
  pattern: RegExp | string | null;
}

function isErrorClass(f: unknown): f is ErrorClass {
  return typeof f === "function" && (f === Error || (f as { prototype?: unknown }).prototype instanceof Error);
}

function toEntry(x: unknown, i: number): Entry | null {
  if (x === null || typeof x !== "object") return null;
  const o = x as Record<string, unknown>;
  const values = Object.values(o);
  const call = values.find((v) => typeof v === "function" && !isErrorClass(v)) as (() => unknown) | undefined;
  if (call === undefined) return null;
  const expected = (values.find(isErrorClass) as ErrorClass | undefined) ?? null;
  const pattern = (values.find((v) => v instanceof RegExp) as RegExp | undefined) ?? (typeof o.message === "string" ? o.message : null);
  const labelKey = ["name", "call", "title", "label", "description", "desc", "what"].find((k) => typeof o[k] === "string");
  const label = labelKey ? String(o[labelKey]) : call.toString().replace(/\s+/g, " ").slice(0, 80) || `entry ${i}`;
  return { label, call, expected, pattern };
}

/** Every array of entries the module exports, flattened (also one level inside an exported object). */
function entriesOf(mod: Record<string, unknown>): Entry[] {
  const arrays: unknown[][] = [];
  for (const v of Object.values(mod)) {
    if (Array.isArray(v)) arrays.push(v);
    else if (v !== null && typeof v === "object") for (const w of Object.values(v)) if (Array.isArray(w)) arrays.push(w);
  }
  return arrays.flatMap((a) => a.map(toEntry).filter((e): e is Entry => e !== null));
}

type Outcome = { kind: "threw"; error: unknown } | { kind: "returned"; value: unknown } | { kind: "promise" };

/**
 * Make the call. API.md ("Errors: thrown or rejected") and the table both
 * say misuse throws synchronously: a promise returned instead is a failure
 * whatever it settles to (its rejection is swallowed here, not left unhandled).
 */
function outcome(call: () => unknown): Outcome {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    return { kind: "threw", error };
  }
  if (result !== null && typeof result === "object" && typeof (result as PromiseLike<unknown>).then === "function") {
    Promise.resolve(result).catch(() => {});
    return { kind: "promise" };
  }
  return { kind: "returned", value: result };
}

function describeValue(v: unknown): string {
  if (v !== null && typeof v === "object") return `a ${(v as object).constructor?.name ?? "object"}`;
  return String(v).slice(0, 60);
}

/** Why `e` does not meet expectations, or null if it does. */
function judge(e: Entry, o: Outcome): string | null {
  if (o.kind === "promise") return "returned a promise instead of throwing";
  if (o.kind === "returned") return `accepted: returned ${describeValue(o.value)}`;
  const err = o.error;
  const name = err instanceof Error ? err.constructor.name : typeof err;
  const message = err instanceof Error ? err.message : String(err);
  if (e.expected !== null && !(err instanceof e.expected)) return `threw ${name} (${message}), expected ${e.expected.name}`;
  if (e.pattern !== null && !(typeof e.pattern === "string" ? message.includes(e.pattern) : e.pattern.test(message))) {
    return `threw ${name} with message ${JSON.stringify(message)}, expected ${String(e.pattern)}`;
  }
  return null;
}

async function run(): Promise<Omit<Row, "mode">[]> {
  const name = "spec/bad-input.table.ts";
  if (!existsSync(TABLE)) {
    return [{ check: "bad-input", name, figure: "table not found", pass: false, detail: `${TABLE} does not exist (yet): the loader runs it once it lands` }];
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(TABLE).href)) as Record<string, unknown>;
  } catch (e) {
    return [{ check: "bad-input", name, figure: "table failed to load", pass: false, detail: e instanceof Error ? (e.stack ?? e.message) : String(e) }];
  }
  const entries = entriesOf(mod);
  const failures: string[] = [];
  // An uncaught error or unhandled rejection while a call runs is a crash
  // the call caused (issue 14 item 6): count it against that call.
  let stray: unknown[] = [];
  const onStray = (e: unknown): void => void stray.push(e);
  process.on("uncaughtException", onStray);
  process.on("unhandledRejection", onStray);
  try {
    for (const e of entries) {
      stray = [];
      const o = outcome(e.call);
      // A host turn, for whatever the call set off to surface as uncaught.
      await new Promise((r) => setImmediate(r));
      const why = judge(e, o) ?? (stray.length ? `also raised, uncaught: ${String(stray[0])}` : null);
      if (why !== null) failures.push(`${e.label}: ${why}`);
    }
  } finally {
    process.off("uncaughtException", onStray);
    process.off("unhandledRejection", onStray);
  }
  const ok = entries.length - failures.length;
  return [
    {
      check: "bad-input",
      name,
      figure: `${ok} of ${entries.length} bad calls threw the expected error class and message`,
      pass: entries.length > 0 && failures.length === 0,
      detail: entries.length === 0 ? "the table exports no entries the loader recognizes" : failures.length ? failures.join("\n") : undefined,
    },
  ];
}

export const cases: Case[] = [
  {
    check: "bad-input",
    name: "spec/bad-input.table.ts",
    timeoutMs: () => 120_000,
    run,
  },
];
