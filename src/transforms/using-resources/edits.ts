/**
 * Text edits for `using-resources`, planned for the whole file at once.
 *
 * A fix is a few *primary* edits (the `using` keyword or line, the `try {` and `} finally {…}`
 * that go, the release statement that goes, the `{`/`}` of a new block) plus *secondary*
 * ones: the indentation piece of each line of a body that joins the enclosing block (or that
 * moves into a new block). Nested resources each have their own fix: an outer fix takes away
 * the indentation piece at its own column and an inner fix the piece at the inner column, so
 * the edits never overlap; a secondary edit that falls inside another fix's primary edit (a
 * line that fix deletes anyway) is dropped. Lines inside string and template literals are
 * never re-indented. Prettier then formats the touched statements (untouched lines stay as
 * they are).
 */
import { ts } from "ts-morph";
import { editsOverlap } from "../../engine/edits.js";
import type { TextEdit } from "../../engine/types.js";
import { SourceLayout } from "../util/edit-builder.js";

export type Form =
  /** `const fh = …` → `await using fh = …`: the value's own dispose is the release. */
  | { kind: "native"; keyword: "using" | "await using" }
  /** A line after the declaration: `using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };`. */
  | { kind: "inline"; text: string };

export type Shape =
  /**
   * Case 1: released by the last statement of the `finally` right after the declaration.
   * join: the `try` goes, its body joins the block; wrap: the same inside a new `{ }` block
   * (statements follow); keep: the `try` stays (a `catch`, or other `finally` statements), only
   * the release goes; keep-wrap: keep inside a new block.
   */
  | {
      case: "finally";
      tryStatement: ts.TryStatement;
      /** Statements between the declaration and the `try`. */
      between: readonly ts.Statement[];
      /** Those that a new block hoists above the declaration (declarations that cannot throw); the others move into it. */
      hoisted: readonly ts.Statement[];
      /** Releases right before a `return`/`throw`, which go. */
      exits: readonly ts.Statement[];
      cleanup: ts.Statement;
      /** in-place: the `try` becomes a block starting with the `using`; nothing else moves or is re-indented. */
      mode: "join" | "wrap" | "keep" | "keep-wrap" | "in-place";
    }
  /** Case 2: the release statement (and the releases right before a `return`/`throw`) go; with `wrap`, declaration to release move into a new block. */
  | { case: "happy-path"; cleanup: ts.Statement; exits: readonly ts.Statement[]; wrap: boolean }
  /** Case 3: only the `using`. */
  | { case: "unreleased" };

export interface FixPlan {
  statement: ts.VariableStatement;
  container: ts.Block | ts.SourceFile;
  form: Form;
  shape: Shape;
}

/** Ranges of string-like literals that span lines: their line starts are text, not indentation. */
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

/** Edits of one fix: primary (structure) and secondary (indentation of whole lines). */
interface Planned {
  primary: TextEdit[];
  secondary: TextEdit[];
}

function keywordEdit(sf: ts.SourceFile, statement: ts.VariableStatement, keyword: string): TextEdit {
  const list = statement.declarationList;
  const start = list.getStart(sf);
  const current = /^(const|let|var)\b/.exec(sf.text.slice(start))![1]!;
  return { start, end: start + current.length, newText: keyword };
}

function planOne(layout: SourceLayout, plan: FixPlan): Planned {
  const { sf, text, nl } = layout;
  const primary: TextEdit[] = [];
  const secondary: TextEdit[] = [];
  const statement = plan.statement;
  const sStart = statement.getStart(sf);
  const I = layout.indent(sStart);
  const literals = (node: ts.Node): Array<[number, number]> => literalRanges(sf, node);
  const inLiteral = (ranges: Array<[number, number]>, pos: number): boolean =>
    ranges.some(([a, b]) => a < pos && pos < b);

  /** Each non-blank line from `first` to `last` (0-based lines) loses `unit` after the column `col`. */
  const dedent = (first: number, last: number, col: string, unit: string, ranges: Array<[number, number]>): void => {
    for (let line = first; line <= last; line++) {
      const ls = layout.lineStartOfLine(line);
      if (layout.text.slice(ls, layout.lineEnd(ls)).trim() === "" || inLiteral(ranges, ls)) continue;
      if (
        text.slice(ls, ls + col.length) !== col ||
        text.slice(ls + col.length, ls + col.length + unit.length) !== unit
      )
        continue;
      secondary.push({ start: ls + col.length, end: ls + col.length + unit.length, newText: "" });
    }
  };
  /** Each non-blank line from `first` to `last` gains `unit` at the column `col`. */
  const indent = (first: number, last: number, col: string, unit: string, ranges: Array<[number, number]>): void => {
    for (let line = first; line <= last; line++) {
      const ls = layout.lineStartOfLine(line);
      if (layout.text.slice(ls, layout.lineEnd(ls)).trim() === "" || inLiteral(ranges, ls)) continue;
      const own = /^[ \t]*/.exec(text.slice(ls))![0].length;
      secondary.push({ start: ls + Math.min(own, col.length), end: ls + Math.min(own, col.length), newText: unit });
    }
  };
  /** The `using`: the keyword, or a line after the declaration with indentation `indentation`. */
  const using = (indentation: string): void => {
    if (plan.form.kind === "native") primary.push(keywordEdit(sf, statement, plan.form.keyword));
    else {
      const at = layout.afterStatement(statement);
      primary.push({ start: at, end: at, newText: `${nl}${indentation}${plan.form.text}` });
    }
  };
  /** Removes a whole statement, with its line when it is alone on it. */
  const removeStatement = (s: ts.Statement): void => {
    const start = s.getStart(sf);
    if (layout.firstOnLine(start)) primary.push({ start: layout.lineBreakBefore(start), end: s.end, newText: "" });
    else primary.push({ start, end: s.end, newText: "" });
  };

  const shape = plan.shape;
  if (shape.case === "unreleased") {
    using(I);
    return { primary, secondary };
  }

  if (shape.case === "happy-path") {
    for (const exit of shape.exits) removeStatement(exit);
    if (!shape.wrap) {
      using(I);
      removeStatement(shape.cleanup);
      return { primary, secondary };
    }
    const unit = blockUnit(layout, plan);
    primary.push({ start: sStart, end: sStart, newText: `{${nl}${I}${unit}` });
    using(I + unit);
    const cleanupStart = shape.cleanup.getStart(sf);
    indent(layout.line(sStart) + 1, layout.line(cleanupStart) - 1, I, unit, literals(plan.container));
    primary.push({ start: cleanupStart, end: shape.cleanup.end, newText: "}" });
    return { primary, secondary };
  }

  // Case 1.
  const t = shape.tryStatement;
  const tStart = t.getStart(sf);
  const openBrace = t.tryBlock.getStart(sf) + 1;
  const closeBrace = t.tryBlock.end - 1;
  const body = t.tryBlock.statements;
  const bodyIndent = body.length > 0 ? layout.indent(body[0]!.getStart(sf)) : "";
  const unit = bodyIndent.startsWith(I) && bodyIndent.length > I.length ? bodyIndent.slice(I.length) : layout.unit();

  const wrap = shape.mode === "wrap" || shape.mode === "keep-wrap";
  /** The statements in between that stay after the declaration (join, keep: all; a new block: those not hoisted). */
  const staying = shape.between.filter((b) => !shape.hoisted.includes(b));
  /** A new block: `{` before the declaration, with the hoisted declarations above it. */
  const openBlock = (): void => {
    const hoisted = shape.hoisted.map((b) => `${text.slice(b.getStart(sf), b.end)}${nl}${I}`).join("");
    primary.push({ start: sStart, end: sStart, newText: `${hoisted}{${nl}${I}${unit}` });
    for (const b of shape.hoisted)
      primary.push({ start: layout.lineBreakBefore(b.getStart(sf)), end: b.end, newText: "" });
  };

  if (shape.mode === "in-place" && plan.form.kind === "inline") {
    primary.push({ start: tStart, end: openBrace, newText: `{${nl}${I}${unit}${plan.form.text}` });
    primary.push({ start: closeBrace, end: t.end, newText: "}" });
    return { primary, secondary };
  }

  if (shape.mode === "keep" || shape.mode === "keep-wrap") {
    for (const exit of shape.exits) removeStatement(exit);
    if (wrap) openBlock();
    using(wrap ? I + unit : I);
    if (t.finallyBlock!.statements.length > 1) removeStatement(shape.cleanup);
    else primary.push({ start: t.catchClause!.end, end: t.finallyBlock!.end, newText: "" });
    if (wrap) {
      indent(layout.line(sStart) + 1, layout.line(t.end), I, unit, literals(plan.container));
      primary.push({ start: t.end, end: t.end, newText: `${nl}${I}}` });
    }
    return { primary, secondary };
  }

  const canonical =
    layout.firstOnLine(sStart) &&
    layout.firstOnLine(tStart) &&
    layout.restOfLineEmpty(openBrace) &&
    body.length > 0 &&
    layout.line(body[0]!.getStart(sf)) > layout.line(openBrace) &&
    layout.firstOnLine(closeBrace) &&
    bodyIndent.startsWith(I) &&
    bodyIndent.length > I.length;
  if (!canonical) {
    // Unusual layout: the whole region is written again and prettier lays it out.
    const declText =
      plan.form.kind === "native" ? applyKeyword(sf, statement, plan.form.keyword) : text.slice(sStart, statement.end);
    const exitEdits = shape.exits.map((e) => ({ start: e.getStart(sf), end: e.end }));
    const betweenText = (b: ts.Statement): string => {
      let out = "";
      let at = b.getStart(sf);
      for (const e of exitEdits.filter((x) => x.start >= at && x.end <= b.end).sort((x, y) => x.start - y.start)) {
        out += text.slice(at, e.start);
        at = e.end;
      }
      return out + text.slice(at, b.end);
    };
    const parts = [
      declText,
      ...(plan.form.kind === "inline" ? [plan.form.text] : []),
      ...staying.map(betweenText),
      text.slice(openBrace, closeBrace).trim(),
    ].filter((p) => p !== "");
    const inner = parts.join(`${nl}${wrap ? I + unit : I}`);
    const hoisted = shape.hoisted.map((b) => `${betweenText(b)}${nl}${I}`).join("");
    primary.push({
      start: sStart,
      end: t.end,
      newText: wrap ? `${hoisted}{${nl}${I}${unit}${inner}${nl}${I}}` : inner,
    });
    return { primary, secondary };
  }

  for (const exit of shape.exits) removeStatement(exit);
  if (wrap) openBlock();
  // The declaration's own continuation lines and the statements that stay move into the block.
  if (wrap) indent(layout.line(sStart) + 1, layout.line(tStart) - 1, I, unit, literals(plan.container));
  if (plan.form.kind === "native") {
    primary.push(keywordEdit(sf, statement, plan.form.keyword));
    primary.push({ start: layout.lineBreakBefore(tStart), end: openBrace, newText: "" });
  } else if (staying.length > 0) {
    // The `using` right after the declaration, above the statements in between; the `try` line goes.
    using(wrap ? I + unit : I);
    primary.push({ start: layout.lineBreakBefore(tStart), end: openBrace, newText: "" });
  } else {
    primary.push({ start: tStart, end: openBrace, newText: wrap ? `${unit}${plan.form.text}` : plan.form.text });
  }
  if (wrap) {
    primary.push({ start: closeBrace, end: t.end, newText: "}" });
  } else {
    primary.push({ start: layout.lineBreakBefore(closeBrace), end: t.end, newText: "" });
    dedent(layout.line(openBrace) + 1, layout.line(closeBrace) - 1, I, unit, literals(t.tryBlock));
  }
  return { primary, secondary };
}

function applyKeyword(sf: ts.SourceFile, statement: ts.VariableStatement, keyword: string): string {
  const e = keywordEdit(sf, statement, keyword);
  const start = statement.getStart(sf);
  return sf.text.slice(start, e.start) + keyword + sf.text.slice(e.end, statement.end);
}

/** The indentation step of the block holding the declaration. */
function blockUnit(layout: SourceLayout, plan: FixPlan): string {
  const I = layout.indent(plan.statement.getStart(layout.sf));
  if (ts.isBlock(plan.container)) {
    const outer = layout.indent(plan.container.getStart(layout.sf));
    if (I.startsWith(outer) && I.length > outer.length) return I.slice(outer.length);
  }
  return layout.unit();
}

/** The edits of every fix of the file, by plan. */
export function materialize(sf: ts.SourceFile, plans: readonly FixPlan[]): Map<FixPlan, TextEdit[]> {
  const layout = new SourceLayout(sf);
  const planned = plans.map((p) => planOne(layout, p));
  const primaries = planned.flatMap((p) => p.primary);
  const result = new Map<FixPlan, TextEdit[]>();
  plans.forEach((plan, i) => {
    const { primary, secondary } = planned[i]!;
    const kept = secondary.filter((s) => !primaries.some((p) => editsOverlap(p, s)));
    result.set(plan, [...primary, ...kept]);
  });
  return result;
}
