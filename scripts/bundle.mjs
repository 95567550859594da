#!/usr/bin/env node
// The CLI as one CommonJS file: after `tsc` has built dist/, esbuild bundles dist/cli.js
// (leakmod's code, yargs and the other small dependencies) into dist/cli.cjs, and dist/cli.js
// becomes a stub that turns V8's code cache on (src/engine/compile-cache.ts) and runs it.
// - One file instead of ~180 ES modules: Node's ES module loader spends about half a millisecond
//   on each module it resolves, reads and links.
// - CommonJS, because Node 20 keeps no compiled code of ES modules between runs, and the code
//   cache keeps this file's as it keeps the TypeScript compiler's.
// On a small project the two were a quarter of the run. The library entry (dist/index.js) and the
// jscodeshift adapters stay as tsc built them.
//
// Left out of the bundle, loaded from node_modules as before: ts-morph (CommonJS, code-cached
// too), prettier, zod and browserslist (each loaded only by a run that needs it).
//
// Without esbuild (leakmod installed from a folder whose devDependencies are missing), dist/cli.js
// stays tsc's: the same CLI, a slower start.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const require = createRequire(path.join(root, "package.json"));

let esbuild;
try {
  esbuild = require("esbuild");
} catch {
  process.stderr.write("leakmod: esbuild is not installed: dist/cli.js is left unbundled (it starts slower)\n");
  process.exit(0);
}

// (The chunks of an earlier, ES module, bundle.)
rmSync(path.join(dist, "chunks"), { recursive: true, force: true });

const { metafile } = await esbuild.build({
  metafile: true,
  entryPoints: [path.join(dist, "cli.js")],
  outfile: path.join(dist, "cli.cjs"),
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  sourcemap: true,
  external: ["ts-morph", "prettier", "typescript", "zod", "browserslist"],
  inject: [path.join(root, "scripts", "import-meta-url.mjs")],
  define: { "import.meta.url": "importMetaUrl" },
  logLevel: "warning",
});
// On Node 20, an `import()` in code that V8 restored from the compile cache fails ("A dynamic
// import callback was not specified"): the CLI loads what it loads late with `require`.
for (const output of Object.values(metafile.outputs)) {
  const late = output.imports.filter((i) => i.kind === "dynamic-import").map((i) => i.path);
  if (late.length > 0) throw new Error(`dist/cli.cjs would import() ${late.join(", ")}: require it instead`);
}
// The stub is the command; this file is required, and its first line must be `"use strict"`.
const cjs = path.join(dist, "cli.cjs");
let code = readFileSync(cjs, "utf8").replace(/^#!.*\n/, "");
// Every module's `import { ts } from "…/ts-morph.cjs"` becomes `__toESM(require_ts_morph(), 1)`:
// a copy of its exports whose every property is a getter, so that each of the analysis' millions of
// `ts.isX(node)` calls one (half a second of effect's audit). Nothing reads more than `ts` and
// `Project` there, which the CommonJS module itself holds as plain properties: it is used as is.
const wrapped = /__toESM\(require_ts_morph\(\), 1\)/g;
if (/import_ts_morph\d*\.(?!ts\b|Project\b)\w+/.test(code) || !wrapped.test(code))
  throw new Error("dist/cli.cjs: ts-morph.cjs is not imported as expected (only `ts` and `Project`)");
code = code.replace(wrapped, "require_ts_morph()");
writeFileSync(cjs, code);

writeFileSync(
  path.join(dist, "cli.js"),
  `#!/usr/bin/env node
// The leakmod command: dist/cli.cjs (built by scripts/bundle.mjs from src/cli.ts), with V8's code
// cache on first so that it, like the TypeScript compiler, is not compiled again on every run.
import { createRequire } from "node:module";
import { enableCompileCache } from "./engine/compile-cache.js";

enableCompileCache();
createRequire(import.meta.url)("./cli.cjs").runAsCli();
`,
  { mode: 0o755 },
);
