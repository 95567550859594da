/**
 * Cheap text clues that decide whether the checker is asked about a local's type at all: the
 * names a file releases, whether a program speaks of disposing, whether a class may be disposable.
 */

import { ts } from "ts-morph";
import type { TransformContext } from "../../engine/types.js";
import { GENERIC_CLEANUP_METHODS } from "./resources.js";
import { symbolOf } from "../util/ast.js";

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
    return declarations.some((d) => mayBeDisposableClass(ctx, d, 0));
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

/**
 * Whether a call may return something disposable, judged from what its callee declares rather
 * than by asking the checker for the local's type (which, on a zod schema or an effect
 * pipeline, instantiates huge generic types for nothing). A callee of the default library
 * cannot: the platform's resources are in the resource table. Otherwise: a return type
 * annotation naming only types declared in files that never mention disposing cannot; a callee
 * without one (an inferred return type) may.
 */
// Ex) `z.object({ … })` declared `(): ZodObject<…>`, ZodObject's file never says `dispose`: no.
// Ex) `this.createQueryRunner()` declared `(): QueryRunner`, QueryRunner declares `[Symbol.asyncDispose]`: yes.
function mayReturnDisposable(ctx: TransformContext, call: ts.CallExpression): boolean {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!name) return true;
  const declarations = symbolOf(ctx.checker, name)?.declarations ?? [];
  if (declarations.length === 0) return true;
  if (declarations.every((d) => ctx.isLibFile(d.getSourceFile()))) return false;
  return declarations.some((d) => {
    // Ex) `export const map: { <A, B>(f: (a: A) => B): … } = dual(…)`: the variable's annotation.
    const type =
      ts.isFunctionLike(d) || ts.isVariableDeclaration(d) || ts.isPropertyDeclaration(d) || ts.isPropertySignature(d)
        ? d.type
        : undefined;
    return type === undefined || typeMayBeDisposable(ctx, type);
  });
}

/** Ex) `Promise<QueryRunner>`: whether any type it names may have `[Symbol.dispose]`/`[Symbol.asyncDispose]`. */
function typeMayBeDisposable(ctx: TransformContext, type: ts.TypeNode, depth = 0): boolean {
  if (depth > 5 || DISPOSE_MENTION.test(type.getText())) return true;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isTypeReferenceNode(n) || ts.isExpressionWithTypeArguments(n)) {
      found = referenceMayBeDisposable(ctx, ts.isTypeReferenceNode(n) ? n.typeName : n.expression, depth);
    } else if (ts.isTypeQueryNode(n) || ts.isImportTypeNode(n)) found = true;
    ts.forEachChild(n, visit);
  };
  visit(type);
  return found;
}

/** Ex) `QueryRunner` → its interface: a `[Symbol.asyncDispose]` member, or a base type that has one. */
function referenceMayBeDisposable(ctx: TransformContext, ref: ts.Node, depth: number): boolean {
  const id = ts.isQualifiedName(ref) ? ref.right : ts.isPropertyAccessExpression(ref) ? ref.name : ref;
  const declarations = symbolOf(ctx.checker, id)?.declarations ?? [];
  // Ex) a type the checker cannot resolve: cannot tell, ask.
  if (declarations.length === 0) return true;
  return declarations.some((d) => {
    // Ex) the library's `Disposable`, `AsyncDisposable`, `DisposableStack`; not `Promise`, `Map`…
    if (ctx.isLibFile(d.getSourceFile())) return ts.isIdentifier(id) && /Disposable/.test(id.text);
    if (ts.isTypeAliasDeclaration(d)) return typeMayBeDisposable(ctx, d.type, depth + 1);
    if (!ts.isInterfaceDeclaration(d) && !ts.isClassLike(d))
      return ts.isTypeParameterDeclaration(d) ? false : !ts.isEnumDeclaration(d);
    const members: readonly (ts.ClassElement | ts.TypeElement)[] = d.members;
    if (members.some((m) => m.name !== undefined && DISPOSE_MENTION.test(m.name.getText()))) return true;
    return (d.heritageClauses ?? []).some((h) => h.types.some((t) => typeMayBeDisposable(ctx, t, depth + 1)));
  });
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

export function fileClues(sf: ts.SourceFile): FileClues {
  let clues = cluesCache.get(sf);
  if (clues) return clues;
  const text = sf.text;
  const released = new Map<string, number[]>();
  const methods = [...GENERIC_CLEANUP_METHODS].join("|");
  const patterns = [
    new RegExp(`([\\w$]+)\\s*(?:\\?\\.|\\.)\\s*(?:${methods})\\s*\\(`, "g"),
    /([\w$]+)\s*\[\s*Symbol\./g,
    new RegExp(`\\b(?:${[...TIMER_CLEARS].join("|")})\\s*\\(\\s*([\\w$]+)`, "g"),
  ];
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) released.set(m[1]!, [...(released.get(m[1]!) ?? []), m.index]);
  }
  clues = { released };
  cluesCache.set(sf, clues);
  return clues;
}
