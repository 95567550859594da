#!/usr/bin/env node
// `prepare` (npm runs it on `npm ci`/`npm install` in the repository, on `npm pack`, and when
// leakmod is installed from git or from a folder): build dist/. A fresh clone installed from a
// folder (`npm i ../leakmod`) has no devDependencies, so no TypeScript to build with: then they
// are installed first, as npm itself does for a git dependency.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(command, args, env = process.env) {
  const r = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function hasTypeScript() {
  try {
    require.resolve("typescript/bin/tsc");
    return true;
  } catch {
    return false;
  }
}

if (!hasTypeScript()) {
  // The outer npm's settings (global, prefix, omit…) are for the project installing leakmod.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  run(npm, ["install", "--include=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--no-save"], env);
}
run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"]);
run(process.execPath, [path.join(root, "scripts", "bundle.mjs")]);
