/**
 * Paths to teardown, and the edits that add a cleanup there: a statement appended to the class's
 * teardown method, or to the function an effect returns (created when the effect returns none).
 * Several findings of one owner share one fix, so their insertions never collide.
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { Applicability, FindingKind, TextEdit } from "../../engine/types.js";
import { indentationAt, newLineOf, ownReturns } from "../util/ast.js";
import type { Owner } from "./owner.js";

/** What a check decided for one registration: a finding, and what its fix adds at teardown. */
export interface Plan {
  kind: FindingKind;
  node: ts.Node;
  message: string;
  applicability: Applicability;
  fix?: PlannedFix;
}

export interface PlannedFix {
  description: string;
  /** Whose teardown gets `cleanup` (none for a fix made only of `edits`). */
  owner?: Owner;
  /** Statements to run at teardown (each ending with `;`). */
  cleanup: string[];
  /** Class fields to declare (each a whole member, `#interval: … ;`). */
  fields: string[];
  /** Other edits at the registration (a hoisted listener, a kept id). */
  edits: TextEdit[];
}

/**
 * Why no cleanup can be added for `owner`, or undefined when one can.
 * Ex) `useEffect(() => { if (!el) return; … })`: the effect returns early.
 * Ex) `useEffect(() => { …; return unsubscribe; })`: the cleanup is not a function written here.
 */
export function whyNoCleanup(owner: Owner): string | undefined {
  if (owner.kind === "class")
    return owner.teardown ? undefined : `\`${owner.cls.name?.text ?? "the class"}\` has no teardown method of its own`;
  // Ex) `onMounted(() => window.addEventListener(…))` in a setup with no `onUnmounted`
  if (owner.sibling) {
    if (owner.sibling.fn || owner.sibling.create) return setupBlocked(owner);
    const async = owner.setup && (ts.getCombinedModifierFlags(owner.callback) & ts.ModifierFlags.Async) !== 0;
    if (async)
      return `the setup is async, and \`${owner.sibling.hook}(…)\` called after an \`await\` has no component (call it before the first \`await\`)`;
    return `the setup has no \`${owner.sibling.hook}(…)\`${owner.setup ? ` (nor imports \`${owner.sibling.hook}\`)` : ""}`;
  }
  const body = owner.callback.body;
  if (!ts.isBlock(body)) return ts.isCallExpression(body) ? undefined : "the effect returns a value";
  const returns = ownReturns(body);
  if (returns.length === 0) return undefined;
  const last = body.statements[body.statements.length - 1];
  if (returns.length > 1 || returns[0] !== last) return "the effect returns on more than one path";
  const fn = returns[0]!.expression;
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)))
    return "its cleanup is not a function written in the effect";
  return undefined;
}

/** The edits that run `statements` at `owner`'s teardown and declare `fields`. */
export function cleanupEdits(owner: Owner, statements: string[], fields: string[], sf: ts.SourceFile): TextEdit[] {
  const edits: TextEdit[] = [];
  if (owner.kind === "class") {
    if (fields.length > 0) edits.push(insertFields(owner.cls, fields, sf));
    if (statements.length > 0) edits.push(insertIntoBlock(owner.teardown!.body!, statements, sf));
    return edits;
  }
  if (owner.sibling?.fn) return [siblingCleanupEdit(owner.sibling.fn, statements, sf)];
  if (owner.sibling?.create) return [newHookEdit(owner, owner.sibling.create, statements, sf)];
  return [effectCleanupEdit(owner.callback, statements, sf)];
}

/**
 * Ex) `setup() { …; return { width }; }` with `onUnmounted` imported but not called: a new call
 * goes before the return (or at the end); not when the setup returns elsewhere too.
 */
function setupBlocked(owner: Owner): string | undefined {
  if (owner.kind !== "effect" || !owner.setup || owner.sibling?.fn) return undefined;
  const body = owner.callback.body as ts.Block;
  const returns = ownReturns(body);
  const last = body.statements[body.statements.length - 1];
  if (returns.length > 1 || (returns.length === 1 && returns[0] !== last))
    return `the setup returns on more than one path, and \`${owner.sibling!.hook}(…)\` must be called on each`;
  return undefined;
}

/** Ex) `…; return { width };` → `…; onUnmounted(() => undo()); return { width };`. */
function newHookEdit(owner: Owner, hook: string, statements: string[], sf: ts.SourceFile): TextEdit {
  const body = (owner as { callback: ts.FunctionLikeDeclaration }).callback.body as ts.Block;
  const nl = newLineOf(sf);
  const last = body.statements[body.statements.length - 1]!;
  const indent = indentationAt(sf, last.getStart(sf));
  const call =
    statements.length === 1
      ? `${hook}(() => ${statements[0]!.replace(/;$/, "")});`
      : `${hook}(() => {${nl}${statements.map((s) => `${indent}  ${s}`).join(nl)}${nl}${indent}});`;
  if (ts.isReturnStatement(last)) {
    const at = last.getStart(sf);
    return { start: at, end: at, newText: `${call}${nl}${indent}` };
  }
  return appendToBlock(body, [call], sf);
}

/** Ex) `onUnmounted(() => a())` → `onUnmounted(() => { a(); undo(); })`. */
function siblingCleanupEdit(
  fn: ts.ArrowFunction | ts.FunctionExpression,
  statements: string[],
  sf: ts.SourceFile,
): TextEdit {
  if (ts.isBlock(fn.body)) return insertIntoBlock(fn.body, statements, sf);
  const nl = newLineOf(sf);
  const indent = indentationAt(sf, fn.parent.getStart(sf));
  const text = `{${nl}${indent}  ${fn.body.getText(sf)};${nl}${statements.map((s) => `${indent}  ${s}`).join(nl)}${nl}${indent}}`;
  return { start: fn.body.getStart(sf), end: fn.body.end, newText: text };
}

/** Ex) `useEffect(() => { a(); })` → `useEffect(() => { a(); return () => undo(); })`. */
function effectCleanupEdit(
  fn: ts.ArrowFunction | ts.FunctionExpression,
  statements: string[],
  sf: ts.SourceFile,
): TextEdit {
  const nl = newLineOf(sf);
  const body = fn.body;
  const returned = `return ${cleanupFunction(statements, nl, indentationAt(sf, fn.getStart(sf)))};`;
  if (!ts.isBlock(body)) {
    const indent = indentationAt(sf, fn.getStart(sf));
    const text = `{${nl}${indent}  ${body.getText(sf)};${nl}${indent}  ${returned}${nl}${indent}}`;
    return { start: body.getStart(sf), end: body.end, newText: text };
  }
  const returns = ownReturns(body);
  if (returns.length === 0) return appendToBlock(body, [returned], sf);
  const cleanup = returns[0]!.expression as ts.ArrowFunction | ts.FunctionExpression;
  if (ts.isBlock(cleanup.body)) return insertIntoBlock(cleanup.body, statements, sf);
  const indent = indentationAt(sf, returns[0]!.getStart(sf));
  const text = `{${nl}${indent}  ${cleanup.body.getText(sf)};${nl}${statements.map((s) => `${indent}  ${s}`).join(nl)}${nl}${indent}}`;
  return { start: cleanup.body.getStart(sf), end: cleanup.body.end, newText: text };
}

/** `() => undo()` for one statement, `() => { a(); b(); }` for several. */
function cleanupFunction(statements: string[], nl: string, indent: string): string {
  if (statements.length === 1) return `() => ${statements[0]!.replace(/;$/, "")}`;
  return `() => {${nl}${statements.map((s) => `${indent}    ${s}`).join(nl)}${nl}${indent}  }`;
}

/** Appends `lines` to a block, or puts them first when the block returns (so that they run on every path). */
export function insertIntoBlock(block: ts.Block, lines: string[], sf: ts.SourceFile): TextEdit {
  return ownReturns(block).length > 0 ? prependToBlock(block, lines, sf) : appendToBlock(block, lines, sf);
}

function appendToBlock(block: ts.Block, lines: string[], sf: ts.SourceFile): TextEdit {
  const nl = newLineOf(sf);
  const last = block.statements[block.statements.length - 1];
  if (!last) return prependToBlock(block, lines, sf);
  const indent = indentationAt(sf, last.getStart(sf));
  // After a comment that ends the last statement's line (`tick(); // every second`), not before it.
  const end = Math.max(last.end, ...(ts.getTrailingCommentRanges(sf.text, last.end) ?? []).map((r) => r.end));
  return { start: end, end, newText: lines.map((l) => `${nl}${indent}${l}`).join("") };
}

function prependToBlock(block: ts.Block, lines: string[], sf: ts.SourceFile): TextEdit {
  const nl = newLineOf(sf);
  const open = block.getStart(sf) + 1;
  const first = block.statements[0];
  if (first) {
    const indent = indentationAt(sf, first.getStart(sf));
    return { start: open, end: open, newText: lines.map((l) => `${nl}${indent}${l}`).join("") };
  }
  const outer = indentationAt(sf, block.getStart(sf));
  const inner = `${lines.map((l) => `${nl}${outer}  ${l}`).join("")}${nl}${outer}`;
  return { start: open, end: block.end - 1, newText: inner };
}

/** Declares fields first in the class body. */
function insertFields(cls: ts.ClassLikeDeclaration, fields: string[], sf: ts.SourceFile): TextEdit {
  const nl = newLineOf(sf);
  const open = sf.text.indexOf("{", cls.members.pos - 1);
  const first = cls.members[0];
  const indent = first ? indentationAt(sf, first.getStart(sf)) : `${indentationAt(sf, cls.getStart(sf))}  `;
  return { start: open + 1, end: open + 1, newText: fields.map((f) => `${nl}${indent}${f}`).join("") };
}
