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
 * Whether a call may return something disposable, judged from the callee's own signatures rather
 * than by asking the checker for the local's type. The local's type is a return type of one of
 * the callee's signatures with its type parameters inferred at this call, and inferring them
 * checks every argument (on an effect pipeline or a zod schema, whole generator bodies and huge
 * generic types) for nothing. The callee's type is computed once for all its calls. A callee of
 * the default library cannot: the platform's resources are in the resource table.
 */
// Ex) `Effect.map(self, f)` declared `<A, E, R, B>(…): Effect<B, E, R>`, `Effect` has no dispose member: no.
// Ex) `this.createQueryRunner()` declared `(): QueryRunner`, `QueryRunner` declares `[Symbol.asyncDispose]`: yes.
// Ex) `container.get(Connection)` declared `get<T>(token: Token<T>): T`, `Option.getOrThrow(o)`: the
// call hands back a value of a type its arguments choose (a container's service, what the option
// holds), not one it made for this caller: no. `pool.acquire()` returning its class's `T`: ask.
function mayReturnDisposable(ctx: TransformContext, call: ts.CallExpression): boolean {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!name) return true;
  const symbol = symbolOf(ctx.checker, name);
  const declarations = symbol?.declarations ?? [];
  if (!symbol || declarations.length === 0) return true;
  if (declarations.every((d) => ctx.isLibFile(d.getSourceFile()))) return false;
  let verdict = calleeVerdicts.get(symbol);
  if (verdict === undefined) {
    // Ex) a symbol that is only a type (a call the checker cannot resolve anyway): ask.
    const signatures =
      symbol.flags & ts.SymbolFlags.Value ? ctx.checker.getTypeOfSymbol(symbol).getCallSignatures() : [];
    verdict =
      signatures.length === 0 ||
      signatures.some((s) => typeMayHaveDispose(ctx, s.getReturnType(), new Set(s.getTypeParameters()), 0));
    calleeVerdicts.set(symbol, verdict);
  }
  return verdict;
}

const calleeVerdicts = new WeakMap<ts.Symbol, boolean>();

const PROMISES = new Set(["Promise", "PromiseLike"]);

const DISPOSE_KEY = /^__@(?:async)?[dD]ispose@/;

/**
 * Whether a declared return type may have `[Symbol.dispose]`/`[Symbol.asyncDispose]` (or resolve
 * to something that has) at a call. Instantiating an object type changes the types of its
 * members, never their names. A type parameter of the signature itself (`own`) is what the
 * arguments choose, handed back; any other (the class's `T`, `this`) or a type computed from one
 * can become anything.
 */
function typeMayHaveDispose(
  ctx: TransformContext,
  type: ts.Type,
  own: ReadonlySet<ts.TypeParameter>,
  depth: number,
): boolean {
  const { checker } = ctx;
  if (depth > 4) return true;
  if (type.flags & ts.TypeFlags.TypeParameter) return !own.has(type as ts.TypeParameter);
  // Ex) `T[K]`, `T extends X ? A : B`: depends on the call.
  if (type.flags & (ts.TypeFlags.IndexedAccess | ts.TypeFlags.Conditional | ts.TypeFlags.Substitution)) return true;
  if (type.isUnionOrIntersection()) return type.types.some((t) => typeMayHaveDispose(ctx, t, own, depth + 1));
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  // Ex) `{ [K in keyof T]: … }`: its keys depend on the call.
  if ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Mapped) return true;
  if (checker.getPropertiesOfType(type).some((p) => DISPOSE_KEY.test(p.escapedName as string))) return true;
  // Ex) `Promise<Connection>`, `Promise<T>`: what `await` gives (for a type parameter, the checker's
  // `Awaited<T>` would hide it).
  if (
    PROMISES.has(type.getSymbol()?.name ?? "") &&
    type.getSymbol()?.declarations?.some((d) => ctx.isLibFile(d.getSourceFile()))
  ) {
    const [promised] = checker.getTypeArguments(type as ts.TypeReference);
    return promised !== undefined && typeMayHaveDispose(ctx, promised, own, depth + 1);
  }
  const awaited = checker.getAwaitedType(type);
  return awaited !== undefined && awaited !== type && typeMayHaveDispose(ctx, awaited, own, depth + 1);
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
