/**
 * Unified diff of the changed files, git style (`diff --git a/… b/…`, 3 lines of context), so
 * that `git apply` and `patch -p1` accept it. Paths are relative to the git repository (or the
 * working directory outside one), which is where `git apply` expects to run.
 */
import { formatPatch, structuredPatch } from "diff";
import pc from "picocolors";
import type { FileChange } from "../engine/run.js";
import { shownPath } from "./paths.js";

export function unifiedDiff(changes: readonly FileChange[], base: string): string {
  const sorted = [...changes].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return sorted
    .map((change) => {
      const name = shownPath(base, change.file);
      const patch = structuredPatch(`a/${name}`, `b/${name}`, change.before, change.after, undefined, undefined, {
        context: 3,
      });
      return formatPatch({ ...patch, isGit: true });
    })
    .join("");
}

/** Colours a unified diff for a terminal. */
export function colourDiff(patch: string): string {
  return patch
    .split("\n")
    .map((line) => {
      if (line.startsWith("diff --git") || line.startsWith("--- ") || line.startsWith("+++ ")) return pc.bold(line);
      if (line.startsWith("@@")) return pc.cyan(line);
      if (line.startsWith("+")) return pc.green(line);
      if (line.startsWith("-")) return pc.red(line);
      return line;
    })
    .join("\n");
}
