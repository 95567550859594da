/** Shared test helpers: temporary projects, running the built CLI. */
import { afterEach, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Project, ts } from "ts-morph";
import type { TransformContext } from "../src/engine/types.js";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CLI = path.join(REPO, "dist", "cli.js");
export const FIXTURES = path.join(REPO, "__testfixtures__");

/**
 * A module-level `Map` keyed by objects, only read and written by key: weak-refs' safe
 * `object-keyed-cache` finding (line 4), for tests about what happens around one finding.
 */
export const LAYOUT_CACHE = `export class Element {
  constructor(readonly id: string) {}
}
const layoutCache = new Map<Element, number>();
export function measure(el: Element): number {
  let n = layoutCache.get(el);
  if (n === undefined) layoutCache.set(el, (n = el.id.length));
  return n;
}
`;

export const FIXTURE_TSCONFIG = JSON.parse(readFileSync(path.join(FIXTURES, "tsconfig.json"), "utf8")) as {
  compilerOptions: Record<string, unknown>;
};

export interface TempProject {
  dir: string;
  write(file: string, text: string): void;
  read(file: string): string;
  git(...args: string[]): string;
  cleanup(): void;
}

/**
 * A temporary project: the given files, `node_modules` linked to the repository's (for
 * @types/node), optionally a git repository with everything committed.
 */
export function tempProject(
  files: Record<string, string>,
  options: { git?: boolean; nodeModules?: boolean } = {},
): TempProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), "leakmod-test-"));
  const write = (file: string, text: string): void => {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  };
  for (const [file, text] of Object.entries(files)) write(file, text);
  if (options.nodeModules !== false)
    symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  const git = (...args: string[]): string => {
    const r = spawnSync("git", args, { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  if (options.git !== false) {
    if (!(".gitignore" in files)) write(".gitignore", "node_modules\n");
    git("init", "-q", ".");
    git("add", "-A");
    git("-c", "user.email=test@example.com", "-c", "user.name=test", "commit", "-q", "-m", "init");
  }
  return {
    dir,
    write,
    read: (file) => readFileSync(path.join(dir, file), "utf8"),
    git,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TempProjects {
  /** A temporary project with a tsconfig.json (tsconfigFor()) unless `files` has one. */
  project: (files: Record<string, string>, options?: { git?: boolean; nodeModules?: boolean }) => TempProject;
  /** Removes `p`, made some other way, after the test too. */
  track: <T extends TempProject>(p: T) => T;
  /** Runs `cleanup` after the test, before the projects are removed (chattr -i, a lock file). */
  defer: (cleanup: () => void) => void;
}

/**
 * Temporary projects removed after each test of the file that calls this (at its top level;
 * it registers the `afterEach`).
 */
export function tempProjectsPerTest(): TempProjects {
  let projects: TempProject[] = [];
  const deferred: (() => void)[] = [];
  afterEach(() => {
    for (const c of deferred.splice(0)) c();
    for (const p of projects) p.cleanup();
    projects = [];
  });
  const track = <T extends TempProject>(p: T): T => {
    projects.push(p);
    return p;
  };
  return {
    project: (files, options = {}) => track(tempProject({ "tsconfig.json": tsconfigFor(), ...files }, options)),
    track,
    defer: (cleanup) => deferred.push(cleanup),
  };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (as CI would, CI=true: no progress, no colours). */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: "", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tsconfigFor(overrides: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ compilerOptions: { ...FIXTURE_TSCONFIG.compilerOptions, ...overrides } }, null, 2)}\n`;
}

let inProcessQueue: Promise<unknown> = Promise.resolve();

/**
 * leakmod's `main()` in this process, as `runCli` runs the built CLI (CI=true, NO_COLOR, the
 * given cwd and environment; stdout and stderr captured, the exit code returned): for tests of
 * what leakmod finds and writes rather than of the process around it. Every run of a test file
 * shares the parsed lib and @types files, where each spawned CLI parses them again. Calls run
 * one at a time (the working directory and the environment are the process's).
 */
export function runLeakmod(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  const next = inProcessQueue.then(() => runInProcess(args, cwd, env));
  inProcessQueue = next.catch(() => undefined);
  return next;
}

async function runInProcess(args: string[], cwd: string, env: Record<string, string>): Promise<CliResult> {
  const { main } = await import("../src/cli.js");
  const saved = { cwd: process.cwd(), env: { ...process.env } };
  const out: string[] = [];
  const err: string[] = [];
  // Saved to be put back as they were, never called detached.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const capture =
    (into: string[]) =>
    (chunk: string | Uint8Array): boolean => {
      into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    };
  Object.assign(process.env, { CI: "true", NO_COLOR: "1", FORCE_COLOR: "" }, env);
  for (const [key, value] of Object.entries({ CI: "true", NO_COLOR: "1", FORCE_COLOR: "", ...env })) {
    if (value === "") delete process.env[key];
  }
  process.chdir(cwd);
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  try {
    const status = await main(args);
    return { status, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    process.chdir(saved.cwd);
    for (const key of Object.keys(process.env)) if (!(key in saved.env)) delete process.env[key];
    Object.assign(process.env, saved.env);
  }
}

/**
 * An error is one line on stderr, never a stack trace. `warnings: true` lets `leakmod: warning:`
 * lines stand beside it (apply's git and undo warnings).
 */
export function expectOneLineError(stderr: string, pattern: RegExp, options: { warnings?: boolean } = {}): void {
  const lines = stderr.split("\n").filter((l) => l !== "" && !(options.warnings && l.startsWith("leakmod: warning: ")));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^leakmod: error: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

/** A finding of `--format json` (the fields the tests read). */
export interface JsonFinding {
  file: string;
  line: number;
  rule: string;
  kind: string;
  applicability: string;
  message: string;
  fix: { status: string; note?: string } | null;
}

/**
 * The packages a real `leakmod <args>` process loaded, ES modules (seen by a module hook) and
 * CommonJS ones (in `require.cache` at exit) alike; the log of every module is left in
 * `<cwd>/loaded.txt`. The process must succeed, with nothing on stderr.
 */
export function packagesLoaded(args: string[], cwd: string): string[] {
  const log = path.join(cwd, "loaded.txt");
  rmSync(log, { force: true });
  const hooks = `import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(log)}, url + "\\n");
  return next(url, context);
}`;
  const probe = `import { register, createRequire } from "node:module";
import { appendFileSync } from "node:fs";
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hooks)}));
const cache = createRequire(${JSON.stringify(CLI)}).cache;
process.on("exit", () => appendFileSync(${JSON.stringify(log)}, Object.keys(cache).join("\\n") + "\\n"));`;
  const r = spawnSync(
    process.execPath,
    ["--import", `data:text/javascript,${encodeURIComponent(probe)}`, CLI, ...args],
    {
      cwd,
      encoding: "utf8",
      env: { ...process.env, CI: "true", NO_COLOR: "1" },
    },
  );
  if (r.status !== 0 || r.stderr !== "") throw new Error(`leakmod ${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
  const packages = readFileSync(log, "utf8")
    .split("\n")
    .map((line) => /node_modules[/\\]((?:@[^/\\]+[/\\])?[^/\\]+)/.exec(line)?.[1]?.replace("\\", "/"))
    .filter((p) => p !== undefined);
  return [...new Set(packages)].sort();
}

/**
 * A transform's context over an in-memory program (ES2022 and the disposable lib, strict) of the
 * given files, for `/main.ts`: for tests of one question a transform asks, on programs a fixture
 * cannot hold (several modules, a project's own declaration files).
 */
export function inMemoryContext(files: Record<string, string>): { sourceFile: ts.SourceFile; ctx: TransformContext } {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts"],
    },
  });
  for (const [file, text] of Object.entries(files)) project.createSourceFile(file, text);
  const program = project.getProgram().compilerObject;
  const sourceFile = program.getSourceFile("/main.ts")!;
  const ctx = {
    sourceFile,
    program,
    checker: program.getTypeChecker(),
    isLibFile: (f: ts.SourceFile) => program.isSourceFileDefaultLibrary(f),
  } as unknown as TransformContext;
  return { sourceFile, ctx };
}
