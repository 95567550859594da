/**
 * What a callee's declared signatures say of the values its calls return: whether one may have
 * `[Symbol.dispose]`/`[Symbol.asyncDispose]`, decided once per callee instead of once per call.
 */

import { ts } from "ts-morph";
import type { TransformContext } from "../../engine/types.js";
import { symbolOf } from "../util/ast.js";

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
export function mayReturnDisposable(ctx: TransformContext, call: ts.CallExpression): boolean {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!name) return true;
  const symbol = symbolOf(ctx.checker, name);
  return symbol === undefined || calleeMayReturnDisposable(ctx, symbol);
}

/** Whether a callee (a resolved symbol) may return something disposable, once per symbol. */
function calleeMayReturnDisposable(ctx: TransformContext, symbol: ts.Symbol): boolean {
  const declarations = symbol.declarations ?? [];
  if (declarations.length === 0) return true;
  if (declarations.every((d) => ctx.isLibFile(d.getSourceFile()))) return false;
  let verdict = calleeVerdicts.get(symbol);
  if (verdict === undefined) {
    // Ex) a symbol that is only a type (a call the checker cannot resolve anyway), a property that
    // is not a function (a mapped type may make a callable one of it): ask.
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
