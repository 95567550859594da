/** What code outside this file can see of a cache or a function: exports, other files, the package. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { isExportedFromFile, otherFileMatches, skipOuterExpressions } from "../util/ast.js";

/** Whether a project file other than this one mentions `.name` (a cheap text test). */
export function mentionedInOtherFiles(ctx: TransformContext, name: string): boolean {
  const pattern = new RegExp(
    `[.?]\\s*${name.replace(/[$]/g, "\\$")}\\b|\\[\\s*["'\`]${name.replace(/[$]/g, "\\$")}["'\`]\\s*\\]`,
  );
  return otherFileMatches(ctx, pattern, { mustInclude: name });
}

/**
 * Whether another project file deletes from, clears or reassigns something named `name` (a
 * text test: uses through another type are invisible to the symbol search). In this file the
 * assignment that creates it does not count.
 */
export function shrunkAnywhere(ctx: TransformContext, name: string): boolean {
  const n = name.replace(/[$]/g, "\\$");
  const shrink = new RegExp(`\\b${n}\\s*(\\?\\.|\\.)\\s*(delete|clear)\\s*\\(`);
  if (shrink.test(ctx.sourceFile.text)) return true;
  return otherFileMatches(ctx, new RegExp(`${shrink.source}|\\.${n}\\s*=[^=]`), { mustInclude: name });
}

/**
 * Whether this file exports a value made from `klass` (so other modules reach its public
 * properties although the class itself is not exported).
 */
// Ex) `export const shared = new (class { … })()`, `export const Store = class { … }`,
//     `class Registry {}; export const registry = new Registry()`
export function instancesExported(ctx: TransformContext, klass: ts.ClassLikeDeclaration): boolean {
  const { sourceFile: sf, checker } = ctx;
  if (ts.isClassExpression(klass) && exportedValueIs(ctx, klass.parent, klass)) return true;
  const classSymbol = klass.name ? checker.getSymbolAtLocation(klass.name) : undefined;
  return sf.statements.some(
    (statement) =>
      ts.isVariableStatement(statement) &&
      statement.declarationList.declarations.some((decl) => {
        const init = decl.initializer && skipOuterExpressions(decl.initializer);
        if (!init || !ts.isNewExpression(init) || !isExportedFromFile(sf, checker, decl)) return false;
        const made = skipOuterExpressions(init.expression);
        return made === klass || (classSymbol !== undefined && checker.getSymbolAtLocation(made) === classSymbol);
      }),
  );
}

/** Ex) `export const X = class {}`, `export const x = new (class {})()`, `export default new (class {})()`. */
function exportedValueIs(ctx: TransformContext, parent: ts.Node, klass: ts.ClassExpression): boolean {
  let node: ts.Node = klass;
  while (ts.isParenthesizedExpression(parent) || (ts.isNewExpression(parent) && parent.expression === node)) {
    node = parent;
    parent = parent.parent;
  }
  if (ts.isExportAssignment(parent)) return true;
  return ts.isVariableDeclaration(parent) && isExportedFromFile(ctx.sourceFile, ctx.checker, parent);
}

export const privatePackages = new Map<string, boolean>();

/**
 * Whether nothing outside the project can import it: the nearest package.json above `root` says
 * `"private": true`, or there is none (code that is not a package is not installed by others).
 */
export function isPrivatePackage(root: string): boolean {
  let known = privatePackages.get(root);
  if (known !== undefined) return known;
  known = true;
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      try {
        known = (JSON.parse(readFileSync(file, "utf8")) as { private?: unknown }).private === true;
      } catch {
        known = false;
      }
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  privatePackages.set(root, known);
  return known;
}
