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
import { ts } from "../../engine/ts-morph.cjs";
import { editsOverlap } from "../../engine/edits.js";
import type { TextEdit } from "../../engine/types.js";
import { EditBuilder, SourceLayout, withKeyword } from "../util/edit-builder.js";

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

/** The edits of one fix: the builder's primary edits, and its secondary (re-indentation) ones. */
function planOne(layout: SourceLayout, plan: FixPlan): EditBuilder {
  const b = new EditBuilder(layout.sf, layout);
  const shape = plan.shape;
  if (shape.case === "unreleased") return using(b, plan, layout.indent(plan.statement.getStart(layout.sf)));
  if (shape.case === "happy-path") return planHappyPath(b, plan, shape);
  if (shape.mode === "in-place" && plan.form.kind === "inline") return planInPlace(b, plan, shape, plan.form.text);
  if (shape.mode === "keep" || shape.mode === "keep-wrap") return planKeep(b, plan, shape);
  return planJoin(b, plan, shape);
}

type FinallyShape = Extract<Shape, { case: "finally" }>;

/** The `using`: the declaration's keyword, or a line after the declaration with indentation `indentation`. */
function using(b: EditBuilder, plan: FixPlan, indentation: string): EditBuilder {
  if (plan.form.kind === "native") return b.changeKeyword(plan.statement, plan.form.keyword);
  return b.insertLineAfter(plan.statement, indentation, plan.form.text);
}

/** The indentation step of the block holding the declaration. */
function blockUnit(layout: SourceLayout, plan: FixPlan): string {
  const sStart = plan.statement.getStart(layout.sf);
  if (!ts.isBlock(plan.container)) return layout.unit();
  return layout.stepBetween(plan.container.getStart(layout.sf), sStart, layout.unit());
}

/** The indentation step of the `try` body (the file's when the body is empty or not deeper). */
function bodyUnit(layout: SourceLayout, plan: FixPlan, t: ts.TryStatement): string {
  const body = t.tryBlock.statements;
  if (body.length === 0) return layout.unit();
  return layout.stepBetween(plan.statement.getStart(layout.sf), body[0]!.getStart(layout.sf), layout.unit());
}

/** Case 2: the releases go; with `wrap`, declaration to release move into a new block ending where the release was. */
function planHappyPath(b: EditBuilder, plan: FixPlan, shape: Extract<Shape, { case: "happy-path" }>): EditBuilder {
  const { layout, sf } = b;
  const sStart = plan.statement.getStart(sf);
  const I = layout.indent(sStart);
  for (const exit of shape.exits) b.deleteStatement(exit);
  if (!shape.wrap) return using(b, plan, I).deleteStatement(shape.cleanup);
  const unit = blockUnit(layout, plan);
  b.insertAt(sStart, `{${layout.nl}${I}${unit}`);
  using(b, plan, I + unit);
  const cleanupStart = shape.cleanup.getStart(sf);
  b.indentLines(layout.line(sStart) + 1, layout.line(cleanupStart) - 1, I, unit, plan.container);
  return b.replaceRange(cleanupStart, shape.cleanup.end, "}");
}

/** Case 1, in place: the `try` becomes a block starting with the `using`; nothing else moves. */
function planInPlace(b: EditBuilder, plan: FixPlan, shape: FinallyShape, text: string): EditBuilder {
  const { layout, sf } = b;
  const t = shape.tryStatement;
  const I = layout.indent(plan.statement.getStart(sf));
  const unit = bodyUnit(layout, plan, t);
  b.replaceRange(t.getStart(sf), t.tryBlock.getStart(sf) + 1, `{${layout.nl}${I}${unit}${text}`);
  return b.replaceRange(t.tryBlock.end - 1, t.end, "}");
}

/** A new block: `{` before the declaration, with the hoisted declarations moved above it. */
function openBlock(b: EditBuilder, plan: FixPlan, shape: FinallyShape, I: string, unit: string): void {
  const { sf, layout } = b;
  const sStart = plan.statement.getStart(sf);
  const hoisted = shape.hoisted.map((h) => `${sf.text.slice(h.getStart(sf), h.end)}${layout.nl}${I}`).join("");
  b.insertAt(sStart, `${hoisted}{${layout.nl}${I}${unit}`);
  for (const h of shape.hoisted) b.deleteFromLineBreak(h.getStart(sf), h.end);
}

/** Case 1, keep: only the release goes (with the `finally` when it held nothing else); keep-wrap: in a new block. */
function planKeep(b: EditBuilder, plan: FixPlan, shape: FinallyShape): EditBuilder {
  const { layout, sf } = b;
  const t = shape.tryStatement;
  const sStart = plan.statement.getStart(sf);
  const I = layout.indent(sStart);
  const unit = bodyUnit(layout, plan, t);
  const wrap = shape.mode === "keep-wrap";
  for (const exit of shape.exits) b.deleteStatement(exit);
  if (wrap) openBlock(b, plan, shape, I, unit);
  using(b, plan, wrap ? I + unit : I);
  if (t.finallyBlock!.statements.length > 1) b.deleteStatement(shape.cleanup);
  else b.deleteRange(t.catchClause!.end, t.finallyBlock!.end);
  if (wrap) {
    b.indentLines(layout.line(sStart) + 1, layout.line(t.end), I, unit, plan.container);
    b.insertAt(t.end, `${layout.nl}${I}}`);
  }
  return b;
}

/** The declaration, the `try` and its body each start their own lines, the body one step deeper: edits can work line by line. */
function isCanonical(layout: SourceLayout, plan: FixPlan, t: ts.TryStatement): boolean {
  const sf = layout.sf;
  const sStart = plan.statement.getStart(sf);
  const openBrace = t.tryBlock.getStart(sf) + 1;
  const body = t.tryBlock.statements;
  return (
    layout.firstOnLine(sStart) &&
    layout.firstOnLine(t.getStart(sf)) &&
    layout.restOfLineEmpty(openBrace) &&
    body.length > 0 &&
    layout.line(body[0]!.getStart(sf)) > layout.line(openBrace) &&
    layout.firstOnLine(t.tryBlock.end - 1) &&
    layout.isDeeper(sStart, body[0]!.getStart(sf))
  );
}

/** Case 1, join or wrap: the `try` goes and its body joins the block (wrap: a new block). */
function planJoin(b: EditBuilder, plan: FixPlan, shape: FinallyShape): EditBuilder {
  const { layout, sf } = b;
  const t = shape.tryStatement;
  if (!isCanonical(layout, plan, t)) return planRewrite(b, plan, shape);
  const sStart = plan.statement.getStart(sf);
  const tStart = t.getStart(sf);
  const openBrace = t.tryBlock.getStart(sf) + 1;
  const closeBrace = t.tryBlock.end - 1;
  const I = layout.indent(sStart);
  const unit = bodyUnit(layout, plan, t);
  const wrap = shape.mode === "wrap";
  for (const exit of shape.exits) b.deleteStatement(exit);
  if (wrap) openBlock(b, plan, shape, I, unit);
  // The declaration's own continuation lines and the statements that stay move into the block.
  if (wrap) b.indentLines(layout.line(sStart) + 1, layout.line(tStart) - 1, I, unit, plan.container);
  if (plan.form.kind === "native") {
    b.changeKeyword(plan.statement, plan.form.keyword);
    b.deleteFromLineBreak(tStart, openBrace);
  } else if (shape.between.some((x) => !shape.hoisted.includes(x))) {
    // The `using` right after the declaration, above the statements in between; the `try` line goes.
    using(b, plan, wrap ? I + unit : I);
    b.deleteFromLineBreak(tStart, openBrace);
  } else {
    b.replaceRange(tStart, openBrace, wrap ? `${unit}${plan.form.text}` : plan.form.text);
  }
  if (wrap) return b.replaceRange(closeBrace, t.end, "}");
  b.deleteFromLineBreak(closeBrace, t.end);
  return b.dedentLines(layout.line(openBrace) + 1, layout.line(closeBrace) - 1, I, unit, t.tryBlock);
}

/** Case 1 in an unusual layout: the whole region is written again and prettier lays it out. */
function planRewrite(b: EditBuilder, plan: FixPlan, shape: FinallyShape): EditBuilder {
  const { layout, sf } = b;
  const { text, nl } = layout;
  const t = shape.tryStatement;
  const statement = plan.statement;
  const sStart = statement.getStart(sf);
  const I = layout.indent(sStart);
  const unit = bodyUnit(layout, plan, t);
  const wrap = shape.mode === "wrap";
  const declText =
    plan.form.kind === "native" ? withKeyword(sf, statement, plan.form.keyword) : text.slice(sStart, statement.end);
  const exitEdits = shape.exits.map((e) => ({ start: e.getStart(sf), end: e.end }));
  /** A statement in between, without the exit releases inside it. */
  const betweenText = (x: ts.Statement): string => {
    let out = "";
    let at = x.getStart(sf);
    for (const e of exitEdits.filter((y) => y.start >= at && y.end <= x.end).sort((y, z) => y.start - z.start)) {
      out += text.slice(at, e.start);
      at = e.end;
    }
    return out + text.slice(at, x.end);
  };
  const staying = shape.between.filter((x) => !shape.hoisted.includes(x));
  const parts = [
    declText,
    ...(plan.form.kind === "inline" ? [plan.form.text] : []),
    ...staying.map(betweenText),
    text.slice(t.tryBlock.getStart(sf) + 1, t.tryBlock.end - 1).trim(),
  ].filter((p) => p !== "");
  const inner = parts.join(`${nl}${wrap ? I + unit : I}`);
  const hoisted = shape.hoisted.map((x) => `${betweenText(x)}${nl}${I}`).join("");
  return b.replaceRange(sStart, t.end, wrap ? `${hoisted}{${nl}${I}${unit}${inner}${nl}${I}}` : inner);
}

/** The edits of every fix of the file, by plan. */
export function materialize(sf: ts.SourceFile, plans: readonly FixPlan[]): Map<FixPlan, TextEdit[]> {
  const layout = new SourceLayout(sf);
  const planned = plans.map((p) => planOne(layout, p));
  const primaries = planned.flatMap((p) => p.edits);
  const result = new Map<FixPlan, TextEdit[]>();
  plans.forEach((plan, i) => {
    const { edits, secondary } = planned[i]!;
    const kept = secondary.filter((s) => !primaries.some((p) => editsOverlap(p, s)));
    result.set(plan, [...edits, ...kept]);
  });
  return result;
}
