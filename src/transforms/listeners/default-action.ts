/**
 * Listeners whose presence changes what their target does when the event fires, so that
 * removing one does more than release memory: an `EventEmitter` throws an `"error"` nobody
 * listens to, and a Node process takes a signal's default action (SIGINT and SIGTERM end it)
 * or crashes on an uncaught exception when no listener is left.
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { Plan } from "./cleanup.js";
import type { FileFacts } from "./facts.js";
import { asRegistration, type ListenerCall } from "./calls.js";
import { leakedListener } from "./kinds.js";
import { teardownName } from "./removal.js";
import { skipOuterExpressions } from "../util/ast.js";

/** What removing `reg` changes besides memory, or undefined when nothing but memory. */
// Ex) `client.on("error", this.onError)`, `process.on("SIGINT", stop)`, `process.on("uncaughtException", log)`
export function defaultActionOf(reg: ListenerCall): string | undefined {
  const event = skipOuterExpressions(reg.event);
  if (!ts.isStringLiteral(event) && !ts.isNoSubstitutionTemplateLiteral(event)) return undefined;
  const name = event.text;
  if (reg.api !== "emitter") return undefined;
  if (isProcess(reg.target)) {
    if (/^SIG[A-Z0-9]+$/.test(name))
      return `once no other "${name}" listener is left on \`process\`, a later ${name} takes Node's default action again (SIGINT and SIGTERM end the process) instead of running this handler`;
    if (name === "uncaughtException" || name === "unhandledRejection")
      return `once no other "${name}" listener is left on \`process\`, a later ${name === "uncaughtException" ? "uncaught exception" : "unhandled rejection"} ends the process again instead of running this handler`;
  }
  if (name === "error")
    return `once no other "error" listener is left on \`${reg.target.getText()}\`, a later \`emit("error")\` throws (an unhandled 'error' event ends a Node process) instead of running this handler`;
  return undefined;
}

/** Ex) `process`, `globalThis.process`, `import process from "node:process"`. */
function isProcess(target: ts.Expression): boolean {
  const t = skipOuterExpressions(target);
  if (ts.isIdentifier(t)) return t.text === "process";
  return ts.isPropertyAccessExpression(t) && t.name.text === "process" && ts.isIdentifier(t.expression);
}

/**
 * A leaked listener whose removal would change a default action is fixed only with --unsafe,
 * the message saying what changes. Ex) a service's `client.on("error", this.log)` removed at
 * `dispose()`: after it, the shared client's next error throws instead of being logged.
 */
export function withDefaultAction(plan: Plan, facts: FileFacts): Plan {
  if (plan.kind !== leakedListener || plan.applicability !== "safe" || !plan.fix) return plan;
  const reg = asRegistration(plan.node, facts.checker);
  const change = reg && defaultActionOf(reg);
  if (!change) return plan;
  return {
    ...plan,
    applicability: "unsafe",
    message: `${plan.message} Unsafe: removing it changes more than memory: ${change}. Apply with --unsafe if that is what should happen after ${plan.fix.owner ? teardownName(plan.fix.owner) : "the call"}.`,
  };
}
