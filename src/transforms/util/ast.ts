/**
 * Small predicates over compiler nodes shared by the transforms. They walk `ts.Node`s directly
 * (no ts-morph wrappers) and ask the checker only about the nodes they are given.
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";

/** Calls `visit` on every descendant of `node` (depth first, in source order). */
export function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  const go = (n: ts.Node): void => {
    visit(n);
    ts.forEachChild(n, go);
  };
  ts.forEachChild(node, go);
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return modifiers?.some((m) => m.kind === kind) ?? false;
}

/** Ex) `const cache = new Map()` directly in the source file (not in a block or function). */
export function isModuleLevelVariable(decl: ts.VariableDeclaration): boolean {
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list)) return false;
  const statement = list.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
}

/** The variable statement holding `decl`, if any. */
export function variableStatementOf(decl: ts.VariableDeclaration): ts.VariableStatement | undefined {
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list)) return undefined;
  return ts.isVariableStatement(list.parent) ? list.parent : undefined;
}

/** The function-like node whose body contains `node` (not counting `node` itself). */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) return n;
  }
  return undefined;
}

/** The class declaration or expression containing `node`. */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isClassLike(n)) return n;
  }
  return undefined;
}

/** Whether every declaration of `symbol` is in a default library file (the global `Map`, not an import). */
export function isGlobalLibSymbol(symbol: ts.Symbol | undefined, isLibFile: (f: ts.SourceFile) => boolean): boolean {
  const declarations = symbol?.declarations;
  if (!declarations || declarations.length === 0) return false;
  return declarations.every((d) => isLibFile(d.getSourceFile()));
}

/** The symbol an identifier refers to, resolving aliases (imports) and shorthand properties. */
export function symbolOf(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  if (ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node) {
    return checker.getShorthandAssignmentValueSymbol(node.parent);
  }
  let symbol = checker.getSymbolAtLocation(node);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
    try {
      symbol = checker.getAliasedSymbol(symbol);
    } catch {
      /* unresolvable alias */
    }
  }
  return symbol;
}

/**
 * Every identifier (or private identifier) in `sf` named `name` that refers to `symbol`,
 * declarations excluded. One checker query per identifier of that name.
 */
export function referencesIn(sf: ts.SourceFile, checker: ts.TypeChecker, symbol: ts.Symbol, name: string): ts.Node[] {
  const declarations = new Set(symbol.declarations?.map((d) => (d as ts.NamedDeclaration).name).filter(Boolean));
  const found: ts.Node[] = [];
  const text = sf.text;
  // Text prefilter: skip the walk when the name occurs only at its declarations.
  let occurrences = 0;
  for (let i = text.indexOf(name); i !== -1; i = text.indexOf(name, i + name.length)) occurrences++;
  if (occurrences <= declarations.size) return found;
  walk(sf, (node) => {
    if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && node.text === name && !declarations.has(node)) {
      if (symbolOf(checker, node) === symbol) found.push(node);
    }
  });
  return found;
}

/**
 * Whether a module-level variable, class or function is exported from its file.
 * Ex) `export const x`, `export class C`, `export { x }`, `export default x`, `export { x as y }`.
 */
export function isExportedFromFile(
  sf: ts.SourceFile,
  checker: ts.TypeChecker,
  decl: ts.VariableDeclaration | ts.ClassDeclaration | ts.FunctionDeclaration,
): boolean {
  const statement = ts.isVariableDeclaration(decl) ? variableStatementOf(decl) : decl;
  if (statement && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) return true;
  if (!decl.name || !ts.isIdentifier(decl.name)) return false;
  const symbol = checker.getSymbolAtLocation(decl.name);
  return symbol !== undefined && isExportedSymbol(sf, checker, symbol);
}

/** The name a call's callee ends with. Ex) `close` for `fs.close` or `close`; undefined for `f()()`. */
export function calleeName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

/** The `return` statements of a function body, nested functions excluded. */
export function ownReturns(body: ts.Node): ts.ReturnStatement[] {
  const found: ts.ReturnStatement[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isReturnStatement(n)) found.push(n);
    if (!ts.isFunctionLike(n) && !ts.isClassLike(n)) ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** Parentheses, `!`, `as T`, `satisfies T`, `<T>x` around an expression, removed. */
export function skipOuterExpressions(expr: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(expr) ||
    ts.isNonNullExpression(expr) ||
    ts.isAsExpression(expr) ||
    ts.isSatisfiesExpression(expr) ||
    ts.isTypeAssertionExpression(expr)
  ) {
    expr = expr.expression;
  }
  return expr;
}

/** Whether `symbol` is among the exports of `sf` (directly, or through `export { x as y }`). */
export function isExportedSymbol(sf: ts.SourceFile, checker: ts.TypeChecker, symbol: ts.Symbol): boolean {
  const fileSymbol = checker.getSymbolAtLocation(sf);
  if (!fileSymbol) return false;
  return checker.getExportsOfModule(fileSymbol).some((e) => {
    if (e === symbol) return true;
    if (!(e.flags & ts.SymbolFlags.Alias)) return false;
    try {
      return checker.getAliasedSymbol(e) === symbol;
    } catch {
      return false;
    }
  });
}

/**
 * Whether a project file other than `ctx.sourceFile` matches `pattern` (a cheap text test across
 * the project). `mustInclude`, when given, is a plain substring every match contains: files
 * without it are skipped before the regular expression runs.
 */
export function otherFileMatches(
  ctx: Pick<TransformContext, "sourceFile" | "projectFiles">,
  pattern: RegExp,
  options: { mustInclude?: string; skipDeclarations?: boolean } = {},
): boolean {
  for (const file of ctx.projectFiles()) {
    if (file.fileName === ctx.sourceFile.fileName) continue;
    if (options.skipDeclarations && /\.d\.[cm]?ts$/.test(file.fileName)) continue;
    if (options.mustInclude !== undefined && !file.text.includes(options.mustInclude)) continue;
    if (pattern.test(file.text)) return true;
  }
  return false;
}

/**
 * The JSDoc comments (`/** … *\/`) right before a node, read from the text: those TypeScript
 * attaches to it as `jsDoc`, also in a TypeScript file, whose JSDoc leakmod does not have parsed
 * (no type depends on it: src/engine/shared-files.ts).
 */
export function jsDocRanges(sf: ts.SourceFile, node: ts.Node): ts.CommentRange[] {
  const text = sf.text;
  return (ts.getLeadingCommentRanges(text, node.pos) ?? []).filter(
    (c) => c.end <= node.end && text.startsWith("/**", c.pos) && text[c.pos + 3] !== "/",
  );
}

/** Whether a JSDoc comment before a node has a tag (`@internal`, `@type {…}`; not `{@link …}`). */
export function hasJsDocTag(sf: ts.SourceFile, node: ts.Node): boolean {
  return jsDocRanges(sf, node).some((c) => /(?:^|[\s*])@[A-Za-z]/.test(sf.text.slice(c.pos + 3, c.end - 2)));
}
/** The `public`/`private`/`protected` modifiers of a member or parameter, as written, each followed by a space. */
export function accessModifiersText(node: ts.Node, sf: ts.SourceFile): string {
  const modifiers = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
  return modifiers
    .filter(
      (m) =>
        m.kind === ts.SyntaxKind.PublicKeyword ||
        m.kind === ts.SyntaxKind.PrivateKeyword ||
        m.kind === ts.SyntaxKind.ProtectedKeyword,
    )
    .map((m) => `${m.getText(sf)} `)
    .join("");
}

/** 1-based line of `node`'s start. */
export function lineOfNode(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/** The indentation (spaces/tabs) of the line `pos` is on. */
export function indentationAt(sf: ts.SourceFile, pos: number): string {
  const { line } = sf.getLineAndCharacterOfPosition(pos);
  const lineStart = sf.getPositionOfLineAndCharacter(line, 0);
  return /^[ \t]*/.exec(sf.text.slice(lineStart, pos))![0];
}

/** The file's line terminator. */
export function newLineOf(sf: ts.SourceFile): string {
  return sf.text.includes("\r\n") ? "\r\n" : "\n";
}

/** `checker.typeToString`, cut to a readable length. */
export function typeText(checker: ts.TypeChecker, type: ts.Type, max = 60): string {
  const text = checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Whether no primitive value can ever be of `type`: a class, interface, object literal, array,
 * function or `object` type to which no string, number, boolean, bigint, symbol, null or
 * undefined is assignable. `any`, `unknown`, `{}`, `Object` and unconstrained type parameters
 * are not.
 */
export function isObjectOnlyType(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return false;
  if (type.isUnion()) return type.types.every((t) => isObjectOnlyType(checker, t));
  if (
    type.flags & ts.TypeFlags.TypeParameter ||
    type.flags & ts.TypeFlags.Index ||
    type.flags & ts.TypeFlags.IndexedAccess
  ) {
    const constraint = checker.getBaseConstraintOfType(type);
    return constraint !== undefined && constraint !== type && isObjectOnlyType(checker, constraint);
  }
  // Ex) `string & Brand<"Id">`, `Brand.Branded<bigint, T>`: a branded primitive is a primitive.
  if (type.isIntersection()) {
    if (type.types.some((t) => t.flags & PRIMITIVE_FLAGS)) return false;
    return type.types.some((t) => isObjectOnlyType(checker, t)) || rejectsPrimitives(checker, type);
  }
  if (!(type.flags & (ts.TypeFlags.Object | ts.TypeFlags.NonPrimitive))) return false;
  return rejectsPrimitives(checker, type);
}

const PRIMITIVE_FLAGS =
  ts.TypeFlags.StringLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.ESSymbolLike |
  ts.TypeFlags.EnumLike |
  ts.TypeFlags.Null |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Void;

/** No primitive is assignable to `type`. */
function rejectsPrimitives(checker: ts.TypeChecker, type: ts.Type): boolean {
  const primitives = [
    checker.getStringType(),
    checker.getNumberType(),
    checker.getBooleanType(),
    checker.getBigIntType(),
    checker.getESSymbolType(),
    checker.getNullType(),
    checker.getUndefinedType(),
  ];
  return primitives.every((p) => !checker.isTypeAssignableTo(p, type));
}

/**
 * Whether a value created in `scope` (a function) can outlive a call of `scope`: it is
 * returned from `scope` (directly, inside an object or array literal, or as an argument of a
 * call whose result is returned), stored in a property of `this` or of an object declared
 * outside `scope`, or assigned to a variable declared outside `scope`. A local variable holding it is followed (a few levels deep).
 * Ex) `return (key) => cache.get(key)`, `return { get: (k) => cache.get(k) }`,
 *     `return Service.of({ get })`, `this.handler = go`
 * Not Ex) `items.forEach(go)`, `go(root)`: used during the call only.
 */
export function outlivesCall(
  node: ts.Node,
  scope: ts.SignatureDeclaration,
  sf: ts.SourceFile,
  checker: ts.TypeChecker,
  depth = 0,
): boolean {
  if (depth > 3) return true; // too indirect to follow: assume it may
  // A function declaration is referred to by name.
  if (ts.isFunctionDeclaration(node) && node.name) return nameOutlivesCall(node.name, scope, sf, checker, depth);
  let expr: ts.Node = node;
  while (expr.parent && carriesValue(expr.parent, expr)) expr = expr.parent;
  const parent = expr.parent;
  if (!parent) return false;
  if (ts.isReturnStatement(parent)) return enclosingFunction(parent) === scope;
  if (ts.isArrowFunction(parent) && parent.body === expr) return parent === scope;
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    parent.right === expr
  ) {
    return assignmentOutlivesCall(parent.left, scope, sf, checker, depth);
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === expr && ts.isIdentifier(parent.name)) {
    return nameOutlivesCall(parent.name, scope, sf, checker, depth);
  }
  return ts.isPropertyDeclaration(parent);
}

/** `parent` hands the value of `expr` on as (part of) its own: parentheses, literals, spreads, `a ?? x`, an argument. */
function carriesValue(parent: ts.Node, expr: ts.Node): boolean {
  return (
    ts.isParenthesizedExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isSatisfiesExpression(parent) ||
    ts.isNonNullExpression(parent) ||
    ts.isArrayLiteralExpression(parent) ||
    ts.isSpreadElement(parent) ||
    ts.isSpreadAssignment(parent) ||
    (ts.isConditionalExpression(parent) && parent.condition !== expr) ||
    (ts.isBinaryExpression(parent) &&
      parent.right === expr &&
      parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken) ||
    ts.isObjectLiteralExpression(parent) ||
    (ts.isPropertyAssignment(parent) && parent.initializer === expr) ||
    ts.isShorthandPropertyAssignment(parent) ||
    (ts.isMethodDeclaration(parent) && ts.isObjectLiteralExpression(parent.parent)) ||
    // Ex) `return Service.of({ get })`: an object of functions handed over, likely kept.
    // Not Ex) `return items.filter((x) => seen.has(x))`: a callback is used during the call.
    ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
      parent.expression !== expr &&
      !ts.isFunctionLike(expr))
  );
}

/** `target = value`: whether the value outlives the call through what it is assigned to. */
function assignmentOutlivesCall(
  target: ts.Expression,
  scope: ts.SignatureDeclaration,
  sf: ts.SourceFile,
  checker: ts.TypeChecker,
  depth: number,
): boolean {
  // Ex) `this.onEvent = handler`: lives as long as the object (a service, say).
  if (
    (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) &&
    target.expression.kind === ts.SyntaxKind.ThisKeyword
  )
    return true;
  // Ex) `registry.handler = handler` on a module-level object.
  if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
    const base = target.expression;
    if (!ts.isIdentifier(base)) return false;
    const declaration = checker.getSymbolAtLocation(base)?.valueDeclaration;
    return declaration !== undefined && !isWithin(declaration, scope) && !ts.isParameter(declaration);
  }
  if (ts.isIdentifier(target)) {
    const declaration = checker.getSymbolAtLocation(target)?.valueDeclaration;
    return (
      declaration === undefined || !isWithin(declaration, scope) || nameOutlivesCall(target, scope, sf, checker, depth)
    );
  }
  return true;
}

function nameOutlivesCall(
  name: ts.Identifier,
  scope: ts.SignatureDeclaration,
  sf: ts.SourceFile,
  checker: ts.TypeChecker,
  depth: number,
): boolean {
  const symbol = checker.getSymbolAtLocation(name);
  if (!symbol) return true;
  return referencesIn(sf, checker, symbol, name.text).some((ref) => outlivesCall(ref, scope, sf, checker, depth + 1));
}

/** The outermost expression around `node` made only of parentheses, `!`, `as`, `satisfies`, `<T>`. */
export function climbOuterExpressions(node: ts.Node): ts.Node {
  let n = node;
  while (
    ts.isParenthesizedExpression(n.parent) ||
    ts.isNonNullExpression(n.parent) ||
    ts.isAsExpression(n.parent) ||
    ts.isSatisfiesExpression(n.parent) ||
    ts.isTypeAssertionExpression(n.parent)
  ) {
    n = n.parent;
  }
  return n;
}

/** Whether `node` is `ancestor` or inside it. */
export function isWithin(node: ts.Node, ancestor: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The function directly nested in `scope` that contains `node`, if `node` is in one. */
export function nestedFunctionOf(node: ts.Node, scope: ts.SignatureDeclaration): ts.SignatureDeclaration | undefined {
  let inner: ts.SignatureDeclaration | undefined;
  for (let fn = enclosingFunction(node); fn && fn !== scope; fn = enclosingFunction(fn)) inner = fn;
  return inner;
}

/** Ex) `() => void`, `(opts?: O) => void`: a function type every call signature of which takes no required argument. */
export function callableWithoutArguments(type: ts.Type): boolean {
  const signatures = type.getCallSignatures();
  return (
    signatures.length > 0 &&
    signatures.every((s) =>
      s.getParameters().every((p) => {
        const decl = p.valueDeclaration;
        return (
          decl !== undefined &&
          ts.isParameter(decl) &&
          (!!decl.questionToken || !!decl.initializer || !!decl.dotDotDotToken)
        );
      }),
    )
  );
}
