/**
 * ## What it does
 * Reports fields that only grow on objects that live as long as the process: `static` fields of
 * module-level classes, fields of a module-level singleton (the one instance of a class, kept in
 * a module-level variable or a static field), and properties of a module-level object literal.
 *
 * ## Why is this bad?
 * Such a field is an accumulating global with another name: the class or the singleton is
 * never collected, so every entry pushed into the field stays alive.
 *
 * ## Example
 * ```ts
 * class Registry {
 *   static plugins: Plugin[] = [];
 *   static register(p: Plugin) { Registry.plugins.push(p); }
 * }
 * ```
 * ## Use instead
 * A bound (a cap, an LRU), an `unregister` that removes entries, or weak references (a `WeakMap`
 * keyed by the owner, `WeakRef`). There is no automatic fix: which entries may go is the
 * program's decision. Always `manual`.
 * ## Not reported
 * Fields of classes with several instances (they go with their instance), fields that are also
 * shrunk, cleared or reassigned (here or, by a cheap text test, in other files), fields grown
 * only at load time, object-keyed `Map`/`Set` fields that only grow (weak-refs reports them).
 */
import { ts } from "ts-morph";
import type { TransformContext } from "../../engine/types.js";
import {
  hasModifier,
  isExportedSymbol,
  isModuleLevelVariable,
  lineOfNode,
  otherFileMatches,
  referencesIn,
} from "../util/ast.js";
import {
  classify,
  emptyShapeOf,
  functionChain,
  growthSummary,
  isObjectKeyed,
  isRead,
  ITEM_NOUN,
  runsAtLoad,
  SHAPE_NOUN,
  skipOuter,
  withArticle,
  type Shape,
} from "./uses.js";
import { accumulatingField } from "./kinds.js";

interface FieldCandidate {
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

export function analyzeFields(ctx: TransformContext): void {
  for (const candidate of findFieldCandidates(ctx)) analyzeField(ctx, candidate);
}

function isPublic(member: ts.ClassElement): boolean {
  return (
    !(member.name && ts.isPrivateIdentifier(member.name)) &&
    !hasModifier(member, ts.SyntaxKind.PrivateKeyword) &&
    !hasModifier(member, ts.SyntaxKind.ProtectedKeyword)
  );
}

function isExportedStatement(
  ctx: TransformContext,
  node: ts.ClassDeclaration | ts.VariableDeclaration,
  name: ts.Identifier,
): boolean {
  const statement = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) return true;
  const symbol = ctx.checker.getSymbolAtLocation(name);
  return symbol !== undefined && isExportedSymbol(ctx.sourceFile, ctx.checker, symbol);
}

function findFieldCandidates(ctx: TransformContext): FieldCandidate[] {
  const { sourceFile: sf, checker } = ctx;
  const out: FieldCandidate[] = [];
  for (const statement of sf.statements) {
    // Ex) `class Registry { static plugins: Plugin[] = []; items = []; }` at module level.
    if (ts.isClassDeclaration(statement) && statement.name) {
      const klass = statement;
      const className = statement.name.text;
      const fields: Array<{
        member: ts.ClassElement | undefined;
        nameNode: ts.Node;
        initializer: ts.Expression;
        isStatic: boolean;
        ctorInit?: ts.Node;
      }> = [];
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
        const declared = klass.members.find(
          (m) => ts.isPropertyDeclaration(m) && m.name.getText(sf) === left.name.text,
        );
        if (declared && (declared as ts.PropertyDeclaration).initializer) continue;
        fields.push({
          member: declared,
          nameNode: left.name,
          initializer: s.expression.right,
          isStatic: false,
          ctorInit: left.name,
        });
      }
      // Which fields start empty first: the export and singleton checks cost checker queries and a
      // text search of every other file, and most classes have no such field.
      const empty = fields.flatMap((f) => {
        const shape = emptyShapeOf(ctx, f.initializer);
        return shape ? [{ ...f, shape }] : [];
      });
      if (empty.length === 0) continue;
      const exported = isExportedStatement(ctx, klass, statement.name);
      const singleton = empty.some((f) => !f.isStatic) ? singletonOf(ctx, klass, exported) : undefined;
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
          title: f.isStatic
            ? `the static field \`${className}.${name}\``
            : `the field \`${name}\` of ${singleton!.name}`,
          lifetime: f.isStatic
            ? `a class lives as long as its module`
            : `${singleton!.name} is the one \`${className}\` instance (created at line ${lineOfNode(sf, singleton!.creation)}) and lives as long as its module`,
          visibleOutside: pub && (exported || (singleton?.exported ?? false)),
          ...(f.ctorInit ? { ctorInit: f.ctorInit } : {}),
        });
      }
      continue;
    }
    // Ex) `const bus = { handlers: [] as Handler[] };` at module level.
    if (ts.isVariableStatement(statement) && statement.declarationList.flags & ts.NodeFlags.Const) {
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name) || !decl.initializer || !isModuleLevelVariable(decl)) continue;
        const literal = skipOuter(decl.initializer);
        if (!ts.isObjectLiteralExpression(literal)) continue;
        let owner: { exported: boolean; type: ts.Type } | undefined; // asked only when a property starts empty
        for (const prop of literal.properties) {
          if (!ts.isPropertyAssignment(prop) || !(ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)))
            continue;
          const shape = emptyShapeOf(ctx, prop.initializer);
          if (!shape) continue;
          owner ??= { exported: isExportedStatement(ctx, decl, decl.name), type: checker.getTypeAtLocation(decl.name) };
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
    return { name: `\`${p.name.text}\``, creation, exported: isExportedStatement(ctx, p, p.name) };
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
function mentionedElsewhere(ctx: TransformContext, pattern: RegExp): boolean {
  return otherFileMatches(ctx, pattern, { skipDeclarations: true });
}

function analyzeField(ctx: TransformContext, candidate: FieldCandidate): void {
  const { sourceFile: sf, checker } = ctx;
  const { name, shape, symbol } = candidate;
  const refs = referencesIn(sf, checker, symbol, name).filter((r) => r !== candidate.ctorInit);
  const exprOf = (r: ts.Node): ts.Node =>
    ts.isPropertyAccessExpression(r.parent) && r.parent.name === r ? r.parent : r;
  const exprs = new Set(refs.map(exprOf));
  const uses = refs.map((r) => {
    // Ex) `const { items } = this`: a destructured field is handed out.
    if (exprOf(r) === r) return { kind: "escape" as const, ref: r, node: r, detail: "destructures it" };
    return classify(sf, r, exprOf(r), shape, (e) => exprs.has(e));
  });
  const grows = uses.filter((u) => u.kind === "grow");
  // Ex) grown only in a static block or a field initialiser: once, at load time.
  if (grows.every((u) => runsAtLoad(sf, checker, u.ref))) return;
  // Ex) `this.items = []` in `reset()`, `Registry.plugins.splice(i, 1)`: the program bounds it.
  if (uses.some((u) => u.kind === "reset" || u.kind === "shrink" || u.kind === "replace")) return;
  // Ex) `static #seen = new WeakSet()`-able fields: weak-refs' `object-keyed-cache` reports them.
  if ((shape === "map" || shape === "set") && isObjectKeyed(checker, candidate.nameNode, candidate.initializer, uses))
    return;
  // Other files may clear it: a cheap text test for `.name.clear()`, `.name = `, `.name.length = `...
  const n = name.replace(/[$#]/g, "\\$&");
  if (
    candidate.visibleOutside &&
    mentionedElsewhere(
      ctx,
      new RegExp(
        `\\.\\s*${n}\\s*(=[^=]|\\.\\s*(pop|shift|splice|clear|delete)\\b|\\.\\s*length\\s*=[^=])|delete\\s+[\\w.]*\\.${n}\\b`,
      ),
    )
  ) {
    return;
  }
  const reads = uses.filter(isRead);
  const outside = candidate.visibleOutside ? " (other files can reach it too)" : "";
  const advice =
    reads.length === 0 && !candidate.visibleOutside
      ? "Nothing reads it: it is dead state; delete it and its writes"
      : `Bound it (a cap, or an LRU), remove entries when they are done with (an \`unregister\`, or a dispose function returned by the call that adds them), or hold them weakly (a \`WeakMap\` keyed by their owner, \`WeakRef\`)`;
  ctx.report({
    kind: accumulatingField,
    node: candidate.nameNode,
    message: `${capitalise(candidate.title)} is ${withArticle(SHAPE_NOUN[shape])} that only grows (${growthSummary(sf, grows)}) and is never cleared${outside}: ${candidate.lifetime}, so it keeps every ${ITEM_NOUN[shape]} for the life of the process. ${advice}`,
    applicability: "manual",
  });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
