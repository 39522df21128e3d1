import { describe, expect, it } from "vitest";
import { context, errgroup } from "../../src/index.js";

describe("errgroup.withContext: its argument", () => {
  it("names errgroup.withContext for a null parent, in Go's words", () => {
    expect(() => errgroup.withContext(null as unknown as context.Context)).toThrow(
      new TypeError("errgroup.withContext: cannot create context from nil parent (got null)"),
    );
  });

  it("names errgroup.withContext for something that is not a Context", () => {
    expect(() => errgroup.withContext({} as context.Context)).toThrow(/^errgroup\.withContext: expected a Context, got Object$/);
  });
});

describe("new errgroup.Group: its arguments", () => {
  it("throws TypeError for a context, which only errgroup.withContext gives a group", () => {
    const Group = errgroup.Group as unknown as new (ctx: context.Context) => errgroup.Group;
    expect(() => new Group(context.background())).toThrow(/^new errgroup\.Group: takes no arguments \(errgroup\.withContext\(ctx\) makes a group with a context\), got EmptyCtx$/);
  });
});
