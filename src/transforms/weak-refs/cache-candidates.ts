/** Where an object-keyed cache may be: a `new Map()`/`new Set()` kept in a variable or a property. */
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { enclosingFunction, hasModifier, isGlobalLibSymbol, isModuleLevelVariable, walk } from "../util/ast.js";

export type Collection = "Map" | "Set";
export const WEAK: Record<Collection, string> = { Map: "WeakMap", Set: "WeakSet" };

/** A place where a collection is created and kept. */
export interface Candidate {
  /** The `new Map(...)` / `new Set(...)` expression. */
  creation: ts.NewExpression;
  collection: Collection;
  /** The declared name: variable, property, or `this.x` assigned in the constructor. */
  nameNode: ts.Identifier | ts.PrivateIdentifier;
  /** Where a type annotation (or JSDoc `@type`) may name the collection type. */
  annotation: ts.TypeNode | undefined;
  owner: "module" | "class" | "local";
  /** For locals, the function declaring it. */
  scope?: ts.SignatureDeclaration;
  /** Variable declaration (module or local), for the export check. */
  variable?: ts.VariableDeclaration;
  /** Class members: the class and whether the member is private. */
  klass?: ts.ClassLikeDeclaration;
  isPrivate?: boolean;
}

// Ex) `new Map<K, V>()`, `new Set()`, with the global Map/Set (not an imported one).
function collectionOf(
  ctx: TransformContext,
  expr: ts.Expression | undefined,
): { creation: ts.NewExpression; collection: Collection } | undefined {
  if (!expr) return undefined;
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr))
    expr = expr.expression;
  if (!ts.isNewExpression(expr) || !ts.isIdentifier(expr.expression)) return undefined;
  const name = expr.expression.text;
  if (name !== "Map" && name !== "Set") return undefined;
  if (!isGlobalLibSymbol(ctx.checker.getSymbolAtLocation(expr.expression), ctx.isLibFile)) return undefined;
  return { creation: expr, collection: name };
}

// Ex) `cache: Map<K, V>`, `/** @type {Map<K, V>} */`.
function annotationOf(node: ts.VariableDeclaration | ts.PropertyDeclaration): ts.TypeNode | undefined {
  return node.type ?? ts.getJSDocType(node);
}

/** Finds every candidate of the file, syntactically plus one symbol query per `new Map/Set`. */
export function findCandidates(ctx: TransformContext): Candidate[] {
  const candidates: Candidate[] = [];
  walk(ctx.sourceFile, (node) => {
    const candidate = variableCandidate(ctx, node) ?? propertyCandidate(ctx, node) ?? constructorCandidate(ctx, node);
    if (candidate) candidates.push(candidate);
  });
  return candidates;
}

// Ex) `const cache = new Map<Element, Box>();` at module level or in a function.
function variableCandidate(ctx: TransformContext, node: ts.Node): Candidate | undefined {
  if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name)) return undefined;
  const found = collectionOf(ctx, node.initializer);
  if (!found) return undefined;
  const moduleLevel = isModuleLevelVariable(node);
  const scope = moduleLevel ? undefined : enclosingFunction(node);
  return {
    ...found,
    nameNode: node.name,
    annotation: annotationOf(node),
    owner: moduleLevel ? "module" : "local",
    ...(scope ? { scope } : {}),
    variable: node,
  };
}

// Ex) `private readonly cache = new Map<Node, Info>();`, `static #seen = new Set<object>();`
function propertyCandidate(ctx: TransformContext, node: ts.Node): Candidate | undefined {
  if (!ts.isPropertyDeclaration(node) || !(ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name)))
    return undefined;
  const found = collectionOf(ctx, node.initializer);
  if (!found || !ts.isClassLike(node.parent)) return undefined;
  return {
    ...found,
    nameNode: node.name,
    annotation: annotationOf(node),
    owner: "class",
    klass: node.parent,
    isPrivate: ts.isPrivateIdentifier(node.name) || hasModifier(node, ts.SyntaxKind.PrivateKeyword),
  };
}

// Ex) `constructor() { this.cache = new Map(); }` (JavaScript classes).
function constructorCandidate(ctx: TransformContext, node: ts.Node): Candidate | undefined {
  if (
    !ts.isBinaryExpression(node) ||
    node.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
    !ts.isPropertyAccessExpression(node.left) ||
    node.left.expression.kind !== ts.SyntaxKind.ThisKeyword ||
    !ts.isExpressionStatement(node.parent)
  )
    return undefined;
  const found = collectionOf(ctx, node.right);
  const ctor = enclosingFunction(node);
  if (!found || !ctor || !ts.isConstructorDeclaration(ctor) || ctor.body !== node.parent.parent) return undefined;
  const klass = ctor.parent;
  const name = node.left.name;
  // A TypeScript class declares the property apart: `cache: Map<K, V>;`
  const declared = klass.members.find(
    (m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && m.name.getText(ctx.sourceFile) === name.text,
  );
  if (declared?.initializer) return undefined;
  return {
    ...found,
    nameNode: name,
    annotation: declared ? annotationOf(declared) : undefined,
    owner: "class",
    klass,
    isPrivate:
      ts.isPrivateIdentifier(name) || (declared !== undefined && hasModifier(declared, ts.SyntaxKind.PrivateKeyword)),
  };
}
