/** Facts about a module-level candidate and its file: the candidates, `eval`, who uses it, the reset that starts its function. */
import { ts } from "../../engine/ts-morph.cjs";
import type { TextEdit, TransformContext } from "../../engine/types.js";
import { hasModifier } from "../util/ast.js";
import { emptyShapeOf, functionChain, functionName, instanceFieldOf, type Fn, type Shape, type Use } from "./uses.js";

/** Facts about the file every candidate needs. */
export interface FileFacts {
  /** A script's top-level variables are globals shared by every script. */
  isScript: boolean;
  /** A direct `eval(...)` can read any module variable by name. */
  evalCall: ts.Node | undefined;
  /** Line starts where a moved declaration is inserted, and how many are: two fixes must not insert at one point. */
  insertions: Map<number, number>;
  /** Line ranges the fixes of this file remove (declarations with their comments). */
  gone: Array<{ from: number; to: number }>;
}

/** A finding decided in the first pass; its edits are built in the second, once `gone` is known. */
export interface Pending {
  node: ts.Node;
  message: string;
  fix?: {
    description: string;
    /** The statement the fix removes (and its comments). */
    removes: Candidate;
    build: () => TextEdit[] | undefined;
    /** The message when the edits cannot be built (then the finding is manual). */
    fallback: string;
  };
}

export interface Candidate {
  statement: ts.VariableStatement;
  decl: ts.VariableDeclaration & { name: ts.Identifier; initializer: ts.Expression };
  shape: Shape;
  name: string;
}

/** Ex) a direct `eval(code)` anywhere in the file. */
export function findEval(sf: ts.SourceFile): ts.Node | undefined {
  if (!/\beval\s*\(/.test(sf.text)) return undefined;
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "eval") found = n;
    else ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

// Ex) `const trace: string[] = [];`, `let out = '';`, `var seen = new Set();` at module level.
export function candidatesOf(ctx: TransformContext): Candidate[] {
  const out: Candidate[] = [];
  for (const statement of ctx.sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || hasModifier(statement, ts.SyntaxKind.DeclareKeyword)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
      const shape = emptyShapeOf(ctx, decl.initializer);
      if (shape) out.push({ statement, decl: decl as Candidate["decl"], shape, name: decl.name.text });
    }
  }
  return out;
}

/** The distinct functions (outermost) and module-level code that use it, named. */
export function usersOf(sf: ts.SourceFile, refs: readonly ts.Node[]): string[] {
  const seen = new Map<ts.Node | undefined, string>();
  for (const r of refs) {
    const field = instanceFieldOf(r);
    const outer: ts.Node | undefined = functionChain(r)[0] ?? field;
    if (seen.has(outer)) continue;
    const owner =
      field && ts.isClassLike(field.parent) && field.parent.name ? `\`${field.parent.name.text}\`` : "its class";
    seen.set(
      outer,
      field && outer === field ? `the field initialisers of ${owner}` : functionName(sf, outer as Fn | undefined),
    );
  }
  return [...seen.values()];
}

/**
 * The reset that starts every call of `F`: the first use of all, a statement directly in `F`'s
 * body (so every path through `F` runs it before anything else touches the variable).
 */
// Ex) `function toCsv() { rows = []; ... }`, `stack.length = 0;`, `seen.clear();`
export function resetFirst(F: Fn | undefined, uses: readonly Use[]): Use | undefined {
  if (!F || !F.body || !ts.isBlock(F.body)) return undefined;
  const first = uses[0];
  if (!first || first.kind !== "reset" || !first.statement || first.statement.parent !== F.body) return undefined;
  // It must be grown after the reset: a buffer, not a constant.
  if (!uses.some((u) => u.kind === "grow")) return undefined;
  return first;
}
