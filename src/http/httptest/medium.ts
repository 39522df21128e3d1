// Where an in-memory network's events run, and how its bytes in flight keep
// a synctest bubble from moving its clock.
//
// Node's streams are callbacks, not goroutines: a request listener, a
// parser, the Client's bookkeeping run wherever the event that calls them
// runs. So every delivery (bytes, EOF, a new connection) runs as a task of
// its own, started in the network's bubble and gone as soon as the
// synchronous delivery returns. Code it calls belongs to the bubble (its
// timers are virtual, the tasks it starts join the bubble), and whatever it
// parks on is attributed to that finished task, never to a live one: a
// server's handler parking in a select cannot mark the client task that
// wrote the request as woken while that task still waits for its answer.
//
// Invariant: from a write to the end of its delivery, the bubble holds
// (Bubble.hold), so it never counts as durably blocked with bytes in flight.
// The hold outlasts the delivery by one host macrotask: TLS over a JS stream
// (node's JSStreamSocket) reports a write done from a setImmediate queued
// when the write's callback runs, and the release is queued after it.
import { AsyncResource } from "node:async_hooks";
import { setImmediate } from "node:timers";
import { currentBubble, type BubbleLink } from "../../runtime/bubble-link.js";
import { spawn } from "../../runtime/task.js";

/** The bubble a network lives in, and the async context it was made in. */
export class Medium {
  /** The bubble the network was made in; null outside every bubble. */
  readonly bubble: BubbleLink | null = currentBubble();
  private readonly scope = new AsyncResource("ts-csp-style/http/httptest");

  /**
   * Run `fn` now in the context the network was made in: timers it arms
   * and channels it closes are the network's bubble's, whichever context
   * calls (a Go bubble's timers are stopped only from inside it).
   */
  run<R>(fn: () => R): R {
    return this.scope.runInAsyncScope(fn);
  }

  /** Run `fn` soon, as a delivery: after the caller returns, in order with every other delivery. */
  deliver(fn: () => void): void {
    const b = this.bubble;
    if (b === null) {
      queueMicrotask(fn);
      return;
    }
    spawn(netpoll, [fn, b.hold()], b);
  }
}

/** One delivery, run as a task of the network's bubble (Go's netpoller waking a reader). */
function netpoll(fn: () => void, release: () => void): void {
  try {
    fn();
  } finally {
    setImmediate(release);
  }
}
