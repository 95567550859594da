/**
 * ## What it does
 * Finds *accumulating globals*: module-level variables initialised to an empty collection or
 * string (`[]`, `{}`, `new Map()`, `new Set()`, `new Array()`, `''`) that code only grows
 * (`push`, `unshift`, `set`, `add`, `x[k] = v`, `s += t`). Every one is reported, with the
 * functions that grow it. When only one function `F` uses it and moving it cannot change what
 * any call sees, its declaration moves into `F`:
 * (a) nothing ever reads it (write-only), or
 * (b) `F` resets it (`x = []`, `x = ''`, `x.length = 0`, `x.clear()`) before any other use, on
 *     every path: the reset becomes the declaration.
 *
 * ## Why is this bad?
 * A module lives as long as the process. A collection it owns that only grows keeps everything
 * it was ever given: every request traced, every id seen. A buffer that one function resets on
 * each call carries nothing from one call to the next, yet keeps the last call's data alive
 * until the next call. A local of that function is freed when the call returns.
 *
 * ## Example
 * ```ts
 * let rows: string[] = [];
 * function toCsv(items: Item[]): string {
 *   rows = [];
 *   for (const i of items) rows.push(line(i));
 *   return rows.join("\n");
 * }
 * ```
 * ## Use instead
 * ```ts
 * function toCsv(items: Item[]): string {
 *   const rows: string[] = [];
 *   for (const i of items) rows.push(line(i));
 *   return rows.join("\n");
 * }
 * ```
 * ## Not rewritten (manual, with advice)
 * State read across calls (read, returned, iterated, sized, passed on), used by two functions or
 * at module level, exported, reachable through `eval` or a script's global scope, used by a
 * callback that may outlive the call, or a reset buffer in an `async` function or generator that
 * suspends, in a recursive function, or cleared in place and handed out.
 * ## Not reported
 * Collections that are also shrunk or cleared elsewhere (bounded by the program's own logic),
 * only grown at load time, never grown; object-keyed `Map`/`Set`s that only grow (weak-refs'
 * `object-keyed-cache` reports those, and makes them weak when it can).
 */
import { ts } from "ts-morph";
import type { TextEdit, TransformContext } from "../../engine/types.js";
import { hasModifier, indentationAt, isExportedFromFile, lineOfNode, newLineOf, referencesIn } from "../util/ast.js";
import {
  classify,
  commonFunction,
  emptyShapeOf,
  functionChain,
  functionName,
  growthSummary,
  indirectReentry,
  instanceFieldOf,
  isModuleFile,
  isObjectKeyed,
  isRead,
  ITEM_NOUN,
  listText,
  outlivingFunction,
  runsAtLoad,
  selfReference,
  SHAPE_NOUN,
  suspensionPoint,
  type Fn,
  type Shape,
  type Use,
} from "./uses.js";
import { accumulatingGlobal } from "./kinds.js";

const BOUND_ADVICE =
  "Bound it (cap its size and drop the oldest entries, or use an LRU), clear it when the work it tracks is done, or, if it tracks objects, key them in a `WeakMap`/`WeakSet` so entries go with them";

/** Facts about the file every candidate needs. */
interface FileFacts {
  /** A script's top-level variables are globals shared by every script. */
  isScript: boolean;
  /** A direct `eval(...)` can read any module variable by name. */
  evalCall: ts.Node | undefined;
  /** Line starts where a moved declaration is inserted, and how many are: two fixes must not insert at one point. */
  insertions: Map<number, number>;
  /** Line ranges the fixes of this file remove (declarations with their comments). */
  gone: Array<{ from: number; to: number }>;
}

/** A finding decided in the first pass; its edits are built in the second, once `gone` is known. */
interface Pending {
  node: ts.Node;
  message: string;
  fix?: {
    description: string;
    /** The statement the fix removes (and its comments). */
    removes: Candidate;
    build: () => TextEdit[] | undefined;
    /** The message when the edits cannot be built (then the finding is manual). */
    fallback: string;
  };
}

interface Candidate {
  statement: ts.VariableStatement;
  decl: ts.VariableDeclaration & { name: ts.Identifier; initializer: ts.Expression };
  shape: Shape;
  name: string;
}

/** Ex) a direct `eval(code)` anywhere in the file. */
function findEval(sf: ts.SourceFile): ts.Node | undefined {
  if (!/\beval\s*\(/.test(sf.text)) return undefined;
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "eval") found = n;
    else ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

// Ex) `const trace: string[] = [];`, `let out = '';`, `var seen = new Set();` at module level.
function candidatesOf(ctx: TransformContext): Candidate[] {
  const out: Candidate[] = [];
  for (const statement of ctx.sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || hasModifier(statement, ts.SyntaxKind.DeclareKeyword)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
      const shape = emptyShapeOf(ctx, decl.initializer);
      if (shape) out.push({ statement, decl: decl as Candidate["decl"], shape, name: decl.name.text });
    }
  }
  return out;
}

export function analyzeGlobals(ctx: TransformContext): void {
  const sf = ctx.sourceFile;
  const candidates = candidatesOf(ctx);
  if (candidates.length === 0) return;
  const facts: FileFacts = {
    isScript: !isModuleFile(sf),
    evalCall: findEval(sf),
    insertions: new Map(),
    gone: [],
  };
  const pending: Pending[] = [];
  for (const candidate of candidates) {
    const found = analyzeGlobal(ctx, facts, candidate);
    if (found) pending.push(found);
  }
  // Which lines go, so that each removal knows its neighbours (no blank lines left behind).
  for (const p of pending) {
    const range = p.fix && lineRange(sf, p.fix.removes);
    if (range) facts.gone.push(range);
  }
  for (const p of pending) {
    const edits = p.fix?.build();
    if (p.fix && edits) {
      ctx.report({
        kind: accumulatingGlobal,
        node: p.node,
        message: p.message,
        applicability: "safe",
        fix: { description: p.fix.description, edits },
      });
    } else {
      ctx.report({
        kind: accumulatingGlobal,
        node: p.node,
        message: p.fix ? p.fix.fallback : p.message,
        applicability: "manual",
      });
    }
  }
}

function analyzeGlobal(ctx: TransformContext, facts: FileFacts, candidate: Candidate): Pending | undefined {
  const { sourceFile: sf, checker } = ctx;
  const { decl, shape, name } = candidate;
  const symbol = checker.getSymbolAtLocation(decl.name);
  if (!symbol || (symbol.declarations?.length ?? 0) !== 1) return;
  const refs = referencesIn(sf, checker, symbol, name);
  const refSet = new Set(refs);
  const uses = refs.map((r) => classify(sf, r, r, shape, (e) => refSet.has(e)));
  const grows = uses.filter((u) => u.kind === "grow");

  // Ex) `const NONE: string[] = [];` that nothing grows: a constant, not state.
  if (grows.length === 0) return;
  // Ex) `plugins.push(a);` at module level only (or in code only module-level code runs): it
  // grows once, at load time.
  if (grows.every((u) => runsAtLoad(sf, checker, u.ref))) return undefined;

  const F = commonFunction(refs);
  const reset = resetFirst(F, uses);
  const bounded = uses.filter((u) => u.kind === "reset" || u.kind === "shrink" || u.kind === "replace");
  // Ex) `queue.shift()`, `batch = []` in `flush()`: the program bounds it itself.
  if (!reset && bounded.length > 0) return;
  // Ex) `const seen = new Set<Node>()` that only grows: weak-refs' `object-keyed-cache` reports
  // it (and makes it a WeakSet when it can); one finding per collection.
  if (!reset && (shape === "map" || shape === "set") && isObjectKeyed(checker, decl.name, decl.initializer, uses))
    return;

  const noun = SHAPE_NOUN[shape];
  const grownBy = growthSummary(sf, grows);
  const manual = (message: string): Pending => ({ node: decl.name, message });

  if (reset && F) {
    const fName = functionName(sf, F);
    const what = `\`${name}\` is a module-level ${noun} that ${fName} resets (line ${lineOfNode(sf, reset.node)}) before any other use: it carries nothing from one call to the next, yet keeps the last call's data alive until the next call`;
    const blocker = resetBlocker(ctx, facts, candidate, F, reset, uses);
    if (blocker) return manual(`${what}. It is not moved into ${fName}: ${blocker.reason}. ${blocker.advice}`);
    const keyword = keywordFor(
      candidate.statement,
      uses.some((u) => u !== reset && isReassignment(u)),
    );
    return {
      node: decl.name,
      message: `${what}. Fix: the reset becomes its declaration inside ${fName}${keyword !== keywordFor(candidate.statement, true) ? ` (\`${keyword}\`: it is no longer reassigned)` : ""}, so each call's data is freed when the call returns`,
      fix: {
        description: `Declare \`${name}\` inside ${fName}, where it is reset`,
        removes: candidate,
        build: () => resetEdits(ctx, facts, candidate, reset, keyword),
        fallback: `${what}. Declare it inside ${fName}, where the reset is (leakmod could not rewrite this declaration form)`,
      },
    };
  }

  const what = `\`${name}\` is a module-level ${noun} that only grows (${grownBy}) and is never cleared: it keeps every ${ITEM_NOUN[shape]} for the life of the process`;
  const users = usersOf(sf, refs);
  const readers = uses.filter(isRead);
  const writeOnly = readers.length === 0;
  const deleteAdvice = `Nothing reads it: it is dead state; delete it and its writes (keeping any side effects of the written values)`;
  const notMoved = (reason: string, advice: string): Pending =>
    manual(`${what}. It cannot move into a function: ${reason}. ${advice}`);

  // Ex) `export const registry: Plugin[] = [];`: other modules may read it.
  if (isExportedFromFile(sf, checker, decl)) {
    return notMoved(
      "it is exported, so other modules may read it",
      `${BOUND_ADVICE}; or export functions that read and clear it rather than the ${noun} itself`,
    );
  }
  // Ex) `module.exports = { record, log }`
  const viaModuleExports = uses.find((u) => u.detail.includes("module.exports"));
  if (viaModuleExports) {
    return notMoved(
      `it is exported through \`module.exports\` (line ${lineOfNode(sf, viaModuleExports.node)}), so other modules may read it`,
      `${BOUND_ADVICE}; or export functions that read and clear it rather than the ${noun} itself`,
    );
  }
  // Ex) a top-level `let log = []` in a script (no import/export): every script shares it.
  if (facts.isScript) {
    return notMoved(
      "this file has no import or export, so TypeScript treats it as a script whose top-level variables are globals that other scripts (and `globalThis`, for `var`) can reach",
      BOUND_ADVICE,
    );
  }
  // Ex) `eval(code)`: can read any module variable by name.
  if (facts.evalCall) {
    return notMoved(
      `this file calls \`eval\` (line ${lineOfNode(sf, facts.evalCall)}), which can reach any module variable by name`,
      BOUND_ADVICE,
    );
  }

  if (writeOnly) {
    // Ex) `a()` and `b()` both push, nothing reads.
    if (!F) {
      return notMoved(`it is written by ${listText(users)}`, deleteAdvice);
    }
    const fName = functionName(sf, F);
    // Ex) `function f(a = log.push(1)) {}`
    const inParameters = refs.find((r) => !F.body || r.pos < F.body.pos || r.end > F.body.end);
    if (inParameters || !F.body || !ts.isBlock(F.body)) {
      return notMoved(
        inParameters
          ? `${fName} uses it in its parameter list (line ${lineOfNode(sf, inParameters)})`
          : `${fName} has an expression body`,
        deleteAdvice,
      );
    }
    // Ex) `emitter.on("x", (e) => log.push(e))`: a local would be kept by the callback just the same.
    const outliving = refs.map((r) => outlivingFunction(checker, F, r)).find(Boolean);
    if (outliving) {
      return notMoved(
        `it is written from ${functionName(sf, outliving)}, which may run after ${fName} returns, so a local would stay alive with that callback`,
        deleteAdvice,
      );
    }
    return {
      node: decl.name,
      message: `\`${name}\` is a module-level ${noun} that only grows (${grownBy}) and that nothing ever reads: it keeps every ${ITEM_NOUN[shape]} for the life of the process. Fix: its declaration moves into ${fName}, so each call's data is freed when the call returns. It is dead state: deleting it and its writes would be simpler still, but the fix moves it rather than deleting code whose written values may have side effects; delete it by hand if nothing needs it`,
      fix: {
        description: `Move \`${name}\` into ${fName}`,
        removes: candidate,
        build: () => writeOnlyEdits(ctx, facts, candidate, F, refs, uses),
        fallback: `${what}. It cannot move into a function: leakmod could not rewrite this declaration form. ${deleteAdvice}`,
      },
    };
  }

  // Read across calls: what it accumulated is part of what the code does.
  const first = readers[0];
  const firstFn = functionName(sf, functionChain(first.ref).at(-1));
  const returned = readers.find((u) => u.kind === "escape" && u.detail === "returns it");
  if (users.length > 1) {
    const reader = readers.find((u) => u.kind !== "export") ?? first;
    return notMoved(
      `it is shared by ${listText(users)} (${functionName(sf, functionChain(reader.ref).at(-1))} ${reader.detail}, line ${lineOfNode(sf, reader.node)}), so its state outlives each call`,
      `${BOUND_ADVICE}; or, if the functions work on one batch together, pass it between them explicitly`,
    );
  }
  if (returned) {
    const fn = functionName(sf, functionChain(returned.ref).at(-1));
    return notMoved(
      `${fn} returns it (line ${lineOfNode(sf, returned.node)}), so every caller holds the same ${noun}, which keeps growing`,
      `Return a copy (or a read-only view) if callers need it, and ${BOUND_ADVICE.charAt(0).toLowerCase()}${BOUND_ADVICE.slice(1)}`,
    );
  }
  return notMoved(
    `${firstFn} ${first.detail} (line ${lineOfNode(sf, first.node)}), so what it accumulated over earlier calls is part of what ${firstFn} does`,
    `${BOUND_ADVICE}`,
  );
}

/** The distinct functions (outermost) and module-level code that use it, named. */
function usersOf(sf: ts.SourceFile, refs: readonly ts.Node[]): string[] {
  const seen = new Map<ts.Node | undefined, string>();
  for (const r of refs) {
    const field = instanceFieldOf(r);
    const outer: ts.Node | undefined = functionChain(r)[0] ?? field;
    if (seen.has(outer)) continue;
    const owner =
      field && ts.isClassLike(field.parent) && field.parent.name ? `\`${field.parent.name.text}\`` : "its class";
    seen.set(
      outer,
      field && outer === field ? `the field initialisers of ${owner}` : functionName(sf, outer as Fn | undefined),
    );
  }
  return [...seen.values()];
}

/**
 * The reset that starts every call of `F`: the first use of all, a statement directly in `F`'s
 * body (so every path through `F` runs it before anything else touches the variable).
 */
// Ex) `function toCsv() { rows = []; ... }`, `stack.length = 0;`, `seen.clear();`
function resetFirst(F: Fn | undefined, uses: readonly Use[]): Use | undefined {
  if (!F || !F.body || !ts.isBlock(F.body)) return undefined;
  const first = uses[0];
  if (!first || first.kind !== "reset" || !first.statement || first.statement.parent !== F.body) return undefined;
  // It must be grown after the reset: a buffer, not a constant.
  if (!uses.some((u) => u.kind === "grow")) return undefined;
  return first;
}

interface Blocker {
  reason: string;
  advice: string;
}

/** Why a buffer `F` resets first cannot become `F`'s local without changing what a call sees. */
function resetBlocker(
  ctx: TransformContext,
  facts: FileFacts,
  candidate: Candidate,
  F: Fn,
  reset: Use,
  uses: readonly Use[],
): Blocker | undefined {
  const { sourceFile: sf, checker } = ctx;
  const fName = functionName(sf, F);
  const byHand = `If each call should have its own ${SHAPE_NOUN[candidate.shape]} (usually the intent), declare it inside ${fName} by hand`;
  // Ex) `export let rows: string[] = [];`
  if (isExportedFromFile(sf, checker, candidate.decl)) {
    return {
      reason: "it is exported, so other modules may read what the last call left in it",
      advice: `Stop exporting it, then declare it inside ${fName}`,
    };
  }
  if (facts.isScript) {
    return {
      reason:
        "this file has no import or export, so TypeScript treats it as a script whose top-level variables are globals that other scripts can reach",
      advice: byHand,
    };
  }
  if (facts.evalCall) {
    return {
      reason: `this file calls \`eval\` (line ${lineOfNode(sf, facts.evalCall)}), which can reach any module variable by name`,
      advice: byHand,
    };
  }
  // Ex) `async function load() { pending = []; ... await fetch(u); pending.push(u); }`
  const suspends = suspensionPoint(F);
  if (suspends) {
    const how = ts.isAwaitExpression(suspends) || ts.isForOfStatement(suspends) ? "awaits" : "yields";
    return {
      reason: `${fName} ${how} (line ${lineOfNode(sf, suspends)}), so calls interleave: a call that resumes may find the ${SHAPE_NOUN[candidate.shape]} another call reset and filled, and a local per call would change what each call sees`,
      advice: `${byHand}: that also fixes the interleaving; otherwise keep it and bound it`,
    };
  }
  // Ex) `function walk(n) { out = []; ... walk(child) ... }`: the inner call resets the outer one's buffer.
  const recursion = selfReference(sf, checker, F);
  if (recursion) {
    return {
      reason: `${fName} calls itself (line ${lineOfNode(sf, recursion)}), and the inner call's reset empties the outer call's ${SHAPE_NOUN[candidate.shape]}; a local per call may change the results`,
      advice: byHand,
    };
  }
  // Ex) `render` calls `renderChild`, which calls `render`: the same, one step removed.
  const reentry = indirectReentry(checker, F);
  if (reentry) {
    return {
      reason: `${fName} may call itself again through ${functionName(sf, reentry.via)} (line ${lineOfNode(sf, reentry.call)}), and the inner call's reset empties the outer call's ${SHAPE_NOUN[candidate.shape]}; a local per call may change the results`,
      advice: byHand,
    };
  }
  // Ex) `setTimeout(() => rows.push(x))`: the callback would then fill this call's buffer, not the current one.
  for (const u of uses) {
    const fn = outlivingFunction(checker, F, u.ref);
    if (fn) {
      return {
        reason: `it is used by ${functionName(sf, fn)}, which may run after ${fName} returns: with a local it would see that call's ${SHAPE_NOUN[candidate.shape]}, not the one the latest call reset`,
        advice: `${byHand}, or clear it where the callback is done with it`,
      };
    }
  }
  // Ex) `stack.length = 0; ... return stack;`: the next call empties what the caller holds.
  if (!reset.resetValue) {
    const handedOut = uses.find((u) => u.kind === "escape");
    if (handedOut) {
      return {
        reason: `${fName} empties it in place (\`${reset.op}\`) and ${handedOut.detail} (line ${lineOfNode(sf, handedOut.node)}), so the next call empties what the caller holds; a local per call would not`,
        advice: `If callers should keep their results, reset it with a fresh ${SHAPE_NOUN[candidate.shape]} or declare it inside ${fName} by hand`,
      };
    }
  }
  return undefined;
}

// ---- Edits -------------------------------------------------------------------------------------

interface Removal {
  edits: TextEdit[];
  /** Comments attached above the declaration (JSDoc types included), moved with it. */
  leading: string[];
  /** A comment after the declaration on its line, moved with it. */
  trailing: string | undefined;
}

/** Comments that belong to the file, not to the statement below them. */
const FILE_PRAGMA =
  /@ts-(no)?check|eslint-(disable|enable)(?!-next-line)|@license|copyright|@preserve|@jsx|@flow|^\/\*\s*(global|jshint|istanbul)\s/i;

function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf("\n", pos - 1) + 1;
}

/** Position after the newline ending the line `pos` is on (or the end of the text). */
function nextLineStart(text: string, pos: number): number {
  const i = text.indexOf("\n", pos);
  return i === -1 ? text.length : i + 1;
}

/** Re-indents the second and later lines of a multi-line comment. */
function reindent(comment: string, from: string, to: string): string {
  return comment
    .split("\n")
    .map((line, i) => (i === 0 ? line : `${to}${line.startsWith(from) ? line.slice(from.length) : line.trimStart()}`))
    .join("\n");
}

/** Where the declaration is in the text: a declarator of a list, a statement sharing its line, or whole lines. */
type Layout =
  | { kind: "declarator"; edit: TextEdit }
  | { kind: "inline"; start: number; end: number }
  | { kind: "lines"; from: number; to: number; leading: ts.CommentRange[]; trailing: ts.CommentRange | undefined };

function layoutOf(sf: ts.SourceFile, candidate: Candidate): Layout | undefined {
  const text = sf.text;
  const { statement, decl } = candidate;
  const list = statement.declarationList.declarations;
  if (list.length > 1) {
    // Ex) `let rows: string[] = [], n = 0;`: remove the declarator and its comma; comments stay.
    if (ts.getJSDocTags(statement).length > 0 || ts.getJSDocType(decl)) return undefined;
    const i = list.indexOf(decl);
    const edit =
      i < list.length - 1
        ? { start: decl.getStart(sf), end: list[i + 1].getStart(sf), newText: "" }
        : { start: list[i - 1].getEnd(), end: decl.getEnd(), newText: "" };
    return { kind: "declarator", edit };
  }
  const start = statement.getStart(sf);
  const end = statement.getEnd();
  const trailing = (ts.getTrailingCommentRanges(text, end) ?? [])[0];
  const ownsLine =
    text.slice(lineStartOf(text, start), start).trim() === "" &&
    text.slice(trailing ? trailing.end : end, nextLineStart(text, end)).trim() === "";
  // Ex) `foo(); const log = [];` on one line: remove the statement alone.
  if (!ownsLine) return { kind: "inline", start, end };
  // Comments directly above (no blank line between), each starting its own line.
  const leading: ts.CommentRange[] = [];
  const ranges = ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? [];
  let next = start;
  for (let i = ranges.length - 1; i >= 0; i--) {
    const r = ranges[i];
    if ((text.slice(r.end, next).match(/\n/g) ?? []).length > 1) break;
    if (text.slice(lineStartOf(text, r.pos), r.pos).trim() !== "") break;
    // Ex) `// @ts-check`, `/* eslint-disable */`, a licence header: they belong to the file.
    if (FILE_PRAGMA.test(text.slice(r.pos, r.end))) break;
    leading.unshift(r);
    next = r.pos;
  }
  const from = leading[0] ? lineStartOf(text, leading[0].pos) : lineStartOf(text, start);
  return { kind: "lines", from, to: nextLineStart(text, trailing ? trailing.end : end), leading, trailing };
}

/** The whole lines a fix removes, if it removes whole lines. */
function lineRange(sf: ts.SourceFile, candidate: Candidate): { from: number; to: number } | undefined {
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
  const layout = layoutOf(sf, candidate);
  if (!layout) return undefined;
  if (layout.kind === "declarator") return { edits: [layout.edit], leading: [], trailing: undefined };
  if (layout.kind === "inline")
    return { edits: [{ start: layout.start, end: layout.end, newText: "" }], leading: [], trailing: undefined };
  let { from, to } = layout;
  const isGone = (lineStart: number): boolean => gone.some((g) => g.from <= lineStart && lineStart < g.to);
  const isBlank = (lineStart: number): boolean => text.slice(lineStart, nextLineStart(text, lineStart)).trim() === "";
  let before = from;
  while (before > 0 && isGone(lineStartOf(text, before - 1))) before = lineStartOf(text, before - 1);
  const blankBefore = before === 0 || isBlank(lineStartOf(text, before - 1));
  // Ex) blank, `const a = [];`, blank: one blank line stays. The last of a run of removed lines eats it.
  if (blankBefore && to < text.length && !isGone(to) && isBlank(to)) to = nextLineStart(text, to);
  else if (blankBefore && to >= text.length && before === from && from > 0) from = lineStartOf(text, from - 1);
  const indent = indentationAt(sf, candidate.statement.getStart(sf));
  return {
    edits: [{ start: from, end: to, newText: "" }],
    leading: layout.leading.map((r) => reindent(text.slice(r.pos, r.end), indent, "")),
    trailing: layout.trailing ? text.slice(layout.trailing.pos, layout.trailing.end) : undefined,
  };
}

/** `const`, `let` or `var` for the moved declaration. */
function keywordFor(statement: ts.VariableStatement, reassigned: boolean): string {
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

function isReassignment(u: Use): boolean {
  return (
    u.kind === "replace" || (u.kind === "reset" && u.resetValue !== undefined) || (u.kind === "grow" && u.op === "+=")
  );
}

/** Case (b): remove the declaration; the reset statement becomes it. */
function resetEdits(
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
  const rest = sf.text.slice(statement.getEnd(), nextLineStart(sf.text, statement.getEnd())).trim();
  if (moved.trailing?.startsWith("//") && rest !== "" && !rest.startsWith("//")) text += `${newLineOf(sf)}${indent}`;
  return [...moved.edits, { start: statement.getStart(sf), end: statement.getEnd(), newText: text }];
}

/**
 * Case (a): remove the declaration; put it before the statement of `F`'s body that holds its
 * first use (every use is in `F`'s body or in callbacks that run during the call, so none runs
 * before it).
 */
function writeOnlyEdits(
  ctx: TransformContext,
  facts: FileFacts,
  candidate: Candidate,
  F: Fn,
  refs: readonly ts.Node[],
  uses: readonly Use[],
): TextEdit[] | undefined {
  const sf = ctx.sourceFile;
  const text = sf.text;
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
  const ownLine = text.slice(lineStartOf(text, anchorStart), anchorStart).trim() === "";
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
    if (text.slice(lineStartOf(text, r.pos), r.pos).trim() === "") {
      at = r.pos;
      break;
    }
  }
  const lineStart = lineStartOf(text, at);
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
