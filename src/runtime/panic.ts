/**
 * A Go runtime panic: the error thrown or rejected when a program breaks a
 * rule Go enforces at run time. `message` is Go's own text, so a Go
 * programmer recognises it at once.
 *
 * ```ts
 * ch.close(); ch.close() // throws Panic("close of closed channel")
 * ```
 */
export class Panic extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "Panic";
  }
}

export const SEND_ON_CLOSED = "send on closed channel";
export const CLOSE_OF_CLOSED = "close of closed channel";
