// Module hooks for bench/loader/register.mjs: `.js` specifiers that name a
// `.ts` file (the TypeScript ESM convention) resolve to it, and `.ts` files
// load as esbuild's type-stripped ES2022, without keepNames, under the
// project's tsconfig.json. The hooks are synchronous, as module.registerHooks
// requires; module.register() takes them as they are.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

// The project's compiler options (class field semantics above all), as the
// build and the test runner apply them.
const tsconfigRaw = JSON.parse(readFileSync(new URL("../../tsconfig.json", import.meta.url), "utf8"));

export function resolve(specifier, context, next) {
  if ((specifier.startsWith(".") || specifier.startsWith("/")) && specifier.endsWith(".js") && context.parentURL?.endsWith(".ts")) {
    const ts = new URL(specifier.slice(0, -3) + ".ts", context.parentURL);
    if (existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true, format: "module" };
  }
  return next(specifier, context);
}

export function load(url, context, next) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return next(url, context);
  const file = fileURLToPath(url);
  const { code } = transformSync(readFileSync(file, "utf8"), {
    loader: "ts",
    format: "esm",
    target: "es2022",
    sourcefile: file,
    keepNames: false,
    sourcemap: "inline",
    tsconfigRaw,
  });
  return { format: "module", source: code, shortCircuit: true };
}
