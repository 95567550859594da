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
import { ts } from "./ts-morph.cjs";
import { inferOptions, otherFormatterOptions } from "./house-style.js";
import { loadDependency } from "./dependency.js";

export interface Region {
  start: number;
  end: number;
}

type Prettier = typeof import("prettier");
type Plugin = import("prettier").Plugin;

/** Prettier's own plugins for a parser, as its CommonJS builds (see `parserPlugins`). */
const PARSER_PLUGINS: Record<string, readonly string[]> = {
  typescript: ["prettier/plugins/typescript", "prettier/plugins/estree"],
  babel: ["prettier/plugins/babel", "prettier/plugins/estree"],
};

/**
 * Prettier's own parser and printer for the usual parsers, loaded with `require`: the same code
 * as the ES modules prettier would import for them (same version, same package), but CommonJS,
 * which V8's code cache keeps compiled between runs (src/engine/compile-cache.ts; on Node 20 it
 * cannot keep ES modules): about 0.05 s of every `diff` and `apply`. Passed as `plugins`, they
 * are the ones prettier uses for that parser. Not when the project's configuration names plugins
 * of its own, which may wrap a parser (prettier-plugin-organize-imports does): prettier then
 * loads and orders everything itself, as the project's own runs do.
 */
function parserPlugins(parser: string): Plugin[] {
  try {
    return (PARSER_PLUGINS[parser] ?? []).map((name) => loadDependency<Plugin>(name));
  } catch {
    return []; // prettier finds its own
  }
}
/** Prettier's CommonJS entry (its functions load its ES build themselves; see dependency.ts). */
function loadPrettier(): Prettier {
  return loadDependency<Prettier>("prettier");
}

const configCache = new Map<string, Promise<{ options: PrettierOptions; complete: boolean } | null>>();

/**
 * The project's own options for `file`. With a prettier configuration (prettierrc, package.json
 * key) they are complete: prettier's defaults fill the rest, as when the project runs prettier.
 * Without one, `.editorconfig` and another formatter's configuration (Biome, oxfmt, dprint) say
 * only part, and the file itself says the rest (see `styleFor`).
 */
async function projectOptions(file: string): Promise<{ options: PrettierOptions; complete: boolean } | null> {
  const prettier = loadPrettier();
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
  const prettier = loadPrettier();
  let info;
  try {
    info = await prettier.getFileInfo(options.file, { ignorePath: [".prettierignore"] });
  } catch {
    return text;
  }
  if (info.ignored || !info.inferredParser) return text;
  const config = await styleFor(options.file, text);
  const endOfLine = text.includes("\r\n") ? "crlf" : "lf";
  const plugins = config.plugins?.length ? [] : parserPlugins(info.inferredParser);
  const base: PrettierOptions = {
    ...config,
    filepath: options.file,
    endOfLine,
    ...(plugins.length ? { plugins } : {}),
  };

  // Merge regions on the same or adjacent lines.
  const sorted = [...regions].sort((a, b) => a.start - b.start);
  const merged: Region[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && lineOf(text, r.start) <= lineOf(text, last.end) + 1) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  // Each region is formatted inside a window of whole lines around it: its top-level statements
  // in a large file (prettier parses what it is given, and a 5 MB generated file parsed once per
  // region is minutes), the whole file otherwise. Regions sharing a window go together.
  const windows = windowsOf(text, options.file, merged);
  // From the last to the first, so the offsets of the ones still to do do not move.
  let current = text;
  for (const w of windows.reverse()) {
    let piece = current.slice(w.from, w.to);
    for (const region of [...w.regions].reverse()) {
      const start = region.start - w.from;
      const end = region.end - w.from;
      const whole = w.from === 0 && w.to === current.length;
      let formatted = await formatRange(prettier, piece, start, end, base);
      if (formatted === undefined && !whole) {
        // The window does not parse on its own (rare): format the region in the whole file;
        // restrictToLines keeps every line outside the region, so only the window can change.
        const tail = current.length - w.to;
        const all = current.slice(0, w.from) + piece + current.slice(w.to);
        formatted = await formatRange(prettier, all, region.start, region.end, base);
        if (formatted !== undefined) piece = formatted.slice(w.from, formatted.length - tail);
        continue;
      }
      if (formatted === undefined) continue; // prettier could not parse it: keep the edit unformatted
      piece = formatted;
    }
    current = current.slice(0, w.from) + piece + current.slice(w.to);
  }
  return current;
}

/** Formats `region` of `text` with prettier's range formatting, keeping other lines as they were. */
async function formatRange(
  prettier: Prettier,
  text: string,
  start: number,
  end: number,
  base: PrettierOptions,
): Promise<string | undefined> {
  const firstLine = lineOf(text, start);
  const lastLine = lineOf(text, Math.max(start, end - 1));
  let formatted: string;
  try {
    formatted = await prettier.format(text, { ...base, rangeStart: start, rangeEnd: Math.max(end, start + 1) });
  } catch {
    return undefined;
  }
  return restrictToLines(text, formatted, firstLine, lastLine);
}

/** Files up to this size are formatted whole (windows only pay off on large files). */
export const WINDOW_THRESHOLD = 100_000;

interface Window {
  from: number;
  to: number;
  regions: Region[];
}

/**
 * The windows to format the regions in: for a file above WINDOW_THRESHOLD, the whole lines of
 * the top-level statements each region overlaps (top-level statements start at column 0 and
 * parse on their own); one window for the whole file otherwise. Overlapping windows are merged.
 */
export function windowsOf(text: string, file: string, regions: readonly Region[]): Window[] {
  if (text.length <= WINDOW_THRESHOLD || regions.length === 0) {
    return [{ from: 0, to: text.length, regions: [...regions] }];
  }
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKindOf(file));
  const statements = sf.statements;
  const lineStart = (pos: number): number => text.lastIndexOf("\n", pos - 1) + 1;
  const lineEnd = (pos: number): number => {
    const nl = text.indexOf("\n", pos);
    return nl === -1 ? text.length : nl + 1;
  };
  const windows: Window[] = [];
  let k = 0; // statements before k end before the current region (regions are sorted)
  for (const region of regions) {
    while (k < statements.length && statements[k].end <= region.start) k++;
    let from = lineStart(region.start);
    let to = lineEnd(Math.max(region.start, region.end - 1));
    for (let j = k; j < statements.length; j++) {
      const st = statements[j];
      const stStart = st.getStart(sf);
      if (stStart >= region.end) break;
      from = Math.min(from, lineStart(stStart));
      to = Math.max(to, lineEnd(Math.max(stStart, st.end - 1)));
    }
    const last = windows[windows.length - 1];
    if (last && from < last.to) {
      last.to = Math.max(last.to, to);
      last.regions.push(region);
    } else windows.push({ from, to, regions: [region] });
  }
  return windows;
}

function scriptKindOf(file: string): ts.ScriptKind {
  const ext = file.slice(file.lastIndexOf(".")).toLowerCase();
  if (ext === ".tsx") return ts.ScriptKind.TSX;
  if (ext === ".jsx") return ts.ScriptKind.JSX;
  if (ext === ".js" || ext === ".mjs" || ext === ".cjs") return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
