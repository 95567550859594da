/** Where a back-reference property is declared, and what its class already has. */
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { enclosingClass, hasModifier } from "../util/ast.js";
import type { Link } from "./evidence.js";

/** The declaration a back-reference property has, once the evidence has named it. */
export type Declaration =
  | { kind: "field"; node: ts.PropertyDeclaration; klass: ts.ClassLikeDeclaration }
  | {
      kind: "parameter";
      node: ts.ParameterDeclaration;
      klass: ts.ClassLikeDeclaration;
      ctor: ts.ConstructorDeclaration;
    }
  | { kind: "js-assignments"; nodes: ts.Node[]; klass: ts.ClassLikeDeclaration }
  | { kind: "accessor"; node: ts.AccessorDeclaration; klass: ts.ClassLikeDeclaration }
  | { kind: "signature"; node: ts.PropertySignature }
  | { kind: "literal"; node: ts.ObjectLiteralElementLike };

/** The property symbol a link names. */
export function propertyOfLink(ctx: TransformContext, link: Link): ts.Symbol | undefined {
  const { checker } = ctx;
  if (ts.isParameter(link.node)) {
    return checker.getSymbolsOfParameterPropertyDeclaration(link.node, link.nameNode.text)[1];
  }
  if (ts.isObjectLiteralElementLike(link.node)) {
    // Ex) `const child: TreeNode = { parent: this }`: the interface's property when there is one.
    const literal = link.node.parent as ts.ObjectLiteralExpression;
    const contextual = checker.getContextualType(literal);
    const declared = contextual && checker.getPropertyOfType(contextual, link.nameNode.text);
    return declared ?? checker.getSymbolAtLocation(link.nameNode);
  }
  const symbol = checker.getSymbolAtLocation(link.nameNode);
  if (symbol) return symbol;
  // Ex) JavaScript `add(c) { c.parent = this; this.children.push(c); }` with an untyped `c`:
  // a tree of one class, whose own `parent` it is.
  const child = link.child;
  if (link.owner.kind !== ts.SyntaxKind.ThisKeyword || ts.isObjectLiteralExpression(child) || !ts.isIdentifier(child))
    return undefined;
  if (!(checker.getTypeAtLocation(child).flags & ts.TypeFlags.Any)) return undefined;
  const klass = enclosingClass(link.node);
  if (!klass) return undefined;
  const classSymbol = klass.name ? checker.getSymbolAtLocation(klass.name) : checker.getTypeAtLocation(klass).symbol;
  if (!classSymbol) return undefined;
  return checker.getPropertyOfType(checker.getDeclaredTypeOfSymbol(classSymbol), link.nameNode.text);
}

/** Where and how the property is declared; undefined when it is nothing we know. */
export function declarationOf(symbol: ts.Symbol): Declaration | undefined {
  const decls = symbol.declarations ?? [];
  const first = decls[0];
  if (!first) return undefined;
  // Ex) `parent: Node | null = null;`
  if (ts.isPropertyDeclaration(first) && ts.isClassLike(first.parent))
    return { kind: "field", node: first, klass: first.parent };
  // Ex) `constructor(public parent: Node | null) {}`
  if (
    ts.isParameter(first) &&
    ts.isConstructorDeclaration(first.parent) &&
    ts.isParameterPropertyDeclaration(first, first.parent)
  ) {
    return { kind: "parameter", node: first, klass: first.parent.parent, ctor: first.parent };
  }
  // Ex) `get parent() { ... }`
  const accessor = decls.find(
    (d): d is ts.AccessorDeclaration => ts.isGetAccessorDeclaration(d) || ts.isSetAccessorDeclaration(d),
  );
  if (accessor && ts.isClassLike(accessor.parent)) return { kind: "accessor", node: accessor, klass: accessor.parent };
  // Ex) `interface TreeNode { parent: TreeNode | null }`
  if (ts.isPropertySignature(first)) return { kind: "signature", node: first };
  // Ex) `{ parent: this }`
  if (ts.isPropertyAssignment(first) || ts.isShorthandPropertyAssignment(first))
    return { kind: "literal", node: first };
  // Ex) JavaScript: `this.parent = parent;` in the class's methods.
  const klass =
    ts.isBinaryExpression(first) || ts.isPropertyAccessExpression(first) ? enclosingClass(first) : undefined;
  if (
    klass &&
    decls.every((d) => (ts.isBinaryExpression(d) || ts.isPropertyAccessExpression(d)) && enclosingClass(d) === klass)
  ) {
    return { kind: "js-assignments", nodes: decls, klass };
  }
  return undefined;
}

// Ex) `this.parent = parent` (a JavaScript declaration) → `parent`
export function nameOfAssignment(node: ts.Node): ts.Identifier | ts.PrivateIdentifier {
  if (ts.isBinaryExpression(node) && ts.isPropertyAccessExpression(node.left)) return node.left.name;
  return (node as ts.PropertyAccessExpression).name;
}

/** Names of the class's members (`parent`, `#parent`). */
export function memberNames(klass: ts.ClassLikeDeclaration): Set<string> {
  const names = new Set<string>();
  for (const m of klass.members) {
    if (m.name && (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name))) names.add(m.name.text);
    if (ts.isConstructorDeclaration(m))
      for (const p of m.parameters)
        if (ts.isParameterPropertyDeclaration(p, m) && ts.isIdentifier(p.name)) names.add(p.name.text);
  }
  return names;
}

// Ex) `get parent() { return this.#parent?.deref() ?? null; }`: this rule's own output.
export function isAlreadyWeak(decl: Extract<Declaration, { kind: "accessor" }>): boolean {
  const getter = decl.klass.members.find(
    (m): m is ts.GetAccessorDeclaration =>
      ts.isGetAccessorDeclaration(m) && m.name.getText() === decl.node.name.getText(),
  );
  return getter?.body !== undefined && /\.deref\(\)/.test(getter.body.getText());
}

/** `#p`, or a field or parameter property declared `private` (the accessors stay private). */
export function isPrivateMember(decl: Declaration, nameNode: ts.Node): boolean {
  if (ts.isPrivateIdentifier(nameNode)) return true;
  if (decl.kind !== "field" && decl.kind !== "parameter") return false;
  return hasModifier(decl.node, ts.SyntaxKind.PrivateKeyword);
}
