// The ports of "Go Concurrency Patterns: Pipelines and cancellation"
// (examples/pipelines) print what the Go blog's programs print. Each runs
// in a synctest bubble, which also proves what the post is about: when main
// returns, every goroutine of the pipeline has exited (a goroutine left
// blocked would fail the bubble with synctest's deadlock report).
import { afterEach, describe, expect, it } from "vitest";
import { chan, time } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";
import * as fmt from "../../examples/gobyexample/fmt.js";
import * as bounded from "../../examples/pipelines/bounded.js";
import * as square from "../../examples/pipelines/square.js";
import * as sqdone3 from "../../examples/pipelines/sqdone3.js";
import * as sqfan from "../../examples/pipelines/sqfan.js";

afterEach(() => fmt.setOutput(null));

/** Run `main` in a bubble and return its output lines; the bubble fails if a goroutine is left behind. */
async function output(main: () => Promise<void>): Promise<string[]> {
  let out = "";
  fmt.setOutput((text) => (out += text));
  await synctest.test(main);
  return out.split("\n").slice(0, -1);
}

describe("Pipelines and cancellation, ported", () => {
  it("square.go: gen and sq print 4 then 9, and both stages exit", async () => {
    expect(await output(square.main)).toEqual(["4", "9"]);
  });

  it("square2.go's composition: sq(sq(gen(2, 3))) ranges over 16 then 81", async () => {
    const got: number[] = [];
    await synctest.test(async () => {
      for await (const n of square.sq(square.sq(square.gen(2, 3)))) got.push(n);
    });
    expect(got).toEqual([16, 81]);
  });

  it("sqfan.go: two sq stages fan out from one gen and merge fans in: 4 and 9, in either order", async () => {
    const lines = await output(sqfan.main);
    expect([...lines].sort()).toEqual(["4", "9"]);
  });

  it("sqdone3.go: main takes one value (4 or 9), and closing done makes every stage return", async () => {
    const lines = await output(sqdone3.main);
    expect(lines).toHaveLength(1);
    expect(["4", "9"]).toContain(lines[0]);
  });

  it("sqdone3.go: closing done mid-stream makes every stage return with values unsent, and merge's out closes", async () => {
    await synctest.test(async () => {
      const done = chan<void>();
      const out = sqdone3.merge(done, sqdone3.sq(done, sqdone3.gen(done, 1, 2, 3, 4, 5, 6)));
      expect(await out.recv()).toEqual([1, true]);
      done.close();
      await synctest.wait();
      // Every stage took its done case: nothing is left to send on out.
      expect(await out.recv()).toEqual([undefined, false]);
    });
  });

  it("bounded.go: the MD5 digest of every file under the fixture directory, sorted by path, by 20 digesters", async () => {
    const root = "examples/pipelines/testdata";
    const lines = await output(() => bounded.main(root));
    expect(lines).toEqual([
      `dce5b9b88291377a8676c00c02c4d104  ${root}/a.txt`,
      `e6e2f0449cdaf32e2fd07ef6c871f014  ${root}/b.txt`,
      `b1863a6f4cdfe6a499e584ffcf922998  ${root}/sub/c.txt`,
      `d41d8cd98f00b204e9800998ecf8427e  ${root}/sub/empty.txt`,
    ]);
  });

  it("bounded.go: a walk that fails is MD5All's error, and the digesters still all exit", async () => {
    await synctest.test(async () => {
      const start = time.now();
      const [m, err] = await bounded.MD5All("examples/pipelines/no-such-dir");
      expect(m).toBeNull();
      expect(err?.message).toMatch(/ENOENT/);
      expect(time.since(start)).toBe(0);
    });
  });
});
