// Shared helpers for the runtime and time specs (not a spec file itself).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Absolute path of the library's public entry, for child scripts. */
export const indexPath = resolve(here, "../../src/index.ts");

/** Let every pending microtask and one macrotask turn run. */
export function settle(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** A plain host promise, outside the runtime. */
export function hostDelay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * The 1-based line in `file` that carries the comment `@site:<name>`, so
 * expected sites come from the source text itself. The lookup call names
 * only `<name>`, so exactly one line matches.
 */
export function lineOf(file: string, name: string): number {
  const tag = "@site:" + name;
  const lines = readFileSync(file, "utf8").split("\n");
  const hits = lines.flatMap((l, i) => (l.includes(tag) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`expected one line tagged ${tag} in ${file}, found ${hits.length}`);
  return hits[0]!;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time until the process exited, ms. */
  ms: number;
  /** True if the guard had to kill it. */
  killed: boolean;
}

const tsxLoader = pathToFileURL(createRequire(resolve(here, "../../package.json")).resolve("tsx")).href;

/**
 * Run `source` as an ES module script under `node --import tsx`, killing it
 * after `guardMs`. `{{INDEX}}` in the source is replaced by the library's
 * entry path.
 */
export async function runScript(source: string, guardMs = 10_000, env: Record<string, string | undefined> = {}): Promise<ChildResult> {
  const dir = mkdtempSync(join(tmpdir(), "csp-spec-"));
  const file = join(dir, "main.mts");
  writeFileSync(file, source.replaceAll("{{INDEX}}", pathToFileURL(indexPath).href));
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  try {
    return await new Promise<ChildResult>((done, fail) => {
      const start = Date.now();
      const child = spawn(process.execPath, ["--import", tsxLoader, file], { cwd: dir, env: childEnv as NodeJS.ProcessEnv });
      let stdout = "";
      let stderr = "";
      let killed = false;
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      const guard = setTimeout(() => {
        killed = true;
        child.kill("SIGKILL");
      }, guardMs);
      child.on("error", fail);
      child.on("close", (code, signal) => {
        clearTimeout(guard);
        done({ code, signal, stdout, stderr, ms: Date.now() - start, killed });
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
