/** Where an accumulating field may be: a static field, a singleton's field, a module-level object's property. */
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { hasModifier, isExportedFromFile, isModuleLevelVariable, lineOfNode, otherFileMatches } from "../util/ast.js";
import { emptyShapeOf, functionChain, skipOuter, type Shape } from "./uses.js";

export interface FieldCandidate {
  /** The field's name node (declaration), for the symbol and the finding's position. */
  nameNode: ts.Node;
  name: string;
  initializer: ts.Expression;
  shape: Shape;
  /** "the static field `Registry.plugins`", "the field `handlers` of `bus`". */
  title: string;
  /** Why its owner lives for the whole process. */
  lifetime: string;
  /** The symbol its references resolve to. */
  symbol: ts.Symbol;
  /** Whether code in other files can reach it (a public member of an exported owner). */
  visibleOutside: boolean;
  /** A JavaScript constructor assignment that declares it (`this.items = []`), not a reset. */
  ctorInit?: ts.Node;
}

function isPublic(member: ts.ClassElement): boolean {
  return (
    !(member.name && ts.isPrivateIdentifier(member.name)) &&
    !hasModifier(member, ts.SyntaxKind.PrivateKeyword) &&
    !hasModifier(member, ts.SyntaxKind.ProtectedKeyword)
  );
}

export function findFieldCandidates(ctx: TransformContext): FieldCandidate[] {
  const out: FieldCandidate[] = [];
  for (const statement of ctx.sourceFile.statements) {
    // Ex) `class Registry { static plugins: Plugin[] = []; items = []; }` at module level.
    if (ts.isClassDeclaration(statement) && statement.name)
      out.push(...classFieldCandidates(ctx, statement as ts.ClassDeclaration & { name: ts.Identifier }));
    // Ex) `const bus = { handlers: [] as Handler[] };` at module level.
    else if (ts.isVariableStatement(statement) && statement.declarationList.flags & ts.NodeFlags.Const)
      out.push(...objectPropertyCandidates(ctx, statement));
  }
  return out;
}

/** A field with an initialiser: declared with one, or (JavaScript) assigned in the constructor. */
interface InitialisedField {
  member: ts.ClassElement | undefined;
  nameNode: ts.Node;
  initializer: ts.Expression;
  isStatic: boolean;
  ctorInit?: ts.Node;
}

// Ex) `static plugins: Plugin[] = [];`, `items = [];`, JavaScript `constructor() { this.items = []; }`
function initialisedFields(sf: ts.SourceFile, klass: ts.ClassDeclaration): InitialisedField[] {
  const fields: InitialisedField[] = [];
  for (const member of klass.members) {
    if (
      ts.isPropertyDeclaration(member) &&
      member.initializer &&
      (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))
    ) {
      fields.push({
        member,
        nameNode: member.name,
        initializer: member.initializer,
        isStatic: hasModifier(member, ts.SyntaxKind.StaticKeyword),
      });
    }
  }
  // Ex) JavaScript: `constructor() { this.items = []; }`
  const ctor = klass.members.find(
    (m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined,
  );
  for (const s of ctor?.body?.statements ?? []) {
    if (
      !ts.isExpressionStatement(s) ||
      !ts.isBinaryExpression(s.expression) ||
      s.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken
    )
      continue;
    const left = s.expression.left;
    if (!ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword) continue;
    const declared = klass.members.find((m) => ts.isPropertyDeclaration(m) && m.name.getText(sf) === left.name.text);
    if (declared && (declared as ts.PropertyDeclaration).initializer) continue;
    fields.push({
      member: declared,
      nameNode: left.name,
      initializer: s.expression.right,
      isStatic: false,
      ctorInit: left.name,
    });
  }
  return fields;
}

// Ex) `class Registry { static plugins: Plugin[] = []; }`, `export const registry = new Registry();`
function classFieldCandidates(
  ctx: TransformContext,
  klass: ts.ClassDeclaration & { name: ts.Identifier },
): FieldCandidate[] {
  const { sourceFile: sf, checker } = ctx;
  const className = klass.name.text;
  // Which fields start empty first: the export and singleton checks cost checker queries and a
  // text search of every other file, and most classes have no such field.
  const empty = initialisedFields(sf, klass).flatMap((f) => {
    const shape = emptyShapeOf(ctx, f.initializer);
    return shape ? [{ ...f, shape }] : [];
  });
  if (empty.length === 0) return [];
  const exported = isExportedFromFile(ctx.sourceFile, ctx.checker, klass);
  const singleton = empty.some((f) => !f.isStatic) ? singletonOf(ctx, klass, exported) : undefined;
  const out: FieldCandidate[] = [];
  for (const f of empty) {
    const shape = f.shape;
    if (!f.isStatic && !singleton) continue;
    const symbol = checker.getSymbolAtLocation(f.nameNode);
    if (!symbol) continue;
    const name = f.nameNode.getText(sf);
    const pub = f.member ? isPublic(f.member) : !ts.isPrivateIdentifier(f.nameNode);
    out.push({
      nameNode: f.nameNode,
      name,
      initializer: f.initializer,
      shape,
      symbol,
      title: f.isStatic ? `the static field \`${className}.${name}\`` : `the field \`${name}\` of ${singleton!.name}`,
      lifetime: f.isStatic
        ? `a class lives as long as its module`
        : `${singleton!.name} is the one \`${className}\` instance (created at line ${lineOfNode(sf, singleton!.creation)}) and lives as long as its module`,
      visibleOutside: pub && (exported || (singleton?.exported ?? false)),
      ...(f.ctorInit ? { ctorInit: f.ctorInit } : {}),
    });
  }
  return out;
}

// Ex) `const bus = { handlers: [] as Handler[] };` at module level.
function objectPropertyCandidates(ctx: TransformContext, statement: ts.VariableStatement): FieldCandidate[] {
  const { checker } = ctx;
  const out: FieldCandidate[] = [];
  for (const decl of statement.declarationList.declarations) {
    if (!ts.isIdentifier(decl.name) || !decl.initializer || !isModuleLevelVariable(decl)) continue;
    const literal = skipOuter(decl.initializer);
    if (!ts.isObjectLiteralExpression(literal)) continue;
    let owner: { exported: boolean; type: ts.Type } | undefined; // asked only when a property starts empty
    for (const prop of literal.properties) {
      if (!ts.isPropertyAssignment(prop) || !(ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) continue;
      const shape = emptyShapeOf(ctx, prop.initializer);
      if (!shape) continue;
      owner ??= {
        exported: isExportedFromFile(ctx.sourceFile, ctx.checker, decl),
        type: checker.getTypeAtLocation(decl.name),
      };
      const { exported, type: ownerType } = owner;
      const name = prop.name.text;
      const symbol = checker.getPropertyOfType(ownerType, name) ?? checker.getSymbolAtLocation(prop.name);
      if (!symbol) continue;
      out.push({
        nameNode: prop.name,
        name,
        initializer: prop.initializer,
        shape,
        symbol,
        title: `the property \`${decl.name.text}.${name}\``,
        lifetime: `\`${decl.name.text}\` is a module-level object and lives as long as its module`,
        visibleOutside: exported,
      });
    }
  }
  return out;
}

interface Singleton {
  /** "`registry`", "`Registry.instance`", "the default export". */
  name: string;
  creation: ts.NewExpression;
  exported: boolean;
}

/**
 * The one instance of `klass`, when the file creates exactly one and keeps it for good: a
 * module-level variable, `export default new C()`, or a static field of the class itself
 * (`static instance = new C()`, `C.instance ??= new C()`).
 */
// Ex) `export const registry = new Registry();`
function singletonOf(ctx: TransformContext, klass: ts.ClassDeclaration, classExported: boolean): Singleton | undefined {
  const { sourceFile: sf, checker } = ctx;
  const className = klass.name!.text;
  const classSymbol = checker.getSymbolAtLocation(klass.name!);
  if (!classSymbol || !new RegExp(`\\bnew\\s+${className}\\b`).test(sf.text)) return undefined;
  const creations: ts.NewExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (
      ts.isNewExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === className &&
      checker.getSymbolAtLocation(n.expression) === classSymbol
    )
      creations.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (creations.length !== 1) return undefined;
  // Another file may create more instances of an exported class (or subclass it).
  if (classExported && mentionedElsewhere(ctx, new RegExp(`\\bnew\\s+${className}\\b|\\bextends\\s+${className}\\b`)))
    return undefined;
  const creation = creations[0];
  let holder: ts.Node = creation;
  while (
    ts.isParenthesizedExpression(holder.parent) ||
    ts.isAsExpression(holder.parent) ||
    ts.isSatisfiesExpression(holder.parent)
  )
    holder = holder.parent;
  const p = holder.parent;
  if (
    ts.isVariableDeclaration(p) &&
    p.initializer === holder &&
    ts.isIdentifier(p.name) &&
    isModuleLevelVariable(p) &&
    p.parent.flags & ts.NodeFlags.Const
  ) {
    return { name: `\`${p.name.text}\``, creation, exported: isExportedFromFile(ctx.sourceFile, ctx.checker, p) };
  }
  if (ts.isExportAssignment(p)) return { name: "the default export", creation, exported: true };
  if (ts.isPropertyDeclaration(p) && p.parent === klass && hasModifier(p, ts.SyntaxKind.StaticKeyword)) {
    return { name: `\`${className}.${p.name.getText(sf)}\``, creation, exported: classExported && isPublic(p) };
  }
  if (ts.isBinaryExpression(p) && p.right === holder && ts.isPropertyAccessExpression(p.left)) {
    const target = p.left.expression;
    const inClass = functionChain(p).some((f) => f.parent === klass && hasModifier(f, ts.SyntaxKind.StaticKeyword));
    if (
      (target.kind === ts.SyntaxKind.ThisKeyword && inClass) ||
      (ts.isIdentifier(target) && checker.getSymbolAtLocation(target) === classSymbol)
    ) {
      return { name: `\`${className}.${p.left.name.text}\``, creation, exported: classExported };
    }
  }
  return undefined;
}

/** Whether another project file's text matches `pattern` (a cheap text test). */
export function mentionedElsewhere(ctx: TransformContext, pattern: RegExp): boolean {
  return otherFileMatches(ctx, pattern, { skipDeclarations: true });
}
