/**
 * Suppression comments, ESLint style:
 *
 *   // leakmod-ignore-next-line weak-refs/object-keyed-cache, using-resources -- why
 *   /* leakmod-ignore-file localize-globals -- why *\/
 *
 * A name is a finding kind (`transform/kind`) or a whole transform. `next-line` silences the
 * findings that start on the line after the comment; `file` silences the whole file. A comment
 * that names an unknown kind, names none, or lacks a reason when reasons are required is an
 * input error (file and line). A suppression that silenced nothing, where its transform ran, is
 * reported as unused. Fixes never touch a suppression comment: a fix whose edits would remove it,
 * or put code between it and its line, is withdrawn.
 */
import path from "node:path";
import { ts } from "./ts-morph.cjs";
import { UserError } from "./errors.js";
import type { Finding, TextEdit } from "./types.js";
import type { KindCatalogue } from "./kind-names.js";

export type Directive = "leakmod-ignore-next-line" | "leakmod-ignore-file";

export interface Suppression {
  file: string;
  directive: Directive;
  /** 1-based line of the comment's start. */
  line: number;
  /** Kind or transform ids as written. */
  names: string[];
  reason?: string;
  /** The comment's range in the file text. */
  start: number;
  end: number;
  /** `next-line`: the 1-based line it silences. */
  targetLine?: number;
  /** Offsets an edit must leave alone: the comment's own lines, up to the start of its target line. */
  protectStart: number;
  protectEnd: number;
  /** Names that silenced at least one finding. */
  used: Set<string>;
}

export interface UnusedSuppression {
  file: string;
  line: number;
  /** The name that silenced nothing. */
  name: string;
  directive: Directive;
}

const DIRECTIVE = /(\/\/|\/\*)[ \t*]*(leakmod-ignore-(?:next-line|file))\b/g;

/** The literal nodes inside which `//` or `/*` is text, not a comment. */
function isLiteral(node: ts.Node): boolean {
  return (
    ts.isStringLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isTemplateHead(node) ||
    ts.isTemplateMiddle(node) ||
    ts.isTemplateTail(node) ||
    ts.isRegularExpressionLiteral(node) ||
    ts.isJsxText(node)
  );
}

/** Whether offset `pos` is inside a string, template, regular expression or JSX text. */
function insideLiteral(sf: ts.SourceFile, pos: number): boolean {
  let node: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    node.forEachChild((child) => {
      if (next === undefined && child.pos <= pos && pos < child.end) next = child;
      return next !== undefined;
    });
    if (!next) return false;
    if (isLiteral(next) && next.getStart(sf) <= pos) return true;
    node = next;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(starts: readonly number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export interface ParseOptions {
  /** Shown in errors (the file relative to the working directory). */
  shown: string;
  kinds: KindCatalogue;
  requireReason: boolean;
  /** A parsed tree of the file, when there is one already. */
  sourceFile?: ts.SourceFile;
}

/** The suppression comments of one file. Throws a UserError on a malformed one. */
export function parseSuppressions(file: string, text: string, options: ParseOptions): Suppression[] {
  if (!text.includes("leakmod-ignore")) return [];
  const sf =
    options.sourceFile ??
    ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      true,
      /\.[cm]?jsx?$/.test(file) ? ts.ScriptKind.JSX : ts.ScriptKind.TSX,
    );
  const starts = lineStarts(text);
  const out: Suppression[] = [];
  for (const m of text.matchAll(DIRECTIVE)) {
    const start = m.index;
    if (insideLiteral(sf, start)) continue;
    const block = m[1] === "/*";
    const directive = m[2] as Directive;
    const bodyStart = start + m[0].length;
    let end: number;
    if (block) {
      const close = text.indexOf("*/", bodyStart);
      end = close < 0 ? text.length : close + 2;
    } else {
      const nl = text.indexOf("\n", bodyStart);
      end = nl < 0 ? text.length : nl;
    }
    const body = text
      .slice(bodyStart, block ? Math.max(bodyStart, end - 2) : end)
      .replace(/\r$/, "")
      .replace(/\s*\n\s*\*?\s*/g, " ")
      .trim();
    const line = lineOf(starts, start);
    const where = `${options.shown}:${line}`;
    const sep = body.search(/(^|\s)--(\s|$)/);
    const namesText = (sep < 0 ? body : body.slice(0, sep)).trim();
    const reason =
      sep < 0
        ? undefined
        : body
            .slice(sep)
            .replace(/^\s*--/, "")
            .trim() || undefined;
    const names = namesText
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean);
    if (names.length === 0) {
      throw new UserError(
        `${where}: ${directive} names no kind (write e.g. "${directive} weak-refs/back-reference -- why")`,
      );
    }
    for (const name of names) {
      if (/\s/.test(name)) {
        throw new UserError(
          `${where}: ${directive}: "${name}" is not a kind; separate kinds with commas and the reason with " -- "`,
        );
      }
      if (!options.kinds.has(name)) {
        throw new UserError(`${where}: ${directive}: unknown kind "${name}" (see leakmod rules)`);
      }
    }
    if (options.requireReason && !reason) {
      throw new UserError(`${where}: ${directive} needs a reason after " -- " (--require-reason)`);
    }
    const endLine = lineOf(starts, Math.max(start, end - 1));
    const protectStart = starts[line - 1];
    const targetLine = directive === "leakmod-ignore-next-line" ? endLine + 1 : undefined;
    const protectEnd =
      targetLine !== undefined ? (starts[targetLine - 1] ?? text.length) : (starts[endLine] ?? text.length);
    out.push({
      file,
      directive,
      line,
      names,
      ...(reason ? { reason } : {}),
      start,
      end,
      ...(targetLine !== undefined ? { targetLine } : {}),
      protectStart,
      protectEnd,
      used: new Set(),
    });
  }
  return out;
}

function matches(name: string, f: Finding): boolean {
  return name === f.rule || name === `${f.rule}/${f.kind}`;
}

/** The suppression that silences `f`, if any (marks the name used). */
export function suppressionFor(f: Finding, list: readonly Suppression[]): Suppression | undefined {
  for (const s of list) {
    if (s.directive === "leakmod-ignore-next-line" && s.targetLine !== f.line) continue;
    const name = s.names.find((n) => matches(n, f));
    if (name !== undefined) {
      s.used.add(name);
      return s;
    }
  }
  return undefined;
}

/**
 * Whether an edit would remove, change or detach a suppression comment: it overlaps the
 * comment's lines, or inserts a line between the comment and the line it silences.
 */
export function editDisturbs(e: TextEdit, s: Suppression): boolean {
  if (e.start < s.protectEnd && e.end > s.protectStart) return true;
  if (s.directive === "leakmod-ignore-next-line" && e.start === s.protectEnd && e.end === e.start) {
    return e.newText.includes("\n");
  }
  return false;
}

/** Names that silenced nothing, for the transforms and kinds that ran. */
export function unusedSuppressions(
  all: readonly Suppression[],
  active: (name: string, file: string) => boolean,
): UnusedSuppression[] {
  const out: UnusedSuppression[] = [];
  for (const s of all) {
    for (const name of s.names) {
      if (!s.used.has(name) && active(name, s.file))
        out.push({ file: s.file, line: s.line, name, directive: s.directive });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

export function describeUnused(u: UnusedSuppression, cwd: string): string {
  return `${path.relative(cwd, u.file)}:${u.line}: unused ${u.directive} ${u.name} (nothing of that kind is reported there)`;
}
