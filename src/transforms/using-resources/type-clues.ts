/**
 * Cheap text clues that decide whether the checker is asked about a local's type at all: the
 * names a file releases, whether a program speaks of disposing, whether a class may be disposable.
 */

import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { GENERIC_CLEANUP_METHODS } from "./resources.js";
import { symbolOf } from "../util/ast.js";
import { constructsDisposable, mayReturnDisposable } from "./callee-returns.js";

// Ex) `const r = new Resource()`, a `try` with `finally` right after, `r.close()` in the block,
// or a call in a program that speaks of `dispose`: only then is the checker asked about the local's type.
export function worthAskingTheType(
  ctx: TransformContext,
  name: string,
  call: ts.CallExpression | ts.NewExpression,
  container: ts.Block | ts.SourceFile,
  statement: ts.VariableStatement,
): boolean {
  const clues = fileClues(ctx.sourceFile);
  // Ex) `const qr = this.createQueryRunner()` whose type declares `[Symbol.asyncDispose]` in
  // another file: a call's type can come from any file of the program, so only a program where
  // no file but the default library speaks of disposing can skip the question.
  if (!ts.isNewExpression(call) && programSpeaksOfDispose(ctx) && mayReturnDisposable(ctx, call)) return true;
  if (ts.isNewExpression(call)) {
    const target = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
    const symbol = symbolOf(ctx.checker, target);
    const declarations = symbol?.declarations ?? [];
    if (declarations.every((d) => ctx.isLibFile(d.getSourceFile()))) return false;
    // Ex) `new Parser(text)` of a class (and base classes) declared in files that never
    // mention `Symbol.dispose`: it cannot be disposable, no need to ask its type.
    if (!declarations.some((d) => mayBeDisposableClass(ctx, d, 0))) return false;
    return constructsDisposable(ctx, symbol!);
  }
  const next = container.statements[container.statements.indexOf(statement as ts.Statement) + 1];
  if (next && ts.isTryStatement(next) && next.finallyBlock) return true;
  // Released in the same block (`name.close()`, `name[Symbol.dispose]()`, `clearTimeout(name)`):
  // one scan of the file collects every such name and place, instead of one scan per declaration.
  return (clues.released.get(name) ?? []).some((pos) => pos >= container.pos && pos < container.end);
}

const DISPOSE_MENTION = /\bSymbol\.(?:async)?[dD]ispose\b|\b(?:Async)?Disposable\b|\.dispose\s*\(/;

/** Whether a class (or what it extends) may have `[Symbol.dispose]`: a text test on the files declaring them. */
function mayBeDisposableClass(ctx: TransformContext, d: ts.Declaration, depth: number): boolean {
  if (!ts.isClassLike(d) || depth > 5) return true;
  if (DISPOSE_MENTION.test(d.getSourceFile().text)) return true;
  const base = d.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!base) return false;
  const symbol = symbolOf(
    ctx.checker,
    ts.isPropertyAccessExpression(base.expression) ? base.expression.name : base.expression,
  );
  const declarations = symbol?.declarations ?? [];
  // Ex) `class X extends Data.Class<…>()`: a base made by a call cannot be followed.
  if (declarations.length === 0) return true;
  return declarations.some((b) => mayBeDisposableClass(ctx, b, depth + 1));
}

const programClues = new WeakMap<ts.Program, boolean>();

/** Whether a file of the program other than the default library mentions disposing (`dispose`, `Disposable`…). */
function programSpeaksOfDispose(ctx: TransformContext): boolean {
  let speaks = programClues.get(ctx.program);
  if (speaks === undefined) {
    speaks = ctx.program.getSourceFiles().some((f) => !ctx.isLibFile(f) && /[dD]ispos/.test(f.text));
    programClues.set(ctx.program, speaks);
  }
  return speaks;
}

interface FileClues {
  /** Names released somewhere in the file, with where. */
  released: Map<string, number[]>;
}

const cluesCache = new WeakMap<ts.SourceFile, FileClues>();

const TIMER_CLEARS = new Set(["clearTimeout", "clearInterval", "clearImmediate"]);
const RELEASE_CALL = new RegExp(`(?:\\?\\.|\\.)\\s*(?:${[...GENERIC_CLEANUP_METHODS].join("|")})\\s*\\(`, "g");
const SYMBOL_MEMBER = /\[\s*Symbol\./g;
const TIMER_CLEAR = new RegExp(`\\b(?:${[...TIMER_CLEARS].join("|")})\\s*\\(\\s*([\\w$]+)`, "g");

export function fileClues(sf: ts.SourceFile): FileClues {
  let clues = cluesCache.get(sf);
  if (clues) return clues;
  const text = sf.text;
  const released = new Map<string, number[]>();
  const add = (name: string, at: number): void => {
    const list = released.get(name);
    if (list) list.push(at);
    else released.set(name, [at]);
  };
  // `name.close(`, `name?.dispose(`, `name[Symbol.`: found by what follows the name (a search from
  // every character of every name for a name followed by one of them took half a second of
  // effect's audit), then the name read backwards from there.
  for (const pattern of [RELEASE_CALL, SYMBOL_MEMBER]) {
    for (const m of text.matchAll(pattern)) {
      let end = m.index;
      while (end > 0 && /\s/.test(text[end - 1]!)) end--;
      let start = end;
      while (start > 0 && /[\w$]/.test(text[start - 1]!)) start--;
      if (start < end) add(text.slice(start, end), start);
    }
  }
  for (const m of text.matchAll(TIMER_CLEAR)) add(m[1]!, m.index);
  clues = { released };
  cluesCache.set(sf, clues);
  return clues;
}
