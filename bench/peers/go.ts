// Go itself, when `go` is on the PATH: bench/peers/go/main.go is built once
// into a temporary directory and run once per measured run, one shape per
// process (the timing is taken inside Go, so process start-up is excluded).
// GOMAXPROCS=1 (set by the twin), to compare with one JavaScript thread.
// Without `go` on the PATH every shape says why.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { check, type Sample } from "../harness.js";
import type { Impl, Peer, WakeBy } from "./types.js";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "go");

function goVersion(): { version: string } | { missing: string } {
  const r = spawnSync("go", ["version"], { encoding: "utf8" });
  if (r.error) return { missing: (r.error as NodeJS.ErrnoException).code === "ENOENT" ? "go: not on PATH" : `go: ${r.error.message}` };
  if (r.status !== 0) return { missing: `go version failed: ${(r.stderr || r.stdout).trim()}` };
  const m = /go version (\S+)/.exec(r.stdout);
  return { version: m ? m[1] : r.stdout.trim() };
}

function build(): { bin: string } | { missing: string } {
  const bin = join(mkdtempSync(join(tmpdir(), "bench-go-")), "twin");
  const r = spawnSync("go", ["build", "-o", bin, "."], { cwd: DIR, encoding: "utf8", env: { ...process.env, GOFLAGS: "-mod=mod" } });
  if (r.status !== 0) return { missing: `go build failed: ${(r.stderr || r.stdout || String(r.error)).trim().split("\n")[0]}` };
  return { bin };
}

export function goPeer(): Peer {
  const v = goVersion();
  const b = "missing" in v ? v : build();
  const missing = "missing" in v ? v.missing : "missing" in b ? b.missing : undefined;
  const na = { na: missing ?? "" };
  const base = {
    key: "go",
    label: "Go",
    pkg: null,
    version: "missing" in v ? "-" : v.version,
    how: "bench/peers/go/main.go: goroutines and channels, `select { case v := <-ch: case <-time.After(time.Second): }`, GOMAXPROCS=1",
  };
  if (missing !== undefined || "missing" in b) {
    return { ...base, unavailable: missing, pingPong: na, buffered: na, select: na, fanIn: na, memOwn: na, memShared: na, wake: na };
  }
  const bin = b.bin;
  const twin = async (args: string[]): Promise<Sample> => {
    const out = execFileSync(bin, args, { encoding: "utf8", maxBuffer: 1 << 20 });
    const s = JSON.parse(out) as Sample;
    check(typeof s.value === "number" && Number.isFinite(s.value), `go twin ${args.join(" ")}: bad output ${out}`);
    return s;
  };
  const impl = <A extends unknown[]>(f: (...a: A) => string[]): Impl<A> => ({ run: (...a: A) => twin(f(...a)) });
  return {
    ...base,
    pingPong: impl((n: number) => ["-shape", "pingpong", "-n", String(n)]),
    buffered: impl((n: number, cap: number) => ["-shape", "buffered", "-n", String(n), "-cap", String(cap)]),
    select: { ...impl((n: number) => ["-shape", "select", "-n", String(n)]), opts: { runs: 3 } },
    fanIn: impl((n: number, p: number) => ["-shape", "fanin", "-n", String(n), "-p", String(p)]),
    memOwn: { ...impl((k: number) => ["-shape", "mem", "-n", String(k)]), opts: { runs: 3 } },
    memShared: { ...impl((k: number) => ["-shape", "mem", "-n", String(k), "-shared"]), opts: { runs: 3 } },
    wake: impl((k: number, by: WakeBy) => ["-shape", "wake", "-n", String(k), "-by", by]),
  };
}
