/**
 * Unified diff of the changed files, git style (`diff --git a/… b/…`, 3 lines of context), so
 * that `git apply` and `patch -p1` accept it. Paths are relative to the git repository (or the
 * working directory outside one), which is where `git apply` expects to run.
 */
import { formatPatch, structuredPatch } from "diff";
import pc from "picocolors";
import { applyEdits } from "../engine/edits.js";
import type { FileChange } from "../engine/run.js";
import type { Finding } from "../engine/types.js";
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

/**
 * The hunks of one finding's fix on its own (before formatting): `@@` headers and `-`/`+`/` `
 * lines, without file headers. Empty when the finding has no fix.
 */
export function fixHunks(f: Finding, original: string, context = 2): string {
  if (!f.fix) return "";
  const after = applyEdits(original, f.fix.edits).text;
  const patch = structuredPatch("a", "b", original, after, undefined, undefined, { context });
  return patch.hunks
    .map((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines].join("\n"))
    .join("\n");
}

/** Colours a unified diff for a terminal. */
export function colourDiff(patch: string, colours: Pick<typeof pc, "bold" | "cyan" | "green" | "red"> = pc): string {
  const c = colours;
  return patch
    .split("\n")
    .map((line) => {
      if (line.startsWith("diff --git") || line.startsWith("--- ") || line.startsWith("+++ ")) return c.bold(line);
      if (line.startsWith("@@")) return c.cyan(line);
      if (line.startsWith("+")) return c.green(line);
      if (line.startsWith("-")) return c.red(line);
      return line;
    })
    .join("\n");
}
