import { defineConfig } from "vitest/config";

// Every spec and property runs twice: once with tracing on (the registry's
// traced path, sites and attribution) and once with it off, the path
// production runs. CSP_TRACE is read when the runtime loads.
export default defineConfig({
  test: {
    include: ["spec/**/*.spec.ts", "property-tests/**/*.prop.ts"],
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 20_000,
    watch: false,
    passWithNoTests: false,
    projects: [
      { extends: true, test: { name: "traced", env: { CSP_TRACE: "1" } } },
      { extends: true, test: { name: "untraced", env: { CSP_TRACE: "0" } } },
    ],
  },
});
