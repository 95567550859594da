/**
 * Formatting of the ranges a fix touched, with prettier and the project's own configuration.
 *
 * Prettier's range formatting widens a range to whole statements; on a file that is not
 * prettier-formatted that would rewrite lines no fix touched. So after each range is formatted,
 * line changes outside the touched lines are reverted: untouched lines stay byte-identical and
 * diffs stay minimal. Line endings (CRLF) are kept.
 */
import { diffLines } from "diff";
import type { Options as PrettierOptions } from "prettier";
import { inferOptions, otherFormatterOptions } from "./house-style.js";

export interface Region {
  start: number;
  end: number;
}

type Prettier = typeof import("prettier");
let prettierModule: Promise<Prettier> | undefined;
function loadPrettier(): Promise<Prettier> {
  prettierModule ??= import("prettier");
  return prettierModule;
}

const configCache = new Map<string, Promise<{ options: PrettierOptions; complete: boolean } | null>>();

/**
 * The project's own options for `file`. With a prettier configuration (prettierrc, package.json
 * key) they are complete: prettier's defaults fill the rest, as when the project runs prettier.
 * Without one, `.editorconfig` and another formatter's configuration (Biome, oxfmt, dprint) say
 * only part, and the file itself says the rest (see `styleFor`).
 */
async function projectOptions(file: string): Promise<{ options: PrettierOptions; complete: boolean } | null> {
  const prettier = await loadPrettier();
  const dir = file.replace(/[\\/][^\\/]*$/, "");
  // resolveConfig caches per file; one resolution per folder is enough for us.
  let cached = configCache.get(dir);
  if (!cached) {
    cached = (async () => {
      const configFile = await prettier.resolveConfigFile(file).catch(() => null);
      const resolved = await prettier.resolveConfig(file, { editorconfig: true }).catch(() => null);
      if (configFile) return { options: resolved ?? {}, complete: true };
      const other = otherFormatterOptions(file);
      if (!resolved && !other) return null;
      // What another formatter states wins over .editorconfig (it is what formats the project).
      return { options: { ...resolved, ...other }, complete: false };
    })();
    configCache.set(dir, cached);
  }
  return cached;
}

/** The options for formatting `text` of `file`: the project's, completed by what the file shows. */
export async function styleFor(file: string, text: string): Promise<PrettierOptions> {
  const project = await projectOptions(file);
  if (project?.complete) return project.options;
  return { ...inferOptions(text), ...project?.options };
}

export { inferOptions };

/** Lines with their terminators. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Line index (0-based) of offset `pos`. */
function lineOf(text: string, pos: number): number {
  let line = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * Keeps only the line changes between `before` and `after` that touch lines
 * `firstLine..lastLine` of `before`; every other line stays as in `before`.
 */
export function restrictToLines(before: string, after: string, firstLine: number, lastLine: number): string {
  if (before === after) return before;
  const changes = diffLines(before, after);
  let out = "";
  let line = 0; // current line of `before`
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (!change.added && !change.removed) {
      out += change.value;
      line += change.count ?? 0;
      continue;
    }
    // A run of removed and/or added chunks is one replacement.
    let removed = "";
    let added = "";
    let removedCount = 0;
    let j = i;
    for (; j < changes.length && (changes[j].added || changes[j].removed); j++) {
      const c = changes[j];
      if (c.removed) {
        removed += c.value;
        removedCount += c.count ?? 0;
      } else added += c.value;
    }
    i = j - 1;
    const removedLines = splitLines(removed);
    const addedLines = splitLines(added);
    if (removedLines.length === addedLines.length) {
      // Line for line (prettier reformatting lines in place): decide each line on its own.
      removedLines.forEach((old, k) => {
        out += line + k >= firstLine && line + k <= lastLine ? addedLines[k] : old;
      });
    } else {
      const from = line;
      const to = line + Math.max(removedCount, 1) - 1;
      const inside = from <= lastLine && to >= firstLine;
      out += inside ? added : removed;
    }
    line += removedCount;
  }
  return out;
}

export interface FormatOptions {
  /** Absolute path: prettier picks the parser and the configuration from it. */
  file: string;
}

/**
 * Formats each touched region of `text` with prettier's range formatting and returns the new
 * text. Returns `text` unchanged when prettier cannot format the file (unsupported syntax, no
 * parser, ignored by .prettierignore).
 */
export async function formatRegions(text: string, regions: readonly Region[], options: FormatOptions): Promise<string> {
  if (regions.length === 0) return text;
  const prettier = await loadPrettier();
  let info;
  try {
    info = await prettier.getFileInfo(options.file, { ignorePath: [".prettierignore"] });
  } catch {
    return text;
  }
  if (info.ignored || !info.inferredParser) return text;
  const config = await styleFor(options.file, text);
  const endOfLine = text.includes("\r\n") ? "crlf" : "lf";
  const base: PrettierOptions = { ...config, filepath: options.file, endOfLine };

  // Merge regions on the same or adjacent lines; format from the last to the first, so the
  // offsets of the ones still to do do not move.
  const sorted = [...regions].sort((a, b) => a.start - b.start);
  const merged: Region[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && lineOf(text, r.start) <= lineOf(text, last.end) + 1) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  let current = text;
  for (const region of merged.reverse()) {
    const firstLine = lineOf(current, region.start);
    const lastLine = lineOf(current, Math.max(region.start, region.end - 1));
    let formatted: string;
    try {
      formatted = await prettier.format(current, {
        ...base,
        rangeStart: region.start,
        rangeEnd: Math.max(region.end, region.start + 1),
      });
    } catch {
      continue; // prettier could not parse it: keep the edit unformatted
    }
    current = restrictToLines(current, formatted, firstLine, lastLine);
  }
  return current;
}
