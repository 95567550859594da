#!/usr/bin/env node
/**
 * `npm run zoo`: the leak zoo, runnable proof that fixes fix leaks and change nothing else.
 *
 * For each examples/zoo/<case>/ (main.ts exporting `async main()`, case.json with `expect`):
 * in a fresh temporary TypeScript project (strict, ES2022, lib esnext.disposable), compile and
 * run it (node --expose-gc) measuring retained heap and open descriptors around `main()`, run
 * `leakmod apply` (with --unsafe when the case says so), type-check, compile and run again, and
 * compare:
 *   heap    — stdout identical, retained heap reduced by at least 80 %
 *   fds     — stdout identical, leaked descriptors before > 0, after = 0
 *   rewrite — stdout identical, the file was rewritten, no leak before or after
 *   counts  — stdout identical, every count main() returns (listeners on a target, active
 *             timers, warnings) > 0 before and 0 after
 *   none    — stdout identical, nothing rewritten
 * case.json may also hold `compilerOptions` (laid over the zoo's) and `exit: true` (the harness
 * ends the program once measured: its leak, an interval, would keep it running).
 * Prints one line per case and `N passed, M failed`; exits 1 on any failure.
 * Usage: node scripts/zoo.mjs [case...]   (LEAKMOD_ZOO_KEEP=1 keeps the temporary projects)
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const zoo = path.join(repo, "examples", "zoo");
const cli = path.join(repo, "dist", "cli.js");
const tsc = path.join(repo, "node_modules", "typescript", "bin", "tsc");

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2022", "ESNext.Disposable"],
    types: ["node"],
    outDir: "out",
    rootDir: "src",
    skipLibCheck: true,
  },
  include: ["src"],
};

// Runs the compiled program's main() between two measurements; writes them to argv[3].
const MEASURE = `import { readdirSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const fds = () => readdirSync("/proc/self/fd").length;
async function settle() {
  // WeakRef targets live until the end of the current job: let a few macrotasks pass.
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setTimeout(r, 5));
    globalThis.gc();
  }
}
// Warm up what Node opens lazily (stdout's handle, timers) so it is not counted as a leak.
process.stdout.write("");
console.log;
await settle();
const heap0 = process.memoryUsage().heapUsed;
const fd0 = fds();
const mod = await import(pathToFileURL(process.argv[2]).href);
// A case may return counts it measured itself (listeners left on a target, active timers).
const counts = (await mod.main()) ?? {};
await settle();
const heap1 = process.memoryUsage().heapUsed;
const fd1 = fds();
writeFileSync(process.argv[3], JSON.stringify({ retained: heap1 - heap0, fds: fd1 - fd0, counts }));
// A case whose leak keeps the process alive (an interval) is ended here once measured.
if (process.argv[4] === "exit") process.exit(0);
`;

function sh(cmd, args, cwd, timeout = 120_000) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    timeout,
    env: { ...process.env, CI: "true", NO_COLOR: "1" },
  });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", timedOut: r.error?.code === "ETIMEDOUT" };
}

function compileAndRun(dir, label, exit = false) {
  const build = sh(process.execPath, [tsc, "-p", "."], dir);
  if (build.status !== 0)
    return { error: `tsc failed (${label}): ${(build.stdout + build.stderr).trim().split("\n")[0]}` };
  const out = path.join(dir, `measure-${label}.json`);
  const args = ["--expose-gc", "measure.mjs", "out/main.js", out, ...(exit ? ["exit"] : [])];
  const runResult = sh(process.execPath, args, dir, 60_000);
  if (runResult.timedOut) return { error: `run timed out (${label}): the program did not exit` };
  if (runResult.status !== 0)
    return { error: `run failed (${label}): ${runResult.stderr.trim().split("\n").slice(-1)[0]}` };
  return { stdout: runResult.stdout, ...JSON.parse(readFileSync(out, "utf8")) };
}

const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`.padStart(9);

function runCase(name) {
  const spec = JSON.parse(readFileSync(path.join(zoo, name, "case.json"), "utf8"));
  const dir = mkdtempSync(path.join(os.tmpdir(), `leakmod-zoo-${name}-`));
  try {
    cpSync(path.join(zoo, name), path.join(dir, "src"), { recursive: true, filter: (f) => !f.endsWith("case.json") });
    const tsconfig = { ...TSCONFIG, compilerOptions: { ...TSCONFIG.compilerOptions, ...spec.compilerOptions } };
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: `zoo-${name}`, private: true, type: "module" }),
    );
    writeFileSync(path.join(dir, "measure.mjs"), MEASURE);
    writeFileSync(path.join(dir, ".gitignore"), "node_modules\nout\nmeasure-*.json\n");
    symlinkSync(path.join(repo, "node_modules"), path.join(dir, "node_modules"), "dir");
    sh("git", ["init", "-q", "."], dir);
    sh("git", ["add", "-A"], dir);
    sh("git", ["-c", "user.email=zoo@example.com", "-c", "user.name=zoo", "commit", "-qm", "zoo"], dir);

    const before = compileAndRun(dir, "before", spec.exit);
    if (before.error) return { name, spec, ok: false, why: before.error };
    const apply = sh(
      process.execPath,
      [cli, "apply", "--format", "json", ...(spec.unsafe ? ["--unsafe"] : []), "."],
      dir,
    );
    if (apply.status !== 0)
      return { name, spec, ok: false, why: `leakmod apply exited ${apply.status}: ${apply.stderr.trim()}` };
    const report = JSON.parse(apply.stdout);
    const changed = sh("git", ["diff", "--name-only"], dir).stdout.trim().split("\n").filter(Boolean);
    const after = compileAndRun(dir, "after", spec.exit);
    if (after.error) return { name, spec, ok: false, why: after.error, before };
    const result = { name, spec, before, after, changed, fixes: report.summary.fixesApplied };
    const problems = [];
    if (before.stdout !== after.stdout)
      problems.push(
        `stdout differs: ${JSON.stringify(before.stdout.trim())} vs ${JSON.stringify(after.stdout.trim())}`,
      );
    switch (spec.expect) {
      case "heap":
        if (changed.length === 0) problems.push("nothing rewritten");
        if (before.retained < 2 * 1024 * 1024)
          problems.push(`the leak is too small to measure (${mb(before.retained).trim()} retained before)`);
        if (after.retained > 0.2 * before.retained)
          problems.push(`retained heap fell by only ${(100 * (1 - after.retained / before.retained)).toFixed(0)} %`);
        break;
      case "fds":
        if (changed.length === 0) problems.push("nothing rewritten");
        if (before.fds <= 0) problems.push("no descriptor leaked before: the case proves nothing");
        if (after.fds !== 0) problems.push(`${after.fds} descriptor(s) still open after the fix`);
        break;
      case "rewrite":
        if (changed.length === 0) problems.push("nothing rewritten");
        if (before.fds !== 0 || after.fds !== 0)
          problems.push(`descriptors open: ${before.fds} before, ${after.fds} after`);
        break;
      case "counts":
        // Each count the case returns (listeners left, active timers, warnings) is > 0 before, 0 after.
        if (changed.length === 0) problems.push("nothing rewritten");
        for (const [name, value] of Object.entries(before.counts)) {
          if (!(value > 0)) problems.push(`${name}: ${value} before, the case proves nothing`);
          if (after.counts[name] !== 0) problems.push(`${name}: ${after.counts[name]} after the fix`);
        }
        if (Object.keys(before.counts).length === 0) problems.push("main() returned no counts");
        break;
      case "none":
        if (changed.length > 0) problems.push(`rewritten: ${changed.join(", ")}`);
        break;
      default:
        problems.push(`unknown expect "${spec.expect}"`);
    }
    return { ...result, ok: problems.length === 0, why: problems.join("; ") };
  } finally {
    if (!process.env.LEAKMOD_ZOO_KEEP) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`kept ${dir}\n`);
  }
}

if (!existsSync(cli)) {
  process.stderr.write("leakmod zoo: dist/cli.js is missing; run `npm run build` first\n");
  process.exit(2);
}
const wanted = process.argv.slice(2);
const cases = readdirSync(zoo, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(zoo, d.name, "case.json")))
  .map((d) => d.name)
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();

let passed = 0;
let failed = 0;
const width = Math.max(...cases.map((c) => c.length));
console.log(`${"case".padEnd(width)}  expect   heap before → after     fds before → after  rewritten  result`);
for (const name of cases) {
  const r = runCase(name);
  const heap = r.before && r.after ? `${mb(r.before.retained)} → ${mb(r.after.retained)}` : "".padEnd(21);
  const fds =
    r.before && r.after ? `${String(r.before.fds).padStart(5)} → ${String(r.after.fds).padEnd(5)}` : "".padEnd(13);
  const rewritten = r.changed ? (r.changed.length > 0 ? `yes (${r.fixes})` : "no") : "-";
  const counts =
    r.before && r.after && Object.keys(r.before.counts).length > 0
      ? `  ${Object.keys(r.before.counts)
          .map((k) => `${k} ${r.before.counts[k]} → ${r.after.counts[k]}`)
          .join(", ")}`
      : "";
  console.log(
    `${name.padEnd(width)}  ${r.spec.expect.padEnd(7)}  ${heap}  ${fds}       ${rewritten.padEnd(9)}  ${r.ok ? "PASS" : `FAIL: ${r.why}`}${counts}`,
  );
  if (r.ok) passed++;
  else failed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
