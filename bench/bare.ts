// "Registry and fairness always on cost <= 10 % against the same build with
// them off" (issue 8). The library has no switch for them, and should not
// grow one for a benchmark, so this builds two bundles of src/ with esbuild,
// the same way: one as it is, one with the registry's register/unregister and
// the fairness check stubbed to return at once. Each stub is found by its
// signature; if the source changes shape the build fails loudly.

import * as esbuild from "esbuild";
import { mkdtempSync, readFileSync, writeFileSync, cpSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { check } from "./harness.js";

type Lib = typeof import("../src/index.js");

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src");

const STUBS: [file: string, signature: string, early: string][] = [
  ["runtime/registry.ts", "export function registerParked(r: ParkedRecord, reason: StateWord): void {", "return;"],
  ["runtime/registry.ts", "export function unregisterParked(r: ParkedRecord): void {", "return;"],
  ["runtime/registry.ts", "export function activate(c: ActiveChan): void {", "return;"],
  ["runtime/registry.ts", "export function channelEmptied(): void {", "return;"],
  ["runtime/fairness.ts", "export function yieldDue(): Promise<void> | null {", "return null;"],
];

/** Bundle `dir`/src/index.ts with esbuild and import it, tracing off. */
export async function bundle(dir: string, name: string): Promise<Lib> {
  const out = path.join(dir, `${name}.mjs`);
  // The copy in `dir` is outside the project: name its tsconfig.json, or
  // esbuild would compile class fields with other semantics than the build's.
  await esbuild.build({ entryPoints: [path.join(dir, "src", "index.ts")], bundle: true, format: "esm", platform: "neutral", target: "es2022", outfile: out, logLevel: "error", tsconfig: path.join(SRC, "..", "tsconfig.json") });
  const lib = (await import(pathToFileURL(out).href)) as Lib;
  lib.runtime.setTracing(false); // each bundle has its own runtime state, as the suite's src build
  return lib;
}

/**
 * The library bundled as it is, bundled again the same way (`twin`: how far
 * apart two identical bundles measure, the noise floor of the comparison),
 * and bundled with the registry and the fairness yield off (measure with
 * cases.pingPongLib(n, build)).
 */
export async function buildPair(): Promise<{ full: Lib; twin: Lib; bare: Lib }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "csp-bare-"));
  try {
    cpSync(SRC, path.join(dir, "src"), { recursive: true });
    const full = await bundle(dir, "full");
    const twin = await bundle(dir, "twin");
    // BARE_ONLY=registry or BARE_ONLY=fairness stubs out only that one;
    // any other word stubs the functions whose signature contains it
    // (BARE_ONLY=activate: the channel list alone).
    const only = process.env.BARE_ONLY;
    for (const [file, signature, early] of STUBS.filter(([f, sig]) => only === undefined || f.includes(only) || sig.includes(only))) {
      const p = path.join(dir, "src", file);
      const text = readFileSync(p, "utf8");
      check(text.includes(signature), `bench/bare.ts: ${file} no longer has \`${signature}\``);
      writeFileSync(p, text.replace(signature, `${signature}\n  if (true) ${early}`));
    }
    const bare = await bundle(dir, "bare");
    return { full, twin, bare };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
