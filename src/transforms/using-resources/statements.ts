/**
 * Facts about the statements around a declaration: which cannot throw, which jump, which names
 * they declare or mention, and whether a `try` body can join its block.
 */

import { ts } from "../../engine/ts-morph.cjs";
import { walk } from "../util/ast.js";
import { SourceLayout } from "../util/edit-builder.js";
import type { Resource } from "./resource-of.js";

export function statementsOf(container: ts.Block | ts.SourceFile): readonly ts.Statement[] {
  return container.statements;
}

/** Ex) `let result: Output;`, `let n = 0;`: a declaration that cannot throw. */
export function isInert(statement: ts.Statement): boolean {
  if (ts.isEmptyStatement(statement)) return true;
  if (!ts.isVariableStatement(statement) || statement.declarationList.flags & ts.NodeFlags.Using) return false;
  return statement.declarationList.declarations.every((d) => {
    const init = d.initializer;
    if (!init) return ts.isIdentifier(d.name);
    return (
      ts.isStringLiteral(init) ||
      ts.isNumericLiteral(init) ||
      ts.isBigIntLiteral(init) ||
      ts.isNoSubstitutionTemplateLiteral(init) ||
      init.kind === ts.SyntaxKind.TrueKeyword ||
      init.kind === ts.SyntaxKind.FalseKeyword ||
      init.kind === ts.SyntaxKind.NullKeyword
    );
  });
}

/**
 * The statement after the declaration, past declarations that cannot throw.
 * Ex) `const bundle = await rolldown(o); let result: Output; try { … } finally { await bundle.close(); }`
 */
export function nextAfterInert(
  container: ts.Block | ts.SourceFile,
  statement: ts.Statement,
): { next: ts.Statement | undefined; between: ts.Statement[] } {
  const statements = statementsOf(container);
  const between: ts.Statement[] = [];
  let i = statements.indexOf(statement) + 1;
  while (i < statements.length && isInert(statements[i]!)) between.push(statements[i++]!);
  return { next: statements[i], between };
}

/** Ex) `finally { if (done) return; fs.closeSync(fd); }`: a jump that may skip the cleanup. */
export function hasJump(statements: readonly ts.Statement[]): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) || ts.isBreakStatement(n) || ts.isContinueStatement(n) || ts.isThrowStatement(n)) {
      found = n;
      return;
    }
    ts.forEachChild(n, visit);
  };
  for (const s of statements) visit(s);
  return found;
}

/** Names a statement declares in its block: `const a`, `let { b }`, `function c`, `class D`. */
export function declaredNames(statement: ts.Statement): string[] {
  const names: string[] = [];
  const fromBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const e of name.elements) if (!ts.isOmittedExpression(e)) fromBinding(e.name);
  };
  if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) fromBinding(d.name);
  else if (
    (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
    statement.name
  ) {
    names.push(statement.name.text);
  }
  return names;
}

/** Identifier texts in `nodes`. */
export function identifierTexts(nodes: readonly ts.Node[]): Set<string> {
  const texts = new Set<string>();
  for (const node of nodes) {
    if (ts.isIdentifier(node)) texts.add(node.text);
    walk(node, (n) => {
      if (ts.isIdentifier(n)) texts.add(n.text);
    });
  }
  return texts;
}

/**
 * Ex) `try { const data = read(fd); … }` joining a block that already says `data` (a
 * parameter, an earlier declaration, an outer variable used before the `try`): the body must
 * keep a block of its own.
 */
export function bodyClashes(r: Resource, tryStatement: ts.TryStatement): boolean {
  const bodyNames = tryStatement.tryBlock.statements.flatMap(declaredNames);
  if (bodyNames.length === 0) return false;
  const others = statementsOf(r.container).filter((s) => s !== tryStatement);
  const seen = identifierTexts(others);
  if (ts.isBlock(r.container) && r.fn && r.container === (r.fn as ts.FunctionLikeDeclaration).body) {
    for (const p of r.fn.parameters) for (const t of identifierTexts([p.name])) seen.add(t);
  }
  return bodyNames.some((n) => seen.has(n));
}

/** The statement starts its first line and ends its last one (a trailing `//` comment allowed). */
export function isAloneOnLines(sf: ts.SourceFile, statement: ts.Statement): boolean {
  const layout = new SourceLayout(sf);
  return layout.firstOnLine(statement.getStart(sf)) && layout.restOfLineEmpty(statement.end);
}
