#!/usr/bin/env node
// `npm run demo`: leakmod's audit and dry-run diff on the bundled example; nothing is written.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(repo, "dist", "cli.js");
const example = "examples/leaky-app";

function step(args) {
  process.stdout.write(`\n$ leakmod ${args.join(" ")}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

step(["audit", example]);
// The findings were listed by the audit: the diff step shows only the patch.
step(["diff", "--quiet", example]);
