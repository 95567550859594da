/**
 * ## What it does
 * Finds a listener registered on a target that outlives its owner, with no removal at the
 * owner's teardown: `window.addEventListener(…)` in a view with `dispose()`, `process.on(…)` in
 * a service with `stop()`, `bus.on(…)` in `connectedCallback()`, `addEventListener` in a React
 * `useEffect` that returns no cleanup.
 *
 * ## Why is this bad?
 * The target keeps the listener, and the listener keeps the owner (through `this` or its
 * closure): every disposed view, unmounted component or stopped service stays in memory, and
 * keeps reacting to events. On an `EventEmitter` the listeners pile up until Node warns
 * `MaxListenersExceededWarning`.
 *
 * ## Example
 * ```ts
 * class View {
 *   constructor() { window.addEventListener("resize", this.onResize); }
 *   onResize = () => this.layout();
 *   dispose() { this.root.remove(); }
 * }
 * ```
 * Use instead:
 * ```ts
 *   dispose() { this.root.remove(); window.removeEventListener("resize", this.onResize); }
 * ```
 *
 * ## Fix safety
 * Safe when the owner has a teardown (a teardown method, or an effect whose cleanup can be
 * returned) and the listener is a stable reference (a field, a method, a named function, a
 * constant): the matching removal, with the same capture, is added to the teardown. In an effect,
 * an inline listener is first kept in a constant. Otherwise (an inline or bound listener in a
 * class, a target only the registering method sees, no teardown of the class's own) it is
 * reported with advice. Not reported: targets that die with the owner (`this`, what it creates),
 * targets of unknown lifetime, `{ once: true }`, `{ signal }`, listeners removed anywhere in
 * the file or handed to other code, top-level code and plain functions (but for the temporary
 * listeners of async functions, temporary.ts, and re-registration, reregistration.ts).
 */
import type { ts } from "../../engine/ts-morph.cjs";
import { leakedListener } from "./kinds.js";
import type { Plan } from "./cleanup.js";
import { whyNoCleanup } from "./cleanup.js";
import { asRegistration, type ListenerCall } from "./calls.js";
import {
  isListenerHandedOn,
  isRemovedByRemoveAll,
  isRemovedInFile,
  otherRemovalOfEvent,
  type FileFacts,
} from "./facts.js";
import { listenerShape, readOptions } from "./identity.js";
import { targetLifetime } from "./lifetime.js";
import { ownerOf, ownerScope, type Owner } from "./owner.js";
import { removalText, hoistInlineListener, teardownName } from "./removal.js";
import { usableAtTeardown } from "./scope.js";
import { fieldSetBefore, signalFate, signalPlan, unabortedSignalPlan } from "./signal.js";

/** The finding for a registration at `node`, if it leaks. */
export function checkListener(node: ts.Node, facts: FileFacts): Plan | undefined {
  // Ex) `window.addEventListener("resize", f)`, `process.on("SIGINT", f)`
  const reg = asRegistration(node, facts.checker);
  if (!reg) return undefined;
  // Ex) top-level `process.on("exit", …)` (lives as long as the program), a plain function
  const owner = ownerOf(reg.call, facts.checker);
  if (!owner) return undefined;
  // Ex) `class Helper { constructor() { window.addEventListener(…) } }`: no teardown anyone calls
  if (owner.kind === "class" && !owner.teardown && !owner.expectedTeardown) return undefined;
  // Ex) a listener added by `dispose()` itself
  if (owner.kind === "class" && owner.member === owner.teardown) return undefined;
  const options = readOptions(reg.options);
  // Ex) `opts` (not a literal): it may hold a signal
  if (options.opaque) return undefined;
  // Ex) `{ once: true }`: removed when it fires
  if (options.once) return undefined;
  // Ex) `this.addEventListener(…)`, `this.el = document.createElement(…)`: dies with the owner
  const lifetime = targetLifetime(reg.target, owner, facts);
  if (lifetime === "owned" || lifetime === "unknown") return undefined;
  // Ex) `{ signal: this.ac.signal }` with `this.ac.abort()` in the owner, `{ signal }` handed in:
  // removed by `abort()`. Not Ex) a controller the owner creates and never aborts nor hands on.
  if (options.signal) {
    if (signalFate(reg, owner, facts) === "aborted" || lifetime !== "outlives") return undefined;
    return unabortedSignalPlan(reg, owner, leakMessage(reg, owner));
  }
  // Ex) `window.removeEventListener("resize", this.onResize)` anywhere in the file
  if (isRemovedInFile(reg, facts) || isRemovedByRemoveAll(reg, facts)) return undefined;
  // Ex) `window.removeEventListener("resize", () => …)`: reported as `ineffective-removal`
  if (otherRemovalOfEvent(reg, ownerScope(owner), facts)) return undefined;
  // Ex) `unbind(window, "resize", this.onResize)`: a helper may remove it
  if (isListenerHandedOn(reg, facts)) return undefined;
  const plan = planFor(reg, owner, facts);
  // Ex) `constructor(socket) { socket.on("data", (d) => …) }`: a wrapper of what it was handed,
  // which may well die with it: reported only where the removal can be added safely
  if (lifetime === "handed-in" && plan.applicability !== "safe") return undefined;
  return plan;
}

function planFor(reg: ListenerCall, owner: Owner, facts: FileFacts): Plan {
  const { checker } = facts;
  const where = teardownName(owner);
  const base = leakMessage(reg, owner);
  const manual = (advice: string): Plan => ({
    kind: leakedListener,
    node: reg.call,
    message: `${base} ${advice}`,
    applicability: "manual",
  });
  // Ex) `class Card extends HTMLElement { connectedCallback() { window.addEventListener(…) } }`
  const missing = whyNoCleanup(owner);
  if (missing && owner.kind === "effect" && owner.sibling) {
    const sentence = `${missing[0]!.toUpperCase()}${missing.slice(1)}`;
    const where = owner.setup ? `in \`${owner.hook}()\`` : `next to \`${owner.hook}\``;
    return manual(`${sentence}: add \`${owner.sibling.hook}(() => …)\` ${where} and remove it there.`);
  }
  if (missing && owner.kind === "effect") {
    return manual(`It cannot be added automatically: ${missing}. Return a cleanup that removes it on every path.`);
  }
  if (missing) return manual(`${missing}. ${adviceFor(reg, owner)}`);
  // Ex) `el.addEventListener(…)` with `el` a parameter of the registering method
  if (!usableAtTeardown(reg.target, owner, checker) || !usableAtTeardown(reg.event, owner, checker)) {
    return manual(
      `\`${reg.target.getText()}\` is not reachable from ${where}: keep it in a field and remove the listener there.`,
    );
  }
  const shape = listenerShape(reg.listener);
  // Ex) `useEffect(() => { window.addEventListener("resize", () => setW(innerWidth)); })`
  if (owner.kind === "effect" && shape === "inline" && !owner.sibling)
    return hoistInlineListener(reg, owner, facts, base);
  // Ex) `onMounted(() => window.addEventListener("resize", () => …))`: `onUnmounted` cannot name it
  if (owner.kind === "effect" && shape === "inline")
    return manual(`Keep the listener in a constant of the setup and remove it in ${where}.`);
  // Ex) `window.addEventListener("resize", this.onResize.bind(this))` in a class: `{ signal }`
  // of the instance's AbortController, aborted at the teardown
  if (shape !== "reference" || !usableAtTeardown(reg.listener, owner, checker)) {
    return owner.kind === "class" && reg.api === "event-target" && shape !== "other" && fieldSetBefore(owner)
      ? signalPlan(reg, owner, facts, base)
      : manual(adviceFor(reg, owner));
  }
  const removal = removalText(reg, reg.listener.getText(), checker);
  return {
    kind: leakedListener,
    node: reg.call,
    message: base,
    applicability: "safe",
    fix: { description: `Remove the listener in ${where}`, owner, cleanup: [removal], fields: [], edits: [] },
  };
}

/** Ex) "`window` keeps this `resize` listener (and `View` with it) after `dispose()`: nothing removes it." */
function leakMessage(reg: ListenerCall, owner: Owner): string {
  const event = reg.event.getText();
  const who = owner.kind === "class" ? `\`${owner.cls.name?.text ?? "the instance"}\`` : "the component";
  return `\`${reg.target.getText()}\` keeps this ${event} listener, and ${who} through it, after ${owner.kind === "effect" ? "unmount" : teardownName(owner)}: nothing removes it.`;
}

function adviceFor(reg: ListenerCall, owner: Owner): string {
  const where = teardownName(owner);
  const shape = listenerShape(reg.listener);
  if (shape === "inline" || shape === "bind") {
    const dom =
      reg.api === "event-target"
        ? ", or register with `{ signal }` of an AbortController the instance aborts there"
        : "";
    return `The listener is a new function that nothing else holds: keep it in a field (an arrow-function field, or bound once in the constructor) and remove it in ${where}${dom}.`;
  }
  const add = owner.kind === "class" && !owner.teardown ? "Add" : "Remove it in";
  const then = add === "Add" ? ` that removes it with the same listener` : " with the same listener";
  return `${add} ${where}${then}${reg.api === "event-target" ? " and capture" : ""}.`;
}
