// Go's channel operations on a channel that may be nil. In Go a nil channel
// is a value of channel type: a send or receive on it blocks forever, and
// the goroutine dump says why (`goroutine 7 [chan send (nil chan)]:`). Here
// nil is `null`, and `null` has no methods, so `ch.send(v)` on a variable
// that may be null needs these functions to read as Go does.
//
// Invariant: an operation on a nil channel never completes, so its record
// is in no channel's queue; the registry lists it itself (registerUnqueued)
// until its bubble ends, as it does a select on no channel.
import { Parked, registerUnqueued, type ChanRef, type Listed, type StateWord, type TrackedChan } from "../runtime/registry.js";
import { describe } from "../runtime/validate.js";
import type { RecvChan, RecvResult, SendChan } from "./chan.js";

/** A send or receive parked on a nil channel: nothing can ever complete it. */
class NilChanOp extends Parked implements Listed {
  rprev: Listed | null = null;
  rnext: Listed | null = null;

  constructor(readonly kind: "send" | "recv") {
    super();
  }

  channelRefs(): ChanRef[] {
    return [];
  }

  channels(): TrackedChan[] {
    return [];
  }
}

/** Go's runtime words for a goroutine blocked on a nil channel (runtime2.go's waitReasonChanSendNilChan). */
const NIL_SEND: StateWord = "chan send (nil chan)";
const NIL_RECV: StateWord = "chan receive (nil chan)";

/** Park the caller forever on a nil channel, listed in the registry under `reason`. */
function blockForever(kind: "send" | "recv", reason: StateWord): Promise<never> {
  registerUnqueued(new NilChanOp(kind), reason);
  // Settles never, and nothing keeps its resolving functions: a task that
  // awaits it is blocked for good, as Go's goroutine is.
  return new Promise<never>(() => {});
}

/**
 * Go's `ch <- v` where `ch` may be nil: `ch.send(v)` on a channel, and on
 * `null` or `undefined` a send that blocks forever, shown in dumps as Go's
 * `chan send (nil chan)`.
 *
 * ```ts
 * await sendOn(fetchDone, result) // fetchDone <- result (fetchDone may be nil)
 * ```
 */
export function sendOn<T>(ch: SendChan<T> | null | undefined, value: T): Promise<void> {
  if (ch === null || ch === undefined) return blockForever("send", NIL_SEND);
  if (typeof (ch as Partial<SendChan<T>>).send !== "function") throw new TypeError(`sendOn: expected a channel or null, got ${describe(ch)}`);
  return ch.send(value);
}

/**
 * Go's `v, ok := <-ch` where `ch` may be nil: `ch.recv()` on a channel, and
 * on `null` or `undefined` a receive that blocks forever, shown in dumps as
 * Go's `chan receive (nil chan)`.
 *
 * ```ts
 * const [v, ok] = await recvFrom(in1) // v, ok := <-in1 (in1 may be nil)
 * ```
 */
export function recvFrom<T>(ch: RecvChan<T> | null | undefined): Promise<RecvResult<T>> {
  if (ch === null || ch === undefined) return blockForever("recv", NIL_RECV);
  if (typeof (ch as Partial<RecvChan<T>>).recv !== "function") throw new TypeError(`recvFrom: expected a channel or null, got ${describe(ch)}`);
  return ch.recv();
}
