// The host seams that differ between Node, Deno and Bun: an environment the
// host may refuse to show (Deno without --allow-env), and how to force a
// garbage collection (Bun.gc).
import { afterEach, describe, expect, it, vi } from "vitest";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
  vi.resetModules();
});

/** process.env as Deno shows it without --allow-env: every read throws. */
function denyEnv(): void {
  const original = Object.getOwnPropertyDescriptor(process, "env")!;
  const denied = new Proxy(
    {},
    {
      get(_target, name) {
        throw new Error(`NotCapable: Requires env access to "${String(name)}", run again with the --allow-env flag`);
      },
    },
  );
  Object.defineProperty(process, "env", { ...original, value: denied });
  cleanup.push(() => Object.defineProperty(process, "env", original));
}

/** Sets a global for the rest of the test (undefined removes it). */
function withGlobal(name: string, value: unknown): void {
  const g = globalThis as Record<string, unknown>;
  const had = name in g;
  const original = g[name];
  if (value === undefined) delete g[name];
  else g[name] = value;
  cleanup.push(() => {
    if (had) g[name] = original;
    else delete g[name];
  });
}

describe("reading the environment", () => {
  it("treats a variable the host refuses to show as unset", async () => {
    const { env } = await import("../../src/runtime/host.js");
    denyEnv();
    expect(env("CSP_TRACE")).toBeUndefined();
  });

  it("does not fail the import when the host refuses every read, and leaves tracing off", async () => {
    vi.resetModules();
    denyEnv();
    const lib = await import("../../src/index.js");
    expect(lib.runtime.setTracing(false)).toBe(false);
  });
});

describe("forcing a garbage collection", () => {
  it("uses Bun.gc(true) where the host has it", async () => {
    vi.resetModules();
    withGlobal("gc", undefined);
    const bunGc = vi.fn();
    withGlobal("Bun", { gc: bunGc });
    const { hostGc } = await import("../../src/runtime/host.js");
    const gc = hostGc();
    expect(gc).toBeTypeOf("function");
    gc!();
    expect(bunGc).toHaveBeenCalledWith(true);
  });
});
