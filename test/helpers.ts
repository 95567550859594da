/** Shared test helpers: temporary projects, running the built CLI. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CLI = path.join(REPO, "dist", "cli.js");
export const FIXTURES = path.join(REPO, "__testfixtures__");

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
