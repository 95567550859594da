/**
 * Where a resource is released, as paths: releases right before a `return`/`throw`, a later
 * `try` whose `finally` releases it, a `finally` release covering everything after the
 * declaration, the condition a release sits under, and the factory shape (the function returns it).
 */

import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { enclosingFunction } from "../util/ast.js";
import { cannotThrowStatement, finallyHolding, unwrapAwaited } from "./ownership.js";
import type { Resource } from "./resource-of.js";
import type { Cleanup, Use } from "./uses.js";
import { statementsOf, declaredNames, identifierTexts } from "./statements.js";

/** The release as code, for comparing two releases: `await fh.close()`. */
function releaseKey(sf: ts.SourceFile, c: Cleanup): string {
  return `${c.awaited ? "await " : ""}${c.call.getText(sf).replace(/\s+/g, "")}`;
}

/**
 * Ex) `if (size === 0) { fs.closeSync(fd); return 0; }`: a release right before a `return` or
 * `throw` that leaves the block (no `try` in between to catch it), written like the main release.
 * With `using` it goes: the resource is released as the block is left, after the `return`
 * value or the error is made (neither uses it).
 */
export function isExitRelease(
  sf: ts.SourceFile,
  c: Cleanup,
  main: Cleanup,
  r: Resource,
  uses: readonly Use[],
  removed: Pick<ReadonlySet<ts.Statement>, "has">,
): boolean {
  const statement = c.statement;
  if (!statement || c === main || releaseKey(sf, c) !== releaseKey(sf, main)) return false;
  if (enclosingFunction(c.call) !== r.fn) return false;
  const parent = statement.parent;
  if (!ts.isBlock(parent) && !ts.isCaseClause(parent) && !ts.isDefaultClause(parent)) return false;
  // Releases of earlier resources that their fixes remove may come in between (their `using` comes first, so they are still released after it).
  const siblings = parent.statements.filter((x) => !removed.has(x));
  const exit = siblings[siblings.indexOf(statement) + 1];
  if (!exit || !(ts.isReturnStatement(exit) || ts.isThrowStatement(exit))) return false;
  if (uses.some((u) => u.ref.pos >= exit.pos && u.ref.end <= exit.end)) return false;
  for (let n: ts.Node = parent; n !== r.container; n = n.parent) {
    if (!n.parent || ts.isTryStatement(n.parent) || ts.isCatchClause(n) || ts.isFunctionLike(n)) return false;
  }
  return statement.getStart(sf) < main.call.getStart(sf);
}

/**
 * A `try` further down the block whose `finally` ends with the release, when everything before
 * it can move under a `using`: the other releases are exit releases before the `try`, and
 * nothing before the `try` lets the resource escape.
 */
export function laterTry(
  ctx: TransformContext,
  r: Resource,
  uses: readonly Use[],
  cleanups: readonly Cleanup[],
  removed: Pick<ReadonlySet<ts.Statement>, "has">,
): { tryStatement: ts.TryStatement; between: ts.Statement[]; main: Cleanup; exits: Cleanup[] } | undefined {
  const sf = ctx.sourceFile;
  const main = cleanups[cleanups.length - 1];
  const finallyBlock = main?.statement?.parent;
  if (!main || !finallyBlock || !ts.isBlock(finallyBlock) || !ts.isTryStatement(finallyBlock.parent)) return undefined;
  const tryStatement = finallyBlock.parent;
  if (
    tryStatement.finallyBlock !== finallyBlock ||
    tryStatement.parent !== r.container ||
    finallyBlock.statements[finallyBlock.statements.length - 1] !== main.statement
  )
    return undefined;
  if (enclosingFunction(main.call) !== r.fn) return undefined;
  const statements = statementsOf(r.container);
  const from = statements.indexOf(r.statement);
  const to = statements.indexOf(tryStatement);
  if (to <= from) return undefined;
  const exits = cleanups.filter(
    (x) => isExitRelease(sf, x, main, r, uses, removed) && x.call.getStart(sf) < tryStatement.getStart(sf),
  );
  if (cleanups.length !== exits.length + 1) return undefined;
  const tryStart = tryStatement.getStart(sf);
  if (uses.some((u) => u.kind === "escape" && u.ref.getStart(sf) < tryStart)) return undefined;
  const between = statements.slice(from + 1, to);
  // Ex) `const a = …; const b = …; try { … } finally { close(b); close(a); }`: the `finally`
  // also releases what is declared in between; leakmod leaves that pair to you.
  const declared = new Set(between.flatMap(declaredNames));
  if ([...identifierTexts(finallyBlock.statements.slice(0, -1))].some((n) => declared.has(n))) return undefined;
  return { tryStatement, between, main, exits };
}

/**
 * A release in the `finally` (maybe under `if`s) of a `try` of the declaration's block, when
 * nothing between the declaration and that `try` can throw: it runs on every path.
 */
export function coveringRelease(ctx: TransformContext, r: Resource, cleanups: readonly Cleanup[]): Cleanup | undefined {
  const statements = statementsOf(r.container);
  const from = statements.indexOf(r.statement);
  const releases = new Set<ts.Statement>(cleanups.flatMap((c) => (c.statement ? [c.statement] : [])));
  for (const c of cleanups) {
    if (!c.statement || enclosingFunction(c.call) !== r.fn) continue;
    const t = finallyHolding(c.statement);
    if (!t || t.parent !== r.container) continue;
    const to = statements.indexOf(t);
    if (to <= from) continue;
    if (statements.slice(from + 1, to).every((s) => cannotThrowStatement(ctx, s, (x) => releases.has(x)))) return c;
  }
  return undefined;
}

/** The condition a release sits under, when it sits under one `if`: `!this.queryRunner`. */
export function guardOf(c: Cleanup): ts.Expression | undefined {
  const parent = c.statement?.parent;
  if (parent && ts.isIfStatement(parent)) return parent.expression;
  if (parent && ts.isBlock(parent) && ts.isIfStatement(parent.parent)) return parent.parent.expression;
  return undefined;
}

/**
 * Ex) `createQueryRunner() { const qr = this.driver.createQueryRunner(); Object.assign(qr, …); return qr; }`:
 * the value is the function's result on every path that completes (the function's body ends with
 * `return qr`, every other `return` after the declaration returns it too), and every `throw` after
 * the declaration comes right after a release of it. The function's job is to hand the new resource
 * to its caller, who owns it from then on: the caller's uses are what matter, not a leak here
 * (`factory`). A function whose body ends by returning it but that leaves on another path without
 * it (returns something else, throws without releasing it) is no factory: `leaks` is that exit.
 * Undefined when the body does not end by returning it.
 */
export function factoryShape(
  ctx: TransformContext,
  r: Resource,
  cleanups: readonly Cleanup[],
): { factory: true } | { leaks: ts.ReturnStatement | ts.ThrowStatement; returned: ts.ReturnStatement } | undefined {
  const fn = r.fn;
  if (!fn || !("body" in fn) || !fn.body || !ts.isBlock(fn.body) || r.container !== fn.body) return undefined;
  const { checker } = ctx;
  const symbol = checker.getSymbolAtLocation(r.decl.name);
  const isItself = (e: ts.Expression | undefined): boolean => {
    if (!e) return false;
    const inner = unwrapAwaited(e).expression;
    return ts.isIdentifier(inner) && inner.text === r.name && checker.getSymbolAtLocation(inner) === symbol;
  };
  const statements = fn.body.statements;
  const after = statements.slice(statements.indexOf(r.statement) + 1);
  const last = after[after.length - 1];
  if (!last || !ts.isReturnStatement(last) || !isItself(last.expression)) return undefined;
  // Ex) `if (!ok) { fs.closeSync(fd); throw new Error("bad header"); }`: released where it leaves by an error.
  const releasedRightBefore = (s: ts.Statement): boolean => {
    const siblings = ts.isBlock(s.parent) ? s.parent.statements : undefined;
    const previous = siblings?.[siblings.indexOf(s) - 1];
    return previous !== undefined && cleanups.some((c) => c.statement === previous);
  };
  // Ex) `fs.closeSync(fd); fs.writeSync(log, …); return fd;`: released, then returned: no factory shape leakmod knows.
  if (!cleanups.every((c) => c.statement && isThrowRightAfter(c.statement))) return undefined;
  let leaks: ts.ReturnStatement | ts.ThrowStatement | undefined;
  const visit = (n: ts.Node): void => {
    if (leaks || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) && !isItself(n.expression)) leaks = n;
    else if (ts.isThrowStatement(n) && !releasedRightBefore(n)) leaks = n;
    else ts.forEachChild(n, visit);
  };
  after.forEach(visit);
  return leaks ? { leaks, returned: last } : { factory: true };
}

/** Ex) `fs.closeSync(fd); throw e;`: the statement right after it in its block is a `throw`. */
function isThrowRightAfter(s: ts.Statement): boolean {
  const siblings = ts.isBlock(s.parent) ? s.parent.statements : undefined;
  const next = siblings?.[siblings.indexOf(s) + 1];
  return next !== undefined && ts.isThrowStatement(next);
}

/** Ex) `spy.mockRestore()` as a statement of a `finally` block. */
export function isMethodCallInFinally(ref: ts.Node): boolean {
  const access = ref.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== ref) return false;
  const call = access.parent;
  if (!ts.isCallExpression(call) || call.expression !== access) return false;
  const statement = call.parent;
  if (
    !ts.isExpressionStatement(statement) &&
    !(ts.isAwaitExpression(statement) && ts.isExpressionStatement(statement.parent))
  )
    return false;
  const block = (ts.isAwaitExpression(statement) ? statement.parent : statement).parent;
  return ts.isBlock(block) && ts.isTryStatement(block.parent) && block.parent.finallyBlock === block;
}
