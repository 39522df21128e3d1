// Faults, repeated (issue 14 item 3): user code the runtime calls may throw
// (a panic handler, a foreign Context's methods run by a timer's firing).
// Whatever it throws, thousands of times over, the runtime's queues must
// keep draining: later go() calls start their tasks, other timers fire,
// and nothing is left behind. A wedged runtime shows here as tasks that
// never ran or sleepers that never woke (bounded waits, not a hang).
import { chan, context, go, runtime, time, type Task } from "../src/index.js";
import type { Context } from "../src/context/index.js";
import type { Case, Row } from "./protocol.js";
import { foreignContext } from "../spec/_foreign-context.js";

const WAIT_MS = 3000;
const hostTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!cond() && performance.now() < end) await new Promise((r) => setTimeout(r, 2));
  return cond();
}

/** Count uncaught exceptions (the runtime surfaces a throwing handler's error so) instead of dying of them. */
function catchUncaught(): { count(): number; stop(): void } {
  let n = 0;
  const on = (): void => void n++;
  process.on("uncaughtException", on);
  return { count: () => n, stop: () => void process.off("uncaughtException", on) };
}

async function throwingPanicHandler(): Promise<Omit<Row, "mode">> {
  const K = 2000;
  const uncaught = catchUncaught();
  const restore = runtime.onPanic((e) => {
    throw new Error(`handler: ${(e as Error).message}`);
  });
  let ran = 0;
  try {
    for (let i = 0; i < K; i++) {
      go(function syncPanic() {
        throw new Error("sync");
      });
      go(async function asyncPanic() {
        await null;
        throw new Error("async");
      });
      go(function fine() {
        ran++;
      });
      // Also from fresh host turns: a start queue wedged by an earlier
      // panic would show as go() calls that never start.
      if (i % 100 === 99) await hostTurn();
    }
    await until(() => ran === K && uncaught.count() === 2 * K && runtime.numGoroutine() === 0, WAIT_MS);
  } finally {
    restore();
    uncaught.stop();
  }
  const pass = ran === K && uncaught.count() === 2 * K && runtime.numGoroutine() === 0;
  return {
    check: "faults",
    name: "panic handler that throws, 4,000 panics",
    figure: `${ran} of ${K} later tasks ran; ${uncaught.count()} of ${2 * K} handler errors surfaced as uncaught; ${runtime.numGoroutine()} tasks left`,
    pass,
    detail: pass ? undefined : "a throwing runtime.onPanic handler wedged the start queue or lost an error (issue 14 item 3)",
  };
}


async function throwingTimerFirings(): Promise<Omit<Row, "mode">> {
  const K = 500;
  const panics: unknown[] = [];
  const restore = runtime.onPanic((e) => void panics.push(e));
  const uncaught = catchUncaught();
  const ctxs: Context[] = [];
  const sleepers: Task[] = [];
  let woke = 0;
  try {
    for (let i = 0; i < K; i++) {
      // When its deadline fires, the context unlinks itself from its
      // parent by calling the parent's done(), which now throws: an
      // exception escaping the timer's firing.
      const f = foreignContext(new Error("foreign done() broken"));
      const [ctx, cancel] = context.withTimeout(f.ctx, 1 + (i % 5));
      void cancel;
      f.breakIt();
      ctxs.push(ctx);
      if (i % 5 === 0) {
        sleepers.push(
          go(async function sleeper() {
            await time.sleep(2 + (i % 7));
            woke++;
          }),
        );
      }
    }
    await until(() => woke === sleepers.length && ctxs.every((c) => c.err() !== null) && runtime.numGoroutine() === 0, WAIT_MS);
  } finally {
    restore();
    uncaught.stop();
  }
  const expired = ctxs.filter((c) => c.err() === context.DeadlineExceeded).length;
  const pass = woke === sleepers.length && expired === K && runtime.numGoroutine() === 0 && runtime.numTimers() === 0;
  return {
    check: "faults",
    name: "timer firings that throw, 500 of them",
    figure:
      `${woke} of ${sleepers.length} sleepers woke; ${expired} of ${K} deadlines expired; ` +
      `${panics.length + uncaught.count()} errors reported; ${runtime.numGoroutine()} tasks, ${runtime.numTimers()} timers left`,
    pass,
    detail: pass ? undefined : "an exception escaping a timer's firing stopped the runtime's timers (issue 14 item 3)",
  };
}

export const cases: Case[] = [
  { check: "faults", name: "panic handler that throws, 4,000 panics", timeoutMs: () => 20_000, run: async () => [await throwingPanicHandler()] },
  { check: "faults", name: "timer firings that throw, 500 of them", timeoutMs: () => 20_000, run: async () => [await throwingTimerFirings()] },
];
