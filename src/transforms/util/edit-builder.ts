/**
 * The one place for text-edit arithmetic, in the manner of TypeScript's
 * `textChanges.ChangeTracker`: `SourceLayout` answers questions about lines and indentation of a
 * file (where a line starts and ends, its indentation, the file's indentation step), and
 * `EditBuilder` collects the edits of one fix (replace a node or a range, insert, delete a
 * statement with its line, insert a line after a statement, change a declaration's keyword,
 * re-indent whole lines) so that transforms never compute line starts or indentation themselves.
 * Re-indentation edits are *secondary*: a caller planning several fixes of one file drops those
 * that fall inside another fix's primary edits (lines that fix deletes anyway). A statement's
 * whole lines, with the comments attached to it (`statementLines`), are deleted by
 * `deleteStatementLines`.
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { TextEdit } from "../../engine/types.js";
import { newLineOf } from "./ast.js";

/** Comments that belong to the file, not to the statement below them. */
const FILE_PRAGMA =
  /@ts-(no)?check|eslint-(disable|enable)(?!-next-line)|@license|copyright|@preserve|@jsx|@flow|^\/\*\s*(global|jshint|istanbul)\s/i;

/** A statement that owns its lines: from the first comment attached above it to after its line break. */
export interface StatementLines {
  from: number;
  to: number;
  /** Comments directly above (no blank line between), each starting its own line; not file pragmas. */
  leading: ts.CommentRange[];
  /** A comment after the statement on its last line. */
  trailing: ts.CommentRange | undefined;
}

/** Lines and indentation of one source file. */
export class SourceLayout {
  readonly text: string;
  readonly nl: string;
  constructor(readonly sf: ts.SourceFile) {
    this.text = sf.text;
    this.nl = newLineOf(sf);
  }
  /** Start of the line `pos` is on. */
  lineStart(pos: number): number {
    return this.text.lastIndexOf("\n", pos - 1) + 1;
  }
  /** End of the line `pos` is on, before its line break (`\r\n` or `\n`). */
  lineEnd(pos: number): number {
    let i = this.text.indexOf("\n", pos);
    if (i === -1) i = this.text.length;
    if (i > 0 && this.text[i - 1] === "\r") i--;
    return i;
  }
  /** Position after the line break ending the line `pos` is on (or the end of the text). */
  nextLineStart(pos: number): number {
    const i = this.text.indexOf("\n", pos);
    return i === -1 ? this.text.length : i + 1;
  }
  /** Start of the line break that ends the previous line. */
  lineBreakBefore(pos: number): number {
    const ls = this.lineStart(pos);
    return ls >= 2 && this.text[ls - 2] === "\r" ? ls - 2 : ls - 1;
  }
  /** The indentation (spaces/tabs) of the line `pos` is on. */
  indent(pos: number): string {
    return /^[ \t]*/.exec(this.text.slice(this.lineStart(pos)))![0];
  }
  /** Whether only spaces stand before `pos` on its line. */
  firstOnLine(pos: number): boolean {
    return this.text.slice(this.lineStart(pos), pos).trim() === "";
  }
  /** Whether the line `lineStart` begins is blank. */
  isBlankLine(lineStart: number): boolean {
    return this.text.slice(lineStart, this.nextLineStart(lineStart)).trim() === "";
  }
  /**
   * The lines of `statement` with the comments attached to it, or undefined when it shares a
   * line with other code. Ex) `// why\nconst log = []; // note\n` (a `// @ts-check` or licence
   * header above it belongs to the file and stays).
   */
  statementLines(statement: ts.Statement): StatementLines | undefined {
    const { text } = this;
    const start = statement.getStart(this.sf);
    const end = statement.getEnd();
    const trailing = (ts.getTrailingCommentRanges(text, end) ?? [])[0];
    const ownsLine =
      this.firstOnLine(start) && text.slice(trailing ? trailing.end : end, this.nextLineStart(end)).trim() === "";
    if (!ownsLine) return undefined;
    const leading: ts.CommentRange[] = [];
    const ranges = ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? [];
    let next = start;
    for (let i = ranges.length - 1; i >= 0; i--) {
      const r = ranges[i];
      if ((text.slice(r.end, next).match(/\n/g) ?? []).length > 1) break;
      if (!this.firstOnLine(r.pos)) break;
      if (FILE_PRAGMA.test(text.slice(r.pos, r.end))) break;
      leading.unshift(r);
      next = r.pos;
    }
    const from = leading[0] ? this.lineStart(leading[0].pos) : this.lineStart(start);
    return { from, to: this.nextLineStart(trailing ? trailing.end : end), leading, trailing };
  }
  /** Nothing but spaces or a `//` comment after `pos` on its line. */
  restOfLineEmpty(pos: number): boolean {
    return /^[ \t]*(\/\/.*)?$/.test(this.text.slice(pos, this.lineEnd(pos)));
  }
  /** 0-based line of `pos`. */
  line(pos: number): number {
    return this.sf.getLineAndCharacterOfPosition(pos).line;
  }
  lineStartOfLine(line: number): number {
    return this.sf.getPositionOfLineAndCharacter(line, 0);
  }
  /** Where a line after `node` goes: after a trailing `// comment`, else right after the node. */
  afterStatement(node: ts.Node): number {
    return this.restOfLineEmpty(node.end) ? this.lineEnd(node.end) : node.end;
  }
  /** Whether the line of `innerPos` is indented deeper than the line of `outerPos`, starting with the same indentation. */
  isDeeper(outerPos: number, innerPos: number): boolean {
    const outer = this.indent(outerPos);
    const inner = this.indent(innerPos);
    return inner.startsWith(outer) && inner.length > outer.length;
  }
  /** The file's indentation step, from its first indented line. */
  unit(): string {
    const m = /\n([ \t]+)\S/.exec(this.text);
    if (!m) return "  ";
    return m[1].startsWith("\t") ? "\t" : m[1].length <= 8 ? m[1] : "  ";
  }
  /** One indentation step between an outer and an inner line (`fallback` when the inner one is not deeper). */
  stepBetween(outerPos: number, innerPos: number, fallback = "  "): string {
    const outer = this.indent(outerPos);
    const inner = this.indent(innerPos);
    return inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : fallback;
  }
}

/** Re-indents the second and later lines of a multi-line text from indentation `from` to `to`. */
export function reindent(text: string, from: string, to: string): string {
  return text
    .split("\n")
    .map((line, i) => (i === 0 ? line : `${to}${line.startsWith(from) ? line.slice(from.length) : line.trimStart()}`))
    .join("\n");
}

/** Ranges of string-like literals in `node` that may span lines: their line starts are text, not indentation. */
function literalRanges(sf: ts.SourceFile, node: ts.Node): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const visit = (n: ts.Node): void => {
    if (
      ts.isStringLiteral(n) ||
      ts.isNoSubstitutionTemplateLiteral(n) ||
      ts.isTemplateExpression(n) ||
      ts.isJsxText(n) ||
      ts.isRegularExpressionLiteral(n)
    ) {
      ranges.push([n.getStart(sf), n.end]);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return ranges;
}

/** `const`, `let` or `var` of a variable statement: where it is and what it says. */
function keywordRange(sf: ts.SourceFile, statement: ts.VariableStatement): { start: number; end: number } {
  const start = statement.declarationList.getStart(sf);
  const current = /^(const|let|var)\b/.exec(sf.text.slice(start))![1];
  return { start, end: start + current.length };
}

/** The text of a variable statement with its keyword changed: `await using fh = await open(p);`. */
export function withKeyword(sf: ts.SourceFile, statement: ts.VariableStatement, keyword: string): string {
  const k = keywordRange(sf, statement);
  const start = statement.getStart(sf);
  return sf.text.slice(start, k.start) + keyword + sf.text.slice(k.end, statement.end);
}

/** The edits of one fix, built from what they do rather than from offsets. */
export class EditBuilder {
  readonly edits: TextEdit[] = [];
  /** Re-indentation of whole lines, which gives way to other fixes' edits (see the file's doc). */
  readonly secondary: TextEdit[] = [];
  readonly layout: SourceLayout;
  constructor(
    readonly sf: ts.SourceFile,
    layout?: SourceLayout,
  ) {
    this.layout = layout ?? new SourceLayout(sf);
  }
  /** `const x = …` → `await using x = …`: the declaration keyword of a variable statement. */
  changeKeyword(statement: ts.VariableStatement, keyword: string): this {
    const k = keywordRange(this.sf, statement);
    return this.replaceRange(k.start, k.end, keyword);
  }
  /** Deletes a statement, with its line when it starts its line (the line break before it goes too). */
  deleteStatement(statement: ts.Statement): this {
    const start = statement.getStart(this.sf);
    return this.deleteRange(this.layout.firstOnLine(start) ? this.layout.lineBreakBefore(start) : start, statement.end);
  }
  /** Deletes the whole lines `lines` spans (a statement with its attached comments, see `statementLines`). */
  deleteStatementLines(lines: Pick<StatementLines, "from" | "to">): this {
    return this.deleteRange(lines.from, lines.to);
  }
  /** Deletes from the line break before `start` up to `end`: what stands there joins the previous line. */
  deleteFromLineBreak(start: number, end: number): this {
    return this.deleteRange(this.layout.lineBreakBefore(start), end);
  }
  /** A new line after `node` (after a trailing `// comment` on its line), indented with `indentation`. */
  insertLineAfter(node: ts.Node, indentation: string, text: string): this {
    return this.insertAt(this.layout.afterStatement(node), `${this.layout.nl}${indentation}${text}`);
  }
  /** Each non-blank line from `first` to `last` (0-based) that has `unit` right after the column `col` loses it; lines starting inside a literal of `within` stay. */
  dedentLines(first: number, last: number, col: string, unit: string, within: ts.Node): this {
    const { text } = this.layout;
    this.forCodeLines(first, last, within, (ls) => {
      if (
        text.slice(ls, ls + col.length) !== col ||
        text.slice(ls + col.length, ls + col.length + unit.length) !== unit
      )
        return;
      this.secondary.push({ start: ls + col.length, end: ls + col.length + unit.length, newText: "" });
    });
    return this;
  }
  /** Each non-blank line from `first` to `last` (0-based) gains `unit` at the column `col` (or at its own indentation, if shallower). */
  indentLines(first: number, last: number, col: string, unit: string, within: ts.Node): this {
    const { text } = this.layout;
    this.forCodeLines(first, last, within, (ls) => {
      const own = /^[ \t]*/.exec(text.slice(ls))![0].length;
      const at = ls + Math.min(own, col.length);
      this.secondary.push({ start: at, end: at, newText: unit });
    });
    return this;
  }
  private forCodeLines(first: number, last: number, within: ts.Node, f: (lineStart: number) => void): void {
    const layout = this.layout;
    const ranges = literalRanges(this.sf, within);
    for (let line = first; line <= last; line++) {
      const ls = layout.lineStartOfLine(line);
      if (layout.text.slice(ls, layout.lineEnd(ls)).trim() === "" || ranges.some(([a, b]) => a < ls && ls < b))
        continue;
      f(ls);
    }
  }
  /** Replace `node` (from its first token, without leading trivia) by `text`. */
  replaceNode(node: ts.Node, text: string): this {
    return this.replaceRange(node.getStart(this.sf), node.getEnd(), text);
  }
  replaceRange(start: number, end: number, text: string): this {
    this.edits.push({ start, end, newText: text });
    return this;
  }
  insertAt(pos: number, text: string): this {
    return this.replaceRange(pos, pos, text);
  }
  deleteRange(start: number, end: number): this {
    return this.replaceRange(start, end, "");
  }
}
