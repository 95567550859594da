/**
 * The one place for text-edit arithmetic, in the manner of TypeScript's
 * `textChanges.ChangeTracker`: `SourceLayout` answers questions about lines and indentation of a
 * file (where a line starts and ends, its indentation, the file's indentation step), and
 * `EditBuilder` collects the edits of one fix (replace a node or a range, insert, delete) so
 * that transforms never compute line starts or indentation themselves. Not here yet: deleting
 * statement lines with their comments (localize-globals/global-edits.ts) and using-resources'
 * primary/secondary edit planning (using-resources/edits.ts), which still build on SourceLayout.
 */
import { ts } from "ts-morph";
import type { TextEdit } from "../../engine/types.js";
import { newLineOf } from "./ast.js";

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

/** The edits of one fix, built from what they do rather than from offsets. */
export class EditBuilder {
  readonly edits: TextEdit[] = [];
  constructor(readonly sf: ts.SourceFile) {}
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
