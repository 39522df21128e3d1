// A test double shared by the specs and the stress suite (not a spec file).
import { chan, type context } from "../src/index.js";

/** A Context of another implementation whose done() throws `error` once broken. */
export function foreignContext(error: Error): { ctx: context.Context; breakIt(): void } {
  const ch = chan<void>();
  let broken = false;
  const ctx: context.Context = {
    done() {
      if (broken) throw error;
      return ch;
    },
    err: () => null,
    deadline: () => undefined,
    value: () => undefined,
    get signal() {
      return new AbortController().signal;
    },
  };
  return { ctx, breakIt: () => void (broken = true) };
}
