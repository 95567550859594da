/**
 * The write phase of `apply`, all-or-nothing in practice:
 *
 * 1. check every file first: it still holds what was read, it is a regular file (a symbolic link
 *    is followed: the target is written, the link stays), it is not read-only; one problem and
 *    nothing is written;
 * 2. stage: every new text goes to a temporary file next to its target, with the target's mode
 *    (this is the slow part; a signal here removes the temporary files and writes nothing);
 * 3. rename every temporary file over its target, in one synchronous loop (fast, not
 *    interrupted: a signal received meanwhile is handled when it is over, so the tree is all-new).
 *
 * A rename that fails puts back the files already renamed. Temporary files never outlive the
 * run (except a SIGKILL or a power cut during step 2).
 *
 * Also here: the git check of the files that will be written, and the project lock.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  closeSync,
  lstatSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { UserError } from "./errors.js";
import { findGitRoot, toPosix } from "./files.js";
import type { FileChange } from "./run.js";

export interface WriteFailure {
  file: string;
  /** Why it was not written, e.g. "changed on disk during the run". */
  reason: string;
}

export interface WriteOutcome {
  /** Files that now hold their new text (the paths as given, links included). */
  written: string[];
  /** Files that were to be written and were not, with the reason for each that had one. */
  failures: WriteFailure[];
  /** True when the problem is the user's input (read-only, changed on disk…), not a bug. */
  nothingWritten: boolean;
  /** A signal received during the write phase. */
  interrupted?: NodeJS.Signals;
  /** Set when a signal came during step 3: the renames were finished, not rolled back. */
  renamesFinished?: boolean;
}

/** How many files are staged between two looks at pending signals. */
const STAGE_CHUNK = 16;

interface Planned {
  change: FileChange;
  /** The real file (a link's target). */
  target: string;
  stat: Stats;
  tmp?: string;
}

const describeError = (error: unknown): string =>
  (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));

function tmpName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.leakmod-${process.pid}.tmp`);
}

/** Step 1: what can be written, and why not for the rest. */
function plan(changes: readonly FileChange[]): { planned: Planned[]; failures: WriteFailure[] } {
  const planned: Planned[] = [];
  const failures: WriteFailure[] = [];
  const byTarget = new Map<string, Planned>();
  for (const change of changes) {
    let target: string;
    let stat: Stats;
    try {
      target = realpathSync(change.file);
      stat = statSync(target);
    } catch {
      failures.push({ file: change.file, reason: "removed during the run" });
      continue;
    }
    if (!stat.isFile()) {
      failures.push({ file: change.file, reason: "no longer a regular file" });
      continue;
    }
    if ((stat.mode & 0o222) === 0) {
      failures.push({ file: change.file, reason: "read-only (no write permission bit)" });
      continue;
    }
    let current: string;
    try {
      current = readFileSync(target, "utf8");
    } catch (error) {
      failures.push({ file: change.file, reason: `cannot be read (${describeError(error)})` });
      continue;
    }
    if (current !== change.before) {
      failures.push({ file: change.file, reason: "changed on disk during the run" });
      continue;
    }
    const same = byTarget.get(target);
    if (same) {
      // A link and its target (or two links) in the project: one file, written once.
      if (same.change.after !== change.after) {
        failures.push({ file: change.file, reason: `the same file as ${same.change.file}, with other fixes` });
      }
      continue;
    }
    const p: Planned = { change, target, stat };
    byTarget.set(target, p);
    planned.push(p);
  }
  return { planned, failures };
}

function removeTemporaryFiles(planned: readonly Planned[]): void {
  for (const p of planned) {
    if (p.tmp) rmSync(p.tmp, { force: true });
    delete p.tmp;
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Writes every change, or none (see the file comment). Never throws for a file: problems come
 * back in `failures`.
 */
export async function writeChanges(changes: readonly FileChange[]): Promise<WriteOutcome> {
  const { planned, failures } = plan(changes);
  if (failures.length > 0) return { written: [], failures, nothingWritten: true };

  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted ??= signal;
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const s of signals) process.on(s, onSignal);
  try {
    // Step 2: stage.
    for (let i = 0; i < planned.length; i++) {
      if (i % STAGE_CHUNK === 0) {
        await nextTurn();
        if (interrupted) break;
      }
      const p = planned[i];
      const tmp = tmpName(p.target);
      try {
        p.tmp = tmp;
        writeFileSync(tmp, p.change.after, { encoding: "utf8", flag: "wx", mode: 0o600 });
        chmodSync(tmp, p.stat.mode & 0o7777);
        if (process.getuid?.() === 0 && (p.stat.uid !== 0 || p.stat.gid !== 0)) {
          try {
            chownSync(tmp, p.stat.uid, p.stat.gid);
          } catch {
            /* keep root's ownership rather than fail */
          }
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") delete p.tmp; // not ours
        removeTemporaryFiles(planned);
        return {
          written: [],
          failures: [{ file: p.change.file, reason: `cannot be written (${describeError(error)})` }],
          nothingWritten: true,
        };
      }
    }
    await nextTurn();
    if (interrupted) {
      removeTemporaryFiles(planned);
      return { written: [], failures: [], nothingWritten: true, interrupted };
    }
    // Anything touched while staging? (size and mtime: cheap, and enough for an editor's save)
    const touched: WriteFailure[] = [];
    for (const p of planned) {
      let now: Stats | undefined;
      try {
        now = statSync(p.target);
      } catch {
        /* removed */
      }
      if (!now) touched.push({ file: p.change.file, reason: "removed during the run" });
      else if (now.size !== p.stat.size || now.mtimeMs !== p.stat.mtimeMs)
        touched.push({ file: p.change.file, reason: "changed on disk during the run" });
    }
    if (touched.length > 0) {
      removeTemporaryFiles(planned);
      return { written: [], failures: touched, nothingWritten: true };
    }

    // Step 3: rename, synchronously.
    for (let i = 0; i < planned.length; i++) {
      const p = planned[i];
      try {
        renameSync(p.tmp!, p.target);
        delete p.tmp;
      } catch (error) {
        const failure = { file: p.change.file, reason: `cannot be written (${describeError(error)})` };
        removeTemporaryFiles(planned);
        const notRestored = rollBack(planned.slice(0, i));
        return {
          written: notRestored,
          failures: [
            failure,
            ...notRestored.map((file) => ({ file, reason: "written, and could not be put back as it was" })),
          ],
          nothingWritten: notRestored.length === 0,
        };
      }
    }
    // A signal received during the renames is delivered now.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTurn();
    return {
      written: planned.map((p) => p.change.file),
      failures: [],
      nothingWritten: false,
      ...(interrupted ? { interrupted, renamesFinished: true } : {}),
    };
  } finally {
    removeTemporaryFiles(planned);
    for (const s of signals) process.off(s, onSignal);
  }
}

/** Puts the old text back into files already renamed; returns those it could not restore. */
function rollBack(done: readonly Planned[]): string[] {
  const failed: string[] = [];
  for (const p of done) {
    const tmp = tmpName(p.target);
    try {
      writeFileSync(tmp, p.change.before, { encoding: "utf8", flag: "wx", mode: 0o600 });
      chmodSync(tmp, p.stat.mode & 0o7777);
      renameSync(tmp, p.target);
    } catch {
      rmSync(tmp, { force: true });
      failed.push(p.change.file);
    }
  }
  return failed;
}

// ---------------------------------------------------------------------------------------------
// Git: can the run be undone?

export interface GitCheckOptions {
  cwd: string;
  force: boolean;
  /**
   * The check before the analysis, of the files leakmod may rewrite: it refuses only a tree git
   * cannot check (missing git, "dubious ownership"), which no analysis can change. Dirty and
   * untracked files are judged after the analysis, on the files actually written: a dirty file
   * leakmod only reads never stops the run. It makes no notes.
   */
  early?: boolean;
}

function git(root: string, args: string[]): { ok: true; stdout: string } | { ok: false; reason: string } {
  const r = spawnSync("git", args, { cwd: root, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === "ENOENT" ? "git is not installed (not on PATH)" : describeError(r.error) };
  }
  if (r.status !== 0) {
    const line = r.stderr
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "");
    return { ok: false, reason: (line ?? `git ${args[0]} exited with ${r.status}`).replace(/^fatal: /, "") };
  }
  return { ok: true, stdout: r.stdout };
}

function listed(files: readonly string[], cwd: string): string {
  const shown = files.slice(0, 3).map((f) => toPosix(path.relative(cwd, f)) || f);
  return `${shown.join(", ")}${files.length > 3 ? ` and ${files.length - 3} more` : ""}`;
}

/**
 * Checks, with git, every file `apply` is about to write: one with uncommitted changes, or one
 * git has no copy of (untracked or ignored), would lose work that nothing can bring back. Both
 * refuse the run unless `--force`; so does a git that cannot run (missing, or refusing the
 * repository, e.g. "dubious ownership"). Returns notes for the report (what `--force` let
 * through, files outside any git repository).
 */
export function checkFilesAgainstGit(files: readonly string[], options: GitCheckOptions): string[] {
  const { cwd, force } = options;
  const notes: string[] = [];
  const which = "files to be rewritten";
  const byRoot = new Map<string, string[]>();
  const outside: string[] = [];
  for (const file of files) {
    let real = file;
    try {
      real = realpathSync(file);
    } catch {
      /* checked again when writing */
    }
    const root = findGitRoot(path.dirname(real));
    if (!root) outside.push(file);
    else byRoot.set(root, [...(byRoot.get(root) ?? []), real]);
  }
  if (outside.length > 0) {
    notes.push(
      `${listed(outside, cwd)} ${outside.length === 1 ? "is" : "are"} not in a git repository: nothing can undo this run but a copy of your own`,
    );
  }
  for (const [root, list] of byRoot) {
    const tracked = git(root, ["ls-files", "-z", "--full-name", "--cached"]);
    const status = tracked.ok
      ? git(root, ["status", "--porcelain=v1", "-z", "--untracked-files=no", "--no-renames"])
      : tracked;
    if (!tracked.ok || !status.ok) {
      const reason = !tracked.ok ? tracked.reason : !status.ok ? status.reason : "";
      const shownRoot = path.relative(cwd, root) || ".";
      if (!force) {
        throw new UserError(
          `cannot check the git tree at ${shownRoot} for uncommitted changes: ${reason}; fix that, or pass --force to write without the check`,
        );
      }
      notes.push(`--force: git could not check ${shownRoot} (${reason}); files were written unchecked`);
      continue;
    }
    const realRoot = realpathSync(root);
    const rel = (f: string): string => toPosix(path.relative(realRoot, f));
    const trackedSet = new Set(tracked.stdout.split("\0").filter(Boolean));
    const dirtySet = new Set(
      status.stdout
        .split("\0")
        .filter((e) => e.length > 3)
        .map((e) => e.slice(3)),
    );
    // Before the analysis only whether git can check the tree is known: which of the candidates
    // will be written is not, and a dirty file leakmod only reads must not stop the run.
    if (options.early) continue;
    const dirty = list.filter((f) => dirtySet.has(rel(f)));
    const untracked = list.filter((f) => !trackedSet.has(rel(f)));
    if (!force && dirty.length > 0) {
      throw new UserError(
        `${which} have uncommitted changes (${listed(dirty, cwd)}); commit or stash them first, or pass --force`,
      );
    }
    if (!force && untracked.length > 0) {
      throw new UserError(
        `${which} are not tracked by git, which has no copy of them (${listed(untracked, cwd)}); commit them first, or pass --force`,
      );
    }
    if (dirty.length > 0) notes.push(`--force: rewrote files with uncommitted changes: ${listed(dirty, cwd)}`);
    if (untracked.length > 0)
      notes.push(`--force: rewrote files git has no copy of (nothing can undo this): ${listed(untracked, cwd)}`);
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------
// The project lock: one `apply` at a time on a project.

export interface ProjectLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock of the project at `root` (its git repository root when there is one), a file in
 * the system's temporary folder named after the folder's real path. A lock left by a process
 * that no longer runs is taken over. Throws a UserError when another `apply` holds it.
 */
export function lockProject(root: string, cwd: string): ProjectLock {
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    /* the path as given */
  }
  const key = createHash("sha256").update(real).digest("hex").slice(0, 16);
  const file = path.join(os.tmpdir(), `leakmod-apply-${key}.lock`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeFileSync(fd, `${process.pid}\n${real}\n`);
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off("exit", release);
        try {
          if (readFileSync(file, "utf8").split("\n")[0] === String(process.pid)) rmSync(file, { force: true });
        } catch {
          /* already gone */
        }
      };
      process.on("exit", release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new UserError(`cannot take the lock ${file}: ${describeError(error)}`);
      }
      let pid: number;
      try {
        pid = Number(readFileSync(file, "utf8").split("\n")[0]);
      } catch {
        continue; // released meanwhile
      }
      // (Our own pid: a lock an earlier in-process run did not release; main() runs one command.)
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new UserError(
          `another leakmod apply (pid ${pid}) is running on ${path.relative(cwd, real) || "."}; wait for it to finish`,
        );
      }
      try {
        if (lstatSync(file).isFile()) rmSync(file, { force: true }); // stale: its process is gone
      } catch {
        /* gone */
      }
    }
  }
  throw new UserError(`cannot take the lock ${file}`);
}

// ---------------------------------------------------------------------------------------------
// The whole write phase of `apply`, for the CLI.

export interface ApplyOutcome {
  /** Files now holding their new text. */
  written: string[];
  /** Files that were to be written and were not. */
  notWritten: number;
  /** Notes for the report's warnings (git, --force). */
  notes: string[];
  /** One line for stderr when something went wrong (without the `leakmod: ` prefix). */
  error?: string;
  /** The exit code to use instead of the findings' one: 2 (not written) or 128 + signal. */
  exitCode?: number;
}

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/**
 * Checks the files with git, writes them all or none, and marks the fixes of files that were
 * not written as not applied (so that the summary and the JSON report say what happened).
 */
export async function applyChanges(
  changes: readonly FileChange[],
  findings: readonly { file: string; fixStatus: string; fixNote?: string }[],
  options: GitCheckOptions,
): Promise<ApplyOutcome> {
  if (changes.length === 0) return { written: [], notWritten: 0, notes: [] };
  const notes = checkFilesAgainstGit(
    changes.map((c) => c.file),
    options,
  );
  const outcome = await writeChanges(changes);
  const written = new Set(outcome.written);
  const reasons = new Map(outcome.failures.map((f) => [f.file, f.reason]));
  const unwritten = changes.filter((c) => !written.has(c.file));
  for (const f of findings) {
    if (f.fixStatus !== "applied" || written.has(f.file)) continue;
    f.fixStatus = "skipped";
    f.fixNote = `not written: ${reasons.get(f.file) ?? (outcome.interrupted ? "interrupted" : "no file is written when one cannot be")}`;
  }
  const shown = (file: string): string => toPosix(path.relative(options.cwd, file)) || file;
  const result: ApplyOutcome = { written: outcome.written, notWritten: unwritten.length, notes };
  if (outcome.interrupted) {
    result.exitCode = SIGNAL_EXIT[outcome.interrupted] ?? 130;
    result.error = outcome.renamesFinished
      ? `interrupted (${outcome.interrupted}) during the renames, which were finished: all ${outcome.written.length} file(s) hold their new text`
      : `interrupted (${outcome.interrupted}) before the renames: nothing was written, no temporary file is left`;
  } else if (outcome.failures.length > 0) {
    result.exitCode = 2;
    const listedFailures = outcome.failures
      .slice(0, 3)
      .map((f) => `${shown(f.file)}: ${f.reason}`)
      .join("; ");
    const more = outcome.failures.length > 3 ? `; and ${outcome.failures.length - 3} more` : "";
    const count = outcome.failures.length;
    result.error = `${count} file${count === 1 ? "" : "s"} cannot be written (${listedFailures}${more}); ${
      outcome.nothingWritten
        ? "nothing was written"
        : `${outcome.written.length} file(s) were written and could not be put back: ${outcome.written.map(shown).join(", ")}`
    }`;
  }
  return result;
}
