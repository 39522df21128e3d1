// How many tasks are parked on a channel that a timer will send on (a timer
// or ticker channel). The timer heap keeps its host timer referenced - the
// process alive - only while this count or the number of sleepers is
// non-zero: a `time.after` arm that lost its select must not hold Node open,
// as Go exits when main returns whatever timers are pending.

export const keepAlive = {
  waiters: 0,
  /** Set by the timer heap; called when `waiters` moves between 0 and 1. */
  onChange: null as (() => void) | null,
};

export function addKeepAlive(delta: 1 | -1): void {
  const before = keepAlive.waiters;
  keepAlive.waiters = before + delta;
  if ((before === 0 || keepAlive.waiters === 0) && keepAlive.onChange !== null) keepAlive.onChange();
}
