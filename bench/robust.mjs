#!/usr/bin/env node
/**
 * `npm run bench:robust`: `leakmod apply --unsafe` over a git-initialised copy of each codebase
 * (<tmp>/leakmod-robust/<name>/: outside this repository, so that leakmod's own .prettierrc.json
 * does not apply to them, as it would in bench/.work/), checking that
 *   - it does not crash (exit 0 or 1, no internal error, no stack trace on stderr),
 *   - it adds no tsc error (diagnostics compared as file + code + message, positions ignored),
 *   - a second run changes nothing,
 * and reporting the files changed and the findings per rule, tier and fix status. The patch of
 * each codebase is kept in bench/.work/robust-<name>.patch for review.
 *
 * The same runs over `syntax` (bench/syntax-corpus.mjs: decorators, declare, overloads,
 * namespaces, TSX, .mts/.cts, JSDoc, a 25,000-line file, BOM, CRLF), checking also that every
 * line no fix touched is byte-identical, and that BOMs and CRLF line endings are kept.
 *
 * Usage: node bench/robust.mjs [--only rxjs,zod]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { diffLines } from "diff";
import { writeSyntaxCorpus } from "./syntax-corpus.mjs";
import {
  CLI,
  CODEBASES,
  TSC,
  WORK,
  addedKeys,
  ensureBenchModules,
  ensureBuilt,
  prepareCopy,
  run,
  sourceFiles,
  tscDiagnosticKeys,
  writeJson,
} from "./lib.mjs";

const node = process.execPath;

/** tsc diagnostics as keys `file TScode message` (one per diagnostic, continuation lines kept). */
function tscDiagnostics(dir) {
  return tscDiagnosticKeys(run(node, [TSC, "-p", "tsconfig.json", "--pretty", "false"], dir).stdout);
}

function git(dir, ...args) {
  const r = run("git", args, dir);
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

function crashed(r) {
  return r.status !== 0 && r.status !== 1
    ? `exit ${r.status}`
    : /internal error|\n\s+at .+:\d+:\d+\)?\n/.test(r.stderr)
      ? "internal error on stderr"
      : undefined;
}

/** Lines (0-based) of `text` that an edit covers. */
function touchedLines(text, edits) {
  const lineOf = (pos) => {
    let n = 0;
    for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) n++;
    return n;
  };
  const lines = new Set();
  for (const e of edits) for (let l = lineOf(e.start); l <= lineOf(Math.max(e.start, e.end - 1)); l++) lines.add(l);
  return lines;
}

/**
 * For each changed file: the original lines that changed although no applied edit touched them,
 * and a lost BOM or CRLF line ending.
 */
function byteChecks(dir, report, changed) {
  const problems = [];
  for (const file of changed) {
    const before = run("git", ["show", `HEAD:${file}`], dir, { encoding: "buffer" }).stdout;
    const after = readFileSync(path.join(dir, file));
    const bomBefore = before[0] === 0xef && before[1] === 0xbb && before[2] === 0xbf;
    const bomAfter = after[0] === 0xef && after[1] === 0xbb && after[2] === 0xbf;
    if (bomBefore !== bomAfter) problems.push(`${file}: BOM ${bomBefore ? "lost" : "added"}`);
    const textBefore = before.toString("utf8").replace(/^\uFEFF/, "");
    const textAfter = after.toString("utf8").replace(/^\uFEFF/, "");
    const crlf = textBefore.includes("\r\n") && !/(^|[^\r])\n/.test(textBefore);
    if (crlf && /(^|[^\r])\n/.test(textAfter)) problems.push(`${file}: CRLF file got LF line endings`);
    const edits = (report?.findings ?? [])
      .filter((f) => f.file === file && f.fix?.status === "applied")
      .flatMap((f) => f.fix.edits);
    const touched = touchedLines(textBefore, edits);
    let line = 0;
    for (const part of diffLines(textBefore, textAfter)) {
      if (part.added) continue;
      if (part.removed) {
        for (let k = 0; k < part.count; k++)
          if (!touched.has(line + k)) problems.push(`${file}:${line + k + 1}: changed, but no fix touched it`);
      }
      line += part.count;
    }
  }
  return problems;
}

function robust(codebase) {
  const dir = path.join(os.tmpdir(), "leakmod-robust", codebase.name);
  if (codebase.name === "syntax") writeSyntaxCorpus(dir);
  else prepareCopy(codebase, dir);
  writeFileSync(path.join(dir, ".gitignore"), "node_modules\n");
  git(dir, "init", "-q", ".");
  git(dir, "add", "-A");
  git(dir, "-c", "user.email=bench@example.com", "-c", "user.name=bench", "commit", "-q", "-m", "original");
  const files = sourceFiles(dir).length;
  process.stderr.write(`robust: ${codebase.name}: tsc before...\n`);
  const before = tscDiagnostics(dir);

  process.stderr.write(`robust: ${codebase.name}: leakmod apply --unsafe...\n`);
  const first = run(node, [CLI, "apply", "src", "--unsafe", "--format", "json"], dir, {
    env: { ...process.env, LEAKMOD_DEBUG: "1" },
  });
  const report = first.stdout ? JSON.parse(first.stdout) : undefined;
  const changed = git(dir, "diff", "--name-only").split("\n").filter(Boolean);
  const patch = git(dir, "diff");
  writeFileSync(path.join(WORK, `robust-${codebase.name}.patch`), patch);
  const diffStat = git(dir, "diff", "--shortstat").trim();
  const bytes = byteChecks(dir, report, changed);

  process.stderr.write(`robust: ${codebase.name}: tsc after...\n`);
  const after = tscDiagnostics(dir);
  const newErrors = addedKeys(before, after);

  git(dir, "add", "-A");
  git(
    dir,
    "-c",
    "user.email=bench@example.com",
    "-c",
    "user.name=bench",
    "commit",
    "-q",
    "--allow-empty",
    "-m",
    "leakmod apply --unsafe",
  );
  process.stderr.write(`robust: ${codebase.name}: second run...\n`);
  const second = run(node, [CLI, "apply", "src", "--unsafe", "--format", "json"], dir, {
    env: { ...process.env, LEAKMOD_DEBUG: "1" },
  });
  const secondChanged = git(dir, "status", "--porcelain").split("\n").filter(Boolean);

  const byRule = {};
  for (const f of report?.findings ?? []) {
    const key = `${f.ruleId} ${f.applicability} fix:${f.fix?.status ?? "none"}`;
    byRule[key] = (byRule[key] ?? 0) + 1;
  }
  return {
    name: codebase.name,
    files,
    first: { status: first.status, crash: crashed(first) ?? null, stderr: first.stderr.trim().slice(0, 2000) },
    findings: report?.summary ?? null,
    byRule,
    filesChanged: changed.length,
    changedFiles: changed,
    diffStat,
    tscErrorsBefore: before.length,
    tscErrorsAfter: after.length,
    newTscErrors: newErrors,
    byteProblems: bytes,
    second: {
      status: second.status,
      crash: crashed(second) ?? null,
      filesChanged: secondChanged.length,
      changed: secondChanged,
    },
  };
}

function main() {
  const only = process.argv.includes("--only")
    ? process.argv[process.argv.indexOf("--only") + 1].split(",")
    : undefined;
  ensureBenchModules();
  ensureBuilt();
  mkdirSync(WORK, { recursive: true });
  const results = [];
  for (const codebase of [...CODEBASES, { name: "syntax" }]) {
    if (only && !only.includes(codebase.name)) continue;
    results.push(robust(codebase));
  }
  let ok = true;
  for (const r of results) {
    const problems = [];
    if (r.first.crash) problems.push(`first run: ${r.first.crash}`);
    if (r.second.crash) problems.push(`second run: ${r.second.crash}`);
    if (r.newTscErrors.length > 0) problems.push(`${r.newTscErrors.length} new tsc error(s)`);
    if (r.byteProblems.length > 0) problems.push(`${r.byteProblems.length} byte-level problem(s)`);
    if (r.second.filesChanged > 0) problems.push(`second run changed ${r.second.filesChanged} file(s)`);
    ok &&= problems.length === 0;
    console.log(
      `${r.name}: ${r.files} files, ${r.findings?.findings ?? "?"} findings (${r.findings?.safe ?? 0} safe, ${r.findings?.unsafe ?? 0} unsafe, ${r.findings?.manual ?? 0} manual), ` +
        `${r.filesChanged} files changed (${r.diffStat || "no diff"}), tsc errors ${r.tscErrorsBefore} → ${r.tscErrorsAfter}, ` +
        `second run: ${r.second.filesChanged} changed: ${problems.length === 0 ? "OK" : problems.join("; ")}`,
    );
    for (const [k, n] of Object.entries(r.byRule)) console.log(`  ${n} × ${k}`);
    for (const e of r.newTscErrors) console.log(`  NEW: ${e}`);
    for (const e of r.byteProblems.slice(0, 20)) console.log(`  BYTES: ${e}`);
    if (r.first.stderr) console.log(`  stderr: ${r.first.stderr.split("\n").slice(0, 5).join("\n          ")}`);
  }
  const out = path.join(WORK, "robust.json");
  writeJson(out, results);
  console.log(
    `\ndetails: ${path.relative(process.cwd(), out)}; patches: ${path.relative(process.cwd(), path.join(WORK, "robust-<name>.patch"))}`,
  );
  console.log(ok ? "robust: OK" : "robust: FAILED");
  process.exitCode = ok ? 0 : 1;
}

main();
