/**
 * ## What it does
 * Finds a removal that removes nothing: `removeEventListener`/`off`/`removeListener` given a
 * function that cannot be the one added (an inline arrow or function, a fresh `.bind(…)`), or
 * the right function with another `capture` than its registration.
 *
 * ## Why is this bad?
 * Listeners are removed by identity (and, on an `EventTarget`, by capture). A new function was
 * never added, so the call does nothing and the real listener stays: the code reads as if the
 * leak was handled.
 *
 * ## Example
 * ```ts
 * window.addEventListener("scroll", this.onScroll, true);
 * window.removeEventListener("scroll", this.onScroll);
 * ```
 * Use instead:
 * ```ts
 * window.removeEventListener("scroll", this.onScroll, true);
 * ```
 *
 * ## Fix safety
 * Safe for a capture mismatch when every registration of that listener and event in the file
 * has the same capture: the removal gets it. A new function is reported with advice (keep the
 * added function in a field or constant and remove that one): which function was added is a
 * decision about the code's design.
 */
import { ts } from "../../engine/ts-morph.cjs";
import { asRemoval, type ListenerCall } from "./calls.js";
import type { Plan } from "./cleanup.js";
import type { FileFacts } from "./facts.js";
import { listenerShape, readOptions, sameEvent, sameListener } from "./identity.js";
import { ineffectiveRemoval } from "./kinds.js";
import { lineOfNode } from "../util/ast.js";

/** The finding for a removal at `node`, if it removes nothing. */
export function checkRemoval(node: ts.Node, facts: FileFacts): Plan | undefined {
  // Ex) `window.removeEventListener("resize", f)`, `bus.off("change", f)`
  const removal = asRemoval(node, facts.checker);
  if (!removal) return undefined;
  const shape = listenerShape(removal.listener);
  // Ex) `window.removeEventListener("resize", () => this.layout())`, `…, this.layout.bind(this))`
  if (shape === "inline" || shape === "bind") return newFunctionPlan(removal, shape);
  // Ex) `removeEventListener(type, listener)` of a helper: not a constant event, nothing to compare
  if (removal.api !== "event-target" || shape !== "reference") return undefined;
  const options = readOptions(removal.options);
  if (options.opaque) return undefined;
  const added = facts.registrations.filter(
    (r) =>
      r.api === "event-target" &&
      sameEvent(facts.checker, r.event, removal.event) &&
      sameListener(facts.checker, r.listener, removal.listener),
  );
  const captures = new Set(added.map((r) => readOptions(r.options)));
  // Ex) no registration of this listener in the file, or one with options we cannot read
  if (added.length === 0 || [...captures].some((o) => o.opaque)) return undefined;
  const flags = new Set([...captures].map((o) => o.capture));
  // Ex) the same capture as a registration: it removes that one
  if (flags.has(options.capture)) return undefined;
  return captureFix(removal, flags.has(true), added);
}

function newFunctionPlan(removal: ListenerCall, shape: "inline" | "bind"): Plan {
  const what = shape === "inline" ? "a function written here" : "a new function made by `.bind()`";
  const fix =
    shape === "bind"
      ? "bind the method once (an arrow-function field, or `this.f = this.f.bind(this)` in the constructor) and add and remove that field"
      : "keep the added function in a field or constant and remove that one";
  return {
    kind: ineffectiveRemoval,
    node: removal.call,
    message: `This removal removes nothing: it is given ${what}, which was never added, so the listener that was added stays. Instead, ${fix}.`,
    applicability: "manual",
  };
}

/** Ex) `removeEventListener("scroll", f)` for `addEventListener("scroll", f, true)` → `…, f, true)`. */
function captureFix(removal: ListenerCall, capture: boolean, added: readonly ListenerCall[]): Plan {
  const sf = removal.call.getSourceFile();
  const lines = [...new Set(added.map((r) => lineOfNode(sf, r.call)))];
  const edit = removal.options
    ? { start: removal.options.getStart(sf), end: removal.options.end, newText: String(capture) }
    : { start: removal.listener.end, end: removal.listener.end, newText: `, ${capture}` };
  return {
    kind: ineffectiveRemoval,
    node: removal.call,
    message: `This removal removes nothing: the listener was added with capture ${capture} (line${lines.length > 1 ? "s" : ""} ${lines.join(", ")}), and a removal only matches the same capture.`,
    applicability: "safe",
    fix: { description: `Remove with capture ${capture}, as added`, cleanup: [], fields: [], edits: [edit] },
  };
}
