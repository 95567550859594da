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
      return formatPatch({ ...filePatch(`a/${name}`, `b/${name}`, change.before, change.after), isGit: true });
    })
    .join("");
}

const CONTEXT = 3;

/** Lines with their terminators. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * structuredPatch of two texts, diffing only the lines between their common first and last
 * lines (plus the context): a fix in a 5 MB generated file is a few lines, and a line diff of
 * the whole file is seconds.
 */
export function filePatch(oldName: string, newName: string, before: string, after: string, context = CONTEXT) {
  const a = linesOf(before);
  const b = linesOf(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const skipStart = Math.max(0, prefix - context);
  const skipEnd = Math.max(0, suffix - context);
  const patch = structuredPatch(
    oldName,
    newName,
    a.slice(skipStart, a.length - skipEnd).join(""),
    b.slice(skipStart, b.length - skipEnd).join(""),
    undefined,
    undefined,
    { context },
  );
  for (const hunk of patch.hunks) {
    hunk.oldStart += skipStart;
    hunk.newStart += skipStart;
  }
  return patch;
}

/**
 * The hunks of one finding's fix on its own (before formatting): `@@` headers and `-`/`+`/` `
 * lines, without file headers. Empty when the finding has no fix.
 */
export function fixHunks(f: Finding, original: string, context = 2): string {
  if (!f.fix) return "";
  const after = applyEdits(original, f.fix.edits).text;
  const patch = filePatch("a", "b", original, after, context);
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
