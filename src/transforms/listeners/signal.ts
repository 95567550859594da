/**
 * `{ signal }` registrations: when a signal in the options counts as removal (its controller is
 * aborted by the owner, or handed to code that may abort it), and the fix that removes inline
 * listeners of a class with an `AbortController` of the instance, aborted at the teardown.
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { TextEdit } from "../../engine/types.js";
import { signalRuntime } from "./runtimes.js";
import type { ListenerCall } from "./calls.js";
import type { Plan } from "./cleanup.js";
import type { FileFacts } from "./facts.js";
import { freeMemberName } from "./handles.js";
import { isReferenceChain, sameReference, skipOuter } from "./identity.js";
import { leakedListener } from "./kinds.js";
import { targetLifetime } from "./lifetime.js";
import { FRAMEWORK_SETUPS, memberName, type ClassOwner, type Owner } from "./owner.js";
import { teardownName } from "./removal.js";

/** Ex) `{ signal: this.controller.signal }` → `this.controller`; `{ signal }` or `signal: opts.signal` → undefined. */
function controllerOf(options: ts.Expression | undefined): ts.Expression | undefined {
  const o = options && skipOuter(options);
  if (!o || !ts.isObjectLiteralExpression(o)) return undefined;
  const property = o.properties.find(
    (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === "signal",
  );
  const value = property && skipOuter(property.initializer);
  if (!value || !ts.isPropertyAccessExpression(value) || value.name.text !== "signal") return undefined;
  return isReferenceChain(value.expression) ? value.expression : undefined;
}

/**
 * `aborted`: the owner's controller is aborted, or handed on (code we do not see may abort it),
 * or the signal is not one of the owner's controllers (`{ signal }` from a parameter): not
 * reported. `never`: a controller the owner creates, never aborted nor handed on.
 * Ex) `{ signal: this.controller.signal }` with `this.controller.abort()` in `dispose()`: aborted.
 */
export function signalFate(reg: ListenerCall, owner: Owner, facts: FileFacts): "aborted" | "never" {
  const controller = controllerOf(reg.options);
  if (!controller) return "aborted";
  if (targetLifetime(controller, owner, facts) !== "owned") return "aborted";
  // Ex) `protected controller`, a public field: a subclass or a user in another file may abort it
  if (!isPrivateToFile(controller, facts)) return "aborted";
  const type = facts.checker.getTypeAtLocation(controller);
  if (!facts.checker.getPropertyOfType(type, "abort") || !facts.checker.getPropertyOfType(type, "signal"))
    return "aborted";
  let fate: "aborted" | "never" = "never";
  const visit = (n: ts.Node): void => {
    if (fate === "aborted") return;
    if (ts.isExpression(n) && n !== controller && isReferenceChain(n) && sameReference(facts.checker, n, controller)) {
      const parent = n.parent;
      const isSignalRead = ts.isPropertyAccessExpression(parent) && parent.name.text === "signal";
      const isAssigned =
        ts.isBinaryExpression(parent) && parent.left === n && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
      const isDeclared = ts.isVariableDeclaration(parent) && parent.name === n;
      const isPropertyBase = ts.isPropertyAccessExpression(parent) && parent.expression === n;
      // Ex) `this.controller.abort()`, `this.controller.abort(reason)`
      if (isPropertyBase && parent.name.text === "abort") fate = "aborted";
      // Ex) `track(this.controller)`, `return controller`: someone else may abort it
      else if (!isSignalRead && !isAssigned && !isDeclared && !isPropertyBase) fate = "aborted";
    }
    ts.forEachChild(n, visit);
  };
  visit(facts.sf);
  return fate;
}

/** Ex) `this.#controller`, `private controller`, a local constant: nothing outside the file can reach it. */
function isPrivateToFile(controller: ts.Expression, facts: FileFacts): boolean {
  const c = skipOuter(controller);
  if (ts.isIdentifier(c)) return true;
  if (!ts.isPropertyAccessExpression(c)) return false;
  if (ts.isPrivateIdentifier(c.name)) return true;
  const decl = facts.checker.getSymbolAtLocation(c.name)?.valueDeclaration;
  if (!decl || !(ts.isPropertyDeclaration(decl) || ts.isParameter(decl))) return false;
  return (ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Private) !== 0;
}

/** Ex) `window.addEventListener("scroll", f, { signal: this.controller.signal })`, never aborted: manual. */
export function unabortedSignalPlan(reg: ListenerCall, owner: Owner, base: string): Plan {
  const controller = controllerOf(reg.options)!.getText();
  return {
    kind: leakedListener,
    node: reg.call,
    message: `${base.replace("nothing removes it", `\`${controller}.abort()\` would remove it, and nothing calls it`)} Call \`${controller}.abort()\` in ${teardownName(owner)} (if nothing else uses that controller).`,
    applicability: "manual",
  };
}

/**
 * Whether a new field is set before the member runs: always in the constructor, and in members a
 * framework calls after construction; a base class's constructor may call any other member of a
 * derived class before the derived class's fields exist.
 * Ex) `class Menu extends Base { open() { window.addEventListener(…) } }`: `Base` may call `open()`.
 */
export function fieldSetBefore(owner: ClassOwner): boolean {
  const derived = owner.cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
  if (!derived || ts.isConstructorDeclaration(owner.member)) return true;
  return Object.hasOwn(FRAMEWORK_SETUPS, memberName(owner.member) ?? "");
}

/** The controller field of a class: one per class, shared by every fix of the file. */
function controllerField(owner: ClassOwner, facts: FileFacts): string {
  const known = facts.controllerFields.get(owner.cls);
  if (known) return known;
  const name = freeMemberName(owner.cls, "listeners", facts);
  facts.controllerFields.set(owner.cls, name);
  return name;
}

/**
 * Ex) `window.addEventListener("scroll", () => this.hide())` in a class with `destroy()` →
 * `window.addEventListener("scroll", () => this.hide(), { signal: this.listeners.signal })`,
 * a field `private listeners = new AbortController();`, and in `destroy()`
 * `this.listeners.abort(); this.listeners = new AbortController();` (a new controller, so that
 * what the instance registers after its teardown, once reconnected or restarted, still works).
 */
export function signalPlan(reg: ListenerCall, owner: ClassOwner, facts: FileFacts, message: string): Plan {
  const sf = facts.sf;
  const name = controllerField(owner, facts);
  const signal = `signal: this.${name}.signal`;
  const verdict = signalRuntime(facts.project);
  const js = /\.[cm]?jsx?$/.test(sf.fileName);
  const where = teardownName(owner);
  return {
    kind: leakedListener,
    node: reg.call,
    message:
      verdict.applicability === "safe"
        ? message
        : `${message} The fix registers it with \`{ signal }\` of an AbortController of the instance, aborted in ${where}: unsafe, because ${verdict.why}.`,
    applicability: verdict.applicability,
    fix: {
      description: `Register the listener with \`{ signal }\` of \`this.${name}\`, aborted in ${where}`,
      owner,
      cleanup: [`this.${name}.abort();`, `this.${name} = new AbortController();`],
      fields: [js ? `${name} = new AbortController();` : `private ${name} = new AbortController();`],
      edits: [optionsEdit(reg, signal, sf)],
    },
  };
}

/** `{ signal }` merged into the registration's options: added, replacing `true`/`false`, or a new property. */
function optionsEdit(reg: ListenerCall, signal: string, sf: ts.SourceFile): TextEdit {
  const options = reg.options && skipOuter(reg.options);
  if (!options) return { start: reg.listener.end, end: reg.listener.end, newText: `, { ${signal} }` };
  if (options.kind === ts.SyntaxKind.TrueKeyword)
    return { start: options.getStart(sf), end: options.end, newText: `{ capture: true, ${signal} }` };
  if (!ts.isObjectLiteralExpression(options) || options.properties.length === 0)
    return { start: options.getStart(sf), end: options.end, newText: `{ ${signal} }` };
  const last = options.properties[options.properties.length - 1]!;
  return { start: last.end, end: last.end, newText: `, ${signal}` };
}
