import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["spec/**/*.spec.ts", "property-tests/**/*.prop.ts"],
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 20_000,
    watch: false,
    passWithNoTests: false,
  },
});
