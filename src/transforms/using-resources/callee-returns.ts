/**
 * What a callee's declared signatures say of the values its calls return: whether one may have
 * `[Symbol.dispose]`/`[Symbol.asyncDispose]`, decided once per callee instead of once per call.
 */

import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { symbolOf } from "../util/ast.js";
import { nameMayReturnDisposable } from "./callee-names.js";

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
  // Ex) `Effect.map(…)`, `schema.parse(…)`: no declaration named so may return a disposable; its receiver is not typed.
  if (sortsByName(ctx) && !nameMayReturnDisposable(ctx, name)) return false;
  const symbol = symbolOf(ctx.checker, name);
  return symbol === undefined || calleeMayReturnDisposable(ctx, symbol);
}

/**
 * Whether calls are sorted by their callee's name first (callee-names.ts): in a program of at
 * least `NAME_SORT_FILES` source files of the project. The sort walks every file of the program
 * (declaration files of dependencies included) once, which a small project's few calls do not
 * repay (on examples/leaky-app, a tenth of the run); a codebase of hundreds of files asks about
 * the same names thousands of times.
 */
function sortsByName(ctx: TransformContext): boolean {
  let sorts = nameSorts.get(ctx.program);
  if (sorts === undefined) {
    let files = 0;
    for (const f of ctx.program.getSourceFiles())
      if (!f.isDeclarationFile && !f.fileName.includes("/node_modules/")) files++;
    sorts = files >= NAME_SORT_FILES;
    nameSorts.set(ctx.program, sorts);
  }
  return sorts;
}

export const NAME_SORT_FILES = 100;
const nameSorts = new WeakMap<ts.Program, boolean>();

/** Whether a callee (a resolved symbol) may return something disposable, once per symbol. */
function calleeMayReturnDisposable(ctx: TransformContext, symbol: ts.Symbol): boolean {
  const declarations = symbol.declarations ?? [];
  if (declarations.length === 0) return true;
  if (declarations.every((d) => ctx.isLibFile(d.getSourceFile()))) return false;
  // Ex) a symbol that is only a type (a call the checker cannot resolve anyway), a property that
  // is not a function (a mapped type may make a callable one of it): ask.
  return signaturesMayReturnDisposable(ctx, symbol, "call");
}

/**
 * Whether what `new` makes with this symbol may have a dispose member, by its construct
 * signatures' declared instance types: what a class declares and inherits, what an interface's
 * `new (…): Foo` says. Asking the local's type instead checks the arguments of every such `new`
 * (on effect, a sixth of the time `using-resources` took there, most of it for the default
 * library's globals that `@types/node` adds to). Once per symbol.
 */
// Ex) `new URL(s)`, `new Uint8Array(n)`: declared by the default library and `@types/node` (a `var`
// of a constructor type, an interface), whose instances declare no dispose member: no.
// Ex) `new Connection()` of a class whose base declares `[Symbol.asyncDispose]`: yes, ask.
export function constructsDisposable(ctx: TransformContext, symbol: ts.Symbol): boolean {
  return signaturesMayReturnDisposable(ctx, symbol, "construct");
}

/**
 * Whether one of a symbol's call (or construct) signatures declares a result that may have a
 * dispose member; without signatures, may. A call's own type parameters are what its arguments
 * chose, handed back; `new <T>() => T` makes what the caller names, its `T` may be anything.
 */
function signaturesMayReturnDisposable(ctx: TransformContext, symbol: ts.Symbol, kind: "call" | "construct"): boolean {
  const verdicts = kind === "call" ? callVerdicts : constructVerdicts;
  let verdict = verdicts.get(symbol);
  if (verdict === undefined) {
    const type = symbol.flags & ts.SymbolFlags.Value ? ctx.checker.getTypeOfSymbol(symbol) : undefined;
    const signatures = (kind === "call" ? type?.getCallSignatures() : type?.getConstructSignatures()) ?? [];
    verdict =
      signatures.length === 0 ||
      signatures.some((s) =>
        typeMayHaveDispose(ctx, s.getReturnType(), kind === "call" ? new Set(s.getTypeParameters()) : NONE, 0),
      );
    verdicts.set(symbol, verdict);
  }
  return verdict;
}

const callVerdicts = new WeakMap<ts.Symbol, boolean>();
const constructVerdicts = new WeakMap<ts.Symbol, boolean>();
const NONE: TypeParameters = new Set<ts.TypeParameter>();

export const PROMISES = new Set(["Promise", "PromiseLike"]);

const DISPOSE_KEY = /^__@(?:async)?[dD]ispose@/;

/**
 * Whether a declared return type may have `[Symbol.dispose]`/`[Symbol.asyncDispose]` (or resolve
 * to something that has) at a call. A type parameter of the signature itself (`own`) is what the
 * arguments choose, and `this` is the receiver: both are handed back, not made. Any other type
 * parameter (the class's `T`) or a type computed from one can become anything. Instantiating a
 * generic interface or class changes the types of its members, never their names, so its
 * declared members are what is looked at: asking the members of an instantiation (a zod schema's
 * `ZodOptional<this>`) can make the checker build huge types for nothing.
 */
// Ex) `schema.describe(text)` declared `describe(…): this`: the receiver, handed back: no.
export function typeMayHaveDispose(ctx: TransformContext, type: ts.Type, own: TypeParameters, depth: number): boolean {
  const { checker } = ctx;
  if (depth > 40) return true;
  if (type.flags & ts.TypeFlags.TypeParameter) return !handedBack(type, own);
  // Ex) `get<T, K extends keyof T>(o: T, k: K): T[K]`: a part of what the caller passed.
  if (type.flags & ts.TypeFlags.IndexedAccess) return !handedBack((type as ts.IndexedAccessType).objectType, own);
  // Ex) `deepPartial<T>(schema: T): DeepPartial<T>`, `DeepPartial<T> = T extends ZodObject<infer S> ? ZodObject<…> : …`:
  // one of its branches, judged as declared (asking the checker for the instantiation, out of the
  // order a full check takes, can take zod's recursive types minutes and gigabytes).
  if (type.flags & ts.TypeFlags.Conditional)
    return conditionalMayHaveDispose(ctx, type as ts.ConditionalType, own, depth);
  if (type.flags & ts.TypeFlags.Substitution) return true;
  if (type.isUnionOrIntersection()) return type.types.some((t) => typeMayHaveDispose(ctx, t, own, depth + 1));
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  const objectFlags = (type as ts.ObjectType).objectFlags;
  if (objectFlags & ts.ObjectFlags.Mapped) return mappedMayHaveDispose(ctx, type as ts.ObjectType, own, depth);
  // Ex) `Promise<Connection>`, `Promise<T>`: what `await` gives (for a type parameter, the checker's
  // `Awaited<T>` would hide it).
  if (
    PROMISES.has(type.getSymbol()?.name ?? "") &&
    type.getSymbol()?.declarations?.some((d) => ctx.isLibFile(d.getSourceFile()))
  ) {
    const [promised] = checker.getTypeArguments(type as ts.TypeReference);
    return promised !== undefined && typeMayHaveDispose(ctx, promised, own, depth + 1);
  }
  const declared = objectFlags & ts.ObjectFlags.Reference ? (type as ts.TypeReference).target : type;
  // Ex) a thenable of the project's (`then` of its own): what it resolves to is not followed, ask.
  return checker
    .getPropertiesOfType(declared)
    .some((p) => DISPOSE_KEY.test(p.escapedName as string) || p.name === "then");
}

/** The type parameters whose values are what the caller passed (a signature's own). */
export interface TypeParameters {
  has(type: ts.TypeParameter): boolean;
}

/** Every type parameter: where they stand for types judged at their own declarations. */
export const ANY_TYPE_PARAMETER: TypeParameters = { has: () => true };

/**
 * A type parameter of the signature itself, or `this`, or a part of one (`T[K]`): what the
 * caller passed, handed back.
 */
function handedBack(type: ts.Type, own: TypeParameters): boolean {
  if (type.flags & ts.TypeFlags.IndexedAccess) return handedBack((type as ts.IndexedAccessType).objectType, own);
  return (type.flags & ts.TypeFlags.TypeParameter) !== 0 && (own.has(type as ts.TypeParameter) || isThisType(type));
}

/**
 * A mapped type: its keys are those of the type it maps (`{ [K in keyof S]: … }`,
 * `Simplify<Omit<S, K>>`, `Mutable<Headers>`), which may have a dispose key only if that type
 * may; or known keys (`Record<string, Redacted>`): whether one is a dispose key; or keys that
 * depend on the call (`{ [K in Keys]: … }` of the class's `Keys`): may.
 */
function mappedMayHaveDispose(ctx: TransformContext, type: ts.ObjectType, own: TypeParameters, depth: number): boolean {
  const { checker } = ctx;
  const members = checker.getPropertiesOfType(type);
  // (The type whose keys it maps, as the checker resolved it: an internal field, set when the
  // members are resolved; `unknown` when the keys are not those of a type.)
  const mapped = (type as { modifiersType?: ts.Type }).modifiersType;
  if (mapped !== undefined && !(mapped.flags & ts.TypeFlags.Unknown))
    return typeMayHaveDispose(ctx, mapped, own, depth + 1);
  if (members.some((p) => DISPOSE_KEY.test(p.escapedName as string))) return true;
  return members.length === 0 && checker.getIndexInfosOfType(type).length === 0;
}

/**
 * A conditional type whose type arguments cannot have a dispose member (handed back, or types
 * without one): whether one of its branches, as declared, may have a dispose member; its own type
 * parameters and `infer` ones stand for parts of those arguments. With an argument that may
 * (`NonNullable<Connection>`, whose branch is the argument), ask.
 */
function conditionalMayHaveDispose(
  ctx: TransformContext,
  type: ts.ConditionalType,
  own: TypeParameters,
  depth: number,
): boolean {
  if ((type.aliasTypeArguments ?? []).some((a) => typeMayHaveDispose(ctx, a, own, depth + 1))) return true;
  const { root } = type;
  const extra = new Set([...(root.inferTypeParameters ?? []), ...(root.outerTypeParameters ?? [])]);
  const inner: TypeParameters = { has: (t) => own.has(t) || extra.has(t) };
  return [root.node.trueType, root.node.falseType].some((branch) =>
    typeMayHaveDispose(ctx, ctx.checker.getTypeFromTypeNode(branch), inner, depth + 1),
  );
}

/** The polymorphic `this` type: a type parameter declared by its class or interface, not by a `<T>`. */
function isThisType(type: ts.Type): boolean {
  const declaration = type.getSymbol()?.declarations?.[0];
  return declaration !== undefined && !ts.isTypeParameterDeclaration(declaration);
}
