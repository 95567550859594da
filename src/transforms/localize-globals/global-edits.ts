/** The edits of accumulating-global's fixes: the declaration removed with its comments, and put back inside the function. */
import { ts } from "../../engine/ts-morph.cjs";
import type { TextEdit, TransformContext } from "../../engine/types.js";
import { hasJsDocTag, indentationAt, newLineOf } from "../util/ast.js";
import { EditBuilder, reindent, SourceLayout } from "../util/edit-builder.js";
import type { Candidate, FileFacts } from "./global-facts.js";
import { emptyShapeOf, type Fn, type Use } from "./uses.js";

interface Removal {
  edits: TextEdit[];
  /** Comments attached above the declaration (JSDoc types included), moved with it. */
  leading: string[];
  /** A comment after the declaration on its line, moved with it. */
  trailing: string | undefined;
}

/** Where the declaration is in the text: a declarator of a list, a statement sharing its line, or whole lines. */
type DeclarationLayout =
  | { kind: "declarator"; edit: TextEdit }
  | { kind: "inline"; start: number; end: number }
  | { kind: "lines"; from: number; to: number; leading: ts.CommentRange[]; trailing: ts.CommentRange | undefined };

function layoutOf(sf: ts.SourceFile, candidate: Candidate): DeclarationLayout | undefined {
  const lines = new SourceLayout(sf);
  const { statement, decl } = candidate;
  const list = statement.declarationList.declarations;
  if (list.length > 1) {
    // Ex) `let rows: string[] = [], n = 0;`: remove the declarator and its comma; comments stay.
    if (hasJsDocTag(sf, statement) || ts.getJSDocType(decl)) return undefined;
    const i = list.indexOf(decl);
    const edit =
      i < list.length - 1
        ? { start: decl.getStart(sf), end: list[i + 1].getStart(sf), newText: "" }
        : { start: list[i - 1].getEnd(), end: decl.getEnd(), newText: "" };
    return { kind: "declarator", edit };
  }
  // Ex) `foo(); const log = [];` on one line: remove the statement alone.
  const owned = lines.statementLines(statement);
  if (!owned) return { kind: "inline", start: statement.getStart(sf), end: statement.getEnd() };
  return { kind: "lines", ...owned };
}

/** The whole lines a fix removes, if it removes whole lines. */
export function lineRange(sf: ts.SourceFile, candidate: Candidate): { from: number; to: number } | undefined {
  const layout = layoutOf(sf, candidate);
  return layout?.kind === "lines" ? { from: layout.from, to: layout.to } : undefined;
}

/**
 * Edits that remove the module-level declaration, and the comments that go with it. `gone`: the
 * lines other fixes remove, so that a run of removed declarations leaves one blank line, not two.
 */
function removal(
  sf: ts.SourceFile,
  candidate: Candidate,
  gone: ReadonlyArray<{ from: number; to: number }>,
): Removal | undefined {
  const text = sf.text;
  const lines = new SourceLayout(sf);
  const layout = layoutOf(sf, candidate);
  if (!layout) return undefined;
  if (layout.kind === "declarator") return { edits: [layout.edit], leading: [], trailing: undefined };
  if (layout.kind === "inline")
    return { edits: [{ start: layout.start, end: layout.end, newText: "" }], leading: [], trailing: undefined };
  let { from, to } = layout;
  const isGone = (lineStart: number): boolean => gone.some((g) => g.from <= lineStart && lineStart < g.to);
  const isBlank = (lineStart: number): boolean => lines.isBlankLine(lineStart);
  let before = from;
  while (before > 0 && isGone(lines.lineStart(before - 1))) before = lines.lineStart(before - 1);
  const blankBefore = before === 0 || isBlank(lines.lineStart(before - 1));
  // Ex) blank, `const a = [];`, blank: one blank line stays. The last of a run of removed lines eats it.
  if (blankBefore && to < text.length && !isGone(to) && isBlank(to)) to = lines.nextLineStart(to);
  else if (blankBefore && to >= text.length && before === from && from > 0) from = lines.lineStart(from - 1);
  const indent = indentationAt(sf, candidate.statement.getStart(sf));
  return {
    edits: new EditBuilder(sf, lines).deleteStatementLines({ from, to }).edits,
    leading: layout.leading.map((r) => reindent(text.slice(r.pos, r.end), indent, "")),
    trailing: layout.trailing ? text.slice(layout.trailing.pos, layout.trailing.end) : undefined,
  };
}

/** `const`, `let` or `var` for the moved declaration. */
export function keywordFor(statement: ts.VariableStatement, reassigned: boolean): string {
  const flags = statement.declarationList.flags;
  if (flags & ts.NodeFlags.Const) return "const";
  if (flags & ts.NodeFlags.Let) return reassigned ? "let" : "const";
  return "var";
}

/** `const rows: string[] = [];` with the moved comments, indented for its new place. */
function declarationText(
  sf: ts.SourceFile,
  candidate: Candidate,
  keyword: string,
  init: ts.Expression,
  moved: Removal,
  indent: string,
): string {
  const nl = newLineOf(sf);
  const { decl, statement } = candidate;
  const type = decl.type ? `: ${decl.type.getText(sf)}` : "";
  const semi = statement.getText(sf).trimEnd().endsWith(";") ? ";" : "";
  const comments = moved.leading.map((c) => `${reindent(c, "", indent)}${nl}${indent}`).join("");
  return `${comments}${keyword} ${candidate.name}${type} = ${init.getText(sf)}${semi}${moved.trailing ? ` ${moved.trailing}` : ""}`;
}

export function isReassignment(u: Use): boolean {
  return (
    u.kind === "replace" || (u.kind === "reset" && u.resetValue !== undefined) || (u.kind === "grow" && u.op === "+=")
  );
}

/** Case (b): remove the declaration; the reset statement becomes it. */
export function resetEdits(
  ctx: TransformContext,
  facts: FileFacts,
  candidate: Candidate,
  reset: Use,
  keyword: string,
): TextEdit[] | undefined {
  const sf = ctx.sourceFile;
  const moved = removal(sf, candidate, facts.gone);
  if (!moved || !reset.statement) return undefined;
  const statement = reset.statement;
  // Ex) `let seen = new Set<string>()` reset by `seen = new Set()`: the initialiser carries the type.
  const init =
    reset.resetValue && emptyShapeOf(ctx, reset.resetValue) !== candidate.shape
      ? reset.resetValue
      : candidate.decl.initializer;
  const indent = indentationAt(sf, statement.getStart(sf));
  let text = declarationText(sf, candidate, keyword, init, moved, indent);
  // A moved `// comment` must not swallow code that follows on the line.
  const rest = sf.text.slice(statement.getEnd(), new SourceLayout(sf).nextLineStart(statement.getEnd())).trim();
  if (moved.trailing?.startsWith("//") && rest !== "" && !rest.startsWith("//")) text += `${newLineOf(sf)}${indent}`;
  return [...moved.edits, { start: statement.getStart(sf), end: statement.getEnd(), newText: text }];
}

/**
 * Case (a): remove the declaration; put it before the statement of `F`'s body that holds its
 * first use (every use is in `F`'s body or in callbacks that run during the call, so none runs
 * before it).
 */
export function writeOnlyEdits(
  ctx: TransformContext,
  facts: FileFacts,
  candidate: Candidate,
  F: Fn,
  refs: readonly ts.Node[],
  uses: readonly Use[],
): TextEdit[] | undefined {
  const sf = ctx.sourceFile;
  const text = sf.text;
  const lines = new SourceLayout(sf);
  const body = F.body;
  const first = refs[0];
  if (!body || !ts.isBlock(body) || !first) return undefined;
  const anchor = body.statements.find((st) => st.pos <= first.pos && first.end <= st.end);
  if (!anchor) return undefined;
  const moved = removal(sf, candidate, facts.gone);
  if (!moved) return undefined;
  const keyword = keywordFor(candidate.statement, uses.some(isReassignment));
  const nl = newLineOf(sf);
  const anchorStart = anchor.getStart(sf);
  const ownLine = lines.firstOnLine(anchorStart);
  if (!ownLine) {
    // Ex) `function f(x) { log.push(x); }` on one line: prettier lays it out.
    if (facts.insertions.has(anchorStart)) return undefined;
    facts.insertions.set(anchorStart, 1);
    const decl = declarationText(sf, candidate, keyword, candidate.decl.initializer, moved, "");
    const after = moved.trailing?.startsWith("//") ? nl : " ";
    return [...moved.edits, { start: anchorStart, end: anchorStart, newText: `${decl}${after}` }];
  }
  // Before the anchor's own comments, if any start their own line.
  let at = anchorStart;
  for (const r of ts.getLeadingCommentRanges(text, anchor.getFullStart()) ?? []) {
    if (lines.firstOnLine(r.pos)) {
      at = r.pos;
      break;
    }
  }
  const lineStart = lines.lineStart(at);
  const indent = indentationAt(sf, at);
  // Another declaration already goes in here: insert one character further into the indentation
  // (the engine rejects two insertions at one point); the text comes out the same.
  const k = facts.insertions.get(lineStart) ?? 0;
  if (k > indent.length) return undefined;
  facts.insertions.set(lineStart, k + 1);
  const decl = declarationText(sf, candidate, keyword, candidate.decl.initializer, moved, indent);
  return [
    ...moved.edits,
    { start: lineStart + k, end: lineStart + k, newText: `${indent.slice(k)}${decl}${nl}${indent.slice(0, k)}` },
  ];
}
