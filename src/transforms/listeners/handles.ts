/**
 * Handles: where a timer id or an observer is kept (`this.timer = …`, `const id = …`, dropped),
 * and whether the owner releases it (`clearInterval(id)`, `observer.disconnect()`) or hands it on.
 */
import { ts } from "../../engine/ts-morph.cjs";
import { climbOuterExpressions, isWithin } from "../util/ast.js";
import { isGlobalCall } from "./calls.js";
import type { FileFacts } from "./facts.js";
import { skipOuter } from "./identity.js";
import type { Owner } from "./owner.js";
import type { TextEdit } from "../../engine/types.js";

/**
 * `dropped`: `setInterval(…);` as a statement. `field`: `this.x = …` or `x = …` as a field's
 * initializer (`ref` is `this.x`). `local`: `const x = …` (`ref` is `x`). `other`: returned,
 * passed on, stored elsewhere.
 */
export type Handle =
  | { kind: "dropped"; statement: ts.ExpressionStatement }
  | { kind: "field"; name: string; declaration: ts.PropertyDeclaration | undefined }
  | { kind: "local"; name: string; declaration: ts.VariableDeclaration }
  | { kind: "other" };

/** Ex) `setInterval(f, 1000);`, `this.timer = setInterval(…)`, `const id = setInterval(…)`, `private ro = new ResizeObserver(cb)`. */
export function handleOf(node: ts.Expression): Handle {
  const outer = climbOuterExpressions(node);
  const parent = outer.parent;
  if (ts.isExpressionStatement(parent)) return { kind: "dropped", statement: parent };
  if (
    ts.isBinaryExpression(parent) &&
    parent.right === outer &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isPropertyAccessExpression(parent.left) &&
    parent.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
    ts.isExpressionStatement(parent.parent)
  ) {
    return { kind: "field", name: parent.left.name.text, declaration: undefined };
  }
  if (ts.isPropertyDeclaration(parent) && parent.initializer === outer && ts.isIdentifier(parent.name)) {
    return { kind: "field", name: parent.name.text, declaration: parent };
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === outer && ts.isIdentifier(parent.name)) {
    return { kind: "local", name: parent.name.text, declaration: parent };
  }
  return { kind: "other" };
}

/** Ex) `this.timer` / `id` used in `scope`, other than where it is assigned. */
export function handleUses(handle: Handle, scope: ts.Node): ts.Expression[] {
  if (handle.kind !== "field" && handle.kind !== "local") return [];
  const found: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    const isField =
      handle.kind === "field" &&
      ts.isPropertyAccessExpression(n) &&
      skipOuter(n.expression).kind === ts.SyntaxKind.ThisKeyword &&
      n.name.text === handle.name;
    const isLocal =
      handle.kind === "local" && ts.isIdentifier(n) && n.text === handle.name && n !== handle.declaration.name;
    if ((isField || isLocal) && !isAssignmentTarget(n)) found.push(n as ts.Expression);
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return found;
}

function isAssignmentTarget(n: ts.Node): boolean {
  const p = n.parent;
  return ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/**
 * How the owner uses the handle: `released` (given to a clear function or a release method),
 * `handed-on` (given to other code, returned, stored), or `kept` (only used otherwise).
 */
export function handleFate(
  handle: Handle,
  scope: ts.Node,
  facts: FileFacts,
  release: { functions: readonly string[]; methods: readonly string[] },
): "released" | "handed-on" | "kept" {
  let fate: "released" | "handed-on" | "kept" = "kept";
  for (const use of handleUses(handle, scope)) {
    const outer = climbOuterExpressions(use);
    const parent = outer.parent;
    if (ts.isCallExpression(parent) && parent.arguments.includes(outer as ts.Expression)) {
      if (isGlobalCall(parent, release.functions, facts.checker, facts.isLibFile)) return "released";
      fate = "handed-on";
    }
    if (ts.isPropertyAccessExpression(parent) && release.methods.includes(parent.name.text)) return "released";
    if (ts.isReturnStatement(parent) || ts.isArrayLiteralExpression(parent) || ts.isPropertyAssignment(parent))
      fate = "handed-on";
    if (ts.isBinaryExpression(parent) && parent.right === outer) fate = "handed-on";
    if (ts.isVariableDeclaration(parent) && parent.initializer === outer) fate = "handed-on";
  }
  return fate;
}

/** The scope the handle lives in: the class for a field, the effect for a local. */
export function handleScope(owner: Owner): ts.Node {
  return owner.kind === "class" ? owner.cls : owner.callback;
}

/** Whether `node` is a direct statement of the effect's body (so that its names are seen by the cleanup). */
export function isEffectStatement(node: ts.Node, owner: Owner): boolean {
  // Not Ex) a constant of Vue's `onMounted(() => …)`: `onUnmounted(() => …)` cannot see it
  // (a constant of the setup itself is: Vue's `setup()`, a composable)
  if (owner.kind !== "effect" || (owner.sibling && !owner.setup)) return false;
  const statement = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  return statement.parent === owner.callback.body && isWithin(statement, owner.callback);
}

/** A class member name free for a new field: `base`, `base2`… (no member nor `this.` use of that name). */
export function freeMemberName(cls: ts.ClassLikeDeclaration, base: string, facts: FileFacts): string {
  const text = cls.getText(facts.sf);
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    const key = `${cls.pos}:${name}`;
    if (facts.reservedNames.has(key)) continue;
    const used = cls.members.some((m) => m.name?.getText(facts.sf) === name) || new RegExp(`\\.${name}\\b`).test(text);
    if (used) continue;
    facts.reservedNames.add(key);
    return name;
  }
}

/**
 * Ex) `private sub?: Subscription`, `#timer`: only the class can reach it. A field without
 * `private` (every field of a JavaScript class but `#` ones) can be cleared or undone by a
 * subclass or by code holding the instance, which this file does not show.
 */
export function isPrivateField(cls: ts.ClassLikeDeclaration, name: string): boolean {
  if (name.startsWith("#")) return true;
  const decl = cls.members.find((m) => ts.isPropertyDeclaration(m) && m.name.getText() === name);
  return decl !== undefined && (ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Private) !== 0;
}

/** The edit that keeps a thrown-away handle (`this.timer = `, `const id = ` before the call); none when it is kept already. */
export function keepHandleEdits(handle: Handle, call: ts.Node, sf: ts.SourceFile, target: string): TextEdit[] {
  if (handle.kind !== "dropped") return [];
  const at = call.getStart(sf);
  return [{ start: at, end: at, newText: target }];
}

/** The statement that holds the handle: the call's own when it is thrown away, a local's declaration. */
export function handleStatement(handle: Handle): ts.Node | undefined {
  return handle.kind === "dropped" ? handle.statement : handle.kind === "local" ? handle.declaration : undefined;
}
