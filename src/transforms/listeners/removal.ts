/**
 * The code a fix writes for a listener: its removal call, and an inline listener kept in a
 * constant so that the cleanup can name it.
 */
import { ts } from "../../engine/ts-morph.cjs";
import { indentationAt, newLineOf } from "../util/ast.js";
import { hasProperties, type ListenerCall } from "./calls.js";
import type { Plan } from "./cleanup.js";
import type { FileFacts } from "./facts.js";
import { leakedListener } from "./kinds.js";
import { eventName, readOptions } from "./identity.js";
import { memberName, type EffectOwner, type Owner } from "./owner.js";

/** Ex) "`dispose()`", "the effect's cleanup". */
export function teardownName(owner: Owner): string {
  if (owner.kind === "effect" && owner.sibling) return `the \`${owner.sibling.hook}\` callback`;
  if (owner.kind === "effect") return `the ${owner.hook} cleanup`;
  if (owner.teardown && ts.isArrowFunction(owner.teardown)) return "the `DestroyRef.onDestroy` callback";
  const name = owner.teardown ? memberName(owner.teardown) : owner.expectedTeardown;
  return `\`${name ?? "dispose"}()\``;
}

/** Ex) `window.removeEventListener("resize", this.onResize, true);`, `process.off("SIGINT", stop);` */
export function removalText(reg: ListenerCall, listener: string, checker: ts.TypeChecker): string {
  const target = reg.target.getText();
  const event = reg.event.getText();
  if (reg.api === "event-target") {
    const capture = readOptions(reg.options).capture ? ", true" : "";
    return `${target}.removeEventListener(${event}, ${listener}${capture});`;
  }
  const method = reg.method === "on" && hasProperties(checker, reg.target, ["off"]) ? "off" : "removeListener";
  return `${target}.${method}(${event}, ${listener});`;
}

/**
 * Ex) `useEffect(() => { window.addEventListener("resize", () => setW(innerWidth)); }, [])` →
 * `const onResize = () => setW(innerWidth); window.addEventListener("resize", onResize);`
 * and `return () => window.removeEventListener("resize", onResize);`.
 */
export function hoistInlineListener(reg: ListenerCall, owner: EffectOwner, facts: FileFacts, message: string): Plan {
  const statement = reg.call.parent;
  const body = owner.callback.body;
  if (!ts.isExpressionStatement(statement) || statement.parent !== body) {
    return {
      kind: leakedListener,
      node: reg.call,
      message: `${message} Keep the listener in a constant and return a cleanup that removes it.`,
      applicability: "manual",
    };
  }
  const sf = facts.sf;
  const name = freshName(listenerName(eventName(facts.checker, reg.event)), reg.call, facts);
  const indent = indentationAt(sf, statement.getStart(sf));
  const declaration = `const ${name} = ${reg.listener.getText(sf)};${newLineOf(sf)}${indent}`;
  return {
    kind: leakedListener,
    node: reg.call,
    message,
    applicability: "safe",
    fix: {
      description: `Keep the listener in \`${name}\` and remove it in the ${owner.hook} cleanup`,
      owner,
      cleanup: [removalText(reg, name, facts.checker)],
      fields: [],
      edits: [
        { start: statement.getStart(sf), end: statement.getStart(sf), newText: declaration },
        { start: reg.listener.getStart(sf), end: reg.listener.end, newText: name },
      ],
    },
  };
}

/** Ex) `resize` → `onResize`, `visibilitychange` → `onVisibilitychange`. */
function listenerName(event: string | undefined): string {
  if (!event || !/^[A-Za-z][\w]*$/.test(event)) return "listener";
  return `on${event[0]!.toUpperCase()}${event.slice(1).replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}`;
}

/** `base`, or `base2`, `base3`… : a name nothing in scope at `at` has, and no other fix of the file took. */
export function freshName(base: string, at: ts.Node, facts: FileFacts): string {
  const inScope = new Set(facts.checker.getSymbolsInScope(at, ts.SymbolFlags.Value).map((s) => s.name));
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    if (facts.reservedNames.has(name) || inScope.has(name)) continue;
    facts.reservedNames.add(name);
    return name;
  }
}
