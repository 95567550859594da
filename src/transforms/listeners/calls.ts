/**
 * Recognising the calls the `listeners` transform is about, by their receiver's type:
 * registrations and removals of listeners (DOM `EventTarget`, Node `EventEmitter`), timers and
 * observers. Syntax first, then one checker question per candidate.
 */
import { ts } from "../../engine/ts-morph.cjs";
import { isGlobalLibSymbol, symbolOf } from "../util/ast.js";

/** `event-target`: addEventListener/removeEventListener; `emitter`: on/off, addListener/removeListener. */
export type ListenerApi = "event-target" | "emitter";

/** `target.addEventListener(event, listener, options)` or `emitter.on(event, listener)`, or their removals. */
export interface ListenerCall {
  call: ts.CallExpression;
  api: ListenerApi;
  method: string;
  target: ts.Expression;
  event: ts.Expression;
  listener: ts.Expression;
  options: ts.Expression | undefined;
}

const EMITTER_ADD = new Set(["on", "addListener", "prependListener"]);
const EMITTER_REMOVE = new Set(["off", "removeListener"]);

/** The type of `node` has every one of `names` as a property (through its apparent type). */
export function hasProperties(checker: ts.TypeChecker, node: ts.Node, names: readonly string[]): boolean {
  const type = checker.getApparentType(checker.getTypeAtLocation(node));
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  return names.every((n) => checker.getPropertyOfType(type, n) !== undefined);
}

/** Ex) `window.addEventListener("resize", this.onResize)`, `process.on("SIGINT", stop)` */
export function asRegistration(node: ts.Node, checker: ts.TypeChecker): ListenerCall | undefined {
  return asListenerCall(node, checker, "addEventListener", EMITTER_ADD);
}

/** Ex) `window.removeEventListener("resize", this.onResize)`, `process.off("SIGINT", stop)` */
export function asRemoval(node: ts.Node, checker: ts.TypeChecker): ListenerCall | undefined {
  return asListenerCall(node, checker, "removeEventListener", EMITTER_REMOVE);
}

function asListenerCall(
  node: ts.Node,
  checker: ts.TypeChecker,
  domMethod: string,
  emitterMethods: ReadonlySet<string>,
): ListenerCall | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const method = node.expression.name.text;
  const [event, listener, options] = node.arguments;
  if (!event || !listener || node.arguments.some(ts.isSpreadElement)) return undefined;
  const target = node.expression.expression;
  const parts = { call: node, method, target, event, listener, options };
  if (method === domMethod) {
    return hasProperties(checker, target, ["addEventListener", "removeEventListener", "dispatchEvent"])
      ? { ...parts, api: "event-target" }
      : undefined;
  }
  if (!emitterMethods.has(method)) return undefined;
  return hasProperties(checker, target, ["on", "removeListener", "emit", "listenerCount"])
    ? { ...parts, api: "emitter" }
    : undefined;
}

/** Ex) `target.removeAllListeners()`, `target.removeAllListeners("data")` on an EventEmitter. */
export function isRemoveAll(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === "removeAllListeners"
  );
}

/**
 * A call of a global function of the platform (`setInterval`, `window.setInterval`,
 * `globalThis.clearInterval`), not a function of the project that happens to share the name.
 */
export function isGlobalCall(
  node: ts.Node,
  names: readonly string[],
  checker: ts.TypeChecker,
  isLibFile: (f: ts.SourceFile) => boolean,
): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  let callee: ts.Expression = node.expression;
  if (ts.isPropertyAccessExpression(callee) && isGlobalObject(callee.expression)) callee = callee.name;
  if (!ts.isIdentifier(callee) || !names.includes(callee.text)) return false;
  return isAmbient(symbolOf(checker, callee), isLibFile);
}

/** Ex) `window`, `globalThis`, `self`. */
function isGlobalObject(node: ts.Expression): boolean {
  return ts.isIdentifier(node) && ["window", "globalThis", "self"].includes(node.text);
}

/** Declared only in library or declaration files (`lib.dom.d.ts`, `@types/node`). */
export function isAmbient(symbol: ts.Symbol | undefined, isLibFile: (f: ts.SourceFile) => boolean): boolean {
  if (!symbol?.declarations?.length) return false;
  return isGlobalLibSymbol(symbol, isLibFile) || symbol.declarations.every((d) => d.getSourceFile().isDeclarationFile);
}

export const OBSERVERS = ["ResizeObserver", "MutationObserver", "IntersectionObserver", "PerformanceObserver"];

/** Ex) `new ResizeObserver(cb)` of the platform. */
export function isObserverConstruction(
  node: ts.Node,
  checker: ts.TypeChecker,
  isLibFile: (f: ts.SourceFile) => boolean,
): node is ts.NewExpression {
  if (!ts.isNewExpression(node) || !ts.isIdentifier(node.expression)) return false;
  if (!OBSERVERS.includes(node.expression.text)) return false;
  return isAmbient(symbolOf(checker, node.expression), isLibFile);
}
