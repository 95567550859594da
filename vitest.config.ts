import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CLI and fixture suites spawn the built CLI and type-check projects: give them time.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
  },
});
