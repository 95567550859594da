#!/usr/bin/env node
// Interleaved timing of a few commands, for deciding a change on a shared, noisy machine: each
// round runs every command once, in turn, so that a busy minute slows them all and not one of
// them. Prints the minimum and the median wall time of each.
//
//   node bench/ab.mjs [--rounds 15] [--cwd <dir>] <label>=<command> ...
//
// e.g., in a copy of examples/leaky-app (bench/.work/leaky-app after `npm run bench`):
//   node bench/ab.mjs --cwd bench/.work/leaky-app \
//     "tsc=node ../../../node_modules/typescript/bin/tsc -p tsconfig.json --noEmit" \
//     "audit=node ../../../dist/cli.js audit --format json -q"
// Each command runs once before the rounds (caches warm, compile cache written).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  options: { rounds: { type: "string", default: "15" }, cwd: { type: "string", default: "." } },
  allowPositionals: true,
});
const rounds = Number(values.rounds);
const cwd = path.resolve(values.cwd);
const commands = positionals.map((spec) => {
  const at = spec.indexOf("=");
  if (at <= 0) {
    process.stderr.write(`ab: expected <label>=<command>, got ${JSON.stringify(spec)}\n`);
    process.exit(2);
  }
  return { label: spec.slice(0, at), command: spec.slice(at + 1), times: [] };
});
if (commands.length === 0 || !(rounds > 0)) {
  process.stderr.write("ab: usage: node bench/ab.mjs [--rounds N] [--cwd DIR] <label>=<command> ...\n");
  process.exit(2);
}

const run = (command) => {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, { cwd, shell: true, stdio: "ignore" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, status: r.status };
};

for (const c of commands) {
  const { status } = run(c.command);
  if (status !== 0 && status !== 1) process.stderr.write(`ab: ${c.label} exited ${status}\n`);
}
for (let i = 0; i < rounds; i++) for (const c of commands) c.times.push(run(c.command).seconds);

const width = Math.max(...commands.map((c) => c.label.length));
for (const c of commands) {
  const sorted = [...c.times].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  process.stdout.write(
    `${c.label.padEnd(width)}  min ${sorted[0].toFixed(2)} s  median ${median.toFixed(2)} s  (${rounds} rounds)\n`,
  );
}
