#!/usr/bin/env node
// The CLI as a few files instead of ~270 modules: after `tsc` has built dist/, esbuild bundles
// dist/cli.js (leakmod's code, yargs and the other small dependencies) into dist/cli.js again,
// with what each command imports lazily split into dist/chunks/. Node's ES module loader spends
// about half a millisecond on each module it resolves, reads and links: on a small project that
// was a fifth of the run. The library entry (dist/index.js) and the jscodeshift adapters stay as
// tsc built them.
//
// Left out of the bundle, loaded from node_modules as before: ts-morph (CommonJS, with V8's code
// cache, src/engine/compile-cache.ts), prettier and zod (loaded only when needed), browserslist
// (it requires a project's shareable configurations by name).
//
// Without esbuild (leakmod installed from a folder whose devDependencies are missing), dist/cli.js
// stays tsc's: the same CLI, a slower start.
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));

let esbuild;
try {
  esbuild = require("esbuild");
} catch {
  process.stderr.write("leakmod: esbuild is not installed: dist/cli.js is left unbundled (it starts slower)\n");
  process.exit(0);
}

// Chunks of an earlier build are named by other hashes.
rmSync(path.join(root, "dist", "chunks"), { recursive: true, force: true });

await esbuild.build({
  entryPoints: [path.join(root, "dist", "cli.js")],
  outdir: path.join(root, "dist"),
  allowOverwrite: true,
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  external: ["ts-morph", "prettier", "typescript", "zod", "browserslist"],
  // The CommonJS code in the bundle (src/engine/ts-morph.cts, small dependencies) calls `require`.
  banner: {
    js: 'import { createRequire as __leakmodRequire } from "node:module";\nconst require = __leakmodRequire(import.meta.url);',
  },
  logLevel: "warning",
});
