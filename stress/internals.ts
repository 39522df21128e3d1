// Figures the public API does not show, read from the library's internals
// (the library is imported from src/, so they are plain fields). Each reader
// returns NaN when the field is gone, so a refactor shows up as a NaN in the
// table, not as a silent pass.
import { listedChannels } from "../src/runtime/registry.js";
import type { RecvChan } from "../src/index.js";
import type { Context } from "../src/context/index.js";

interface QueueLike {
  size: number;
  slots: number;
}

function queue(ch: unknown, which: "recvq" | "sendq"): QueueLike | null | undefined {
  return (ch as Record<string, QueueLike | null | undefined> | null)?.[which];
}

/**
 * Slots between the head and the tail of a channel's queue of parked
 * receivers (or senders), withdrawn ones included: what DESIGN.md
 * invariant 2 keeps bounded in a hot select loop.
 */
export function queueSlots(ch: RecvChan<unknown> | null, which: "recvq" | "sendq"): number {
  if (ch === null || !(which in (ch as object))) return Number.NaN;
  return queue(ch, which)?.slots ?? 0;
}

/** Channels in the untraced registry's list of channels with waiters. */
export function registryChannels(): number {
  return listedChannels();
}

/** Live children a cancellable context holds (Go's `children` map). */
export function contextChildren(ctx: Context): number {
  const c = ctx as unknown as { children?: Set<unknown> | null };
  if (!("children" in (ctx as object))) return Number.NaN;
  return c.children?.size ?? 0;
}
