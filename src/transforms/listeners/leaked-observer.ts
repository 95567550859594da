/**
 * ## What it does
 * Finds a `ResizeObserver`, `MutationObserver`, `IntersectionObserver` or `PerformanceObserver`
 * that observes something and is never disconnected at its owner's teardown (a class's
 * `dispose()`/`disconnectedCallback()`…, a React effect's cleanup).
 *
 * ## Why is this bad?
 * An observer keeps calling back for as long as what it observes lives: after the owner is gone,
 * its callback (and the owner through it) stays alive and keeps running.
 *
 * ## Example
 * ```ts
 * useEffect(() => {
 *   const observer = new ResizeObserver(measure);
 *   observer.observe(ref.current!);
 * }, []);
 * ```
 * Use instead:
 * ```ts
 *   return () => observer.disconnect();
 * ```
 *
 * ## Fix safety
 * Safe: `disconnect()` at the teardown, where the observer is a field of the class or a constant
 * of the effect. Manual when the observer is not kept (`new ResizeObserver(cb).observe(el)`),
 * is a local of a class method, or the owner has no teardown it can be added to. Not reported:
 * an observer never observing, disconnected, unobserved or handed on anywhere in the owner.
 */
import type { ts } from "../../engine/ts-morph.cjs";
import { isObserverConstruction } from "./calls.js";
import { whyNoCleanup, type Plan } from "./cleanup.js";
import type { FileFacts } from "./facts.js";
import { handleFate, handleOf, handleScope, handleUses, isEffectStatement, type Handle } from "./handles.js";
import { leakedObserver } from "./kinds.js";
import { ownerOf, type Owner } from "./owner.js";
import { teardownName } from "./removal.js";
import { ts as tsValue } from "../../engine/ts-morph.cjs";

const RELEASES = { functions: [], methods: ["disconnect", "unobserve", "takeRecords"] };

/** The finding for an observer created at `node`, if it is never disconnected. */
export function checkObserver(node: ts.Node, facts: FileFacts): Plan | undefined {
  // Ex) `new ResizeObserver(cb)` (the platform's, not a class of the project's)
  if (!isObserverConstruction(node, facts.checker, facts.isLibFile)) return undefined;
  // Ex) a module-level observer (lives as long as the program), a plain function
  const owner = ownerOf(node, facts.checker);
  if (!owner) return undefined;
  // Ex) a class no teardown is ever called on; an observer made by the teardown itself
  if (owner.kind === "class" && !owner.teardown && !owner.expectedTeardown) return undefined;
  if (owner.kind === "class" && owner.member === owner.teardown) return undefined;
  const handle = handleOf(node);
  // Ex) `new ResizeObserver(cb).observe(el)`: nothing can disconnect it
  if (handle.kind === "other") return droppedObserver(node, owner);
  // Ex) `observer.disconnect()`/`unobserve(…)` in the owner, or the observer handed to other code
  if (handleFate(handle, handleScope(owner), facts, RELEASES) !== "kept") return undefined;
  // Ex) `const o = new MutationObserver(cb)` never observing anything
  if (!observes(handle, handleScope(owner))) return undefined;
  return observerPlan(node, handle, owner, facts);
}

/** Ex) `observer.observe(el)` in the owner. */
function observes(handle: Handle, scope: ts.Node): boolean {
  return handleUses(handle, scope).some((use) => {
    const parent = use.parent;
    return tsValue.isPropertyAccessExpression(parent) && parent.name.text === "observe";
  });
}

function droppedObserver(node: ts.NewExpression, owner: Owner): Plan | undefined {
  const parent = node.parent;
  if (!tsValue.isPropertyAccessExpression(parent) || parent.name.text !== "observe") return undefined;
  return {
    kind: leakedObserver,
    node,
    message: `This observer is never disconnected: nothing keeps it. Keep it in a ${owner.kind === "class" ? "field" : "constant"} and call \`disconnect()\` in ${teardownName(owner)}.`,
    applicability: "manual",
  };
}

function observerPlan(node: ts.NewExpression, handle: Handle, owner: Owner, facts: FileFacts): Plan {
  const where = teardownName(owner);
  const message = `This observer keeps calling back, and keeps what its callback reaches alive, after ${owner.kind === "effect" ? "unmount" : where}: nothing disconnects it.`;
  const manual = (advice: string): Plan => ({
    kind: leakedObserver,
    node,
    message: `${message} ${advice}`,
    applicability: "manual",
  });
  const missing = whyNoCleanup(owner);
  if (missing) return manual(`It cannot be disconnected automatically: ${missing}. Call \`disconnect()\` in ${where}.`);
  const ref =
    owner.kind === "class" && handle.kind === "field"
      ? `this.${handle.name}`
      : handle.kind === "local"
        ? handle.name
        : undefined;
  const visible =
    owner.kind === "class"
      ? handle.kind === "field"
      : handle.kind === "local" && isEffectStatement(handle.declaration, owner);
  if (!ref || !visible) return manual(`Keep it where ${where} sees it and call \`disconnect()\` there.`);
  const optional = owner.kind === "class" && mayBeUndefined(handle, owner.cls, facts) ? "?." : ".";
  return {
    kind: leakedObserver,
    node,
    message,
    applicability: "safe",
    fix: {
      description: `Disconnect the observer in ${where}`,
      owner,
      cleanup: [`${ref}${optional}disconnect();`],
      fields: [],
      edits: [],
    },
  };
}

/** Ex) `private observer?: ResizeObserver`, `observer: ResizeObserver | null = null`. */
function mayBeUndefined(handle: Handle, cls: ts.ClassLikeDeclaration, facts: FileFacts): boolean {
  if (handle.kind !== "field") return true;
  const declaration =
    handle.declaration ??
    cls.members.find((m) => tsValue.isPropertyDeclaration(m) && m.name.getText(facts.sf) === handle.name);
  if (!declaration) return true;
  const type = facts.checker.getTypeAtLocation(declaration);
  return type.isUnion() && type.types.some((t) => t.flags & (tsValue.TypeFlags.Undefined | tsValue.TypeFlags.Null));
}
