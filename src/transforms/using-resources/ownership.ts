/**
 * Who owns a local resource, and what can throw before its `try`: the two path rules of
 * `using-resources` that are about the code around a resource rather than its type.
 *
 * - Ownership. `const qr = this.queryRunner ?? this.dataSource.createQueryRunner()` makes a
 *   resource only when the field is not set; otherwise it borrows the caller's. The same holds
 *   for `||`, a ternary with one creating branch, and a function of the project that returns a
 *   field on some paths and a new value on others (`this.obtainQueryRunner()`). Such a value is
 *   never made `using` (that would release the borrowed one too); a release in the `finally`
 *   that covers it (maybe under the ownership condition) is no leak.
 * - Can throw. Between a declaration and its `try`, a statement that cannot throw (a
 *   declaration of literals, locals, closures; `if (flag) { release; throw … }`) leaves no path
 *   on which the resource leaks. The rule is about the class of the statement, and conservative:
 *   a property read, a call, `new`, a spread, `==`, arithmetic, a template with substitutions
 *   can all throw (a getter, a `null`, a `valueOf`), so they are not in the class.
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { skipOuterExpressions, symbolOf, walk } from "../util/ast.js";

/** Parentheses, `as`, `satisfies`, `!`, `<T>` and one `await` removed. */
export function unwrapExpression(e: ts.Expression): ts.Expression {
  return unwrapAwaited(e).expression;
}

/** As `unwrapExpression`, and whether an `await` was among what it removed. */
export function unwrapAwaited(e: ts.Expression): { expression: ts.Expression; awaited: boolean } {
  let inner = skipOuterExpressions(e);
  if (!ts.isAwaitExpression(inner)) return { expression: inner, awaited: false };
  inner = skipOuterExpressions(inner.expression);
  return { expression: inner, awaited: true };
}

function creates(e: ts.Expression): boolean {
  const u = unwrapExpression(e);
  return ts.isCallExpression(u) || ts.isNewExpression(u);
}

/** `null`, `undefined`, `void 0`: no value, so neither created nor borrowed. */
function isNothing(e: ts.Expression): boolean {
  const u = unwrapExpression(e);
  return (
    u.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(u) && u.text === "undefined") || ts.isVoidExpression(u)
  );
}

export interface Origin {
  /** The call or `new` that creates the value (parentheses and `await` removed). */
  call: ts.CallExpression | ts.NewExpression;
  /** The initializer is only sometimes this call: the other alternative, as written. */
  borrowed?: ts.Expression;
}

/**
 * Ex) `open(p)` → made here; `this.queryRunner ?? ds.createQueryRunner()`,
 * `shared || pool.connect()`, `reuse ? current : open(p)` → made here only sometimes.
 */
export function originOf(init: ts.Expression): Origin | undefined {
  const e = unwrapExpression(init);
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) return { call: e };
  let a: ts.Expression | undefined;
  let b: ts.Expression | undefined;
  if (
    ts.isBinaryExpression(e) &&
    (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    [a, b] = [e.left, e.right];
  } else if (ts.isConditionalExpression(e)) {
    [a, b] = [e.whenTrue, e.whenFalse];
  }
  if (!a || !b) return undefined;
  // Ex) `openA() ?? openB()`: made here either way.
  if (creates(a) && creates(b)) return { call: unwrapExpression(a) as Origin["call"] };
  const [made, other] = creates(b) ? [b, a] : creates(a) ? [a, b] : [undefined, undefined];
  if (!made || !other) return undefined;
  const call = unwrapExpression(made) as Origin["call"];
  // Ex) `cond ? open(p) : undefined`: the other branch holds nothing to release.
  return isNothing(other) ? { call } : { call, borrowed: other };
}

/** Return expressions of a function body (not of functions nested in it). */
function returnedExpressions(body: ts.ConciseBody): ts.Expression[] {
  if (!ts.isBlock(body)) return [body];
  const found: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression) found.push(n.expression);
    ts.forEachChild(n, visit);
  };
  visit(body);
  return found;
}

/**
 * Ex) `this.obtainQueryRunner()` where `obtainQueryRunner() { return this.queryRunner ??
 * this.dataSource.createQueryRunner() }`, or a function of the project that returns a field on
 * one path and a new value on another: what it returns when it does not create one.
 */
export function borrowedThroughCall(
  ctx: TransformContext,
  call: ts.CallExpression | ts.NewExpression,
): ts.Expression | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const target = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
  const symbol = symbolOf(ctx.checker, target);
  for (const d of symbol?.declarations ?? []) {
    const file = d.getSourceFile();
    if (ctx.isLibFile(file) || file.fileName.includes("/node_modules/")) continue;
    const fn =
      ts.isVariableDeclaration(d) || ts.isPropertyDeclaration(d) || ts.isPropertyAssignment(d) ? d.initializer : d;
    if (!fn || !(ts.isFunctionLike(fn) && "body" in fn && fn.body)) continue;
    const returned = returnedExpressions(fn.body as ts.ConciseBody).filter((e) => !isNothing(e));
    for (const e of returned) {
      const origin = originOf(e);
      if (origin?.borrowed) return origin.borrowed;
    }
    // Ex) `if (this.runner) return this.runner; return this.pool.connect();`
    if (returned.some(creates)) {
      const kept = returned.find((e) => !creates(e));
      if (kept) return kept;
    }
  }
  return undefined;
}

/**
 * Ex) `new Environment()`, or `createEnvironment()` of the project whose every `return` makes a
 * new value; not `this.registrations.get(id)` (a library call that hands out what is stored).
 */
export function makesNewValue(ctx: TransformContext, call: ts.CallExpression | ts.NewExpression): boolean {
  if (ts.isNewExpression(call)) return true;
  const target = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
  for (const d of symbolOf(ctx.checker, target)?.declarations ?? []) {
    const file = d.getSourceFile();
    if (ctx.isLibFile(file) || file.fileName.includes("/node_modules/")) continue;
    const fn =
      ts.isVariableDeclaration(d) || ts.isPropertyDeclaration(d) || ts.isPropertyAssignment(d) ? d.initializer : d;
    if (!fn || !(ts.isFunctionLike(fn) && "body" in fn && fn.body)) continue;
    const returned = returnedExpressions(fn.body as ts.ConciseBody).filter((e) => !isNothing(e));
    if (returned.length > 0 && returned.every((e) => creates(e) || isLocalMadeHere(ctx, e))) return true;
  }
  return false;
}

/** Ex) `const environment = new Environment(); …; return environment`: a local initialised with `new`. */
function isLocalMadeHere(ctx: TransformContext, e: ts.Expression): boolean {
  const u = unwrapExpression(e);
  if (!ts.isIdentifier(u)) return false;
  const d = ctx.checker.getSymbolAtLocation(u)?.valueDeclaration;
  return d !== undefined && ts.isVariableDeclaration(d) && d.initializer !== undefined && creates(d.initializer);
}

// ---------------------------------------------------------------------------------------------
// What cannot throw

/** Ex) a parameter, a local declared above `at`, a function, an import: reading it cannot throw. */
function isSafeName(ctx: TransformContext, id: ts.Identifier, at: ts.Node): boolean {
  if (id.text === "undefined") return true;
  const symbol = ts.isShorthandPropertyAssignment(id.parent)
    ? ctx.checker.getShorthandAssignmentValueSymbol(id.parent)
    : ctx.checker.getSymbolAtLocation(id);
  const d = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!d || d.getSourceFile() !== at.getSourceFile()) return false;
  if (ts.isParameter(d) || ts.isFunctionDeclaration(d) || ts.isImportSpecifier(d) || ts.isImportClause(d)) return true;
  if (ts.isNamespaceImport(d)) return true;
  // Ex) `let x` declared above: initialised by now (no temporal dead zone); declared below: may throw.
  return ts.isVariableDeclaration(d) && d.end <= at.getStart();
}

/**
 * Ex) `this.options?.data`, `runner.data`: a field declared as a property (not an accessor) of
 * an object that cannot be `null`/`undefined` there (or read with `?.`): reading or writing it
 * runs no code and cannot throw. `any`, index signatures and accessors are not in the class.
 */
function isDataProperty(ctx: TransformContext, e: ts.PropertyAccessExpression): boolean {
  const { checker } = ctx;
  const receiver = checker.getTypeAtLocation(e.expression);
  if (receiver.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  const nullable =
    receiver.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void) ||
    (receiver.isUnion() &&
      receiver.types.some((t) => t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
  if (nullable && !e.questionDotToken) return false;
  const declarations = checker.getSymbolAtLocation(e.name)?.declarations ?? [];
  return (
    declarations.length > 0 &&
    declarations.every(
      (d) =>
        ts.isPropertyDeclaration(d) ||
        ts.isPropertySignature(d) ||
        (ts.isParameter(d) && ts.isConstructorDeclaration(d.parent)) ||
        ts.isPropertyAssignment(d) ||
        ts.isShorthandPropertyAssignment(d),
    )
  );
}

const SAFE_BINARY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.CommaToken,
]);

/** An expression that cannot throw: literals, safe names, closures, literals of those, `===`, `!`, `typeof`, `&&`/`||`/`??`, `?:`. */
export function cannotThrowExpression(ctx: TransformContext, e: ts.Expression, at: ts.Node): boolean {
  const ok = (x: ts.Expression): boolean => cannotThrowExpression(ctx, x, at);
  if (
    ts.isStringLiteral(e) ||
    ts.isNumericLiteral(e) ||
    ts.isBigIntLiteral(e) ||
    ts.isNoSubstitutionTemplateLiteral(e) ||
    ts.isRegularExpressionLiteral(e) ||
    e.kind === ts.SyntaxKind.TrueKeyword ||
    e.kind === ts.SyntaxKind.FalseKeyword ||
    e.kind === ts.SyntaxKind.NullKeyword ||
    e.kind === ts.SyntaxKind.ThisKeyword ||
    ts.isArrowFunction(e) ||
    ts.isFunctionExpression(e)
  )
    return true;
  if (ts.isIdentifier(e)) return isSafeName(ctx, e, at);
  if (ts.isPropertyAccessExpression(e)) return isDataProperty(ctx, e) && ok(e.expression);
  const inner = skipOuterExpressions(e);
  if (inner !== e) return ok(inner);
  // `typeof undeclared` does not throw either, but keep to the safe names.
  if (ts.isTypeOfExpression(e) || ts.isVoidExpression(e)) return ok(e.expression);
  if (ts.isPrefixUnaryExpression(e)) return e.operator === ts.SyntaxKind.ExclamationToken && ok(e.operand);
  if (ts.isBinaryExpression(e)) return SAFE_BINARY.has(e.operatorToken.kind) && ok(e.left) && ok(e.right);
  if (ts.isConditionalExpression(e)) return ok(e.condition) && ok(e.whenTrue) && ok(e.whenFalse);
  if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => !ts.isSpreadElement(x) && ok(x));
  if (ts.isObjectLiteralExpression(e)) {
    return e.properties.every((p) => {
      if (p.name && ts.isComputedPropertyName(p.name)) return false;
      if (ts.isPropertyAssignment(p)) return ok(p.initializer);
      if (ts.isShorthandPropertyAssignment(p)) return !p.objectAssignmentInitializer && isSafeName(ctx, p.name, at);
      return ts.isMethodDeclaration(p) || ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p);
    });
  }
  return false;
}

/**
 * A statement that cannot throw, or that leaves after releasing the resource:
 * `let n = 0;`, `const opts = { a, b: [1, 2] };`, `flag = true;`, `function f() {}`,
 * `if (canceled) { await bundle.close(); throw new Error("canceled"); }`.
 */
export function cannotThrowStatement(
  ctx: TransformContext,
  s: ts.Statement,
  isRelease: (s: ts.Statement) => boolean,
): boolean {
  if (ts.isEmptyStatement(s) || ts.isFunctionDeclaration(s) || ts.isInterfaceDeclaration(s)) return true;
  if (ts.isTypeAliasDeclaration(s)) return true;
  if (ts.isVariableStatement(s)) {
    if (s.declarationList.flags & ts.NodeFlags.Using) return false;
    return s.declarationList.declarations.every(
      (d) => ts.isIdentifier(d.name) && (!d.initializer || cannotThrowExpression(ctx, d.initializer, s)),
    );
  }
  if (ts.isExpressionStatement(s)) {
    const e = s.expression;
    // Ex) `done = false;`, `runner.data = this.options.data;`: an assignment to a local or to a data property.
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = e.left;
      const target = ts.isIdentifier(left)
        ? isSafeName(ctx, left, s)
        : ts.isPropertyAccessExpression(left) &&
          !left.questionDotToken &&
          isDataProperty(ctx, left) &&
          cannotThrowExpression(ctx, left.expression, s);
      return target && cannotThrowExpression(ctx, e.right, s);
    }
    return false;
  }
  if (ts.isBlock(s)) return s.statements.every((x) => cannotThrowStatement(ctx, x, isRelease));
  if (ts.isIfStatement(s)) {
    const branch = (b: ts.Statement | undefined): boolean =>
      b === undefined || cannotThrowStatement(ctx, b, isRelease) || releasesAndLeaves(ctx, b, isRelease);
    return cannotThrowExpression(ctx, s.expression, s) && branch(s.thenStatement) && branch(s.elseStatement);
  }
  return false;
}

/** Ex) `{ await bundle.close(); throw new Error("canceled"); }`: what precedes the release cannot throw, and the block leaves. */
function releasesAndLeaves(ctx: TransformContext, b: ts.Statement, isRelease: (s: ts.Statement) => boolean): boolean {
  const statements = ts.isBlock(b) ? b.statements : [b];
  const at = statements.findIndex(isRelease);
  if (at === -1) return false;
  const last = statements[statements.length - 1]!;
  if (!ts.isReturnStatement(last) && !ts.isThrowStatement(last)) return false;
  return statements.slice(0, at).every((x) => cannotThrowStatement(ctx, x, isRelease));
}

/** Ex) a `finally { if (qr !== this.queryRunner) await qr.release(); }`: the `try` whose `finally` holds the release, under `if`s only. */
export function finallyHolding(release: ts.Statement): ts.TryStatement | undefined {
  for (let n: ts.Node = release.parent; ; n = n.parent) {
    if (ts.isBlock(n) && ts.isTryStatement(n.parent) && n.parent.finallyBlock === n) return n.parent;
    if (!ts.isBlock(n) && !ts.isIfStatement(n)) return undefined;
  }
}

/** Identifier texts written in `node`. */
export function mentions(node: ts.Node, name: string): boolean {
  let found = false;
  walk(node, (n) => {
    if (!found && ts.isIdentifier(n) && n.text === name) found = true;
  });
  return found;
}
