#!/usr/bin/env node
/**
 * `npm run bench:precision`: leakmod on code it was not tuned on, every finding judged by hand.
 *
 * The corpus (CORPUS below): public TypeScript codebases of several shapes (build tools, ORMs and
 * database drivers, servers, language servers, frontend libraries, parsers; tsc-built and
 * bundler-built), each pinned:
 *   - npm packages that publish their TypeScript sources, pinned in bench/package.json; their
 *     `src/` is copied to bench/.work/precision/<name>/ with the bench's tsconfig (bench/lib.mjs);
 *   - git repositories at a pinned commit, checked out by you into one folder (default
 *     bench/.corpus/, ignored by git; `--corpus DIR` or LEAKMOD_CORPUS to use another), one
 *     sub-folder per codebase, dependencies installed; `node bench/precision.mjs --setup` prints
 *     the commands. The script checks each checkout's commit and skips (saying why) a missing or
 *     wrong one. Nothing downloaded is committed.
 * For each codebase and each of its units (a tsconfig and the folders analysed with it):
 *   1. `tsc -p <tsconfig> --noEmit` and `leakmod audit --format json`, wall time and peak RSS;
 *   2. every finding is matched with the hand-reviewed verdicts in bench/verdicts.json and bench/verdicts/*.json (useful,
 *      noise or wrong, with a one-line reason), by codebase, file, rule and the text of the
 *      finding's line (the nearest line wins when the text repeats), so line moves do not orphan
 *      them; unmatched findings are counted as unreviewed and listed;
 *   3. unless --no-apply: on a git copy outside this repository (<tmp>/leakmod-precision/<name>/,
 *      so that the codebase's own formatter configuration applies), tsc before, `leakmod apply
 *      --unsafe`, tsc after (diagnostics added = file + code + message, positions ignored), a
 *      second `apply --unsafe` (must change nothing);
 *   4. with --verify, for a git codebase whose build and unit tests run offline and fit the
 *      machine (`verify` in its entry; today vite: rolldown bundle + 903 unit tests): both, in its
 *      checkout (where its test fixtures' dependencies are installed), before and after the patch
 *      of step 3, which is taken out again afterwards. (typeorm's and mongodb's tests need
 *      database servers; mcp-sdk's core-internal tests alone took over 5 minutes here.)
 * Prints a table per codebase and writes everything to bench/results/precision-<date>.json.
 *
 * Usage: node bench/precision.mjs [--corpus DIR] [--only vite,mongodb] [--no-apply] [--verify] [--out FILE] [--setup]
 *        node bench/precision.mjs --from bench/results/precision-<date>.json   (re-judge a saved run)
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  BENCH,
  BENCH_MODULES,
  CLI,
  TSC,
  WORK,
  addedKeys,
  ensureBenchModules,
  ensureBuilt,
  machineInfo,
  measure,
  prepareCopy,
  run,
  tscDiagnosticKeys,
  versionOf,
  writeJson,
} from "./lib.mjs";

/**
 * git: `repo` at `commit`, checked out in <corpus>/<name>, dependencies installed by `install`
 * (run in the checkout); `units`: tsconfig + paths, relative to the checkout; `linkIgnored`:
 * build outputs the units' types need (ignored by git), linked into the apply copy.
 * npm: `pkg` from bench/package.json, `extraOptions` on top of the bench's tsconfig,
 * `leakmodConfig`: a leakmod.config.json for the copy (what the package's own build says).
 */
export const CORPUS = [
  {
    name: "vite",
    shape: "build tool, bundler-built (rolldown), noEmit, ES2023",
    repo: "vitejs/vite",
    commit: "a98c8d95d552c6fa98ab66fb810f5b39ad5abf49",
    install: "npx pnpm@10.34.5 install --ignore-scripts --frozen-lockfile",
    units: [{ tsconfig: "packages/vite/src/node/tsconfig.json", paths: ["packages/vite/src/node"] }],
    // --verify: the shipped bundle (rolldown, which leaves `using` as written) and the unit tests
    // of src/node (903 tests, about 20 s, offline), which run against that bundle.
    verify: [
      { name: "build", command: "cd packages/vite && npx rolldown --config rolldown.config.ts" },
      { name: "unit tests", command: "npx vitest run packages/vite/src/node" },
    ],
  },
  {
    name: "typeorm",
    shape: "ORM with database drivers, tsc-built (commonjs)",
    repo: "typeorm/typeorm",
    commit: "281bfba42a5813b106bcf5ba79bc7f7251bd1e73",
    // typeorm's devEngines refuse npx from inside the checkout: run pnpm from elsewhere with -C.
    install: 'cd / && npx pnpm@10.34.4 -C "$OLDPWD" install --ignore-scripts --frozen-lockfile',
    units: [{ tsconfig: "tsconfig.json", paths: ["src"] }],
  },
  {
    name: "mcp-sdk",
    shape: "protocol SDK (client, server, transports), tsdown-built",
    repo: "modelcontextprotocol/typescript-sdk",
    commit: "3924de99df834302d89f5997a1b64ca268282284",
    install: 'cd / && npx pnpm@10.26.1 -C "$OLDPWD" install --ignore-scripts --frozen-lockfile',
    units: ["core-internal", "client", "server"].map((p) => ({
      tsconfig: `packages/${p}/tsconfig.json`,
      paths: [`packages/${p}/src`],
    })),
  },
  {
    name: "vscode-languageserver-node",
    shape: "language server and client libraries, tsc -b (project references)",
    repo: "microsoft/vscode-languageserver-node",
    commit: "0da5527ddf79ec7b10c953a1b1e6e007c9678326",
    install:
      "npm ci --ignore-scripts && for d in tools tsconfig-gen textDocument types jsonrpc protocol server client client-node-tests; do (cd $d && npm ci --ignore-scripts); done && node build/bin/symlink.js && npx tsc -b tsconfig.json",
    linkIgnored: ["types/lib", "textDocument/lib", "jsonrpc/lib", "protocol/lib", "server/lib", "client/lib"],
    units: ["jsonrpc", "protocol", "server", "client"].flatMap((p) =>
      ["common", "node", "browser"].map((s) => ({
        tsconfig: `${p}/src/${s}/tsconfig.json`,
        paths: [`${p}/src/${s}`],
      })),
    ),
  },
  {
    name: "shoelace",
    shape: "web components (Lit): connected/disconnectedCallback, observers, document listeners",
    repo: "shoelace-style/shoelace",
    commit: "09024cfee5a346e1fbc2ce125ed66d4b15cd2fd6",
    install: "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts",
    units: [{ tsconfig: "tsconfig.json", paths: ["src"] }],
  },
  {
    name: "excalidraw",
    shape: "whiteboard app (React, canvas, window listeners, wysiwyg editor), Vite-built",
    repo: "excalidraw/excalidraw",
    commit: "4872083c044491b6d5c96ae134a75464f96d6831",
    install: "PUPPETEER_SKIP_DOWNLOAD=1 npx -y yarn@1.22.22 install --ignore-scripts --frozen-lockfile",
    units: [{ tsconfig: "tsconfig.json", paths: ["packages"] }],
  },
  {
    name: "mongodb",
    shape: "database driver (MongoDB), tsc-built",
    pkg: "mongodb",
    // As the package's own tsconfig.json (shipped with it): catch variables are `any` there.
    extraOptions: { ...bundler(), useUnknownInCatchVariables: false },
    // The published package is emitted by tsc at ES2023 (its tsconfig.json), which lowers `using`;
    // the copy has `noEmit`, so it says so as the package's users would.
    leakmodConfig: { runtime: { using: "lowered" } },
  },
  {
    name: "trpc-server",
    shape: "RPC server with HTTP/WebSocket adapters",
    pkg: "@trpc/server",
    extraOptions: bundler(),
  },
  {
    name: "tanstack-query-core",
    shape: "frontend data-fetching cache",
    pkg: "@tanstack/query-core",
    extraOptions: bundler(),
  },
  { name: "immer", shape: "frontend immutable-state library", pkg: "immer", extraOptions: bundler() },
  {
    name: "mobx",
    shape: "frontend reactive state library (not strict)",
    pkg: "mobx",
    // src/types/observableset.ts implements the ES2025 Set methods (`union`, `ReadonlySetLike`).
    extraOptions: { ...bundler(), strict: false, lib: ["ESNext", "DOM"] },
  },
  {
    name: "chevrotain",
    shape: "parser-building toolkit (not strict)",
    pkg: "chevrotain",
    extraOptions: { ...bundler(), strict: false },
  },
  {
    name: "tiptap-core",
    shape: "rich-text editor core (ProseMirror node views, DOM listeners), tests shipped in src",
    pkg: "@tiptap/core",
    extraOptions: bundler(),
  },
  {
    name: "xterm",
    shape: "terminal emulator (browser, VS Code's base/lifecycle code)",
    pkg: "@xterm/xterm",
    extraOptions: bundler(),
  },
  {
    name: "tanstack-virtual-core",
    shape: "frontend list virtualiser (scroll/resize observers)",
    pkg: "@tanstack/virtual-core",
    extraOptions: bundler(),
  },
  {
    name: "tanstack-router-core",
    shape: "frontend router core (history listeners, subscriptions)",
    pkg: "@tanstack/router-core",
    extraOptions: bundler(),
  },
];

function bundler() {
  return { module: "esnext", moduleResolution: "bundler" };
}

/** Kinds that modernise code that already releases on every path: not counted as leaks. */
const NOT_LEAK_KINDS = new Set(["using-resources/finally-cleanup"]);

function parseArgs(argv) {
  const options = {
    corpus: process.env.LEAKMOD_CORPUS ?? path.join(BENCH, ".corpus"),
    only: undefined,
    apply: true,
    verify: false,
    out: undefined,
    setup: false,
    from: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--corpus") options.corpus = path.resolve(argv[++i]);
    else if (a === "--only") options.only = argv[++i].split(",");
    else if (a === "--no-apply") options.apply = false;
    else if (a === "--verify") options.verify = true;
    else if (a === "--out") options.out = path.resolve(argv[++i]);
    else if (a === "--setup") options.setup = true;
    else if (a === "--from") options.from = path.resolve(argv[++i]);
    else {
      console.error(`bench:precision: unknown option ${a}`);
      process.exit(2);
    }
  }
  return options;
}

/** The commands that make the git checkouts: printed by --setup and when one is missing. */
function setupText(corpus) {
  const lines = [`# git checkouts for bench:precision, in ${corpus} (ignored by git):`, `mkdir -p ${corpus}`];
  for (const c of CORPUS.filter((x) => x.repo)) {
    lines.push(
      `git clone https://github.com/${c.repo}.git ${path.join(corpus, c.name)} && ` +
        `(cd ${path.join(corpus, c.name)} && git checkout -q ${c.commit.slice(0, 12)} && ${c.install})`,
    );
  }
  return lines.join("\n");
}

const node = process.execPath;

const TSC_FLAGS = ["--noEmit", "--pretty", "false", "--composite", "false", "--incremental", "false"];

function tscArgs(tsconfig, tsc = TSC) {
  return [tsc, "-p", tsconfig, ...TSC_FLAGS];
}

/**
 * The TypeScript a git codebase builds with: `node_modules/typescript` nearest above its tsconfig
 * (within the checkout), else the bench's. The bench's TypeScript 6 refuses options an older
 * project still uses (typeorm's `moduleResolution: node`, TS5107), and tsc reports no type error
 * at all after an options error: "0 new tsc errors" would then say nothing.
 */
function projectTsc(root, tsconfig) {
  let dir = path.dirname(path.join(root, tsconfig));
  for (;;) {
    const bin = path.join(dir, "node_modules", "typescript", "bin", "tsc");
    if (existsSync(bin)) return bin;
    if (path.relative(root, dir) === "" || dir === path.dirname(dir)) return TSC;
    dir = path.dirname(dir);
  }
}

function tscVersion(tsc) {
  try {
    return JSON.parse(readFileSync(path.join(path.dirname(tsc), "..", "package.json"), "utf8")).version;
  } catch {
    return "?";
  }
}

/** The text of line `line` (1-based) of `file`, trimmed: the part of a verdict's key that survives moves. */
function lineText(root, file, line) {
  try {
    const lines = readFileSync(path.join(root, file), "utf8").split(/\r?\n/);
    return (lines[line - 1] ?? "").trim().slice(0, 160);
  } catch {
    return "";
  }
}

/**
 * bench/verdicts.json and one bench/verdicts/<codebase>.json per corpus codebase (each
 * `{ "verdicts": [...] }`), so that reviews of different codebases never touch the same file.
 */
function loadVerdicts() {
  const files = [path.join(BENCH, "verdicts.json")];
  const dir = path.join(BENCH, "verdicts");
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) if (name.endsWith(".json")) files.push(path.join(dir, name));
  }
  const all = files.flatMap((file) => JSON.parse(readFileSync(file, "utf8")).verdicts);
  return all.filter((v) => v.tool === "leakmod" && v.text !== undefined);
}

/**
 * The verdict of a finding: same codebase, file, rule and line text (and tier, when the verdict
 * names one: a fix that is wrong as `safe` can be noise as `manual`); the nearest line among those.
 */
function verdictOf(verdicts, codebase, f) {
  const candidates = verdicts.filter(
    (v) =>
      v.codebase === codebase &&
      v.file === f.file &&
      v.rule === f.rule &&
      v.text === f.text &&
      (v.tier === undefined || v.tier === f.tier),
  );
  if (candidates.length === 0) return undefined;
  return candidates.reduce((a, b) => (Math.abs(b.line - f.line) < Math.abs(a.line - f.line) ? b : a));
}

function judge(verdicts, codebase, finding) {
  const v = verdictOf(verdicts, codebase, finding);
  finding.verdict = v?.verdict === "right" ? "useful" : (v?.verdict ?? "unreviewed");
  if (v?.reason) finding.reason = v.reason;
  else delete finding.reason;
}

/** Resolves the checkout of a git codebase; undefined (with the reason) when it is not usable. */
function checkout(codebase, corpus) {
  const dir = path.join(corpus, codebase.name);
  if (!existsSync(path.join(dir, ".git"))) return { reason: `no checkout at ${dir} (see --setup)` };
  const head = run("git", ["rev-parse", "HEAD"], dir).stdout.trim();
  if (head !== codebase.commit)
    return { reason: `${dir} is at ${head.slice(0, 12)}, not the pinned ${codebase.commit.slice(0, 12)}` };
  if (!existsSync(path.join(dir, "node_modules"))) return { reason: `${dir} has no node_modules: run its install` };
  return { dir };
}

/**
 * A git copy of a checkout at its commit, in `copy`: tracked files from git (a shared clone), the
 * root node_modules linked, every other node_modules re-created with its links copied as they are
 * (so workspace links point into the copy) and its real entries linked; `linkIgnored` linked.
 */
function gitCopy(codebase, source, copy) {
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(path.dirname(copy), { recursive: true });
  must(run("git", ["clone", "-q", "--shared", "--no-checkout", source, copy]), "git clone");
  must(run("git", ["-c", "advice.detachedHead=false", "checkout", "-q", codebase.commit], copy), "git checkout");
  for (const rel of nodeModulesDirs(source)) {
    const from = path.join(source, rel);
    const to = path.join(copy, rel);
    if (rel === "node_modules") {
      symlinkSync(from, to, "dir");
      continue;
    }
    if (!existsSync(path.dirname(to))) continue;
    mirrorLinks(from, to);
  }
  for (const rel of codebase.linkIgnored ?? []) {
    if (existsSync(path.join(source, rel)) && !existsSync(path.join(copy, rel)))
      symlinkSync(path.join(source, rel), path.join(copy, rel), "dir");
  }
}

function mirrorLinks(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (existsSync(dst)) continue; // tracked by git (a fixture's node_modules)
    if (entry.isSymbolicLink()) cpSync(src, dst, { verbatimSymlinks: true });
    else if (entry.isDirectory() && entry.name.startsWith("@")) mirrorLinks(src, dst);
    else symlinkSync(src, dst);
  }
}

/** node_modules folders of a checkout outside other node_modules (root first). */
function nodeModulesDirs(root) {
  const out = [];
  const walk = (rel, depth) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === ".git") continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.name === "node_modules") out.push(child);
      else if (depth < 4) walk(child, depth + 1);
    }
  };
  walk("", 0);
  return out.sort((a, b) => a.length - b.length);
}

function must(r, what) {
  if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`);
  return r;
}

function leakmod(args, cwd) {
  return measure(node, [CLI, ...args, "--format", "json", "-q"], cwd);
}

function parseReport(r, what) {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`${what}: no JSON report (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
  }
}

function gitState(dir) {
  const diff = run("git", ["diff"], dir, { maxBuffer: 1024 * 1024 * 1024 }).stdout;
  const files = run("git", ["diff", "--name-only"], dir).stdout.split("\n").filter(Boolean);
  return { hash: createHash("sha1").update(diff).digest("hex"), files, lines: diff.split("\n").length - 1 };
}

/** One codebase: its units audited, judged and (unless --no-apply) applied on a copy. */
function benchCodebase(codebase, options, verdicts) {
  const result = { name: codebase.name, shape: codebase.shape, units: [], findings: [] };
  let root;
  let units;
  if (codebase.repo) {
    const c = checkout(codebase, options.corpus);
    if (!c.dir) return { ...result, skipped: c.reason };
    root = c.dir;
    units = codebase.units.map((u) => ({ ...u }));
    result.source = `${codebase.repo}@${codebase.commit.slice(0, 8)}`;
  } else {
    root = path.join(WORK, "precision", codebase.name);
    prepareCopy({ name: codebase.pkg, extraOptions: codebase.extraOptions }, root);
    const config = path.join(root, "leakmod.config.json");
    if (codebase.leakmodConfig) writeJson(config, codebase.leakmodConfig);
    units = [{ tsconfig: "tsconfig.json", paths: ["src"] }];
    result.source = `npm ${codebase.pkg}@${versionOf(codebase.pkg)}`;
  }
  const say = (s) => process.stderr.write(`precision: ${codebase.name}: ${s}\n`);
  for (const unit of units) {
    unit.tscBin = codebase.repo ? projectTsc(root, unit.tsconfig) : TSC;
    const tsc = measure(node, tscArgs(unit.tsconfig, unit.tscBin), root);
    const audit = leakmod(["audit", "-p", unit.tsconfig, ...unit.paths], root);
    const report = parseReport(audit, `${codebase.name} audit ${unit.paths.join(" ")}`);
    say(
      `${unit.paths.join(" ")}: tsc ${tsc.wall} s ${tsc.rssMB} MB, audit ${audit.wall} s ${audit.rssMB} MB, ` +
        `${report.findings.length} finding(s)`,
    );
    result.units.push({
      tsconfig: unit.tsconfig,
      paths: unit.paths,
      files: report.summary.filesAnalyzed,
      tsc: {
        version: tscVersion(unit.tscBin),
        wall: tsc.wall,
        rssMB: tsc.rssMB,
        errors: tscDiagnosticKeys(tsc.stdout).length,
      },
      audit: { wall: audit.wall, rssMB: audit.rssMB, status: audit.status },
      warnings: report.warnings,
    });
    for (const f of report.findings) {
      const finding = {
        file: f.file,
        line: f.line,
        rule: f.ruleId,
        tier: f.applicability,
        text: lineText(root, f.file, f.line),
        message: f.message,
      };
      judge(verdicts, codebase.name, finding);
      result.findings.push(finding);
    }
  }
  if (options.apply) result.apply = applyCodebase(codebase, root, units, options, say);
  if (options.verify && codebase.verify && result.apply?.patch) {
    result.verify = verifyCodebase(codebase, root, result.apply.patch, say);
  }
  return result;
}

/** The table's cell for --verify: each check's result before → after the patch. */
function verifyCell(v) {
  if (!v) return "-";
  if (v.skipped) return `skipped (${v.skipped})`;
  const word = (x) => (x.status === 0 ? "pass" : "FAIL");
  return (
    v.before.map((b, i) => `${b.name} ${word(b)}→${word(v.after[i])}`).join(", ") + (v.patchEmpty ? " (no fix)" : "")
  );
}

/**
 * --verify: the codebase's own build and tests (`verify`, commands that run offline), in its
 * checkout (where its test fixtures' dependencies are installed), before and after the patch
 * `apply --unsafe` made on the copy; the patch is taken back out whatever happens, and the
 * build run again so that the checkout is left as it was. A check that passes before and fails
 * after is a fix that broke the codebase: a wrong finding.
 */
function verifyCodebase(codebase, root, patch, say) {
  const runAll = () =>
    codebase.verify.map((v) => {
      const r = run("sh", ["-c", v.command], root);
      const tail = `${r.stdout}\n${r.stderr}`
        .replace(/\x1b\[[0-9;]*m/g, "")
        .trim()
        .split("\n")
        .slice(-4);
      return { name: v.name, status: r.status, tail };
    });
  if (run("git", ["status", "--porcelain", "--untracked-files=no"], root).stdout.trim() !== "") {
    say("verify: skipped, the checkout has uncommitted changes");
    return { skipped: "the checkout has uncommitted changes" };
  }
  const before = runAll();
  const empty = readFileSync(patch, "utf8").trim() === "";
  let after = before;
  if (!empty) {
    must(run("git", ["apply", patch], root), "git apply");
    try {
      after = runAll();
    } finally {
      must(run("git", ["apply", "-R", patch], root), "git apply -R");
      // The first check is the build: run again, it leaves the checkout's ignored outputs as they were.
      run("sh", ["-c", codebase.verify[0].command], root);
    }
  }
  const broke = before.filter((b, i) => b.status === 0 && after[i].status !== 0).map((b) => b.name);
  say(
    `verify: ${before.map((b, i) => `${b.name} ${b.status === 0 ? "passes" : "FAILS"} before, ${after[i].status === 0 ? "passes" : "FAILS"} after`).join("; ")}` +
      (empty ? " (no fix applied)" : ""),
  );
  return { before, after, broke, patchEmpty: empty };
}

function applyCodebase(codebase, root, units, options, say) {
  const copy = path.join(os.tmpdir(), "leakmod-precision", codebase.name);
  if (codebase.repo) gitCopy(codebase, root, copy);
  else {
    rmSync(copy, { recursive: true, force: true });
    mkdirSync(copy, { recursive: true });
    cpSync(path.join(root, "src"), path.join(copy, "src"), { recursive: true });
    for (const f of ["tsconfig.json", "package.json", "leakmod.config.json"]) {
      if (existsSync(path.join(root, f))) cpSync(path.join(root, f), path.join(copy, f));
    }
    symlinkSync(BENCH_MODULES, path.join(copy, "node_modules"), "dir");
    writeIgnore(copy);
    must(run("git", ["init", "-q"], copy), "git init");
    must(run("git", ["add", "-A"], copy), "git add");
    must(
      run("git", ["-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qm", "base"], copy),
      "git commit",
    );
  }
  const out = { newTscErrors: [], applied: 0, secondRunChanged: false, crashes: [] };
  const before = units.map((u) => tscDiagnosticKeys(run(node, tscArgs(u.tsconfig, u.tscBin), copy).stdout));
  for (const unit of units) {
    const r = leakmod(["apply", "--unsafe", "--force", "-p", unit.tsconfig, ...unit.paths], copy);
    if (r.status !== 0 && r.status !== 1) out.crashes.push(`apply ${unit.paths.join(" ")}: exit ${r.status}`);
    else out.applied += parseReport(r, "apply").summary.fixesApplied ?? 0;
  }
  const first = gitState(copy);
  out.filesChanged = first.files.length;
  out.diffLines = first.lines;
  units.forEach((u, i) => {
    const after = tscDiagnosticKeys(run(node, tscArgs(u.tsconfig, u.tscBin), copy).stdout);
    out.newTscErrors.push(...addedKeys(before[i], after));
  });
  for (const unit of units) {
    const r = leakmod(["apply", "--unsafe", "--force", "-p", unit.tsconfig, ...unit.paths], copy);
    if (r.status !== 0 && r.status !== 1) out.crashes.push(`second apply ${unit.paths.join(" ")}: exit ${r.status}`);
  }
  out.secondRunChanged = gitState(copy).hash !== first.hash;
  out.patch = path.join(copy + ".patch");
  run("sh", ["-c", `git diff > "${out.patch}"`], copy);
  say(
    `apply --unsafe: ${out.applied} fix(es), ${out.filesChanged} file(s), ${out.newTscErrors.length} new tsc error(s), ` +
      `second run ${out.secondRunChanged ? "CHANGED" : "unchanged"}${out.crashes.length ? `, ${out.crashes.join("; ")}` : ""}`,
  );
  return out;
}

function writeIgnore(copy) {
  run("sh", ["-c", "printf 'node_modules\\n' > .gitignore"], copy);
}

function pad(s, n) {
  s = String(s);
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function printTable(results) {
  const rows = [];
  const header = [
    "codebase",
    "files",
    "findings",
    "safe/unsafe/manual",
    "useful/noise/wrong/unrev",
    "leak useful",
    "tsc s/MB",
    "audit s/MB",
    "x tsc (time, RSS)",
    "apply: fixes, files, new tsc err, 2nd run",
    "own build/tests after apply",
  ];
  const total = { files: 0, findings: 0, tiers: [0, 0, 0], verdicts: [0, 0, 0, 0], leak: 0, leakUseful: 0 };
  for (const r of results) {
    if (r.skipped) {
      rows.push([r.name, `skipped: ${r.skipped}`]);
      continue;
    }
    const files = r.units.reduce((s, u) => s + u.files, 0);
    const tier = (t) => r.findings.filter((f) => f.tier === t).length;
    const verdict = (v) => r.findings.filter((f) => f.verdict === v).length;
    const leaks = r.findings.filter((f) => !NOT_LEAK_KINDS.has(f.rule));
    const leakUseful = leaks.filter((f) => f.verdict === "useful").length;
    const tscWall = r.units.reduce((s, u) => s + u.tsc.wall, 0);
    const tscRss = Math.max(...r.units.map((u) => u.tsc.rssMB));
    const auditWall = r.units.reduce((s, u) => s + u.audit.wall, 0);
    const auditRss = Math.max(...r.units.map((u) => u.audit.rssMB));
    const tiers = [tier("safe"), tier("unsafe"), tier("manual")];
    const verdicts = [verdict("useful"), verdict("noise"), verdict("wrong"), verdict("unreviewed")];
    total.files += files;
    total.findings += r.findings.length;
    tiers.forEach((x, i) => (total.tiers[i] += x));
    verdicts.forEach((x, i) => (total.verdicts[i] += x));
    total.leak += leaks.length;
    total.leakUseful += leakUseful;
    const a = r.apply;
    rows.push([
      r.name,
      files,
      r.findings.length,
      tiers.join("/"),
      verdicts.join("/"),
      `${leakUseful}/${leaks.length}`,
      `${round(tscWall)}/${tscRss}`,
      `${round(auditWall)}/${auditRss}`,
      `${round(auditWall / tscWall)}, ${round(auditRss / tscRss)}`,
      a
        ? `${a.applied}, ${a.filesChanged}, ${a.newTscErrors.length}, ${a.secondRunChanged ? "CHANGED" : "same"}` +
          (a.crashes.length ? `, ${a.crashes.length} crash(es)` : "")
        : "-",
      verifyCell(r.verify),
    ]);
  }
  rows.push([
    "total",
    total.files,
    total.findings,
    total.tiers.join("/"),
    total.verdicts.join("/"),
    `${total.leakUseful}/${total.leak}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length)));
  const line = (cells) => `| ${cells.map((c, i) => pad(c ?? "", widths[i])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
  const unreviewed = results.flatMap((r) =>
    (r.findings ?? [])
      .filter((f) => f.verdict !== "useful" && f.verdict !== "noise")
      .map((f) => ({ ...f, codebase: r.name })),
  );
  if (unreviewed.length > 0) {
    console.log("\nwrong and unreviewed findings:");
    for (const f of unreviewed)
      console.log(
        `  [${f.verdict}] ${f.codebase} ${f.file}:${f.line} ${f.rule} (${f.tier}): ${f.reason ?? f.message.slice(0, 140)}`,
      );
  }
  return total;
}

function round(x, digits = 2) {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.setup) {
    console.log(setupText(options.corpus));
    return;
  }
  // Ex) `--from bench/results/precision-<date>.json`: the table of a saved run, judged again with
  // the current verdicts (after reviewing its unreviewed findings).
  if (options.from) {
    const saved = JSON.parse(readFileSync(options.from, "utf8"));
    const verdicts = loadVerdicts();
    for (const r of saved.results) for (const f of r.findings ?? []) judge(verdicts, r.name, f);
    saved.total = printTable(saved.results);
    writeJson(options.from, saved);
    return;
  }
  ensureBenchModules();
  if (CORPUS.some((c) => c.pkg && !existsSync(path.join(BENCH_MODULES, c.pkg, "package.json")))) {
    console.error("precision: installing the bench's dependencies (npm ci --prefix bench)");
    must(run("npm", ["ci", "--prefix", BENCH, "--no-audit", "--no-fund"], BENCH, { stdio: "inherit" }), "npm ci");
  }
  ensureBuilt();
  const verdicts = loadVerdicts();
  const selected = CORPUS.filter((c) => !options.only || options.only.includes(c.name));
  const results = [];
  for (const codebase of selected) {
    process.stderr.write(`precision: ${codebase.name}...\n`);
    const r = benchCodebase(codebase, options, verdicts);
    if (r.skipped) process.stderr.write(`precision: ${codebase.name}: skipped: ${r.skipped}\n`);
    results.push(r);
  }
  if (results.some((r) => r.skipped?.startsWith("no checkout"))) {
    console.error(`\nSome git checkouts are missing. To make them:\n${setupText(options.corpus)}\n`);
  }
  const total = printTable(results);
  const out = options.out ?? path.join(BENCH, "results", `precision-${new Date().toISOString().slice(0, 10)}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeJson(out, { date: new Date().toISOString(), machine: machineInfo(), corpus: options.corpus, total, results });
  console.error(`precision: results in ${path.relative(process.cwd(), out)}`);
}

main();
