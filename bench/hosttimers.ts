// Counts the host timers a case arms, by wrapping globalThis.setTimeout and
// clearTimeout while the case runs (process._getActiveHandles() does not list
// timers on Node 20). Callbacks are not wrapped, so nothing about the timers
// changes and the tracker adds no closure per timer. A timer is still armed
// when Node has not destroyed it (neither fired nor cleared): Timeout#_destroyed,
// a Node internal, with calls - clears as the fallback on other hosts.
//
// The tracker keeps the handles only until count() is called, so a heap
// measurement taken afterwards does not include timers it kept alive.

type SetTimeout = typeof globalThis.setTimeout;
type ClearTimeout = typeof globalThis.clearTimeout;

/** When the last timer armed under any tracker is due (ms, performance.now()). */
let lastDeadline = 0;

export class HostTimers {
  calls = 0;
  clears = 0;
  private handles: unknown[] | null = [];
  private readonly origSet: SetTimeout;
  private readonly origClear: ClearTimeout;
  private installed = false;

  constructor() {
    this.origSet = globalThis.setTimeout;
    this.origClear = globalThis.clearTimeout;
  }

  install(): this {
    const self = this;
    const origSet = this.origSet;
    const origClear = this.origClear;
    const wrappedSet = function (this: unknown, cb: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) {
      self.calls++;
      const due = performance.now() + (typeof ms === "number" && ms > 0 ? ms : 0);
      if (due > lastDeadline) lastDeadline = due;
      const h = (origSet as unknown as (...a: unknown[]) => unknown)(cb, ms, ...args);
      self.handles?.push(h);
      return h;
    };
    const wrappedClear = function (h: unknown) {
      if (h !== undefined && h !== null) self.clears++;
      return (origClear as (h: unknown) => void)(h);
    };
    globalThis.setTimeout = wrappedSet as unknown as SetTimeout;
    globalThis.clearTimeout = wrappedClear as unknown as ClearTimeout;
    this.installed = true;
    return this;
  }

  restore(): void {
    if (!this.installed) return;
    globalThis.setTimeout = this.origSet;
    globalThis.clearTimeout = this.origClear;
    this.installed = false;
  }

  /** Host timers armed under this tracker that are still armed; drops the handles. */
  count(): number {
    const hs = this.handles ?? [];
    this.handles = null;
    let live = 0;
    let known = true;
    for (const h of hs) {
      const d = (h as { _destroyed?: boolean })._destroyed;
      if (d === undefined) known = false;
      else if (!d) live++;
    }
    return known ? live : this.calls - this.clears;
  }
}

/** Run `fn` with host timers counted; the tracker is restored afterwards. */
export async function withHostTimers<T>(fn: (t: HostTimers) => Promise<T>): Promise<T> {
  const t = new HostTimers().install();
  try {
    return await fn(t);
  } finally {
    t.restore();
  }
}

/** Wait until every host timer armed under a tracker so far is due and has fired. */
export async function drainHostTimers(): Promise<void> {
  const wait = lastDeadline - performance.now() + 30;
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}
