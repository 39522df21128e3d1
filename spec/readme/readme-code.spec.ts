// README code cannot drift from the specs that run it. A ```ts block of
// README.md that a spec runs is marked on the line before it:
//
//   <!-- spec: spec/readme/testing-example.spec.ts -->
//
// and that file must contain the block, modulo import paths (the spec
// imports `../../src/index.js` where the README imports `ts-csp-style`). The
// block is compared paragraph by paragraph (paragraphs are split at blank
// lines): each paragraph must appear in the file, after the one before it,
// every line verbatim under one common indentation, so a spec may run a
// program's top level inside a test or a bubble.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url);
const README = readFileSync(new URL("README.md", ROOT), "utf8");

/** The README examples that a spec runs; a marker removed by mistake fails here. */
const REQUIRED = [
  "spec/readme/first-example.spec.ts",
  "spec/readme/testing-example.spec.ts",
];

interface Marked {
  /** The marked spec, relative to the repository. */
  spec: string;
  /** 1-based line of the marker in README.md. */
  line: number;
  /** The block's code, or null when no ```ts block follows the marker. */
  code: string | null;
}

function markedBlocks(md: string): Marked[] {
  const lines = md.split("\n");
  const out: Marked[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^<!-- spec: (\S+) -->\s*$/.exec(lines[i]!);
    if (m === null) continue;
    const end = lines.indexOf("```", i + 2);
    const code = lines[i + 1] === "```ts" && end > 0 ? lines.slice(i + 2, end).join("\n") : null;
    out.push({ spec: m[1]!, line: i + 1, code });
  }
  return out;
}

/** A spec's text as the README shows it: the package's import paths in place of the repository's. */
function asPublished(source: string): string {
  return source.replace(/from "(?:\.\.\/)+src\/((?:[\w-]+\/)*)index\.js"/g, (_m, dir: string) =>
    dir === "" ? 'from "ts-csp-style"' : `from "ts-csp-style/${dir.slice(0, -1)}"`,
  );
}

function paragraphs(code: string): string[][] {
  return code
    .split(/\n[ \t]*\n/)
    .map((p) => p.split("\n"))
    .filter((p) => p.some((l) => l.trim() !== ""));
}

/**
 * Where `para` starts in `lines` at or after `from`, every line under one
 * common indentation; the index after it, or -1.
 */
function find(lines: string[], para: string[], from: number): number {
  for (let i = from; i + para.length <= lines.length; i++) {
    const first = lines[i]!;
    if (!first.endsWith(para[0]!)) continue;
    const indent = first.slice(0, first.length - para[0]!.length);
    if (indent.trim() !== "") continue;
    if (para.every((l, j) => lines[i + j] === (l === "" ? "" : indent + l))) return i + para.length;
  }
  return -1;
}

/** The first paragraph of `code` not found in `source` in order, or null if all are. */
function missingParagraph(source: string, code: string): string | null {
  const lines = asPublished(source).split("\n");
  let at = 0;
  for (const para of paragraphs(code)) {
    at = find(lines, para, at);
    if (at < 0) return para.join("\n");
  }
  return null;
}

const marked = markedBlocks(README);

describe("README code blocks marked with the spec that runs them", () => {
  it("marks the README examples that specs run", () => {
    expect(marked.map((m) => m.spec)).toEqual(expect.arrayContaining(REQUIRED));
  });

  for (const m of marked) {
    it(`README.md:${m.line} is in ${m.spec}`, () => {
      expect(m.code, `the marker at README.md:${m.line} is not followed by a \`\`\`ts block`).not.toBeNull();
      const file = new URL(m.spec, ROOT);
      expect(existsSync(file), `${m.spec} does not exist`).toBe(true);
      const missing = missingParagraph(readFileSync(file, "utf8"), m.code!);
      expect(missing, `this paragraph of README.md:${m.line} is not in ${m.spec} (in order, modulo import paths and indentation)`).toBeNull();
    });
  }
});

describe("the comparison itself", () => {
  const spec = 'import { chan } from "../../src/index.js";\nimport { synctest } from "../../src/testing/index.js";\n\nfunction f() {}\n\nit("x", async () => {\n  await synctest.test(async () => {\n    f();\n    f();\n  });\n});\n';

  it("maps the repository's import paths to the package's", () => {
    expect(asPublished(spec)).toContain('import { chan } from "ts-csp-style";\nimport { synctest } from "ts-csp-style/testing";');
    expect(asPublished('from "../../src/http/httptest/index.js"')).toBe('from "ts-csp-style/http/httptest"');
  });

  it("finds paragraphs in order, each under one indentation", () => {
    expect(missingParagraph(spec, 'import { chan } from "ts-csp-style";\n\nfunction f() {}\n\nf();\nf();')).toBeNull();
  });

  it("reports a changed line, a paragraph out of order, and mixed indentation", () => {
    expect(missingParagraph(spec, "function g() {}")).toBe("function g() {}");
    expect(missingParagraph(spec, "f();\nf();\n\nfunction f() {}")).toBe("function f() {}");
    expect(missingParagraph(spec, 'it("x", async () => {\nawait synctest.test(async () => {')).not.toBeNull();
  });
});
