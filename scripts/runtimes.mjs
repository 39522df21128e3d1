// The runtimes the project supports beyond the machine's Node, pinned, and
// how to get each one: an npm package (node-<os>-<arch>, bun, deno)
// installed once into a cache directory, so nothing but the npm registry is
// needed. Used by the runtime matrix (scripts/test-runtimes.mjs) and by the
// bench on every Node (scripts/bench-nodes.mjs).
//
//   CSP_RUNTIMES_DIR  where runtimes are installed (default ~/.cache/ts-csp-style/runtimes)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const CACHE = process.env.CSP_RUNTIMES_DIR ?? path.join(os.homedir(), ".cache", "ts-csp-style", "runtimes");
export const npm = process.platform === "win32" ? "npm.cmd" : "npm";

// Pinned, as the lockfile pins dependencies: a new runtime release is a
// deliberate bump here, not a CI run that changed under nobody's hand.
export const NODE_PKG = `node-${process.platform}-${process.arch}`;
export const RUNTIMES = [
  { id: "node22", kind: "node", pkg: NODE_PKG, version: "22.23.5", bin: "node" },
  { id: "node24", kind: "node", pkg: NODE_PKG, version: "24.22.3", bin: "node" },
  { id: "node26", kind: "node", pkg: NODE_PKG, version: "26.12.1", bin: "node" },
  { id: "bun", kind: "bun", pkg: "bun", version: "1.4.5", bin: "bun" },
  { id: "deno", kind: "deno", pkg: "deno", version: "2.9.6", bin: "deno" },
];

/** Runs a command, capturing its output; never rejects. */
export function run(cmd, args, { cwd, env = {}, timeoutMs = 5 * 60_000 } = {}) {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    let timedOut = false;
    const guard = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const done = (code, error) => {
      clearTimeout(guard);
      const seconds = (performance.now() - start) / 1000;
      if (error) out += `\n${error.message}`;
      if (timedOut) out += `\n(killed after ${timeoutMs / 1000} s)`;
      resolve({ ok: code === 0 && !timedOut && !error, code, out, seconds });
    };
    child.on("error", (e) => done(null, e));
    child.on("close", (code) => done(code));
  });
}

/** The runtime's binary, installed from npm into the cache unless already there. */
export async function install(rt) {
  const dir = path.join(CACHE, `${rt.pkg}@${rt.version}`);
  const bin = path.join(dir, "node_modules", ".bin", rt.bin);
  const version = () => spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout ?? "";
  if (existsSync(bin) && version().includes(rt.version)) return { bin, seconds: 0, cached: true };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // A package.json of its own, so npm installs here and not into an enclosing project.
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "runtime", private: true }));
  const r = await run(npm, ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", `${rt.pkg}@${rt.version}`], { cwd: dir });
  if (!r.ok) throw new Error(`npm install ${rt.pkg}@${rt.version} failed:\n${r.out}`);
  if (!version().includes(rt.version)) throw new Error(`${bin} --version does not say ${rt.version}: ${version()}`);
  return { bin, seconds: r.seconds, cached: false };
}
