#!/usr/bin/env node
// TSDoc coverage of the public API (`npm run docs:coverage`): lists every
// export of ts-csp-style, ts-csp-style/testing and ts-csp-style/http (and the
// members of its namespaces) that has no TSDoc, or a TSDoc without a code
// example. The project's convention is a fenced example whose trailing
// comment is the Go it corresponds to:
//
//   ```ts
//   const [ctx, cancel] = context.withCancel(parent) // ctx, cancel := context.WithCancel(parent)
//   ```
//
// Report only (exit 0) unless --strict is given, which fails on any gap.
// Public class/interface members without any TSDoc are listed as well.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const strict = process.argv.includes("--strict");
const dir = mkdtempSync(path.join(os.tmpdir(), "ts-csp-style-docs-"));
const out = path.join(dir, "api.json");
try {
  const bin = path.join(ROOT, "node_modules", "typedoc", "bin", "typedoc");
  const r = spawnSync(process.execPath, [bin, "--json", out, "--logLevel", "Error"], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`typedoc exited ${r.status}\n${r.stdout}${r.stderr}`);
  const project = JSON.parse(readFileSync(out, "utf8"));

  // Kinds (typedoc's ReflectionKind bit flags).
  const K = { Module: 2, Namespace: 4, Enum: 8, Variable: 32, Function: 64, Class: 128, Interface: 256, Constructor: 512, Property: 1024, Method: 2048, Accessor: 262144, TypeAlias: 2097152, Reference: 4194304 };
  const KIND_NAME = Object.fromEntries(Object.entries(K).map(([k, v]) => [v, k]));

  const text = (c) => (c ? [...(c.summary ?? []), ...(c.blockTags ?? []).flatMap((t) => t.content ?? [])].map((p) => p.text).join("") : "");
  /** The comment of a declaration: its own, or its (first) signature's / getter's. */
  function commentOf(r) {
    if (r.comment) return r.comment;
    for (const s of r.signatures ?? []) if (s.comment) return s.comment;
    if (r.getSignature?.comment) return r.getSignature.comment;
    return undefined;
  }
  const hasExample = (c) => /```/.test(text(c)) || (c?.blockTags ?? []).some((t) => t.tag === "@example");

  const noDoc = [];
  const noExample = [];
  const memberNoDoc = [];
  function visit(r, prefix) {
    for (const child of r.children ?? []) {
      const name = prefix ? `${prefix}.${child.name}` : child.name;
      if (child.kind === K.Reference) continue;
      if (child.kind === K.Namespace || child.kind === K.Module) {
        visit(child, name);
        continue;
      }
      const c = commentOf(child);
      const label = `${name} (${KIND_NAME[child.kind] ?? child.kind})`;
      if (!c) noDoc.push(label);
      else if (!hasExample(c)) noExample.push(label);
      if (child.kind === K.Class || child.kind === K.Interface) {
        for (const m of child.children ?? []) {
          if (m.kind === K.Constructor || m.flags?.isPrivate || m.flags?.isProtected || m.name.startsWith("[")) continue;
          if (!commentOf(m) && !m.inheritedFrom) memberNoDoc.push(`${name}.${m.name}`);
        }
      }
    }
  }
  for (const mod of project.children ?? []) visit(mod, mod.name);

  const section = (title, list) => {
    console.log(`${title}: ${list.length}`);
    for (const x of list) console.log(`  - ${x}`);
  };
  section("exports without TSDoc", noDoc);
  section("exports with TSDoc but no code example", noExample);
  section("public members (of exported classes/interfaces) without TSDoc", memberNoDoc);
  const gaps = noDoc.length + noExample.length;
  console.log(`docs-coverage: ${gaps} export(s) lack a TSDoc example${strict ? "" : " (report only; --strict fails on gaps)"}`);
  if (strict && gaps > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
