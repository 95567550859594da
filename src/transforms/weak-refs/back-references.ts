/**
 * ## What it does
 * Finds back-references: a property `p` of class `C` that points at an owner `T` which itself
 * holds the `C` (in an array, a `Set`, a `Map` or a single field), recognised by the assignment
 * `x.p = owner` next to the insertion `owner.children.push(x)`. It turns `p` into a private
 * `#p: WeakRef<T> | undefined` behind a `get p()` / `set p(v)` pair with the original
 * nullability, so every call site stays as it is.
 *
 * ## Why is this bad?
 * The owner already keeps its children alive. The pointer back keeps the owner alive for as
 * long as any one child is reachable, and through the owner every sibling: code that keeps a
 * single leaf of a tree, a single observer of a subject or a single view of a controller keeps
 * the whole graph. A `WeakRef` lets the owner go when nothing else needs it.
 *
 * ## Example
 * ```ts
 * class Section {
 *   parent: Document | null = null;
 * }
 * class Document {
 *   sections: Section[] = [];
 *   add(s: Section) {
 *     s.parent = this;
 *     this.sections.push(s);
 *   }
 * }
 * ```
 * ## Use instead
 * ```ts
 * class Section {
 *   #parent: WeakRef<Document> | undefined = undefined;
 *   get parent(): Document | null {
 *     return this.#parent?.deref() ?? null;
 *   }
 *   set parent(value: Document | null) {
 *     this.#parent = value ? new WeakRef(value) : undefined;
 *   }
 * }
 * ```
 * ## Tier
 * Always `unsafe`: once nothing else holds the owner, `p` reads `null`/`undefined` where it used
 * to keep the owner alive, and `p` is no longer an own property (spread, `Object.keys` and
 * `JSON.stringify` skip it). A non-optional `p: T` reads `T | undefined`: the type-check guard
 * withdraws the fix where callers assume it is set.
 *
 * ## Not rewritten
 * Reported `manual`: properties of interfaces and object literals (no class to hold the
 * accessors), `readonly`, `static`, `declare`, `abstract`, `override`, decorated and accessor
 * properties, a property initialised with a value, TypeScript properties without a type
 * annotation, a name clash with an existing `#p`, classes that are serialised or copied
 * (`JSON.stringify(this)`, `toJSON`, `structuredClone`, `Object.keys(this)`, `{ ...this }`),
 * parameter properties when a field initialiser reads `this`, and projects whose `lib` has no
 * `WeakRef` (es2021+).
 */
import { ts } from "ts-morph";
import type { TextEdit, TransformContext } from "../../engine/types.js";
import {
  accessModifiersText,
  enclosingClass,
  enclosingFunction,
  hasModifier,
  indentationAt,
  isGlobalLibSymbol,
  lineOfNode,
  newLineOf,
  symbolOf,
  walk,
} from "../util/ast.js";
import { backReference } from "./kinds.js";

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
type Ref = ts.ThisExpression | ts.Identifier;

/** `owner.children.push(child)`, `owner.byId.set(k, child)`, `owner.child = child`. */
interface Insertion {
  node: ts.Node;
  owner: Ref;
  /** `owner.children` */
  member: ts.PropertyAccessExpression;
  kind: "Array" | "Set" | "Map" | "field";
  /** The inserted values (`child`, or an object literal). */
  values: readonly ts.Expression[];
}

/** `child.p = owner`, a parameter property `constructor(public p: T)`, or `{ p: owner }`. */
interface Link {
  node: ts.Node;
  /** The child: `this`, an identifier, or the object literal itself. */
  child: Ref | ts.ObjectLiteralExpression;
  owner: Ref;
  /** The property name as written (`p`, `#p`) at the link. */
  nameNode: ts.Identifier | ts.PrivateIdentifier;
}

/** A link next to the insertion of its child into its owner's collection. */
interface Evidence {
  link: Link;
  insertion: Insertion;
}

/** How the original property admits "no owner". */
type Nullability = "null" | "undefined" | "both" | "none";

/** The declaration a back-reference property has, once the evidence has named it. */
type Declaration =
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

function unwrap(expr: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(expr) ||
    ts.isAsExpression(expr) ||
    ts.isNonNullExpression(expr) ||
    ts.isSatisfiesExpression(expr)
  ) {
    expr = expr.expression;
  }
  return expr;
}

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
    found.push({ link, insertion });
  }
  return found;
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
function findEvidence(checker: ts.TypeChecker, root: ts.Node): Evidence[] {
  const found: Evidence[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body)
      found.push(...evidenceInBody(checker, node as ts.FunctionLikeDeclaration & { body: ts.Node }));
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** The property symbol a link names. */
function propertyOfLink(ctx: TransformContext, link: Link): ts.Symbol | undefined {
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
function declarationOf(symbol: ts.Symbol): Declaration | undefined {
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
function nameOfAssignment(node: ts.Node): ts.Identifier | ts.PrivateIdentifier {
  if (ts.isBinaryExpression(node) && ts.isPropertyAccessExpression(node.left)) return node.left.name;
  return (node as ts.PropertyAccessExpression).name;
}

/** Whether the global `WeakRef` exists in the program (lib es2021+). */
const weakRefKnown = new WeakMap<ts.TypeChecker, boolean>();
function hasWeakRef(ctx: TransformContext): boolean {
  let known = weakRefKnown.get(ctx.checker);
  if (known === undefined) {
    const symbol = ctx.checker.resolveName("WeakRef", undefined, ts.SymbolFlags.Value, false);
    known = symbol !== undefined;
    weakRefKnown.set(ctx.checker, known);
  }
  return known;
}

// Ex) `Node[]`, `Set<Observer>`, `Map<string, View>`, `child: Node | null`
function isCollection(ctx: TransformContext, insertion: Insertion, isJs: boolean): boolean {
  const { checker } = ctx;
  const type = checker.getTypeAtLocation(insertion.member);
  // JavaScript: an untyped owner (`parent.children.push(this)`): the insertion is the evidence.
  if (type.flags & ts.TypeFlags.Any) return isJs;
  const nonNull = checker.getNonNullableType(type);
  if (insertion.kind === "field") return (nonNull.flags & ts.TypeFlags.Object) !== 0;
  if (insertion.kind === "Array") return checker.isArrayType(nonNull) || checker.isTupleType(nonNull);
  const symbol = nonNull.getSymbol();
  return symbol?.name === insertion.kind && isGlobalLibSymbol(symbol, ctx.isLibFile);
}

/** The declared type's parts: the owner type text and what stands for "no owner". */
interface TypeParts {
  /** `Document` in `parent: Document | null`; undefined in JavaScript. */
  ownerText?: string;
  ownerType?: ts.Type;
  nullability: Nullability;
  /** The annotation names `undefined` itself (not only `?`). */
  undefinedWritten?: boolean;
}

// Ex) `parent: Document | null`, `parent?: Document`, `subject: Subject`
function typeParts(
  ctx: TransformContext,
  decl: ts.PropertyDeclaration | ts.ParameterDeclaration | ts.PropertySignature,
): TypeParts | "untyped" | "not-object" {
  const { checker, sourceFile: sf } = ctx;
  const annotation = decl.type;
  if (!annotation) return "untyped";
  const members = ts.isUnionTypeNode(annotation) ? annotation.types : [annotation];
  const isNull = (t: ts.TypeNode): boolean => ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword;
  const isUndefined = (t: ts.TypeNode): boolean => t.kind === ts.SyntaxKind.UndefinedKeyword;
  const owners = members.filter((t) => !isNull(t) && !isUndefined(t));
  if (owners.length === 0) return "not-object";
  const hasNull = members.some(isNull);
  const undefinedWritten = members.some(isUndefined);
  const hasUndefined = undefinedWritten || decl.questionToken !== undefined;
  const ownerType = checker.getNonNullableType(checker.getTypeFromTypeNode(annotation));
  if (!isOwnerType(checker, ownerType)) return "not-object";
  return {
    ownerText: owners.map((t) => t.getText(sf)).join(" | "),
    ownerType,
    nullability: hasNull && hasUndefined ? "both" : hasNull ? "null" : hasUndefined ? "undefined" : "none",
    undefinedWritten,
  };
}

// Ex) a class or interface type (or a union of them), not an array, a function or a primitive.
function isOwnerType(checker: ts.TypeChecker, type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((t) => {
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never | ts.TypeFlags.NonPrimitive))
      return false;
    if (t.flags & ts.TypeFlags.TypeParameter) {
      const c = checker.getBaseConstraintOfType(t);
      return c !== undefined && c !== t && isOwnerType(checker, c);
    }
    if (!(t.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))) return false;
    if (checker.isArrayType(t) || checker.isTupleType(t) || t.getCallSignatures().length > 0) return false;
    return t.getProperties().length > 0;
  });
}

/**
 * JavaScript: the nullability of the property's inferred (or JSDoc) type. Nothing enforces it,
 * so a property that admits neither (or an untyped one) keeps `null` and `undefined` apart
 * rather than ever calling `new WeakRef(null)`.
 */
function jsNullability(checker: ts.TypeChecker, symbol: ts.Symbol): Nullability {
  const type = checker.getTypeOfSymbol(symbol);
  if (!type.isUnion()) return "both";
  const hasNull = type.types.some((t) => t.flags & ts.TypeFlags.Null);
  const hasUndefined = type.types.some((t) => t.flags & ts.TypeFlags.Undefined);
  return hasNull && !hasUndefined ? "null" : hasUndefined && !hasNull ? "undefined" : "both";
}

// Ex) `JSON.stringify(this)`, `toJSON() {}`, `structuredClone(this)`, `Object.keys(this)`, `{ ...this }`
function serialisation(
  ctx: TransformContext,
  klass: ts.ClassLikeDeclaration,
  classType: ts.Type | undefined,
): string | undefined {
  const { checker, sourceFile: sf } = ctx;
  if (klass.members.some((m) => m.name !== undefined && ts.isIdentifier(m.name) && m.name.text === "toJSON")) {
    return "the class defines its own serialisation (`toJSON`), which may rely on it being a plain property that is always set";
  }
  let found: string | undefined;
  const isThis = (e: ts.Expression | undefined): boolean =>
    e !== undefined && unwrap(e).kind === ts.SyntaxKind.ThisKeyword;
  walk(klass, (node) => {
    if (found) return;
    if (ts.isSpreadAssignment(node) && isThis(node.expression))
      found = "the class copies itself with `{ ...this }`, which would drop it once it is an accessor";
    if (!ts.isCallExpression(node)) return;
    const callee = node.expression.getText(sf);
    if ((callee === "JSON.stringify" || callee === "structuredClone") && isThis(node.arguments[0]))
      found = `the class serialises itself with \`${callee}(this)\`, which would drop it once it is an accessor`;
    else if (/^Object\.(keys|values|entries|assign|getOwnPropertyNames)$/.test(callee) && node.arguments.some(isThis)) {
      found = `the class enumerates its own properties with \`${callee}(…this…)\`, which would miss it once it is an accessor`;
    }
  });
  if (found || !classType) return found;
  // Ex) `JSON.stringify(section)` or `structuredClone(sections)` elsewhere in the file.
  if (!/\b(JSON\.stringify|structuredClone)\s*\(/.test(sf.text)) return undefined;
  walk(sf, (node) => {
    if (found || !ts.isCallExpression(node) || node.arguments.length === 0) return;
    const callee = node.expression.getText(sf);
    if (callee !== "JSON.stringify" && callee !== "structuredClone") return;
    let type = checker.getTypeAtLocation(node.arguments[0]);
    if (checker.isArrayType(type)) type = checker.getTypeArguments(type as ts.TypeReference)[0] ?? type;
    if (type === classType || (type.getSymbol() !== undefined && type.getSymbol() === classType.getSymbol())) {
      found = `the class is serialised with \`${callee}\` (line ${lineOfNode(sf, node)}), which would drop it once it is an accessor`;
    }
  });
  return found;
}

/** Names of the class's members (`parent`, `#parent`). */
function memberNames(klass: ts.ClassLikeDeclaration): Set<string> {
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
function isAlreadyWeak(decl: Extract<Declaration, { kind: "accessor" }>): boolean {
  const getter = decl.klass.members.find(
    (m): m is ts.GetAccessorDeclaration =>
      ts.isGetAccessorDeclaration(m) && m.name.getText() === decl.node.name.getText(),
  );
  return getter?.body !== undefined && /\.deref\(\)/.test(getter.body.getText());
}

/** The text of the private field and the accessor pair that replace the property. */
function accessorText(options: {
  name: string;
  backing: string;
  modifiers: string;
  ownerText: string | undefined;
  annotationText: string | undefined;
  nullability: Nullability;
  undefinedWritten: boolean;
  initialNull: boolean;
  indent: string;
  unit: string;
  nl: string;
  docComment: string;
}): string {
  const { name, backing, modifiers, ownerText, nullability, indent, unit, nl } = options;
  const typed = ownerText !== undefined;
  const annotation = options.annotationText ?? ownerText ?? "";
  // The getter admits what the property admitted, plus `undefined` for an owner that is gone
  // (`null` stands for it where the property was `T | null`).
  const getterType = nullability === "null" || options.undefinedWritten ? annotation : `${annotation} | undefined`;
  const setterType = nullability === "none" || nullability === "null" ? annotation : getterType;
  const fieldType =
    nullability === "both" ? `WeakRef<${ownerText}> | null | undefined` : `WeakRef<${ownerText}> | undefined`;
  const read =
    nullability === "null"
      ? `this.${backing}?.deref() ?? null`
      : nullability === "both"
        ? `this.${backing} === null ? null : this.${backing}?.deref()`
        : `this.${backing}?.deref()`;
  const write =
    nullability === "none"
      ? "new WeakRef(value)"
      : nullability === "both"
        ? "value == null ? value : new WeakRef(value)"
        : "value ? new WeakRef(value) : undefined";
  const initial = nullability === "both" && options.initialNull ? "null" : "undefined";
  return [
    `${backing}${typed ? `: ${fieldType}` : ""} = ${initial};`,
    ...(options.docComment ? [`${indent}${options.docComment}`] : []),
    `${indent}${modifiers}get ${name}()${typed ? `: ${getterType}` : ""} {`,
    `${indent}${unit}return ${read};`,
    `${indent}}`,
    `${indent}${modifiers}set ${name}(value${typed ? `: ${setterType}` : ""}) {`,
    `${indent}${unit}this.${backing} = ${write};`,
    `${indent}}`,
  ].join(nl);
}

/** One indentation step of the class body (member indentation minus the class's). */
function indentUnit(sf: ts.SourceFile, klass: ts.ClassLikeDeclaration, member: ts.Node): string {
  const outer = indentationAt(sf, klass.getStart(sf));
  const inner = indentationAt(sf, member.getStart(sf));
  return inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : "  ";
}

/** Why the fix is unsafe, for the finding message. */
function tierText(name: string, owner: string, nullability: Nullability): string {
  const empty = nullability === "null" ? "`null`" : "`undefined`";
  const own = name.startsWith("#")
    ? ""
    : `, and \`${name}\` is no longer an own property (spread, \`Object.keys\` and \`JSON.stringify\` skip it)`;
  const base = `Unsafe: once nothing else holds the ${owner}, \`${name}\` reads ${empty} instead of keeping it alive${own}`;
  if (nullability === "none") {
    return `${base}. It was never empty, so its getter's type gains \`| undefined\`: callers that assume it is set must check it (the type-check guard withdraws the fix where they do not compile)`;
  }
  return base;
}

export function analyzeBackReferences(ctx: TransformContext): void {
  const { sourceFile: sf, checker } = ctx;
  const isJs = /\.[cm]?jsx?$/.test(sf.fileName);
  const done = new Set<ts.Symbol>();
  const candidates: Array<{ symbol: ts.Symbol; evidence: Evidence }> = [];
  const consider = (evidence: Evidence): void => {
    const symbol = propertyOfLink(ctx, evidence.link);
    if (!symbol || done.has(symbol)) return;
    // The fix edits the declaring file: evidence about a property declared elsewhere is that file's.
    if (symbol.declarations?.[0]?.getSourceFile() !== sf) return;
    done.add(symbol);
    candidates.push({ symbol, evidence });
  };
  for (const e of findEvidence(checker, sf)) consider(e);
  // Classes of this file whose owner is a class of another file: the evidence is usually there
  // (`add(s: Section) { s.parent = this; this.sections.push(s); }` in document.ts).
  for (const e of evidenceInOwnerFiles(ctx)) consider(e);

  for (const { symbol, evidence } of candidates) {
    const name = ts.symbolName(symbol);
    const decl = declarationOf(symbol);
    const insertion = evidence.insertion;
    const insertionFile = insertion.node.getSourceFile();
    const line = lineOfNode(insertionFile, insertion.node);
    const where = `\`${insertion.member.getText(insertionFile)}\` (${insertionFile === sf ? `line ${line}` : `${insertionFile.fileName.replace(/.*[\\/]/, "")}:${line}`})`;
    if (!decl) continue;

    // Ex) `const child = { parent: this, children: [] }; this.children.push(child);`
    if (decl.kind === "literal") {
      if (!isCollection(ctx, insertion, isJs)) continue;
      ctx.report({
        kind: backReference,
        node: decl.node,
        message: `\`${name}\` of an object literal points back at its owner, which holds the object in ${where}: as long as the object is reachable, so is the owner and everything it holds. An object literal has no class to hold a \`WeakRef\` behind an accessor: make it a class with \`#${name}: WeakRef<…>\` and \`get ${name}()\`, or store \`new WeakRef(owner)\` and read it with \`.deref()\``,
        applicability: "manual",
      });
      continue;
    }

    // Ex) `interface TreeNode { parent: TreeNode | null; children: TreeNode[] }`
    if (decl.kind === "signature") {
      const parts = typeParts(ctx, decl.node);
      if (typeof parts === "string" || !isCollection(ctx, insertion, isJs)) continue;
      const container = decl.node.parent;
      const holder = ts.isInterfaceDeclaration(container) ? `interface \`${container.name.text}\`` : "a type literal";
      ctx.report({
        kind: backReference,
        node: decl.node.name,
        message: `\`${name}\` of ${holder} points back at its owner \`${parts.ownerText}\`, which holds it in ${where}: as long as one is reachable, so is the owner and everything it holds. An interface cannot hold the accessor that would keep call sites unchanged: implement it with a class (\`#${name}: WeakRef<${parts.ownerText}>\` behind \`get ${name}()\`), or declare \`${name}: WeakRef<${parts.ownerText}>\` and read it with \`.deref()\``,
        applicability: "manual",
      });
      continue;
    }

    const klass = decl.klass;
    const className = klass.name?.text ?? "the class";
    const leakOf = (owner?: string): string =>
      `\`${name}\` points back from \`${className}\` to its owner${owner ? ` ${owner}` : ""}, which holds every \`${className}\` in ${where}: one reachable \`${className}\` keeps the owner and all its siblings alive`;
    const manual = (
      node: ts.Node,
      why: string,
      advice = "Store the owner as `new WeakRef(owner)` and read it with `.deref()`",
    ): void => {
      ctx.report({
        kind: backReference,
        node,
        message: `${leakOf()}. Not rewritten: ${why}. ${advice}`,
        applicability: "manual",
      });
    };
    // Ex) `children: Node[]`, `observers: Set<Observer>`, `views: Map<string, View>`, `child: Node`
    if (!isCollection(ctx, insertion, isJs)) continue;
    const nameNode = decl.kind === "js-assignments" ? nameOfAssignment(decl.nodes[0]) : decl.node.name;

    // Ex) `get parent() { return this.#parent?.deref() ?? null; }`: already weak.
    if (decl.kind === "accessor") {
      if (isAlreadyWeak(decl)) continue;
      manual(
        nameNode,
        "it is already an accessor, so the value lives in whatever field it reads",
        "Make the field behind the accessor a `WeakRef` and read it with `.deref()`",
      );
      continue;
    }
    const node = decl.kind === "js-assignments" ? undefined : decl.node;

    // The type: TypeScript reads the annotation, JavaScript the inferred (or JSDoc) type.
    let parts: TypeParts | "untyped";
    if (!node || isJs) {
      parts = { nullability: jsNullability(checker, symbol) };
    } else {
      const found = typeParts(ctx, node);
      // Ex) `parent: string | null`: not an object reference, not this rule's.
      if (found === "not-object") continue;
      parts = found;
    }

    // Ex) a project whose `lib` stops before es2021.
    if (!hasWeakRef(ctx)) {
      manual(
        nameNode,
        "the project's `lib` has no `WeakRef`",
        "Add `es2021` (or later) to `lib` in tsconfig.json and run leakmod again",
      );
      continue;
    }
    // Ex) `static parent: App;`
    if (node && hasModifier(node, ts.SyntaxKind.StaticKeyword)) {
      manual(nameNode, "it is `static`, shared by the class rather than one per child");
      continue;
    }
    // Ex) `declare parent: Node;`
    if (node && hasModifier(node, ts.SyntaxKind.DeclareKeyword)) {
      manual(
        nameNode,
        "it is a `declare` field, defined by code leakmod does not see (a base class, a mixin, a framework)",
      );
      continue;
    }
    // Ex) `readonly parent: Document;`, `constructor(readonly parent: Document)`
    if (node && hasModifier(node, ts.SyntaxKind.ReadonlyKeyword)) {
      manual(
        nameNode,
        "it is `readonly`, and the replacement needs a setter",
        `Keep a \`readonly #${name}: WeakRef<…>\` set once in the constructor and expose \`get ${name}()\` returning \`this.#${name}.deref()\``,
      );
      continue;
    }
    // Ex) `@observable parent: Node;`
    if (node && ts.canHaveDecorators(node) && (ts.getDecorators(node)?.length ?? 0) > 0) {
      manual(nameNode, "it is decorated, and the decorator expects a field, not an accessor pair");
      continue;
    }
    // Ex) `abstract parent: Node;`, `override parent: Node;`
    if (
      node &&
      (hasModifier(node, ts.SyntaxKind.AbstractKeyword) || hasModifier(node, ts.SyntaxKind.OverrideKeyword))
    ) {
      manual(
        nameNode,
        "it is `abstract` or `override`: other classes declare it too, and a property cannot become an accessor in one of them",
      );
      continue;
    }
    // Ex) `parent = null as Node | null` in TypeScript
    if (parts === "untyped") {
      manual(
        nameNode,
        "it has no type annotation to build `WeakRef<…>` from",
        `Annotate it (\`${name}: Owner | null\`) and run leakmod again`,
      );
      continue;
    }
    // Ex) `parent: Node | null = defaultRoot;`
    const initializer = node && (ts.isPropertyDeclaration(node) ? node.initializer : undefined);
    const initText = initializer ? unwrap(initializer).getText(sf) : undefined;
    if (initText !== undefined && initText !== "null" && initText !== "undefined") {
      manual(nameNode, `it is initialised with \`${initText}\`, an owner that is not the one that holds it`, undefined);
      continue;
    }
    // Ex) `#parent` exists already.
    const backing = ts.isPrivateIdentifier(nameNode) ? `${name}Ref` : `#${name}`;
    if (memberNames(klass).has(backing)) {
      manual(nameNode, `the class already has a member \`${backing}\` for the \`WeakRef\``, undefined);
      continue;
    }
    // Ex) `toJSON() {}`, `JSON.stringify(this)`, `structuredClone(section)`
    const classSymbol = klass.name ? checker.getSymbolAtLocation(klass.name) : undefined;
    const serialised = serialisation(
      ctx,
      klass,
      classSymbol ? checker.getDeclaredTypeOfSymbol(classSymbol) : undefined,
    );
    if (serialised) {
      manual(
        nameNode,
        serialised,
        `Serialise \`${name}\` explicitly (or leave it out on purpose), then store it as a \`WeakRef\``,
      );
      continue;
    }
    // Ex) `constructor(public parent: Node | null) {}` with `depth = this.parent ? … : 0;`: once
    // expanded, field initialisers would run before `this.parent` is set.
    if (
      decl.kind === "parameter" &&
      klass.members.some(
        (m) =>
          ts.isPropertyDeclaration(m) &&
          m.initializer !== undefined &&
          !hasModifier(m, ts.SyntaxKind.StaticKeyword) &&
          /\bthis\b/.test(m.initializer.getText(sf)),
      )
    ) {
      manual(
        nameNode,
        "it is a parameter property and a field initialiser reads `this`: once the parameter is expanded, that initialiser would run before the property is set",
        undefined,
      );
      continue;
    }

    const owner = parts.ownerText ? `\`${parts.ownerText}\`` : undefined;
    const edits = editsFor(ctx, decl, parts, backing, initText === "null");
    ctx.report({
      kind: backReference,
      node: nameNode,
      message: `${leakOf(owner)}. Fix: keep it in a \`WeakRef\` behind a getter and setter for \`${name}\`, every call site unchanged. ${tierText(name, owner ?? "owner", parts.nullability)}`,
      applicability: "unsafe",
      fix: {
        description: `Store \`${name}\` as a \`WeakRef\` behind a getter and setter`,
        edits,
        // A private member is seen by no other file: the guard re-checks only this one.
        affectsOtherFiles: !isPrivateMember(decl, nameNode),
      },
    });
  }
}

/** `#p`, or a field or parameter property declared `private` (the accessors stay private). */
function isPrivateMember(decl: Declaration, nameNode: ts.Node): boolean {
  if (ts.isPrivateIdentifier(nameNode)) return true;
  if (decl.kind !== "field" && decl.kind !== "parameter") return false;
  return hasModifier(decl.node, ts.SyntaxKind.PrivateKeyword);
}

/** The edits replacing the property by a private `WeakRef` field and an accessor pair. */
function editsFor(
  ctx: TransformContext,
  decl: Extract<Declaration, { kind: "field" | "parameter" | "js-assignments" }>,
  parts: TypeParts,
  backing: string,
  initialNull: boolean,
): TextEdit[] {
  const sf = ctx.sourceFile;
  const nl = newLineOf(sf);
  const klass = decl.klass;
  if (decl.kind === "field") {
    const node = decl.node;
    const name = node.name.getText(sf);
    const modifiers = accessModifiersText(node, sf);
    const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
    const start = docs.length > 0 ? docs[0].getStart(sf) : node.getStart(sf);
    const docComment = docs.length > 0 ? sf.text.slice(docs[0].getStart(sf), node.getStart(sf)).trimEnd() : "";
    const indent = indentationAt(sf, start);
    const text = accessorText({
      name,
      backing,
      modifiers,
      ownerText: parts.ownerText,
      annotationText: node.type?.getText(sf),
      nullability: parts.nullability,
      undefinedWritten: parts.undefinedWritten === true,
      initialNull,
      indent,
      unit: indentUnit(sf, klass, node),
      nl,
      docComment,
    });
    return [{ start, end: node.getEnd(), newText: text }];
  }
  if (decl.kind === "parameter") {
    const param = decl.node;
    const ctor = decl.ctor;
    const name = param.name.getText(sf);
    const modifierNodes = ts.getModifiers(param) ?? [];
    const modifiers = accessModifiersText(param, sf);
    const indent = indentationAt(sf, ctor.getStart(sf));
    const unit = indentUnit(sf, klass, ctor);
    const text = accessorText({
      name,
      backing,
      modifiers,
      ownerText: parts.ownerText,
      annotationText: param.type?.getText(sf),
      nullability: parts.nullability,
      undefinedWritten: parts.undefinedWritten === true,
      initialNull: false,
      indent,
      unit,
      nl,
      docComment: "",
    });
    const edits: TextEdit[] = [];
    // Ex) `constructor(public parent: Node | null)` → `constructor(parent: Node | null)`
    const firstModifier = modifierNodes[0];
    edits.push({ start: firstModifier.getStart(sf), end: param.name.getStart(sf), newText: "" });
    // The accessors go where the constructor was, the constructor after them.
    const ctorStart = ctor.getStart(sf);
    edits.push({ start: ctorStart, end: ctorStart, newText: `${text}${nl}${indent}` });
    // `this.parent = parent;` first in the body (after `super(...)`).
    const body = ctor.body!;
    const superCall = body.statements.find(
      (s) =>
        ts.isExpressionStatement(s) &&
        ts.isCallExpression(s.expression) &&
        s.expression.expression.kind === ts.SyntaxKind.SuperKeyword,
    );
    const bodyIndent = `${indent}${unit}`;
    const assignment = `this.${name} = ${name};`;
    if (superCall) {
      edits.push({ start: superCall.getEnd(), end: superCall.getEnd(), newText: `${nl}${bodyIndent}${assignment}` });
    } else if (body.statements.length > 0) {
      const first = body.statements[0].getStart(sf);
      edits.push({ start: first, end: first, newText: `${assignment}${nl}${bodyIndent}` });
    } else {
      const open = body.getStart(sf) + 1;
      edits.push({ start: open, end: body.getEnd() - 1, newText: `${nl}${bodyIndent}${assignment}${nl}${indent}` });
    }
    return edits;
  }
  // JavaScript, declared by `this.parent = …` assignments: the accessors open the class body.
  const name = nameOfAssignment(decl.nodes[0]).text;
  const firstMember = klass.members[0];
  const open = firstMember ? undefined : klass.members.pos;
  const indent = firstMember
    ? indentationAt(sf, firstMember.getStart(sf))
    : `${indentationAt(sf, klass.getStart(sf))}  `;
  const unit = firstMember ? indentUnit(sf, klass, firstMember) : "  ";
  const text = accessorText({
    name,
    backing,
    modifiers: "",
    ownerText: undefined,
    annotationText: undefined,
    nullability: parts.nullability,
    undefinedWritten: parts.undefinedWritten === true,
    initialNull: false,
    indent,
    unit,
    nl,
    docComment: "",
  });
  const at = open ?? klass.members.pos;
  return [{ start: at, end: at, newText: `${nl}${indent}${text}` }];
}

/**
 * Evidence about this file's class properties found in the classes they point at, when those
 * are declared in other files. A cheap text test on the owner's class first; the checker only
 * for properties whose annotation names a class of another project file.
 */
function evidenceInOwnerFiles(ctx: TransformContext): Evidence[] {
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
