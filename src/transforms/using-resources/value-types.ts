/**
 * What the checker says about a value: a function, a thenable, something that acts later (a
 * stream, an emitter), a class that starts work.
 */

import { ts } from "../../engine/ts-morph.cjs";

/** An argument that is a function: an arrow, a function expression, or a value the checker says is callable. */
export function isFunctionArgument(checker: ts.TypeChecker, arg: ts.Expression): boolean {
  if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) return true;
  if (ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg)) {
    return checker.getTypeAtLocation(arg).getCallSignatures().length > 0;
  }
  return false;
}

/** Methods of values that act later: streams, emitters, observables, event targets. */
const LIVE_MEMBERS = ["pipe", "pipeTo", "on", "once", "addListener", "addEventListener", "subscribe"];

/** Ex) a `ReadStream`, a readline `Interface`, an `EventEmitter`: something that acts after the line that makes it. */
export function isLive(checker: ts.TypeChecker, type: ts.Type): boolean {
  const t = checker.getNonNullableType(type);
  if (t.isUnion()) return t.types.every((u) => isLive(checker, u));
  if (!(t.flags & ts.TypeFlags.Object)) return false;
  return LIVE_MEMBERS.some((m) => checker.getPropertyOfType(t, m) !== undefined);
}

/** Methods that start work which goes on after the call: a class with one of them may be meant to outlive its creator. */
export const ACTIVE_METHODS = [
  "start",
  "listen",
  "run",
  "serve",
  "spawn",
  "watch",
  "schedule",
  "poll",
  ...LIVE_MEMBERS,
];

export function isThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  const then = checker.getPropertyOfType(checker.getNonNullableType(type), "then");
  return then !== undefined && checker.getTypeOfSymbol(then).getCallSignatures().length > 0;
}
