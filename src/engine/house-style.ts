/**
 * The house style of a project that has no prettier configuration: what another formatter's
 * configuration says (Biome, oxfmt, dprint), mapped onto prettier's options, and what the file
 * itself shows (quotes, semicolons, trailing commas, bracket spacing, arrow parentheses, print
 * width, indentation). A fix formatted with it looks like its neighbours: a one-token fix changes
 * one token.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Options as PrettierOptions } from "prettier";
import { ts } from "./ts-morph.cjs";

/** JSON with comments and trailing commas (biome.jsonc, dprint.jsonc), or undefined. */
function readJsonc(file: string): Record<string, unknown> | undefined {
  try {
    const parsed = ts.parseConfigFileTextToJson(file, readFileSync(file, "utf8"));
    return parsed.error || typeof parsed.config !== "object" || parsed.config === null
      ? undefined
      : (parsed.config as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

const object = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Biome: `formatter` and `javascript.formatter`; what it does not state is Biome's default. */
export function fromBiome(config: Record<string, unknown>): PrettierOptions {
  const general = object(config.formatter);
  const js = object(object(config.javascript).formatter);
  const pick = (key: string): unknown => js[key] ?? general[key];
  const out: PrettierOptions = {
    // Biome's defaults: tabs, width 2, 80 columns, double quotes, semicolons, trailing commas.
    useTabs: (pick("indentStyle") ?? "tab") === "tab",
    tabWidth: typeof pick("indentWidth") === "number" ? (pick("indentWidth") as number) : 2,
    printWidth: typeof pick("lineWidth") === "number" ? (pick("lineWidth") as number) : 80,
    singleQuote: js.quoteStyle === "single",
    jsxSingleQuote: js.jsxQuoteStyle === "single",
    semi: js.semicolons !== "asNeeded",
    trailingComma:
      (["all", "es5", "none"] as const).find((t) => t === (js.trailingCommas ?? js.trailingComma)) ?? "all",
    bracketSpacing: js.bracketSpacing !== false,
    arrowParens: js.arrowParentheses === "asNeeded" ? "avoid" : "always",
  };
  if (typeof js.bracketSameLine === "boolean") out.bracketSameLine = js.bracketSameLine;
  return out;
}

/** oxfmt (`.oxfmtrc.json`) takes prettier's option names: the ones it states are kept. */
export function fromOxfmt(config: Record<string, unknown>): PrettierOptions {
  const keys = ["printWidth", "tabWidth", "useTabs", "semi", "singleQuote", "jsxSingleQuote", "trailingComma"];
  const more = ["bracketSpacing", "bracketSameLine", "arrowParens", "quoteProps", "endOfLine"];
  const out: Record<string, unknown> = {};
  for (const key of [...keys, ...more]) if (config[key] !== undefined) out[key] = config[key];
  return out;
}

/** dprint: the top-level and `typescript` plugin settings it states. */
export function fromDprint(config: Record<string, unknown>): PrettierOptions {
  const plugin = object(config.typescript);
  const pick = (key: string): unknown => plugin[key] ?? config[key];
  const out: PrettierOptions = {};
  if (typeof pick("lineWidth") === "number") out.printWidth = pick("lineWidth") as number;
  if (typeof pick("indentWidth") === "number") out.tabWidth = pick("indentWidth") as number;
  if (typeof pick("useTabs") === "boolean") out.useTabs = pick("useTabs") as boolean;
  const quotes = plugin.quoteStyle;
  if (quotes === "alwaysSingle" || quotes === "preferSingle") out.singleQuote = true;
  if (quotes === "alwaysDouble" || quotes === "preferDouble") out.singleQuote = false;
  if (plugin.semiColons === "asi") out.semi = false;
  if (plugin.semiColons === "always" || plugin.semiColons === "prefer") out.semi = true;
  if (plugin.trailingCommas === "never") out.trailingComma = "none";
  if (plugin.trailingCommas === "onlyMultiLine" || plugin.trailingCommas === "always") out.trailingComma = "all";
  const arrows = plugin["arrowFunction.useParentheses"];
  if (arrows === "force") out.arrowParens = "always";
  if (arrows === "preferNone") out.arrowParens = "avoid";
  const spacing = plugin["objectExpression.spaceSurroundingProperties"];
  if (typeof spacing === "boolean") out.bracketSpacing = spacing;
  return out;
}

const FORMATTERS: Array<{ files: string[]; read: (c: Record<string, unknown>) => PrettierOptions }> = [
  { files: ["biome.json", "biome.jsonc"], read: fromBiome },
  { files: [".oxfmtrc.json", ".oxfmtrc.jsonc"], read: fromOxfmt },
  { files: ["dprint.json", ".dprint.json", "dprint.jsonc", ".dprint.jsonc"], read: fromDprint },
];

/** Another formatter's configuration, nearest above `file` (up to the repository root), mapped. */
export function otherFormatterOptions(file: string): PrettierOptions | undefined {
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    for (const formatter of FORMATTERS) {
      for (const name of formatter.files) {
        const candidate = path.join(dir, name);
        if (!existsSync(candidate)) continue;
        const config = readJsonc(candidate);
        if (config) return formatter.read(config);
      }
    }
    if (existsSync(path.join(dir, ".git")) || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * What the file shows: indentation, quotes, semicolons, trailing commas, bracket spacing, arrow
 * parentheses, print width. Options the file says nothing about are left out.
 */
export function inferOptions(text: string): PrettierOptions {
  const lines = text.split(/\r?\n/);
  let tabs = 0;
  let spaces = 0;
  const widths = new Map<number, number>();
  let prev = 0;
  let semi = 0;
  let noSemi = 0;
  let longest = 0;
  const closers = { bracketWith: 0, bracketWithout: 0, parenWith: 0, parenWithout: 0 };
  let previousCode = "";
  let inBlockComment = false;
  for (const line of lines) {
    if (line.trim() === "") continue;
    if (line.startsWith("\t")) tabs++;
    const indent = /^ */.exec(line)![0].length;
    if (indent > 0) spaces++;
    const delta = indent - prev;
    if (delta > 0 && delta <= 8) widths.set(delta, (widths.get(delta) ?? 0) + 1);
    prev = indent;
    const trimmed = line.trimEnd();
    const isComment = inBlockComment || /^\s*(\/\/|\*|\/\*)/.test(line);
    if (/\/\*/.test(line) && !/\*\//.test(line)) inBlockComment = true;
    if (/\*\//.test(line)) inBlockComment = false;
    if (isComment) continue; // comments say nothing about semicolons, commas or width
    longest = Math.max(longest, trimmed.replace(/\t/g, "  ").length);
    if (/[;]$/.test(trimmed)) semi++;
    else if (/[\w)\]"'`]$/.test(trimmed)) noSemi++;
    // A line that closes a multi-line literal or call: did the line before end with a comma?
    const closer = /^\s*([\]}])|^\s*(\))/.exec(trimmed);
    if (closer && previousCode !== "" && !/[[{(]$/.test(previousCode)) {
      const comma = previousCode.endsWith(",");
      if (closer[1]) closers[comma ? "bracketWith" : "bracketWithout"]++;
      else closers[comma ? "parenWith" : "parenWithout"]++;
    }
    previousCode = trimmed;
  }
  const out: PrettierOptions = {};
  if (tabs + spaces > 0) out.useTabs = tabs > spaces;
  let best = 0;
  for (const [width, count] of widths) {
    if (count > best) {
      best = count;
      out.tabWidth = width;
    }
  }
  if (semi + noSemi > 0) out.semi = semi >= noSemi;
  const single = (text.match(/(^|[^\w\\])'[^'\n]*'/g) ?? []).length;
  const double = (text.match(/(^|[^\w\\])"[^"\n]*"/g) ?? []).length;
  if (single + double > 0) out.singleQuote = single > double;
  if (closers.bracketWith + closers.bracketWithout > 0) {
    if (closers.bracketWith === 0) out.trailingComma = "none";
    else if (closers.parenWith > 0 || closers.parenWithout === 0) out.trailingComma = "all";
    else out.trailingComma = "es5";
  }
  // `{ a }` or `{a}` on one line (not a template's `${a}`).
  const spaced = (text.match(/(^|[^$])\{ [^{}\n]*[^ {}\n] \}/g) ?? []).length;
  const tight = (text.match(/(^|[^$])\{[^ {}\n](?:[^{}\n]*[^ {}\n])?\}/g) ?? []).length;
  if (spaced + tight > 0) out.bracketSpacing = spaced >= tight;
  const parened = (text.match(/\(\s*[\w$]+\s*\)\s*=>/g) ?? []).length;
  const bare = (text.match(/(^|[^\w$.)])[\w$]+\s*=>/g) ?? []).length;
  if (parened + bare > 0) out.arrowParens = bare > parened ? "avoid" : "always";
  // The narrowest usual width that holds the file's longest line of code.
  if (longest > 0) out.printWidth = [80, 100, 120].find((w) => longest <= w) ?? 120;
  return out;
}
