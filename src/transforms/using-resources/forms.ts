/**
 * The form a `using` takes: the declaration's own keyword (`await using fh = …`), or an inline
 * disposable around the exact release call (`using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };`).
 */

import { ts } from "../../engine/ts-morph.cjs";
import { isJsFileName } from "../../engine/files.js";
import type { TransformContext } from "../../engine/types.js";
import type { ResourceFactory } from "./resources.js";
import { hasModifier } from "../util/ast.js";
import type { Form } from "./edits.js";
import type { Resource } from "./resource-of.js";
import { isThenable } from "./value-types.js";
import type { Cleanup, Use } from "./uses.js";

export function isAsyncContext(r: Resource): boolean {
  return r.fn !== undefined && hasModifier(r.fn, ts.SyntaxKind.AsyncKeyword);
}

/** Whether `let x` is ever assigned again. */
function isReassigned(uses: readonly Use[]): boolean {
  return uses.some((u) => u.kind === "escape" && /^it is reassigned/.test(u.detail));
}

/**
 * A fresh name for the inline disposable: `_fd`, `_fd2`, … — not written anywhere in the
 * declaring function (so it neither clashes with nor shadows a name used there), nor given to
 * another disposable of that function.
 */
export function disposerName(sf: ts.SourceFile, r: Resource, taken: Map<ts.Node, Set<string>>): string {
  const scope: ts.Node = r.fn ?? sf;
  const text = scope.getText(sf);
  const used = taken.get(scope) ?? new Set<string>();
  taken.set(scope, used);
  for (let i = 1; ; i++) {
    const candidate = `_${r.name}${i === 1 ? "" : i}`;
    if (used.has(candidate)) continue;
    if (new RegExp(`(^|[^\\w$])${candidate.replace(/\$/g, "\\$")}($|[^\\w$])`).test(text)) continue;
    used.add(candidate);
    return candidate;
  }
}

/** `using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };` around an exact release call. */
export function inlineForm(
  ctx: TransformContext,
  r: Resource,
  callText: string,
  awaited: boolean,
  promiseLike: boolean,
  taken: Map<ts.Node, Set<string>>,
  block = false,
): Form {
  const variable = disposerName(ctx.sourceFile, r, taken);
  const body = block ? `{ ${callText} }` : callText;
  const text = awaited
    ? `await using ${variable} = { [Symbol.asyncDispose]: ${promiseLike ? "" : "async "}() => ${body} };`
    : `using ${variable} = { [Symbol.dispose]: () => ${body} };`;
  return { kind: "inline", text };
}

/**
 * Ex) `const fh = await open(p)` → `await using fh = await open(p)`: the declaration itself,
 * when its own dispose is the cleanup and the keyword can change (one declarator, never reassigned).
 */
export function canBeNative(r: Resource, uses: readonly Use[]): boolean {
  const list = r.statement.declarationList;
  if (list.declarations.length !== 1) return false;
  if (!(list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) return false;
  return !isReassigned(uses);
}

export function formForCleanup(
  ctx: TransformContext,
  r: Resource,
  uses: readonly Use[],
  c: Cleanup,
  taken: Map<ts.Node, Set<string>>,
): Form {
  if (c.native && canBeNative(r, uses) && (c.awaited ? r.dispose?.async : r.dispose?.sync)) {
    return { kind: "native", keyword: c.awaited ? "await using" : "using" };
  }
  const promiseLike = c.awaited && isThenable(ctx.checker, ctx.checker.getTypeAtLocation(c.call));
  return inlineForm(ctx, r, c.call.getText(ctx.sourceFile).trim(), c.awaited, promiseLike, taken);
}

/**
 * Ex) `for await (const e of dir)` closes `dir` (Node 20's `fs.Dir` has no `asyncDispose`): a
 * later `close()` rejects with `ERR_DIR_CLOSED`, which the disposer leakmod adds must tolerate.
 */
export function tolerantRelease(sf: ts.SourceFile, callText: string, async: boolean): string {
  const js = isJsFileName(sf.fileName);
  if (async) {
    return `${callText}.catch((error${js ? "" : ": NodeJS.ErrnoException"}) => { if (error.code !== "ERR_DIR_CLOSED") throw error; })`;
  }
  return `try { ${callText}; } catch (error) { if (${js ? "error" : "(error as NodeJS.ErrnoException)"}.code !== "ERR_DIR_CLOSED") throw error; }`;
}

/**
 * The callee that releases a resource of a `function`-style factory: `fs.openSync` → `fs.closeSync`
 * on the same receiver; a bare `openSync` → `closeSync` when that name is in scope.
 */
export function cleanupCallee(ctx: TransformContext, r: Resource, f: ResourceFactory): string | undefined {
  const call = f.cleanup.call;
  if (call.includes(".")) return call; // configured as a full path: `db.free`
  const callee = r.call.expression;
  if (ts.isPropertyAccessExpression(callee)) return `${callee.expression.getText(ctx.sourceFile)}.${call}`;
  const inScope = ctx.checker.getSymbolsInScope(r.statement, ts.SymbolFlags.Value).some((s) => s.name === call);
  return inScope ? call : undefined;
}
