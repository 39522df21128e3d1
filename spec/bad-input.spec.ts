import { describe, expect, it } from "vitest";
import { badInputs } from "./bad-input.table.js";

describe("bad input throws at the call, with a message naming the call", () => {
  it.each(badInputs.map((b) => [b.call, b] as const))("%s", (_call, b) => {
    let thrown: unknown = undefined;
    let returned: unknown = undefined;
    try {
      returned = b.run();
    } catch (e) {
      thrown = e;
    }
    // A call that did not throw may have started work that fails later.
    if (returned instanceof Promise) returned.catch(() => {});
    expect(thrown, "it must throw synchronously").toBeInstanceOf(b.error);
    expect((thrown as Error).message).toMatch(b.message);
  });
});
