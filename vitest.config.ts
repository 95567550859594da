import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CLI and fixture suites spawn the built CLI and type-check projects: give them time.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // vitest's default is one worker less than the cores: a single worker on a 2-core machine, so
    // files ran one after another while that worker mostly waited on a spawned CLI or tsc. Two
    // workers keep both cores busy; with more cores, one less than the cores. (vitest runs the
    // longest files first from its cache of the last run, the largest first on a first run.)
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
