/**
 * Whether an expression written at a registration can be written again at the owner's teardown
 * and still mean the same thing: the teardown method of a class sees `this`, module-level
 * names, imports and globals; an effect's cleanup also sees the effect's own constants.
 */
import { ts } from "../../engine/ts-morph.cjs";
import { isModuleLevelVariable, isWithin, symbolOf } from "../util/ast.js";
import type { Owner } from "./owner.js";

/**
 * Ex) `window`, `this.onResize`, `bus` (module-level), `"resize"`, `Events.Resize`: usable.
 * Not Ex) `el` (a parameter of the registering method), `handler` (a `let` that may change).
 */
export function usableAtTeardown(expr: ts.Expression, owner: Owner, checker: ts.TypeChecker): boolean {
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    if (ts.isIdentifier(n) && !isPropertyName(n) && !nameIsUsable(n, owner, checker)) ok = false;
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) ok = false;
    ts.forEachChild(n, visit);
  };
  visit(expr);
  return ok;
}

/** Ex) `onResize` in `this.onResize`, `body` in `document.body`: a name looked up on a value. */
function isPropertyName(id: ts.Identifier): boolean {
  const p = id.parent;
  return (ts.isPropertyAccessExpression(p) && p.name === id) || (ts.isPropertyAssignment(p) && p.name === id);
}

function nameIsUsable(id: ts.Identifier, owner: Owner, checker: ts.TypeChecker): boolean {
  if (id.text === "undefined") return true;
  const symbol = symbolOf(checker, id);
  const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!symbol || !decl) return false;
  if (decl.getSourceFile() !== id.getSourceFile() || decl.getSourceFile().isDeclarationFile) return true;
  if (ts.isVariableDeclaration(decl) && isModuleLevelVariable(decl)) return isConst(decl);
  if (
    (ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl) || ts.isEnumDeclaration(decl)) &&
    ts.isSourceFile(decl.parent)
  )
    return true;
  if (owner.kind === "class") return false;
  // Ex) a constant of Vue's `setup()` itself: its `onUnmounted(() => …)` sees it
  return visibleAtEndOfEffect(decl, owner.callback, owner.sibling !== undefined && !owner.setup);
}

function isConst(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

/**
 * A constant or function declared directly in the effect's body, or outside the effect (the
 * component's constants, props and parameters: the cleanup closes over the same values).
 */
function visibleAtEndOfEffect(decl: ts.Node, callback: ts.SignatureDeclaration, sibling: boolean): boolean {
  if (ts.isParameter(decl)) return true;
  const declaration = ts.isBindingElement(decl) ? outerDeclaration(decl) : decl;
  if (!declaration) return false;
  const constant = ts.isVariableDeclaration(declaration) ? isConst(declaration) : ts.isFunctionDeclaration(declaration);
  if (!constant) return false;
  if (!isWithin(declaration, callback)) return true;
  // Ex) a constant of `onMounted(() => …)`: `onUnmounted(() => …)` cannot see it
  if (sibling) return false;
  const statement = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
  return statement.parent === (callback as ts.FunctionLikeDeclaration).body;
}

function outerDeclaration(decl: ts.BindingElement): ts.Node | undefined {
  let n: ts.Node = decl;
  while (ts.isBindingElement(n) || ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n)) n = n.parent;
  return ts.isVariableDeclaration(n) || ts.isParameter(n) ? n : undefined;
}
