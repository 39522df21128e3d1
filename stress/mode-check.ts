import { chan, go, runtime } from "../src/index.js";
import type { Mode, Row } from "./protocol.js";

// Proof, inside the child, that the registry runs in the mode asked for:
// the tracing flag as the library read it from the environment, and its
// observable effect (only a traced registry attributes a parked operation
// to its task).

export async function checkMode(mode: Mode): Promise<Row> {
  const flag = runtime.setTracing(true);
  runtime.setTracing(flag);

  const ch = chan<void>(0, { name: "modeProbe" });
  const t = go(async function modeProbe() {
    await ch.recv();
  });
  for (let i = 0; i < 100 && runtime.parked().length === 0; i++) await runtime.gosched();
  const attributed = runtime.parked().some((p) => p.task?.name === "modeProbe");
  ch.close();
  await t.done;

  const want = mode === "traced";
  const pass = flag === want && attributed === want;
  return {
    check: "mode",
    name: "registry mode is the one asked for",
    mode,
    figure: `tracing ${flag ? "on" : "off"}, parked op ${attributed ? "attributed" : "not attributed"} to its task`,
    pass,
    detail: pass
      ? undefined
      : `asked for ${mode}; CSP_TRACE=${process.env.CSP_TRACE} VITEST=${process.env.VITEST} NODE_ENV=${process.env.NODE_ENV}`,
  };
}
