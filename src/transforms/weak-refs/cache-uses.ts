/** How each reference uses a cache: a lookup, growing, shrinking, or a use a weak collection cannot serve. */
import { ts } from "../../engine/ts-morph.cjs";
import { enclosingFunction } from "../util/ast.js";
import type { Candidate, Collection } from "./cache-candidates.js";

const LOOKUPS: Record<Collection, ReadonlySet<string>> = {
  Map: new Set(["get", "set", "has", "delete"]),
  Set: new Set(["add", "has", "delete"]),
};
const ITERATION = new Set(["forEach", "keys", "values", "entries"]);

/** How one reference uses the collection. */
export type CacheUse =
  | { kind: "lookup"; method: string; keyArg?: ts.Expression }
  | { kind: "grow" | "shrink"; method: string; keyArg?: ts.Expression }
  | { kind: "iterated" | "sized" | "cleared" | "escapes" | "reassigned" | "exported"; node: ts.Node; detail: string };

/** Classifies one reference to the collection. */
export function classifyCacheUse(ref: ts.Node, collection: Collection, candidate: Candidate): CacheUse {
  // `this.cache` / `obj.cache`: the reference is the property name; look at the access.
  let expr: ts.Node = ref;
  if (ts.isPropertyAccessExpression(ref.parent) && ref.parent.name === ref) expr = ref.parent;
  while (ts.isParenthesizedExpression(expr.parent) || ts.isNonNullExpression(expr.parent)) expr = expr.parent;
  const parent = expr.parent;

  // Ex) `cache.get(k)`, `cache.set(k, v);`, `seen.add(o)`, `cache.size`
  if (ts.isPropertyAccessExpression(parent) && parent.expression === expr) return memberUse(parent, collection);
  // Ex) `for (const [k, v] of cache)`, `[...cache]`, `yield* cache`
  if (
    (ts.isForOfStatement(parent) && parent.expression === expr) ||
    ts.isSpreadElement(parent) ||
    (ts.isYieldExpression(parent) && parent.asteriskToken)
  ) {
    return { kind: "iterated", node: parent, detail: "it is iterated" };
  }
  // Ex) `cache = new Map()`
  if (
    ts.isBinaryExpression(parent) &&
    parent.left === expr &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  ) {
    if (
      candidate.owner === "class" &&
      ts.isExpressionStatement(parent.parent) &&
      isNewMapOrSet(parent.right) &&
      isConstructorInitialisation(parent)
    ) {
      return { kind: "lookup", method: "init" };
    }
    return { kind: "reassigned", node: parent, detail: "it is reassigned" };
  }
  if (ts.isExportSpecifier(parent) || ts.isExportAssignment(parent))
    return { kind: "exported", node: parent, detail: "it is exported" };
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === expr)) {
    return { kind: "escapes", node: parent, detail: "it is returned" };
  }
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const callee = parent.expression.getText();
    return {
      kind: "escapes",
      node: parent,
      detail: `it is passed to \`${callee.length > 30 ? `${callee.slice(0, 29)}…` : callee}\``,
    };
  }
  if (ts.isTypeQueryNode(parent))
    return { kind: "escapes", node: parent, detail: "its type is used elsewhere (`typeof`)" };
  return { kind: "escapes", node: parent, detail: "it is stored or aliased elsewhere" };
}

// Ex) `cache.get(k)`, `cache.set(k, v);`, `seen.add(o)`; `cache.size`, `cache.clear()`, `cache.forEach(f)`
function memberUse(parent: ts.PropertyAccessExpression, collection: Collection): CacheUse {
  const method = parent.name.text;
  const call = parent.parent;
  const isCall = ts.isCallExpression(call) && call.expression === parent;
  if (isCall && LOOKUPS[collection].has(method)) {
    const keyArg = call.arguments[0];
    if (method === "set" || method === "add") {
      // `set`/`add` return the collection itself: only a statement (or a chain of lookups) keeps it in.
      if (
        !ts.isExpressionStatement(call.parent) &&
        !(ts.isPropertyAccessExpression(call.parent) && LOOKUPS[collection].has(call.parent.name.text))
      ) {
        return {
          kind: "escapes",
          node: call,
          detail: `the result of \`${method}\` (the ${collection} itself) is used`,
        };
      }
      return { kind: "grow", method, ...(keyArg ? { keyArg } : {}) };
    }
    if (method === "delete") return { kind: "shrink", method, ...(keyArg ? { keyArg } : {}) };
    return { kind: "lookup", method, ...(keyArg ? { keyArg } : {}) };
  }
  if (method === "size") return { kind: "sized", node: parent, detail: "its `.size` is read" };
  if (method === "clear") return { kind: "cleared", node: parent, detail: "it is cleared with `.clear()`" };
  if (ITERATION.has(method)) return { kind: "iterated", node: parent, detail: `it is iterated with \`.${method}()\`` };
  return { kind: "escapes", node: parent, detail: `its \`.${method}\` is used` };
}

/** `new Map(…)`/`new Set(…)` by name (a re-initialisation in the constructor). */
function isNewMapOrSet(expr: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  return (
    ts.isNewExpression(expr) &&
    ts.isIdentifier(expr.expression) &&
    (expr.expression.text === "Map" || expr.expression.text === "Set")
  );
}

function isConstructorInitialisation(assignment: ts.BinaryExpression): boolean {
  const fn = enclosingFunction(assignment);
  return fn !== undefined && ts.isConstructorDeclaration(fn) && assignment.parent.parent === fn.body;
}
