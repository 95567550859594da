/**
 * Which callee *names* may return something disposable, decided once per program from every
 * declaration that carries the name, so that a call whose name no such declaration carries is
 * never resolved. Resolving `schema.parse` or `stream.pipe` types the receiver first (for a local
 * made by a generic call, its whole overload resolution): on effect and zod that was most of the
 * analysis, for calls whose every candidate returns an `Effect` or a schema.
 *
 * A declaration is judged by what it declares (a return type, a parameter's type) or, where it
 * declares nothing, by the form of what it returns or holds (`return new ZodString(…)`,
 * `optional: optionalProcessor`, `return this._addCheck(…)`: what that name may), never by asking
 * the checker to infer a type (out of the order a full check takes, zod's recursive types take
 * gigabytes). A name's verdict is as good as its worst declaration: one that may return a
 * disposable, or cannot be judged (a variable made by a call, an untyped parameter, a default
 * import), sends the calls of that name to the precise question (callee-returns.ts). A local
 * (a parameter, a variable of a function, an import) counts only for calls by its bare name in
 * its function or file. Members without a name of their own (an index signature, a computed key
 * of type `string`, a mapped type or `Record` whose values are chosen where it is used) send every
 * name there when one of them may be a callable returning a disposable.
 *
 * Used in programs of at least `NAME_SORT_FILES` project files (callee-returns.ts): the walk costs
 * what a small project's few calls do not repay.
 *
 * Where the sort says no and the checker, asked, could have found a disposable (a finding missed,
 * never one made): a callable stored under a computed key of type `string` without a declared
 * type (`{ [key]: () => new Handle() }`); a value of a type parameter of an enclosing function
 * (`parse: (d) => d as S` inside `object<S>()`: what `object`'s caller passed, handed back) or of
 * a member no declaration names (`Record<string, V>` in generic code), taken as what it stands for.
 */

import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { calleeName, ownReturns, symbolOf } from "../util/ast.js";
import { ANY_TYPE_PARAMETER, PROMISES, typeMayHaveDispose } from "./callee-returns.js";

interface NameIndex {
  /** Declarations a call may reach through a receiver or an import, by name (default library excluded). */
  members: Map<string, ts.Node[]>;
  /** Declarations only a call by the bare name inside `scope` can reach. */
  locals: Map<ts.SourceFile, Map<string, { node: ts.Node; scope: ts.Node }[]>>;
  /** Members without a name of their own, judged the first time a name is asked. */
  unnamed: (() => boolean)[];
  anyName: boolean | undefined;
  verdicts: Map<string, boolean>;
  localVerdicts: WeakMap<ts.Node, boolean>;
  /** Per name: whether what its calls return may be a callable returning a disposable. */
  results: Map<string, boolean>;
  /** Per name: whether a member of that name may hold a disposable. */
  values: Map<string, boolean>;
}

/** A walk through names that refer to names (`optional: optionalProcessor`). */
interface Walk {
  path: Set<unknown>;
  /** Names met again while on the path: a loop adds nothing (the names on it are judged by their other declarations). */
  loops: number;
  steps: number;
}

const indexes = new WeakMap<ts.Program, NameIndex>();

/**
 * Whether a callee named so (`x.open` → "open", `open` → "open" and the locals in scope) may return
 * something disposable, by every declaration it may reach.
 */
export function nameMayReturnDisposable(ctx: TransformContext, name: ts.Identifier | ts.PrivateIdentifier): boolean {
  const index = indexOf(ctx);
  index.anyName ??= index.unnamed.some((may) => may());
  if (index.anyName) return true;
  const walk: Walk = { path: new Set(), loops: 0, steps: 0 };
  return ts.isPropertyAccessExpression(name.parent) && name.parent.name === name
    ? memberVerdict(ctx, index, name.text, walk)
    : identifierVerdict(ctx, index, name.text, name, walk);
}

function memberVerdict(ctx: TransformContext, index: NameIndex, name: string, walk: Walk): boolean {
  const known = index.verdicts.get(name);
  if (known !== undefined) return known;
  return judged(index.verdicts, name, walk, () =>
    (index.members.get(name) ?? []).some((d) => declarationMay(ctx, index, d, walk)),
  );
}

/** A bare name at `at`: the members of that name (imports reach them) and the locals in scope. */
function identifierVerdict(ctx: TransformContext, index: NameIndex, name: string, at: ts.Node, walk: Walk): boolean {
  if (memberVerdict(ctx, index, name, walk)) return true;
  return localsInScope(index, name, at).some((node) => {
    const known = index.localVerdicts.get(node);
    if (known !== undefined) return known;
    return judged(index.localVerdicts, node, walk, () => declarationMay(ctx, index, node, walk));
  });
}

/** The name a call is made by: `x.open(…)` → "open"; `open(…)` → "open", bare (locals may hold it). */
function calleeOf(call: ts.CallExpression): { name: string; bare: boolean } | undefined {
  const callee = skipOuter(call.expression);
  const name = calleeName(callee);
  return name === undefined ? undefined : { name, bare: ts.isIdentifier(callee) };
}

/** `Foo` of `new Foo()`, `Bar` of `new ns.Bar()`. */
function nameOf(e: ts.Expression): ts.Node {
  return ts.isPropertyAccessExpression(e) ? e.name : e;
}

/** The local declarations of a name whose scope holds `at`. */
function localsInScope(index: NameIndex, name: string, at: ts.Node): ts.Node[] {
  const entries = index.locals.get(at.getSourceFile())?.get(name) ?? [];
  return entries.filter(({ scope }) => at.pos >= scope.pos && at.pos < scope.end).map(({ node }) => node);
}

/** Judges `key` once; a "no" reached through a loop may depend on a name still being judged, so it is kept only at the root. */
function judged<K>(
  memo: { set(key: K, value: boolean): unknown },
  key: K,
  walk: Walk,
  judge: () => boolean,
  step: unknown = key,
): boolean {
  if (walk.path.has(step)) {
    walk.loops++;
    return false;
  }
  // Ex) a chain of thousands of names: give up, the call is asked.
  if (++walk.steps > 5000) return true;
  const root = walk.path.size === 0;
  const loops = walk.loops;
  walk.path.add(step);
  const verdict = judge();
  walk.path.delete(step);
  if (verdict || root || walk.loops === loops) memo.set(key, verdict);
  return verdict;
}

/** Whether one declaration may be (or hold) a callable that returns a disposable. */
function declarationMay(ctx: TransformContext, index: NameIndex, d: ts.Node, walk: Walk): boolean {
  const { checker } = ctx;
  // Ex) `import { open as o } from "./fs"`, `export { open as o }`, `const { open: o } = api`: what `open` may.
  const renamed = renamedFrom(d);
  if (renamed !== undefined) return renamed === "default" || memberVerdict(ctx, index, renamed, walk);
  // Ex) `{ open }`: what the name `open` there may.
  if (ts.isShorthandPropertyAssignment(d)) return identifierVerdict(ctx, index, d.name.text, d, walk);
  // Ex) `get open(): () => Handle`, `get open() { return () => new Handle(); }`: `o.open()` calls what it returns.
  if (ts.isGetAccessor(d)) {
    if (d.type) return valuesMay(ctx, checker.getTypeFromTypeNode(d.type));
    return returnedValues(d).some((e) => valueMay(ctx, index, e, walk));
  }
  if (ts.isFunctionLike(d)) return functionMay(ctx, index, d, walk);
  const typeNode = declaredType(d);
  // Ex) `export const map: { <A, B>(f: (a: A) => B): … } = dual(…)`, `open: () => Handle`, `(make: Factory) => …`.
  if (typeNode) return valuesMay(ctx, checker.getTypeFromTypeNode(typeNode));
  // Ex) `open?;` in a class or an interface: `any`, whose calls give `any`.
  if (ts.isPropertySignature(d) || (ts.isPropertyDeclaration(d) && !d.initializer)) return false;
  const initializer = initializerOf(d);
  // Ex) an untyped parameter or an array binding, a default or namespace import: their types come from elsewhere.
  if (!initializer) return true;
  return valueMay(ctx, index, initializer, walk);
}

/**
 * Whether a value, as written, may be a callable that returns a disposable. A literal cannot be
 * called; a name or a member is what that name's declarations may be.
 */
// Ex) `enum: "enumeración"`, `int: { unit: "" }`: no; `optional: optionalProcessor`, `create = ZodEnum.create`: what that name may.
function valueMay(ctx: TransformContext, index: NameIndex, e: ts.Expression, walk: Walk): boolean {
  e = skipOuter(e);
  if (ts.isFunctionExpression(e) || ts.isArrowFunction(e)) return functionMay(ctx, index, e, walk);
  if (ts.isIdentifier(e)) return e.text !== "undefined" && identifierVerdict(ctx, index, e.text, e, walk);
  if (ts.isPropertyAccessExpression(e)) return memberVerdict(ctx, index, e.name.text, walk);
  if (ts.isAsExpression(e) || ts.isTypeAssertionExpression(e))
    return isConstAssertion(e.type)
      ? valueMay(ctx, index, e.expression, walk)
      : valuesMay(ctx, ctx.checker.getTypeFromTypeNode(e.type));
  const either = branches(e);
  if (either) return either.some((b) => valueMay(ctx, index, b, walk));
  // Ex) `string: z.string()` (declared `(): ZodString`, not a callable), `open: makeOpener()`.
  if (ts.isCallExpression(e)) return callResultMay(ctx, index, e, walk);
  // (Arithmetic and comparisons are never callables.)
  return !ts.isBinaryExpression(e) && !NEVER_CALLABLE.has(e.kind);
}

/**
 * Whether what a call returns may be a callable that returns a disposable, by what the
 * declarations of its callee's name return.
 */
function callResultMay(ctx: TransformContext, index: NameIndex, call: ts.CallExpression, walk: Walk): boolean {
  const explicit = explicitResult(ctx, index, call, "callable");
  if (explicit !== undefined) return explicit;
  const callee = calleeOf(call);
  if (!callee) return true;
  const { name, bare } = callee;
  const judge = (d: ts.Node): boolean => declaredResultMay(ctx, index, d, walk);
  if (bare && localsInScope(index, name, call).some(judge)) return true;
  const known = index.results.get(name);
  if (known !== undefined) return known;
  return judged(index.results, name, walk, () => (index.members.get(name) ?? []).some(judge), `\0${name}`);
}

/** Whether a declaration's calls may return a callable that returns a disposable. */
function declaredResultMay(ctx: TransformContext, index: NameIndex, d: ts.Node, walk: Walk): boolean {
  const { checker } = ctx;
  const initializer = initializerOf(d);
  const fn = ts.isFunctionLike(d)
    ? d
    : initializer && (ts.isFunctionExpression(initializer) || ts.isArrowFunction(initializer))
      ? initializer
      : undefined;
  if (fn) {
    if (fn.type || ts.getJSDocReturnType(fn) || fn.getSourceFile().isDeclarationFile) {
      const signature = checker.getSignatureFromDeclaration(fn);
      return signature === undefined || valuesMay(ctx, signature.getReturnType());
    }
    return returnedValues(fn).some((e) => valueMay(ctx, index, e, walk));
  }
  const typeNode = declaredType(d);
  if (typeNode)
    return checker
      .getTypeFromTypeNode(typeNode)
      .getCallSignatures()
      .some((sig) => valuesMay(ctx, sig.getReturnType()));
  return true;
}

/**
 * A call with type arguments to a function whose every declaration returns one of its own type
 * parameters (or a union or intersection of them): what it returns is of the types written at
 * the call, judged as written. Undefined when the callee is not of that kind.
 */
// Ex) effect's `some = dual<(f: …) => (self: HashMap<K, A>) => boolean, (self: HashMap<K, A>, f: …) => boolean>(2, …)`,
// `dual` declared `<DataLast, DataFirst>(arity, body: DataFirst): DataLast & DataFirst`.
function explicitResult(
  ctx: TransformContext,
  index: NameIndex,
  call: ts.CallExpression,
  question: "callable" | "disposable",
): boolean | undefined {
  const typeArguments = call.typeArguments;
  if (!typeArguments) return undefined;
  const callee = calleeOf(call);
  if (!callee) return undefined;
  const { name, bare } = callee;
  const declarations = [...(index.members.get(name) ?? []), ...(bare ? localsInScope(index, name, call) : [])];
  const signatures = declarations.flatMap((d): (ts.SignatureDeclaration | undefined)[] => [
    ...(declaredSignatures(d) ?? [undefined]),
  ]);
  if (signatures.length === 0) return undefined;
  const chosen = new Set<number>();
  for (const signature of signatures) {
    const positions = signature && ownReturnPositions(signature);
    if (!positions) return undefined;
    for (const p of positions) chosen.add(p);
  }
  const state: Written = { aliases: new Set(), expansions: 0 };
  return [...chosen].some((p) => {
    const written = typeArguments[p];
    return written === undefined || writtenType(ctx, written, question, state);
  });
}

/** The call signatures a declaration writes out: a function's own, or those of its declared type literal. */
function declaredSignatures(d: ts.Node): readonly ts.SignatureDeclaration[] | undefined {
  if (ts.isFunctionLike(d)) return [d];
  const type = declaredType(d);
  if (type && ts.isTypeLiteralNode(type)) {
    const calls = type.members.filter(ts.isCallSignatureDeclaration);
    if (calls.length === type.members.length) return calls;
  }
  return undefined;
}

/** The positions of the type parameters a signature's declared return type is made of (`A`, `A & B`), if only of them. */
function ownReturnPositions(signature: ts.SignatureDeclaration): number[] | undefined {
  const parameters = signature.typeParameters?.map((p) => p.name.text) ?? [];
  const positions: number[] = [];
  const visit = (node: ts.TypeNode | undefined): boolean => {
    if (!node) return false;
    if (ts.isParenthesizedTypeNode(node)) return visit(node.type);
    if (ts.isUnionTypeNode(node) || ts.isIntersectionTypeNode(node)) return node.types.every(visit);
    if (!ts.isTypeReferenceNode(node) || !ts.isIdentifier(node.typeName) || node.typeArguments) return false;
    const at = parameters.indexOf(node.typeName.text);
    if (at < 0) return false;
    positions.push(at);
    return true;
  };
  return visit(signature.type) ? positions : undefined;
}

/**
 * Whether a value, as written, may have `[Symbol.dispose]`/`[Symbol.asyncDispose]`: what a
 * function that declares no return type returns.
 */
// Ex) `return new ZodString({…})`: the class declares no dispose member; `return this._addCheck(…)`: what `_addCheck` may.
function resultMay(ctx: TransformContext, index: NameIndex, e: ts.Expression, walk: Walk): boolean {
  const { checker } = ctx;
  e = skipOuter(e);
  while (ts.isAwaitExpression(e)) e = skipOuter(e.expression);
  // Ex) `return this`: the receiver, handed back.
  if (e.kind === ts.SyntaxKind.ThisKeyword) return false;
  if (ts.isCallExpression(e)) {
    const explicit = explicitResult(ctx, index, e, "disposable");
    if (explicit !== undefined) return explicit;
    const callee = skipOuter(e.expression);
    if (ts.isPropertyAccessExpression(callee)) return memberVerdict(ctx, index, callee.name.text, walk);
    if (ts.isIdentifier(callee)) return identifierVerdict(ctx, index, callee.text, callee, walk);
    return true;
  }
  if (ts.isNewExpression(e)) {
    const symbol = symbolOf(checker, nameOf(e.expression));
    const declaration = symbol?.declarations?.[0];
    if (!symbol || !declaration || !ts.isClassLike(declaration)) return true;
    return typeMayHaveDispose(ctx, checker.getDeclaredTypeOfSymbol(symbol), new Set(), 0);
  }
  if (ts.isAsExpression(e) || ts.isTypeAssertionExpression(e))
    return isConstAssertion(e.type)
      ? resultMay(ctx, index, e.expression, walk)
      : typeMayHaveDispose(ctx, checker.getTypeFromTypeNode(e.type), enclosingTypeParameters(ctx, e), 0);
  if (ts.isIdentifier(e)) {
    if (e.text === "undefined") return false;
    // Ex) `return schema` (a parameter: what the caller passed); `const s = new ZodString(…); return s`.
    const declaration = symbolOf(checker, e)?.valueDeclaration;
    if (declaration && ts.isParameter(declaration)) return false;
    if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      !declaration.type &&
      ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const
    )
      return resultMay(ctx, index, declaration.initializer, walk);
    return true;
  }
  // Ex) `return this.unconstrainedHandler`: what the members of that name hold.
  if (ts.isPropertyAccessExpression(e)) return memberValueMay(ctx, index, e.name.text, walk);
  // Ex) `return { [Symbol.dispose]() { … } }`, `return { ...handle }`.
  if (ts.isObjectLiteralExpression(e))
    return e.properties.some(
      (p) =>
        ts.isSpreadAssignment(p) || (p.name !== undefined && ts.isComputedPropertyName(p.name) && !isPlainKey(p.name)),
    );
  const either = branches(e);
  if (either) return either.some((b) => resultMay(ctx, index, b, walk));
  if (ts.isBinaryExpression(e)) return false;
  return !NEVER_DISPOSABLE.has(e.kind);
}

/** Whether a member of this name (a property, a getter, a module's variable) may hold a disposable, by what it declares. */
function memberValueMay(ctx: TransformContext, index: NameIndex, name: string, walk: Walk): boolean {
  const known = index.values.get(name);
  if (known !== undefined) return known;
  return judged(
    index.values,
    name,
    walk,
    () => (index.members.get(name) ?? []).some((d) => declaredValueMay(ctx, index, d, walk)),
    `\u0001${name}`,
  );
}

function declaredValueMay(ctx: TransformContext, index: NameIndex, d: ts.Node, walk: Walk): boolean {
  const { checker } = ctx;
  const renamed = renamedFrom(d);
  if (renamed !== undefined) return renamed === "default" || memberValueMay(ctx, index, renamed, walk);
  if (ts.isGetAccessor(d)) {
    if (d.type) return typeMayHaveDispose(ctx, checker.getTypeFromTypeNode(d.type), new Set(), 0);
    return returnedValues(d).some((e) => resultMay(ctx, index, e, walk));
  }
  // (A method or a function held as a value has no dispose member.)
  if (ts.isFunctionLike(d)) return false;
  const typeNode = declaredType(d);
  if (typeNode) return typeMayHaveDispose(ctx, checker.getTypeFromTypeNode(typeNode), new Set(), 0);
  if (ts.isPropertySignature(d) || (ts.isPropertyDeclaration(d) && !d.initializer)) return false;
  const initializer = initializerOf(d);
  return initializer === undefined || resultMay(ctx, index, initializer, walk);
}

/** The values an expression may take, for `a ? b : c`, `a ?? b`, `a || b`, `a && b`, `(a, b)`. */
function branches(e: ts.Expression): ts.Expression[] | undefined {
  if (ts.isConditionalExpression(e)) return [e.whenTrue, e.whenFalse];
  if (!ts.isBinaryExpression(e)) return undefined;
  switch (e.operatorToken.kind) {
    case ts.SyntaxKind.CommaToken:
    case ts.SyntaxKind.EqualsToken:
      return [e.right];
    case ts.SyntaxKind.BarBarToken:
    case ts.SyntaxKind.QuestionQuestionToken:
    case ts.SyntaxKind.AmpersandAmpersandToken:
      return [e.left, e.right];
    default:
      return undefined;
  }
}

/** A computed key that is a string (`["open"]`): not a symbol such as `[Symbol.dispose]`. */
function isPlainKey(name: ts.ComputedPropertyName): boolean {
  return ts.isStringLiteralLike(name.expression) || ts.isNumericLiteral(name.expression);
}

/** Parentheses, `satisfies` and `!` removed; not `as T`, which says what the value is (skipOuterExpressions removes it). */
function skipOuter(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

const LITERALS = [
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateExpression,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
  ts.SyntaxKind.ArrayLiteralExpression,
  ts.SyntaxKind.PrefixUnaryExpression,
  ts.SyntaxKind.PostfixUnaryExpression,
  ts.SyntaxKind.TypeOfExpression,
  ts.SyntaxKind.VoidExpression,
  ts.SyntaxKind.DeleteExpression,
];

/** Values that cannot be called (calling a class throws). */
const NEVER_CALLABLE = new Set([...LITERALS, ts.SyntaxKind.ObjectLiteralExpression, ts.SyntaxKind.ClassExpression]);

/** Values that have no dispose member of their own. */
const NEVER_DISPOSABLE = new Set([
  ...LITERALS,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.ClassExpression,
]);

/**
 * Whether a function may return a disposable: by its declared return type (a `.d.ts` file's, an
 * annotation, JSDoc `@returns`), or else by what its `return`s return.
 */
function functionMay(ctx: TransformContext, index: NameIndex, fn: ts.SignatureDeclaration, walk: Walk): boolean {
  if (fn.type || ts.getJSDocReturnType(fn) || fn.getSourceFile().isDeclarationFile) {
    const signature = ctx.checker.getSignatureFromDeclaration(fn);
    if (!signature) return true;
    return typeMayHaveDispose(ctx, signature.getReturnType(), enclosingTypeParameters(ctx, fn), 0);
  }
  // Ex) `function* gen() { … }`: a generator (the default library gives it a `[Symbol.dispose]` that calls `return()`, not a resource).
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.asteriskToken)
    return false;
  if (ts.isConstructorDeclaration(fn) || ts.isSetAccessor(fn)) return false;
  return returnedValues(fn).some((e) => resultMay(ctx, index, e, walk));
}

/**
 * The type parameters of the functions around a node (and of the node, if it is one): what their
 * callers chose. `parse: (d: unknown) => d as S` inside `object<S>(shape: S)` hands back the `S`
 * that `object`'s caller chose. Not a class's: its instances may have been made with any.
 */
function enclosingTypeParameters(ctx: TransformContext, node: ts.Node): Set<ts.TypeParameter> {
  const parameters = new Set<ts.TypeParameter>();
  for (let n: ts.Node | undefined = node; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isClassLike(n)) break;
    if (!ts.isFunctionLike(n)) continue;
    for (const declaration of n.typeParameters ?? []) {
      const symbol = ctx.checker.getSymbolAtLocation(declaration.name);
      if (symbol) parameters.add(ctx.checker.getDeclaredTypeOfSymbol(symbol) as ts.TypeParameter);
    }
  }
  return parameters;
}

/** What a function's `return`s (or an arrow's expression body) return, not counting nested functions. */
function returnedValues(fn: ts.SignatureDeclaration): ts.Expression[] {
  const body = (fn as { body?: ts.Node }).body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body as ts.Expression];
  return ownReturns(body).flatMap((r) => (r.expression ? [r.expression] : []));
}

/** `o` of `{ open as o }` / `{ open: o }`, `open` of `const { open } = api` → "open". */
function renamedFrom(d: ts.Node): string | undefined {
  if ((ts.isImportSpecifier(d) || ts.isExportSpecifier(d)) && d.propertyName) return d.propertyName.text;
  if (ts.isBindingElement(d) && ts.isObjectBindingPattern(d.parent) && !d.initializer) {
    const key = d.propertyName ?? d.name;
    return ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : "default";
  }
  return undefined;
}

function initializerOf(d: ts.Node): ts.Expression | undefined {
  if (ts.isVariableDeclaration(d) || ts.isPropertyDeclaration(d) || ts.isPropertyAssignment(d)) return d.initializer;
  if (ts.isBinaryExpression(d)) return d.right;
  return undefined;
}

/** The type a declaration declares: `x: T` (JSDoc types in JS files too). */
function declaredType(d: ts.Node): ts.TypeNode | undefined {
  const own = (d as { type?: ts.Node }).type;
  if (own && ts.isTypeNode(own)) return own;
  if (ts.isVariableDeclaration(d) || ts.isPropertyDeclaration(d) || ts.isParameter(d)) return ts.getJSDocType(d);
  return undefined;
}

function isConstAssertion(type: ts.TypeNode): boolean {
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === "const";
}

/** Whether a value of this type may be called and return a disposable (a type parameter may be anything). */
function valuesMay(ctx: TransformContext, type: ts.Type): boolean {
  if (type.flags & ts.TypeFlags.TypeParameter) return true;
  if (type.isUnion()) return type.types.some((t) => valuesMay(ctx, t));
  // (A generic interface's or class's declared signatures: instantiating its members can build huge types.)
  const declared =
    type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference
      ? (type as ts.TypeReference).target
      : type;
  return declared
    .getCallSignatures()
    .some((s) => typeMayHaveDispose(ctx, s.getReturnType(), new Set(s.getTypeParameters()), 0));
}

/**
 * Whether a value of a member no declaration names, of this declared type, may be a callable
 * returning a disposable. Read from the type as written (function types, call signatures,
 * aliases as declared, interfaces' declared signatures): instantiating a mapped type's template
 * can build zod's huge types for nothing. The type parameters it mentions stand for named
 * members' types (`{ [K in keyof T]: T[K] }`), judged at their own declarations.
 */
function unnamedTypeMay(ctx: TransformContext, node: ts.TypeNode): boolean {
  return writtenType(ctx, node, "callable", { aliases: new Set(), expansions: 0 });
}

interface Written {
  aliases: Set<ts.Symbol>;
  expansions: number;
}

/**
 * A type as written: whether it may be a callable that returns a disposable (`callable`), or a
 * disposable itself (`disposable`). Type parameters, `T[K]` and `infer`s are what they stand for.
 */
function writtenType(
  ctx: TransformContext,
  node: ts.TypeNode,
  question: "callable" | "disposable",
  state: Written,
): boolean {
  const { checker } = ctx;
  const same = (t: ts.TypeNode): boolean => writtenType(ctx, t, question, state);
  const returns = (t: ts.TypeNode | undefined): boolean => t === undefined || writtenType(ctx, t, "disposable", state);
  if (ts.isParenthesizedTypeNode(node) || ts.isOptionalTypeNode(node) || ts.isRestTypeNode(node))
    return same(node.type);
  if (ts.isUnionTypeNode(node) || ts.isIntersectionTypeNode(node)) return node.types.some(same);
  if (ts.isConditionalTypeNode(node)) return same(node.trueType) || same(node.falseType);
  if (ts.isFunctionTypeNode(node)) return question === "callable" && returns(node.type);
  if (ts.isTypeLiteralNode(node))
    return node.members.some((m) =>
      question === "callable"
        ? ts.isCallSignatureDeclaration(m) && returns(m.type)
        : m.name !== undefined && ts.isComputedPropertyName(m.name) && !isPlainKey(m.name),
    );
  if (ts.isTypeReferenceNode(node)) {
    const symbol = symbolOf(checker, node.typeName);
    if (!symbol || symbol.flags & ts.SymbolFlags.TypeParameter) return false;
    const declaration = symbol.declarations?.[0];
    // Ex) `Awaited<T[k]>`, `DeepPartial<Items[K]>`: the alias as declared; met again inside itself, it adds nothing.
    if (declaration && ts.isTypeAliasDeclaration(declaration)) {
      if (state.aliases.has(symbol)) return false;
      if (++state.expansions > 200) return true;
      state.aliases.add(symbol);
      const verdict = same(declaration.type);
      state.aliases.delete(symbol);
      return verdict;
    }
    if (!(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class))) return false;
    const lib = symbol.declarations?.every((d) => ctx.isLibFile(d.getSourceFile())) ?? false;
    // Ex) `Promise<Awaited<ReturnType<T>>>`: what it resolves to.
    if (lib && PROMISES.has(symbol.name)) return question === "disposable" && (node.typeArguments ?? []).some(same);
    const declared = checker.getDeclaredTypeOfSymbol(symbol);
    if (question === "disposable") return typeMayHaveDispose(ctx, declared, ANY_TYPE_PARAMETER, 0);
    if (lib) return false;
    return checker
      .getSignaturesOfType(declared, ts.SignatureKind.Call)
      .some((sig) => typeMayHaveDispose(ctx, sig.getReturnType(), ANY_TYPE_PARAMETER, 0));
  }
  // Ex) `typeof open`, `import("./x").Opener`: what the checker says they are.
  if (ts.isTypeQueryNode(node) || ts.isImportTypeNode(node)) {
    const type = checker.getTypeFromTypeNode(node);
    if (question === "disposable") return typeMayHaveDispose(ctx, type, ANY_TYPE_PARAMETER, 0);
    return type.getCallSignatures().some((sig) => typeMayHaveDispose(ctx, sig.getReturnType(), ANY_TYPE_PARAMETER, 0));
  }
  // (Keywords, literals, arrays, tuples, mapped types, `keyof`, `T[K]`, template literals: neither
  // callables nor disposables of their own.)
  return false;
}

/**
 * A member whose key is computed and not a literal (`{ [key]: schema }`), judged by what it
 * declares, its type parameters standing for what the caller passed. One that declares nothing
 * is not judged (see the header).
 */
function unnamedDeclarationMay(ctx: TransformContext, d: ts.Node): boolean {
  const { checker } = ctx;
  const fn = ts.isFunctionLike(d) ? d : initializerOf(d);
  if (fn && (ts.isFunctionLike(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn))) {
    const declared = fn.type ?? ts.getJSDocReturnType(fn);
    if (!declared) return false;
    if (ts.isGetAccessor(fn)) return unnamedTypeMay(ctx, declared);
    return typeMayHaveDispose(ctx, checker.getTypeFromTypeNode(declared), ANY_TYPE_PARAMETER, 0);
  }
  const typeNode = declaredType(d);
  return typeNode !== undefined && unnamedTypeMay(ctx, typeNode);
}

const VALUE_DECLARATIONS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.MethodSignature,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.PropertySignature,
  ts.SyntaxKind.PropertyAssignment,
  ts.SyntaxKind.ShorthandPropertyAssignment,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.Parameter,
  ts.SyntaxKind.BindingElement,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.ImportSpecifier,
  ts.SyntaxKind.ExportSpecifier,
  ts.SyntaxKind.ImportClause,
  ts.SyntaxKind.NamespaceImport,
  ts.SyntaxKind.ImportEqualsDeclaration,
]);

/** Kinds whose declaration inside a function is local to it. */
const LOCAL_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.Parameter,
  ts.SyntaxKind.BindingElement,
]);

/** Kinds local to their file: imports. */
const FILE_KINDS = new Set([
  ts.SyntaxKind.ImportSpecifier,
  ts.SyntaxKind.ImportClause,
  ts.SyntaxKind.NamespaceImport,
  ts.SyntaxKind.ImportEqualsDeclaration,
]);

/** What one walk of a file finds; kept per file, so that programs sharing a declaration file walk it once (a monorepo's projects). */
interface FileDeclarations {
  /** Declarations a call may reach through a receiver or an import, with their names. */
  members: [string, ts.Node][];
  locals: Map<string, { node: ts.Node; scope: ts.Node }[]>;
  /** Declarations with a computed key that is not a well-known symbol: named by the checker, per program. */
  computed: ts.Node[];
  /** JS `o[key] = …` with a key that is not a literal. */
  assignedUnnamed: ts.Node[];
  /** The value types of index signatures and mapped types. */
  unnamedTypes: ts.TypeNode[];
  /** Type references with type arguments, and the aliases whose values are chosen where they are used. */
  references: ts.TypeReferenceNode[];
  chosenValueAliases: string[];
}

const fileDeclarations = new WeakMap<ts.SourceFile, FileDeclarations>();

function declarationsOf(file: ts.SourceFile): FileDeclarations {
  let found = fileDeclarations.get(file);
  if (found) return found;
  found = {
    members: [],
    locals: new Map(),
    computed: [],
    assignedUnnamed: [],
    unnamedTypes: [],
    references: [],
    chosenValueAliases: [],
  };
  const { members, locals } = found;
  const self = found;
  const local = (name: string, node: ts.Node, scope: ts.Node): void => {
    const list = locals.get(name);
    if (list) list.push({ node, scope });
    else locals.set(name, [{ node, scope }]);
  };
  const named = (node: ts.Node, fn: ts.Node | undefined): void => {
    const name = (node as ts.NamedDeclaration).name;
    if (!name) return;
    if (
      ts.isIdentifier(name) ||
      ts.isPrivateIdentifier(name) ||
      ts.isStringLiteral(name) ||
      ts.isNumericLiteral(name)
    ) {
      // Ex) `import { map } from "./Effect.ts"`, `export { map }`: the declaration of `map` it names decides.
      if (sameNameAlias(node)) return;
      if (FILE_KINDS.has(node.kind)) return local(name.text, node, file);
      if (!fn || !LOCAL_KINDS.has(node.kind)) {
        members.push([name.text, node]);
        return;
      }
      // Ex) a parameter of a function type or of an overload: no call is in its scope.
      const scope = ts.isParameter(node) ? node.parent : fn;
      if ((scope as { body?: ts.Node }).body !== undefined) local(name.text, node, scope);
      // Ex) `constructor(private open: Opener)`: also `this.open`.
      if (ts.isParameter(node) && ts.isParameterPropertyDeclaration(node, node.parent)) members.push([name.text, node]);
    } else if (ts.isComputedPropertyName(name) && !isWellKnownSymbol(name.expression)) {
      self.computed.push(node);
    }
    // (Binding patterns: their elements are visited.)
  };
  const js = /\.[cm]?jsx?$/.test(file.fileName);
  // (An explicit stack, the enclosing function beside each node.)
  const nodes: ts.Node[] = [file];
  const functions: (ts.Node | undefined)[] = [undefined];
  let inner: ts.Node | undefined;
  const push = (child: ts.Node): void => {
    nodes.push(child);
    functions.push(inner);
  };
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const fn = functions.pop();
    switch (node.kind) {
      case ts.SyntaxKind.IndexSignature:
        // Ex) `{ [name: string]: () => Handle }`: `o.anything()` is one of them.
        found.unnamedTypes.push((node as ts.IndexSignatureDeclaration).type);
        break;
      case ts.SyntaxKind.MappedType: {
        // Ex) `{ [K in Keys]: () => Handle }`; not `{ [K in keyof T]: T[K] }`, whose members are T's.
        const { type } = node as ts.MappedTypeNode;
        if (type) found.unnamedTypes.push(type);
        break;
      }
      case ts.SyntaxKind.TypeReference:
        if ((node as ts.TypeReferenceNode).typeArguments) found.references.push(node as ts.TypeReferenceNode);
        break;
      case ts.SyntaxKind.TypeAliasDeclaration:
        if (chosenValues(node as ts.TypeAliasDeclaration))
          found.chosenValueAliases.push((node as ts.TypeAliasDeclaration).name.text);
        break;
      case ts.SyntaxKind.BinaryExpression: {
        // Ex) JS `exports.open = function () {…}`, `this.open = make()`: a declaration of `open`.
        const { left: target, operatorToken } = node as ts.BinaryExpression;
        if (!js || operatorToken.kind !== ts.SyntaxKind.EqualsToken) break;
        if (ts.isPropertyAccessExpression(target)) members.push([target.name.text, node]);
        else if (ts.isElementAccessExpression(target)) {
          if (ts.isStringLiteralLike(target.argumentExpression)) members.push([target.argumentExpression.text, node]);
          else found.assignedUnnamed.push(node);
        }
        break;
      }
      default:
        if (VALUE_DECLARATIONS.has(node.kind)) named(node, fn);
    }
    inner = ts.isFunctionLike(node) ? node : fn;
    ts.forEachChild(node, push);
  }
  fileDeclarations.set(file, found);
  return found;
}

function indexOf(ctx: TransformContext): NameIndex {
  let index = indexes.get(ctx.program);
  if (index) return index;
  index = {
    members: new Map(),
    locals: new Map(),
    unnamed: [],
    anyName: undefined,
    verdicts: new Map(),
    localVerdicts: new WeakMap(),
    results: new Map(),
    values: new Map(),
  };
  const { members, locals, unnamed } = index;
  const member = (name: string, node: ts.Node): void => {
    const list = members.get(name);
    if (list) list.push(node);
    else members.set(name, [node]);
  };
  const { checker } = ctx;
  const references: ts.TypeReferenceNode[] = [];
  const chosenValueAliases = new Set<string>();
  for (const file of ctx.program.getSourceFiles()) {
    if (ctx.isLibFile(file)) {
      // Ex) `Record<"open", () => Handle>`: a mapped type whose values are chosen where it is used.
      for (const statement of file.statements)
        if (ts.isTypeAliasDeclaration(statement) && chosenValues(statement))
          chosenValueAliases.add(statement.name.text);
      continue;
    }
    const found = declarationsOf(file);
    for (const [name, node] of found.members) member(name, node);
    locals.set(file, found.locals);
    for (const node of found.computed) {
      // Ex) `[KEY]() { … }` with `const KEY = "open"`: `open`; `{ [segment]: defs }`: any name.
      const key = checker.getTypeAtLocation(((node as ts.NamedDeclaration).name as ts.ComputedPropertyName).expression);
      if (key.isStringLiteral() || key.isNumberLiteral()) member(String(key.value), node);
      else if (!(key.flags & ts.TypeFlags.ESSymbolLike)) unnamed.push(() => unnamedDeclarationMay(ctx, node));
    }
    for (const node of found.assignedUnnamed) unnamed.push(() => unnamedDeclarationMay(ctx, node));
    for (const type of found.unnamedTypes) unnamed.push(() => unnamedTypeMay(ctx, type));
    for (const reference of found.references) references.push(reference);
    for (const alias of found.chosenValueAliases) chosenValueAliases.add(alias);
  }
  for (const reference of references) {
    const name = ts.isIdentifier(reference.typeName) ? reference.typeName : reference.typeName.right;
    if (!chosenValueAliases.has(name.text)) continue;
    unnamed.push(
      () => isChosenValueAlias(checker, reference) && reference.typeArguments!.some((a) => unnamedTypeMay(ctx, a)),
    );
  }
  indexes.set(ctx.program, index);
  return index;
}

/** `import { map }`, `export { map }`: no new callable, the declaration of `map` it names decides. */
function sameNameAlias(d: ts.Node): boolean {
  if (ts.isImportSpecifier(d) || ts.isExportSpecifier(d))
    return d.propertyName === undefined || d.propertyName.text === d.name.text;
  return false;
}

/** `Symbol.iterator`, `Symbol.dispose`: not a name a call can spell. */
function isWellKnownSymbol(e: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "Symbol";
}

/**
 * A type alias that is a mapped type whose values are not the mapped type's own (`Record<K, T>`'s
 * `T`), unlike `Partial<T>`'s `T[P]`: its members' values are chosen where it is used.
 */
function chosenValues(alias: ts.TypeAliasDeclaration): boolean {
  const mapped = alias.type;
  if (!ts.isMappedTypeNode(mapped) || !mapped.type) return false;
  const value = mapped.type;
  const key = mapped.typeParameter.name.text;
  return !(
    ts.isIndexedAccessTypeNode(value) &&
    ts.isTypeReferenceNode(value.indexType) &&
    ts.isIdentifier(value.indexType.typeName) &&
    value.indexType.typeName.text === key
  );
}

/** Whether a type reference names such an alias. */
function isChosenValueAlias(checker: ts.TypeChecker, node: ts.TypeReferenceNode): boolean {
  const symbol = symbolOf(checker, node.typeName);
  const declaration = symbol?.declarations?.[0];
  return declaration !== undefined && ts.isTypeAliasDeclaration(declaration) && chosenValues(declaration);
}
