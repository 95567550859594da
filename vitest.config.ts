import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // src/engine/ts-morph.cts loads ts-morph with `require` to spare the CLI Node's CommonJS export
    // lexer (0.1 s a run); Vite cannot transform a `.cts`, and tests do not measure start-up, so
    // here every import of that shim is ts-morph itself, which is all the shim re-exports.
    alias: [{ find: /^(?:\.{1,2}\/)+(?:engine\/)?ts-morph\.cjs$/, replacement: "ts-morph" }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // CLI and fixture suites spawn the built CLI and type-check projects: give them time.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // One module registry per worker for all its files: TypeScript, ts-morph and the parsed lib
    // files (src/engine/shared-files.ts) load once per worker instead of once per test file (1,408
    // tests: 169 s -> 127 s on 2 cores). The suites keep no state of their own between files:
    // runLeakmod restores the environment it changes, and every project is a fresh temp folder.
    isolate: false,
    // vitest's default is one worker less than the cores: a single worker on a 2-core machine, so
    // files ran one after another while that worker mostly waited on a spawned CLI or tsc. Two
    // workers keep both cores busy; with more cores, one less than the cores. (vitest runs the
    // longest files first from its cache of the last run, the largest first on a first run.)
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
