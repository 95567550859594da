/**
 * One pass over a file: the calls every check looks at (removals, clears, hand-overs), so that
 * each registration is paired without walking the file again.
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { ProjectFacts, TransformContext } from "../../engine/types.js";
import { asRegistration, asRemoval, isRemoveAll, type ListenerCall } from "./calls.js";
import { removes, sameEvent, sameListener, sameReference } from "./identity.js";
import type { LifetimeContext } from "./lifetime.js";
import { isWithin } from "../util/ast.js";

export interface FileFacts extends LifetimeContext {
  sf: ts.SourceFile;
  /** Every call and `new` expression of the file, in source order. */
  calls: Array<ts.CallExpression | ts.NewExpression>;
  registrations: ListenerCall[];
  removals: ListenerCall[];
  removeAlls: ts.CallExpression[];
  /** Names new code of this file's fixes declares. */
  reservedNames: Set<string>;
  /** The AbortController field the `{ signal }` fixes of each class share. */
  controllerFields: Map<ts.Node, string>;
  project: ProjectFacts;
}

export function collectFacts(ctx: TransformContext, longLived: readonly string[]): FileFacts {
  const { sourceFile: sf, checker } = ctx;
  const facts: FileFacts = {
    sf,
    checker,
    isLibFile: (f) => ctx.isLibFile(f),
    longLived,
    calls: [],
    registrations: [],
    removals: [],
    removeAlls: [],
    reservedNames: new Set(),
    controllerFields: new Map(),
    project: ctx.project,
  };
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) facts.calls.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  for (const call of facts.calls) {
    const registration = asRegistration(call, checker);
    if (registration) facts.registrations.push(registration);
    const removal = asRemoval(call, checker);
    if (removal) facts.removals.push(removal);
    if (isRemoveAll(call)) facts.removeAlls.push(call);
  }
  return facts;
}

/** Ex) `window.removeEventListener("resize", this.onResize)` anywhere in the file (a helper's too). */
export function isRemovedInFile(reg: ListenerCall, facts: FileFacts): boolean {
  return facts.removals.some((r) => removes(facts.checker, r, reg));
}

/** Ex) `window.removeEventListener("resize", other)` in the same owner: the same event removed with something else. */
export function otherRemovalOfEvent(reg: ListenerCall, scope: ts.Node, facts: FileFacts): ListenerCall | undefined {
  return facts.removals.find(
    (r) =>
      r.api === reg.api &&
      isWithin(r.call, scope) &&
      sameEvent(facts.checker, r.event, reg.event) &&
      sameReference(facts.checker, r.target, reg.target),
  );
}

/** Ex) `bus.removeAllListeners()`, `bus.removeAllListeners("change")` on the same target. */
export function isRemovedByRemoveAll(reg: ListenerCall, facts: FileFacts): boolean {
  return facts.removeAlls.some((call) => {
    const target = (call.expression as ts.PropertyAccessExpression).expression;
    if (!sameReference(facts.checker, target, reg.target)) return false;
    const event = call.arguments[0];
    return !event || sameEvent(facts.checker, event, reg.event);
  });
}

/**
 * Ex) `off(window, "resize", this.onResize)`, `this.subs.push(this.onResize)`: the listener is
 * handed to code that may remove it; not paired here, so not reported.
 */
export function isListenerHandedOn(reg: ListenerCall, facts: FileFacts): boolean {
  const own = new Set<ts.Node>([...facts.registrations, ...facts.removals].map((c) => c.call));
  return facts.calls.some(
    (call) =>
      !own.has(call) &&
      (call.arguments ?? []).some((arg) => arg !== reg.listener && sameListener(facts.checker, arg, reg.listener)),
  );
}
