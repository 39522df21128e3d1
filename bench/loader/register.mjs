// `node --import ./bench/loader/register.mjs bench/index.ts`: run the bench's
// TypeScript as a user's compiled program runs, not as tsx runs it.
//
// tsx compiles with esbuild's keepNames, which wraps every named function
// expression in `__name(fn, "name")`: a defineProperty per closure. On a
// closure made per task (`go(async function worker() {...})` in a loop) that
// gives each closure its own 256-byte property store and a slower shape, a
// cost that neither tsc nor a bundler's default output has. This loader
// strips types with the same esbuild, keepNames off, target ES2022, and
// keeps line numbers (no minification) so CPU profiles point at source lines.
//
// Node >= 22.15 runs the hooks in this thread (module.registerHooks);
// module.register(), which runs them on a loader thread, is deprecated from
// Node 26 (DEP0205) and is only the fallback for older Nodes.
import * as module from "node:module";

if (typeof module.registerHooks === "function") {
  const { resolve, load } = await import("./hooks.mjs");
  module.registerHooks({ resolve, load });
} else {
  module.register("./hooks.mjs", import.meta.url);
}
