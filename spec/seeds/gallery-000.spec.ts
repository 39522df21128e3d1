// Seed 000 ("golang http timeout and goroutines accumulation"), the examples
// themselves: examples/seed000/leaky.ts and fixed.ts, their handler() behind
// a node:http server and asked by the Client, in a synctest bubble on an
// in-memory network, its upstream a second server that answers after
// 600 ms, while timeoutHttpGet gives up at 250 ms (the seed's 5 s, scaled). The leaky handler's fetch tasks park forever on their send to a
// channel that the deferred `ch = null` made nil (written
// `select(send(ch, ...))`, so the registry shows state "select"); the fix's
// tasks complete their send into the buffer and exit.
import { afterAll, expect } from "vitest";
import { runtime } from "../../src/index.js";
import { describeFix, describeLeak } from "./_gallery.js";

afterAll(() => {
  expect(runtime.numGoroutine()).toBe(0);
  expect(runtime.parked()).toEqual([]);
});

describeLeak("000/leaky", {
  state: "select",
  statement: "await select(send(ch, { resp: body, err: null }))",
  name: "fetch",
  found: "all",
});

describeFix("000/fixed");
