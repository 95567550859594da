/**
 * ## What it does
 * Finds a `setInterval` whose id is dropped or never cleared at its owner's teardown: in a class
 * with `dispose()`/`disconnectedCallback()`/`ngOnDestroy()`…, or in a React effect.
 *
 * ## Why is this bad?
 * An interval runs until it is cleared: its callback, and everything the callback reaches (the
 * owner through `this` or its closure), stays alive and keeps running after the owner is gone.
 * In Node it also keeps the process from exiting.
 *
 * ## Example
 * ```ts
 * class Poller {
 *   start() { setInterval(() => this.poll(), 1000); }
 *   stop() {}
 * }
 * ```
 * Use instead:
 * ```ts
 * class Poller {
 *   private interval?: ReturnType<typeof setInterval>;
 *   start() { this.interval = setInterval(() => this.poll(), 1000); }
 *   stop() { clearInterval(this.interval); }
 * }
 * ```
 *
 * ## Fix safety
 * Safe: the id is kept in a field (a class) or a constant (an effect) and cleared at the
 * teardown; the interval runs exactly as before until then. Manual when the id is in a local of
 * a class method, the class has no teardown of its own, or the effect returns early. Not
 * reported: an id cleared or handed on anywhere in the owner, an id kept in a field that is not
 * private (a subclass or a caller may clear it), top-level intervals (they live as long as the
 * program), `setTimeout` (it ends by itself; clearing it changes behaviour).
 */
import type { ts } from "../../engine/ts-morph.cjs";
import { isGlobalCall } from "./calls.js";
import { whyNoCleanup, type Plan } from "./cleanup.js";
import type { FileFacts } from "./facts.js";
import {
  freeMemberName,
  handleFate,
  handleOf,
  handleScope,
  handleStatement,
  isEffectStatement,
  isPrivateField,
  keepHandleEdits,
  type Handle,
} from "./handles.js";
import { leakedTimer } from "./kinds.js";
import { ownerOf, type Owner } from "./owner.js";
import { freshName, teardownName } from "./removal.js";

const CLEARS = { functions: ["clearInterval", "clearTimeout"], methods: [] };

/** The finding for a `setInterval` at `node`, if it is never cleared. */
export function checkTimer(node: ts.Node, facts: FileFacts): Plan | undefined {
  // Ex) `setInterval(tick, 1000)`, `window.setInterval(…)` (not a method of the project's own)
  if (!isGlobalCall(node, ["setInterval"], facts.checker, facts.isLibFile)) return undefined;
  // Ex) top-level `setInterval(report, 60_000)` in an entry point, a plain function
  const owner = ownerOf(node, facts.checker);
  if (!owner) return undefined;
  // Ex) a class no teardown is ever called on; an interval started by the teardown itself
  if (owner.kind === "class" && !owner.teardown && !owner.expectedTeardown) return undefined;
  if (owner.kind === "class" && owner.member === owner.teardown) return undefined;
  const handle = handleOf(node);
  // Ex) `return setInterval(…)`, `timers.push(setInterval(…))`: someone else keeps the id
  if (handle.kind === "other") return undefined;
  // Ex) `clearInterval(this.timer)` anywhere in the class, `clearInterval(id)` in the effect
  if (handleFate(handle, handleScope(owner), facts, CLEARS) !== "kept") return undefined;
  // Ex) `protected timer` (or a JavaScript `this.timer`) that a subclass or a caller may clear
  if (handle.kind === "field" && owner.kind === "class" && !isPrivateField(owner.cls, handle.name)) return undefined;
  return timerPlan(node, handle, owner, facts);
}

function timerPlan(call: ts.CallExpression, handle: Handle, owner: Owner, facts: FileFacts): Plan {
  const where = teardownName(owner);
  const message = `This interval runs until it is cleared, and nothing clears it at ${owner.kind === "effect" ? "unmount" : where}: its callback, and what it reaches, stay alive and keep running.`;
  const manual = (advice: string): Plan => ({
    kind: leakedTimer,
    node: call,
    message: `${message} ${advice}`,
    applicability: "manual",
  });
  const missing = whyNoCleanup(owner);
  // Ex) `class Clock extends HTMLElement { connectedCallback() { setInterval(…) } }`
  if (missing) return manual(`It cannot be cleared automatically: ${missing}. Keep the id and clear it in ${where}.`);
  const sf = facts.sf;
  if (owner.kind === "class") {
    // Ex) `const id = setInterval(…)` in a method: `dispose()` cannot see it
    if (handle.kind === "local") return manual(`Keep the id in a field and clear it in ${where}.`);
    const name = handle.kind === "field" ? handle.name : freeMemberName(owner.cls, "interval", facts);
    const js = /\.[cm]?jsx?$/.test(sf.fileName);
    const field = js ? `${name};` : `private ${name}?: ReturnType<typeof setInterval>;`;
    return {
      kind: leakedTimer,
      node: call,
      message,
      applicability: "safe",
      fix: {
        description: `Keep the interval id in \`this.${name}\` and clear it in ${where}`,
        owner,
        cleanup: [`clearInterval(this.${name});`],
        fields: handle.kind === "dropped" ? [field] : [],
        edits: keepHandleEdits(handle, call, sf, `this.${name} = `),
      },
    };
  }
  // Ex) `useEffect(() => { if (on) { const id = setInterval(…) } })`: the cleanup cannot see it
  const statement = handleStatement(handle);
  if (!statement || !isEffectStatement(statement, owner))
    return manual(
      owner.sibling
        ? `Keep the id in a variable of the setup and clear it in ${where}.`
        : `Keep the id in a constant of the effect and return \`() => clearInterval(id)\`.`,
    );
  const name = handle.kind === "local" ? handle.name : freshName("interval", call, facts);
  return {
    kind: leakedTimer,
    node: call,
    message,
    applicability: "safe",
    fix: {
      description: `Clear the interval in the ${owner.kind === "effect" ? owner.hook : ""} cleanup`,
      owner,
      cleanup: [`clearInterval(${name});`],
      fields: [],
      edits: keepHandleEdits(handle, call, sf, `const ${name} = `),
    },
  };
}
