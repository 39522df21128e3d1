import type { Mode } from "./protocol.js";

// The two registry modes. The library turns tracing on when it loads if
// CSP_TRACE=1, if VITEST is set at all, or if NODE_ENV is "test"
// (src/runtime/trace.ts). The untraced child must see none of those, or it
// would silently test the traced path twice and never the one that ships.

export const MODES: readonly Mode[] = ["untraced", "traced"];

export function envFor(mode: Mode, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  delete env.CSP_TRACE;
  for (const k of Object.keys(env)) if (k.startsWith("VITEST")) delete env[k];
  if (env.NODE_ENV === "test") delete env.NODE_ENV;
  if (mode === "traced") env.CSP_TRACE = "1";
  return env;
}
