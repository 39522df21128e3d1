// What the Client needs to know of ts-csp-style/http/httptest's in-memory
// connections, without importing it: the synctest bubble a connection's
// network lives in. A wait on such a connection is completed only by that
// bubble's tasks, timers and deliveries, so inside the bubble it is durable;
// a wait on anything else (a real socket, a dial hook of unknown nature) is
// outside I/O, and holds the bubble's clock still.
import type { BubbleLink } from "../runtime/bubble-link.js";

/** The property an in-memory connection carries: its network's bubble (null outside every bubble). */
export const kBubble: unique symbol = Symbol.for("ts-csp-style/http.inMemoryBubble") as never;

/** The bubble of in-memory connection `s`, or undefined when `s` is not an in-memory connection. */
export function inMemoryBubble(s: object): BubbleLink | null | undefined {
  return (s as { [kBubble]?: BubbleLink | null })[kBubble];
}
