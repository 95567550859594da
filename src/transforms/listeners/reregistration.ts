/**
 * `leaked-listener`, re-registration: a plain function that adds a listener to a global or
 * module-level target every time it runs, where the file shows that it runs more than once
 * (called in a loop, by a listener or by an interval), and nothing removes the listener. Each call
 * adds another one: they pile up on the target (Node warns `MaxListenersExceededWarning`) and keep
 * what they reach alive. Reported with advice only: registering once, `once` or a removal when
 * the work is done are design choices.
 */
import { ts } from "../../engine/ts-morph.cjs";
import { asRegistration } from "./calls.js";
import type { Plan } from "./cleanup.js";
import { isListenerHandedOn, isRemovedByRemoveAll, isRemovedInFile, type FileFacts } from "./facts.js";
import { listenerShape, readOptions } from "./identity.js";
import { leakedListener } from "./kinds.js";
import { targetLifetime } from "./lifetime.js";
import { ownerOf } from "./owner.js";

type PlainFunction = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** The finding for a registration at `node` that a repeatedly called plain function makes again on every call. */
export function checkReregistration(node: ts.Node, facts: FileFacts): Plan | undefined {
  // Ex) `process.on("exit", () => …)`, `window.addEventListener("resize", () => …)`
  const reg = asRegistration(node, facts.checker);
  if (!reg) return undefined;
  // Ex) a class or an effect: `leaked-listener`'s owners
  if (ownerOf(reg.call, facts.checker)) return undefined;
  // Ex) `function run() { process.on(…) }` (directly in its body, not in a callback of it)
  const fn = enclosingPlainFunction(reg.call);
  if (!fn) return undefined;
  const options = readOptions(reg.options);
  // Ex) `{ once: true }`, `{ signal }`, options we cannot read
  if (options.once || options.signal || options.opaque) return undefined;
  // Ex) `window.addEventListener("resize", onResize)`: adding the same function again adds nothing
  const shape = listenerShape(reg.listener);
  if (reg.api === "event-target" && shape !== "inline" && shape !== "bind") return undefined;
  // Ex) `process`, `window`, a module-level or imported emitter (not a parameter: a new one each call)
  // (asked as for an owner whose callback is the function: its own parameters are not long-lived)
  const asOwner = { kind: "effect" as const, hook: "", callback: fn as ts.ArrowFunction };
  if (targetLifetime(reg.target, asOwner, facts) !== "outlives") return undefined;
  // Ex) `process.off("exit", onExit)` anywhere in the file, a helper given the listener
  if (isRemovedInFile(reg, facts) || isRemovedByRemoveAll(reg, facts) || isListenerHandedOn(reg, facts))
    return undefined;
  const evidence = repeatedCalls(fn, facts);
  // Ex) a function called once (`main()`), or not called in this file: it may run only once
  if (!evidence) return undefined;
  const name = functionName(fn) ?? "this function";
  return {
    kind: leakedListener,
    node: reg.call,
    applicability: "manual",
    message: `\`${reg.target.getText()}\` gets another ${reg.event.getText()} listener every time \`${name}()\` runs (${evidence}), and nothing removes them: they pile up on it${reg.api === "emitter" ? " (Node warns `MaxListenersExceededWarning` past 10)" : ""} and keep what they reach alive. Register it once (at module level, or behind a flag), use \`once\`, or remove it when the work is done.`,
  };
}

/** The plain function whose body holds `node` directly (arrow callbacks excepted: their own calls count). */
function enclosingPlainFunction(node: ts.Node): PlainFunction | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isFunctionDeclaration(p)) return p;
    if (ts.isArrowFunction(p) || ts.isFunctionExpression(p)) {
      return ts.isVariableDeclaration(p.parent) && ts.isIdentifier(p.parent.name) ? p : undefined;
    }
    if (ts.isFunctionLike(p) || ts.isClassLike(p)) return undefined;
  }
  return undefined;
}

function functionName(fn: PlainFunction): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  return ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
}

/** Ex) "it is called 3 times in this file", "it is called in a loop": why it runs more than once. */
function repeatedCalls(fn: PlainFunction, facts: FileFacts): string | undefined {
  const nameNode = ts.isFunctionDeclaration(fn) ? fn.name : (fn.parent as ts.VariableDeclaration).name;
  const symbol = nameNode && facts.checker.getSymbolAtLocation(nameNode);
  if (!symbol) return undefined;
  const calls = facts.calls.filter(
    (c): c is ts.CallExpression =>
      ts.isCallExpression(c) &&
      ts.isIdentifier(c.expression) &&
      facts.checker.getSymbolAtLocation(c.expression) === symbol,
  );
  // Ex) `run()` inside `run` itself: a recursion, not another caller
  const outside = calls.filter((c) => !isInside(c, fn));
  if (outside.some(inLoop)) return "it is called in a loop";
  // Ex) `server.on("connection", () => track())`, `setInterval(() => poll(), 1000)`
  if (outside.some((c) => inRepeatedCallback(c, facts))) return "it is called on every event or tick";
  // Not Ex) `if (a) run(); else run();`: two calls need not mean two runs
  return undefined;
}

/** In a function given as a listener (a registration of the file) or to `setInterval`. */
function inRepeatedCallback(call: ts.Node, facts: FileFacts): boolean {
  for (let p: ts.Node | undefined = call.parent; p; p = p.parent) {
    if (!ts.isArrowFunction(p) && !ts.isFunctionExpression(p)) {
      if (ts.isFunctionLike(p)) return false;
      continue;
    }
    const outer = p.parent;
    if (!ts.isCallExpression(outer)) return false;
    if (facts.registrations.some((r) => r.call === outer && r.listener === p)) return true;
    const callee = outer.expression;
    return ts.isIdentifier(callee) && callee.text === "setInterval" && outer.arguments[0] === p;
  }
  return false;
}

function isInside(node: ts.Node, ancestor: ts.Node): boolean {
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** Ex) `for (const t of tunnels) connect(t)`: in a loop statement's body, in the same function. */
function inLoop(call: ts.Node): boolean {
  for (let p: ts.Node | undefined = call.parent; p; p = p.parent) {
    if (ts.isIterationStatement(p, false)) return true;
    if (ts.isFunctionLike(p)) return false;
  }
  return false;
}
