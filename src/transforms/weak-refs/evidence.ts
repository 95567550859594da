/**
 * Back-reference evidence: a link `child.p = owner` (or a parameter property, or `{ p: owner }`)
 * in the function that inserts the child into its owner (`owner.children.push(child)`). Peers
 * linked through single fields are dropped here: nothing says one of them holds the other.
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { enclosingFunction, skipOuterExpressions, symbolOf, walk } from "../util/ast.js";

/** Methods that put their arguments into a collection, and which arguments are the values. */
const INSERTIONS = new Map<
  string,
  { collection: "Array" | "Set" | "Map"; values: (args: readonly ts.Expression[]) => readonly ts.Expression[] }
>([
  ["push", { collection: "Array", values: (a) => a }],
  ["unshift", { collection: "Array", values: (a) => a }],
  ["splice", { collection: "Array", values: (a) => a.slice(2) }],
  ["add", { collection: "Set", values: (a) => a.slice(0, 1) }],
  ["set", { collection: "Map", values: (a) => a.slice(1, 2) }],
]);

/** `this` or a plain identifier: the only owner and child expressions compared. */
export type Ref = ts.ThisExpression | ts.Identifier;

/** `owner.children.push(child)`, `owner.byId.set(k, child)`, `owner.child = child`. */
export interface Insertion {
  node: ts.Node;
  owner: Ref;
  /** `owner.children` */
  member: ts.PropertyAccessExpression;
  kind: "Array" | "Set" | "Map" | "field";
  /** The inserted values (`child`, or an object literal). */
  values: readonly ts.Expression[];
}

/** `child.p = owner`, a parameter property `constructor(public p: T)`, or `{ p: owner }`. */
export interface Link {
  node: ts.Node;
  /** The child: `this`, an identifier, or the object literal itself. */
  child: Ref | ts.ObjectLiteralExpression;
  owner: Ref;
  /** The property name as written (`p`, `#p`) at the link. */
  nameNode: ts.Identifier | ts.PrivateIdentifier;
}

/** A link next to the insertion of its child into its owner's collection. */
export interface Evidence {
  link: Link;
  insertion: Insertion;
}

/** Parentheses, `!`, `as T`, `satisfies T`, `<T>x` around an expression, removed (the shared helper). */
export const unwrap = skipOuterExpressions;

// Ex) `this`, `parent`
function asRef(expr: ts.Expression): Ref | undefined {
  const e = unwrap(expr);
  return e.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(e) ? (e as Ref) : undefined;
}

/** Whether two refs name the same value (both `this` in one body, or one symbol). */
function sameRef(checker: ts.TypeChecker, a: Ref, b: Ref): boolean {
  if (a.kind === ts.SyntaxKind.ThisKeyword || b.kind === ts.SyntaxKind.ThisKeyword) return a.kind === b.kind;
  if (a.text !== b.text) return false;
  const sa = valueSymbol(checker, a);
  return sa !== undefined && sa === valueSymbol(checker, b);
}

/** The variable or parameter an identifier names (for a parameter property, the parameter; for `{ menu }`, `menu`). */
function valueSymbol(checker: ts.TypeChecker, id: ts.Identifier): ts.Symbol | undefined {
  const param = id.parent;
  if (ts.isParameter(param) && param.name === id && ts.isParameterPropertyDeclaration(param, param.parent)) {
    return checker.getSymbolsOfParameterPropertyDeclaration(param, id.text)[0];
  }
  return symbolOf(checker, id);
}

/** Statements' nodes of a function body, not entering nested functions or classes. */
function walkBody(body: ts.Node, visit: (node: ts.Node) => void): void {
  const go = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    visit(n);
    ts.forEachChild(n, go);
  };
  ts.forEachChild(body, go);
}

// Ex) `this.children.push(child)`, `parent?.children.add(this)`, `this.byId.set(id, o)`,
// `this.children[i] = child`, `this.child = child`
function insertionOf(node: ts.Node): Insertion | undefined {
  if (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    ts.isIdentifier(node.expression.name)
  ) {
    const insertion = INSERTIONS.get(node.expression.name.text);
    const member = unwrap(node.expression.expression);
    if (!insertion || !ts.isPropertyAccessExpression(member)) return undefined;
    const owner = asRef(member.expression);
    if (!owner) return undefined;
    return { node, owner, member, kind: insertion.collection, values: insertion.values(node.arguments).map(unwrap) };
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = unwrap(node.left);
    const target = ts.isElementAccessExpression(left) ? unwrap(left.expression) : left;
    if (!ts.isPropertyAccessExpression(target)) return undefined;
    const owner = asRef(target.expression);
    if (!owner) return undefined;
    return {
      node,
      owner,
      member: target,
      kind: ts.isElementAccessExpression(left) ? "Array" : "field",
      values: [unwrap(node.right)],
    };
  }
  return undefined;
}

// Ex) `child.parent = this;`, `this.parent = parent;`
function assignmentLink(node: ts.Node): Link | undefined {
  if (!ts.isExpressionStatement(node)) return undefined;
  const e = node.expression;
  if (
    !ts.isBinaryExpression(e) ||
    e.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
    !ts.isPropertyAccessExpression(e.left)
  )
    return undefined;
  const child = asRef(e.left.expression);
  const owner = asRef(e.right);
  if (!child || !owner) return undefined;
  return { node: e, child, owner, nameNode: e.left.name };
}

// Ex) `const child = { parent: this, children: [] };`, `{ parent }`
function literalLinks(literal: ts.ObjectLiteralExpression, child: Ref | ts.ObjectLiteralExpression): Link[] {
  const links: Link[] = [];
  for (const p of literal.properties) {
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) {
      const owner = asRef(p.initializer);
      if (owner) links.push({ node: p, child, owner, nameNode: p.name });
    } else if (ts.isShorthandPropertyAssignment(p)) {
      links.push({ node: p, child, owner: p.name, nameNode: p.name });
    }
  }
  return links;
}

/** Every link of one function body next to the insertion of its child into its owner. */
function evidenceInBody(checker: ts.TypeChecker, fn: ts.FunctionLikeDeclaration & { body: ts.Node }): Evidence[] {
  const links: Link[] = [];
  const insertions: Insertion[] = [];
  // Ex) `constructor(public parent: Node | null) { parent?.children.push(this); }`
  if (ts.isConstructorDeclaration(fn)) {
    for (const param of fn.parameters) {
      if (ts.isParameterPropertyDeclaration(param, fn) && ts.isIdentifier(param.name)) {
        // The child is the object under construction: a synthesised `this`, compared by kind only.
        links.push({ node: param, child: ts.factory.createThis(), owner: param.name, nameNode: param.name });
      }
    }
  }
  walkBody(fn.body, (node) => {
    const link = assignmentLink(node);
    if (link) links.push(link);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const init = unwrap(node.initializer);
      if (ts.isObjectLiteralExpression(init)) links.push(...literalLinks(init, node.name));
    }
    const insertion = insertionOf(node);
    if (insertion) {
      insertions.push(insertion);
      // Ex) `this.children.push({ parent: this, name })`
      for (const v of insertion.values) if (ts.isObjectLiteralExpression(v)) links.push(...literalLinks(v, v));
    }
  });
  if (links.length === 0 || insertions.length === 0) return [];
  const found: Evidence[] = [];
  for (const link of links) {
    const insertion = insertions.find(
      (i) =>
        i.node !== link.node &&
        sameRef(checker, i.owner, link.owner) &&
        i.values.some((v) =>
          ts.isObjectLiteralExpression(link.child)
            ? v === link.child
            : link.child.kind === ts.SyntaxKind.ThisKeyword
              ? v.kind === ts.SyntaxKind.ThisKeyword
              : ts.isIdentifier(v) && sameRef(checker, v, link.child),
        ),
    );
    if (!insertion) continue;
    // Ex) `this.view = view; view.editor = this;`: two single fields pointing at each other read
    // the same both ways; the child is the object made here (`this` in its constructor, or a
    // local `const view = new View()`), the other one is its owner.
    if (insertion.kind === "field" && !madeHere(checker, fn, link.child)) continue;
    if (insertion.kind === "field" && arePeers(checker, link, insertion)) continue;
    found.push({ link, insertion });
  }
  return found;
}

/**
 * Two objects linked to each other through single fields are peers, not an owner and its child,
 * when nothing says one holds the other: the same property both ways (`a.other = b; b.other = a`),
 * two instances of one class (`a.next = b; b.prev = a`), or two objects made and linked by a third
 * party (neither is `this`). A `WeakRef` there can drop the peer that is still in use.
 */
// Ex) `const a = new Transport(); const b = new Transport(); a._other = b; b._other = a;`
function arePeers(checker: ts.TypeChecker, link: Link, insertion: Insertion): boolean {
  if (ts.isObjectLiteralExpression(link.child)) return false;
  if (link.nameNode.text === insertion.member.name.text) return true;
  if (link.child.kind !== ts.SyntaxKind.ThisKeyword && link.owner.kind !== ts.SyntaxKind.ThisKeyword) return true;
  const childType = checker.getTypeAtLocation(link.child);
  const ownerType = checker.getTypeAtLocation(link.owner);
  const childClass = childType.getSymbol();
  return childClass !== undefined && childClass === ownerType.getSymbol();
}

// Ex) `constructor(editor: Editor) { this.editor = editor; … }`, `const view = new View(); view.editor = this;`
function madeHere(
  checker: ts.TypeChecker,
  fn: ts.FunctionLikeDeclaration,
  child: Ref | ts.ObjectLiteralExpression,
): boolean {
  if (ts.isObjectLiteralExpression(child)) return true;
  if (child.kind === ts.SyntaxKind.ThisKeyword) return ts.isConstructorDeclaration(fn);
  const decl = checker.getSymbolAtLocation(child)?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || enclosingFunction(decl) !== fn) return false;
  const init = unwrap(decl.initializer);
  return ts.isNewExpression(init) || ts.isObjectLiteralExpression(init);
}

/** Evidence in every function body under `root`. */
export function findEvidence(checker: ts.TypeChecker, root: ts.Node): Evidence[] {
  const found: Evidence[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body)
      found.push(...evidenceInBody(checker, node as ts.FunctionLikeDeclaration & { body: ts.Node }));
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/**
 * Evidence about this file's class properties found in the classes they point at, when those
 * are declared in other files. A cheap text test on the owner's class first; the checker only
 * for properties whose annotation names a class of another project file.
 */
export function evidenceInOwnerFiles(ctx: TransformContext): Evidence[] {
  const { sourceFile: sf, checker } = ctx;
  const found: Evidence[] = [];
  const searched = new Set<ts.Node>();
  walk(sf, (node) => {
    let name: ts.PropertyName | ts.BindingName | undefined;
    let type: ts.TypeNode | undefined;
    if (ts.isPropertyDeclaration(node) && ts.isClassLike(node.parent)) ({ name, type } = node);
    else if (
      ts.isParameter(node) &&
      ts.isConstructorDeclaration(node.parent) &&
      ts.isParameterPropertyDeclaration(node, node.parent)
    )
      ({ name, type } = node);
    if (!name || !type || !(ts.isIdentifier(name) || ts.isPrivateIdentifier(name))) return;
    const propertyName = name.text;
    for (const member of ts.isUnionTypeNode(type) ? type.types : [type]) {
      if (!ts.isTypeReferenceNode(member)) continue;
      const symbol = checker.getSymbolAtLocation(
        ts.isIdentifier(member.typeName) ? member.typeName : member.typeName.right,
      );
      const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? safeAliased(checker, symbol) : symbol;
      for (const d of target?.declarations ?? []) {
        if (!ts.isClassLike(d) || searched.has(d)) continue;
        const file = d.getSourceFile();
        if (file === sf || ctx.isLibFile(file) || file.fileName.includes("/node_modules/")) continue;
        const text = file.text.slice(d.getStart(file), d.getEnd());
        if (!new RegExp(`\\.\\s*${propertyName.replace(/[$]/g, "\\$")}\\s*=[^=]`).test(text)) continue;
        searched.add(d);
        found.push(...findEvidence(checker, d));
      }
    }
  });
  return found;
}

function safeAliased(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol | undefined {
  try {
    return checker.getAliasedSymbol(symbol);
  } catch {
    return undefined;
  }
}
