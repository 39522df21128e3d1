// Helpers shared by the chan and select specs.
import { runtime } from "../src/index.js";

/** Watch a promise without awaiting it: whether it settled, and how. */
export function track<T>(p: Promise<T>) {
  const s = { settled: false, fulfilled: false, value: undefined as T | undefined, error: undefined as unknown };
  p.then(
    (v) => {
      s.settled = true;
      s.fulfilled = true;
      s.value = v;
    },
    (e: unknown) => {
      s.settled = true;
      s.error = e;
    },
  );
  return s;
}

/** Let every woken task run: a macrotask turn drains all pending microtasks. */
export async function settle(): Promise<void> {
  await runtime.gosched();
  await runtime.gosched();
}
