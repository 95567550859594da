/**
 * Writing: refuse a dirty git tree unless --force, then write each file atomically (a temporary
 * file in the same folder, renamed over the original), keeping its mode, and only if it still
 * holds what was read.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "./errors.js";
import type { FileChange } from "./run.js";

/** Throws when `root` is inside a git work tree with uncommitted changes to tracked files. */
export function assertCleanGitTree(root: string, cwd: string): void {
  const inside = spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: root, encoding: "utf8" });
  if (inside.error || inside.status !== 0 || inside.stdout.trim() !== "true") return; // not a git tree
  const status = spawnSync("git", ["status", "--porcelain", "--untracked-files=no", "--", "."], {
    cwd: root,
    encoding: "utf8",
  });
  if (status.error || status.status !== 0) return;
  const dirty = status.stdout.split("\n").filter((l) => l.trim() !== "");
  if (dirty.length > 0) {
    const first = dirty[0].slice(3);
    const shown = path.relative(cwd, path.join(root, first)) || first;
    throw new UserError(
      `the git tree has uncommitted changes (${shown}${dirty.length > 1 ? ` and ${dirty.length - 1} more` : ""}); commit or stash them first, or pass --force`,
    );
  }
}

/** Writes `text` to `file` atomically. */
export function writeFileAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.leakmod-${process.pid}-${Date.now().toString(36)}.tmp`);
  const mode = statSync(file).mode;
  try {
    writeFileSync(tmp, text, { encoding: "utf8", flag: "wx" });
    chmodSync(tmp, mode & 0o7777);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

export interface WriteResult {
  written: string[];
  /** Files changed on disk since they were read: not overwritten. */
  skipped: string[];
}

export function writeChanges(changes: readonly FileChange[]): WriteResult {
  const written: string[] = [];
  const skipped: string[] = [];
  for (const change of changes) {
    let current: string;
    try {
      current = readFileSync(change.file, "utf8");
    } catch {
      skipped.push(change.file);
      continue;
    }
    if (current !== change.before) {
      skipped.push(change.file);
      continue;
    }
    try {
      writeFileAtomic(change.file, change.after);
    } catch (error) {
      throw new UserError(
        `cannot write ${change.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    written.push(change.file);
  }
  return { written, skipped };
}
