/**
 * Listener identity: whether a registration and a removal name the same target, event, listener
 * and capture. Compared through the checker's symbols, never by text.
 */
import { ts } from "../../engine/ts-morph.cjs";
import { skipOuterExpressions, symbolOf } from "../util/ast.js";
import type { ListenerCall } from "./calls.js";

/** Strips `( )`, `!`, `as T`, `satisfies T`, `<T>x` (one helper for every transform). */
export const skipOuter = skipOuterExpressions;

/**
 * Whether `a` and `b` denote the same value by symbols: the same variable, `this`, or the same
 * property of the same value. Ex) `this.onResize` and `this.onResize`; `bus` and `bus`.
 * Not Ex) `() => f()` and `() => f()` (two functions), `f.bind(this)` twice.
 */
export function sameReference(checker: ts.TypeChecker, x: ts.Expression, y: ts.Expression): boolean {
  const a = skipOuter(x);
  const b = skipOuter(y);
  if (a.kind === ts.SyntaxKind.ThisKeyword) return b.kind === ts.SyntaxKind.ThisKeyword;
  if (ts.isIdentifier(a) && ts.isIdentifier(b)) {
    const symbol = symbolOf(checker, a);
    return symbol !== undefined && symbol === symbolOf(checker, b);
  }
  if (ts.isPropertyAccessExpression(a) && ts.isPropertyAccessExpression(b)) {
    if (a.name.text !== b.name.text) return false;
    return sameReference(checker, a.expression, b.expression);
  }
  return false;
}

/** The event name as a string when it is a constant (`"resize"`, a `const`, an enum member), else undefined. */
export function eventName(checker: ts.TypeChecker, event: ts.Expression): string | undefined {
  const e = skipOuter(event);
  if (ts.isStringLiteralLike(e)) return e.text;
  const type = checker.getTypeAtLocation(e);
  if (type.isStringLiteral()) return type.value;
  if (type.flags & ts.TypeFlags.UniqueESSymbol) return `symbol:${symbolOf(checker, e)?.name ?? "?"}`;
  return undefined;
}

/** Same event: equal constant names, or the same variable. */
export function sameEvent(checker: ts.TypeChecker, a: ts.Expression, b: ts.Expression): boolean {
  const x = eventName(checker, a);
  if (x !== undefined) return x === eventName(checker, b);
  return sameReference(checker, a, b);
}

/** The shape of a listener argument. */
export type ListenerShape = "inline" | "bind" | "reference" | "other";

/** Ex) `() => …`/`function () {…}`: inline; `this.f.bind(this)`: bind; `this.f`, `onResize`: reference. */
export function listenerShape(listener: ts.Expression): ListenerShape {
  const l = skipOuter(listener);
  if (ts.isArrowFunction(l) || ts.isFunctionExpression(l)) return "inline";
  if (ts.isCallExpression(l) && ts.isPropertyAccessExpression(l.expression) && l.expression.name.text === "bind") {
    return "bind";
  }
  if (ts.isIdentifier(l) || (ts.isPropertyAccessExpression(l) && isReferenceChain(l))) return "reference";
  return "other";
}

/** Ex) `this.handlers.onResize`, `Foo.bar`: names and `this` only, no calls. */
export function isReferenceChain(node: ts.Expression): boolean {
  const n = skipOuter(node);
  if (ts.isIdentifier(n) || n.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(n) && isReferenceChain(n.expression);
}

/** What the options argument says: capture flag, and whether it holds `once` / `signal` or cannot be read. */
export interface Options {
  capture: boolean;
  once: boolean;
  signal: boolean;
  /** The options are not a literal `true`/`false`/object literal: nothing can be said. */
  opaque: boolean;
}

/** Ex) `true`, `{ capture: true, passive: true }`, `{ once: true }`, `{ signal }`. */
export function readOptions(options: ts.Expression | undefined): Options {
  const none = { capture: false, once: false, signal: false, opaque: false };
  if (!options) return none;
  const o = skipOuter(options);
  if (o.kind === ts.SyntaxKind.TrueKeyword) return { ...none, capture: true };
  if (o.kind === ts.SyntaxKind.FalseKeyword || o.kind === ts.SyntaxKind.UndefinedKeyword) return none;
  if (!ts.isObjectLiteralExpression(o)) return { ...none, opaque: true };
  const result = { ...none };
  for (const p of o.properties) {
    const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
    if (!name || ts.isSpreadAssignment(p)) return { ...none, opaque: true };
    const value = ts.isPropertyAssignment(p) ? skipOuter(p.initializer) : undefined;
    const flag =
      value?.kind === ts.SyntaxKind.TrueKeyword ? true : value?.kind === ts.SyntaxKind.FalseKeyword ? false : undefined;
    if (name === "capture" || name === "once") {
      if (flag === undefined) return { ...none, opaque: true };
      result[name] = flag;
    }
    if (name === "signal") result.signal = true;
  }
  return result;
}

/**
 * Whether `removal` undoes `registration`: same api, event and listener, and (for an
 * EventTarget) the same capture. The targets are not compared: a removal on another name for
 * the same object (a helper's parameter) must not be taken for a leak.
 */
export function removes(checker: ts.TypeChecker, removal: ListenerCall, registration: ListenerCall): boolean {
  if (removal.api !== registration.api) return false;
  if (!sameEvent(checker, removal.event, registration.event)) return false;
  if (!sameListener(checker, removal.listener, registration.listener)) return false;
  if (registration.api === "emitter") return true;
  const a = readOptions(removal.options);
  const b = readOptions(registration.options);
  return a.opaque || b.opaque || a.capture === b.capture;
}

/** Same listener: the same variable or property (any base: `this.onX` and `view.onX` are one property). */
export function sameListener(checker: ts.TypeChecker, x: ts.Expression, y: ts.Expression): boolean {
  const a = skipOuter(x);
  const b = skipOuter(y);
  if (listenerShape(a) !== "reference" || listenerShape(b) !== "reference") return false;
  const sa = symbolOf(checker, ts.isPropertyAccessExpression(a) ? a.name : a);
  return sa !== undefined && sa === symbolOf(checker, ts.isPropertyAccessExpression(b) ? b.name : b);
}
