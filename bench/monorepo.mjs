#!/usr/bin/env node
/**
 * A synthetic monorepo, to show how leakmod's time and memory grow with its size.
 *
 * Generates, in bench/.work/monorepo-<files>/, a solution-style tsconfig (`files: []` +
 * `references`) over packages of `--per-package` files each (default 200). Every file imports the
 * one before it in its package, the first file of a package imports the first file of the
 * package before it (by relative path: nothing is built), and every 10th file holds a class with
 * a Map keyed by objects (a weak-refs finding). For each size (`--sizes`, default
 * 1000,2500,5000,10000 files) it measures, under /usr/bin/time (wall seconds, peak RSS):
 *   tsc     one `tsc --noEmit` over every package's files at once (tsconfig.all.json)
 *   audit   `leakmod audit --format json -q` at the root (each project in turn)
 * and prints both and their ratio, and leakmod's findings count (one per 10 files, checked).
 * Peak memory should follow the largest project, not the sum; time should grow about linearly.
 *
 * Usage: node bench/monorepo.mjs [--sizes 1000,2500] [--per-package 200] [--no-tsc] [--out FILE]
 * (`npm run bench` runs it at 1000 and 2500 files; the machine is shared, so sizes are kept small there.)
 */
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CLI, REPO, TSC, WORK, ensureBuilt, machineInfo, measure, writeJson } from "./lib.mjs";

const node = process.execPath;

function parseArgs(argv) {
  const options = { sizes: [1000, 2500, 5000, 10000], perPackage: 200, tsc: true, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--sizes") options.sizes = argv[++i].split(",").map(Number);
    else if (a === "--per-package") options.perPackage = Number(argv[++i]);
    else if (a === "--no-tsc") options.tsc = false;
    else if (a === "--out") options.out = argv[++i];
    else throw new Error(`unknown option ${a}`);
  }
  return options;
}

const COMPILER_OPTIONS = {
  strict: true,
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  lib: ["ES2022", "ESNext.Disposable"],
  types: ["node"],
  skipLibCheck: true,
  noEmit: true,
};

function fileText(pkg, i) {
  const lines = [];
  if (i > 0) lines.push(`import { helper${i - 1} } from "./f${i - 1}.js";`);
  else if (pkg > 0) lines.push(`import { helper0 as previous } from "../../p${pkg - 1}/src/f0.js";`);
  lines.push(`export interface Item${i} {`, "  id: number;", "  name: string;", "}", "");
  const call = i > 0 ? `helper${i - 1}(n)` : pkg > 0 ? "previous(n)" : "n";
  lines.push(`export function helper${i}(n: number): number {`, `  return ${call} + 1;`, "}", "");
  if (i % 10 === 0) {
    lines.push(
      `export class Store${i} {`,
      `  private readonly names = new Map<Item${i}, string>();`,
      "",
      `  name(item: Item${i}): string {`,
      "    let name = this.names.get(item);",
      "    if (name === undefined) {",
      "      name = `${item.name}:${helper" + i + "(item.id)}`;",
      "      this.names.set(item, name);",
      "    }",
      "    return name;",
      "  }",
      "}",
      "",
    );
  }
  return lines.join("\n");
}

function generate(dir, files, perPackage) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const packages = Math.ceil(files / perPackage);
  const references = [];
  const all = [];
  for (let p = 0; p < packages; p++) {
    const pkgDir = path.join(dir, "packages", `p${p}`);
    mkdirSync(path.join(pkgDir, "src"), { recursive: true });
    writeJson(path.join(pkgDir, "package.json"), { name: `p${p}`, private: true, type: "module" });
    writeJson(path.join(pkgDir, "tsconfig.json"), {
      compilerOptions: { ...COMPILER_OPTIONS, composite: true, rootDir: "..", outDir: "dist" },
      include: ["src"],
    });
    const count = Math.min(perPackage, files - p * perPackage);
    for (let i = 0; i < count; i++) writeFileSync(path.join(pkgDir, "src", `f${i}.ts`), fileText(p, i));
    references.push({ path: `packages/p${p}` });
    all.push(`packages/p${p}/src`);
  }
  writeJson(path.join(dir, "package.json"), { name: "synthetic-monorepo", private: true, type: "module" });
  writeJson(path.join(dir, "tsconfig.json"), { files: [], references });
  writeJson(path.join(dir, "tsconfig.all.json"), { compilerOptions: COMPILER_OPTIONS, include: all });
  symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  return packages;
}

export function benchMonorepo(given = {}) {
  const options = { ...parseArgs([]), ...given };
  ensureBuilt();
  const tsc = existsSync(TSC) ? TSC : path.join(REPO, "node_modules", "typescript", "bin", "tsc");
  const results = { machine: machineInfo(), perPackage: options.perPackage, sizes: [] };
  for (const files of options.sizes) {
    const dir = path.join(WORK, `monorepo-${files}`);
    const packages = generate(dir, files, options.perPackage);
    process.stderr.write(`bench: monorepo ${files} files, ${packages} packages:`);
    const t = options.tsc ? measure(node, [tsc, "-p", "tsconfig.all.json"], dir) : undefined;
    if (t) process.stderr.write(` tsc ${t.wall} s ${t.rssMB} MB;`);
    const a = measure(node, [CLI, "audit", "--format", "json", "-q"], dir);
    process.stderr.write(` audit ${a.wall} s ${a.rssMB} MB\n`);
    const report = JSON.parse(a.stdout);
    const expected = Math.ceil(files / 10);
    results.sizes.push({
      files,
      packages,
      tscWall: t?.wall,
      tscRssMB: t?.rssMB,
      tscStatus: t?.status,
      auditWall: a.wall,
      auditRssMB: a.rssMB,
      ratioWall: t ? Math.round((a.wall / t.wall) * 100) / 100 : undefined,
      ratioRss: t ? Math.round((a.rssMB / t.rssMB) * 100) / 100 : undefined,
      filesAnalyzed: report.summary.filesAnalyzed,
      findings: report.findings.length,
      findingsExpected: expected,
    });
    rmSync(dir, { recursive: true, force: true });
  }
  results.machine.loadAverageAtEnd = machineInfo().loadAverageAtStart;
  console.log(
    `\nsynthetic monorepo, ${options.perPackage} files per package (load at start ${results.machine.loadAverageAtStart.join(" ")})\n`,
  );
  console.log("| files | packages | tsc s | tsc MB | audit s | audit MB | × tsc wall | × tsc RSS | findings |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const s of results.sizes) {
    console.log(
      `| ${s.files} | ${s.packages} | ${s.tscWall ?? "-"} | ${s.tscRssMB ?? "-"} | ${s.auditWall} | ${s.auditRssMB} | ${s.ratioWall ?? "-"} | ${s.ratioRss ?? "-"} | ${s.findings}${s.findings === s.findingsExpected ? "" : ` (expected ${s.findingsExpected})`} |`,
    );
  }
  if (options.out) writeJson(options.out, results);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) benchMonorepo(parseArgs(process.argv.slice(2)));
