/**
 * Growth that the program itself bounds, though nothing ever removes an entry: reporting it as a
 * leak would be noise. Three classes:
 * - finite keys: every key written is one of a finite set of values (a literal union, an enum, a
 *   fixed property name, or a parameter that every call in the project fills with a literal):
 *   `cache[lang] = path` with `lang: "sass" | "less"`, `Registry.register("Select", f)`;
 * - warn-once sets: a `Set` of the warnings already shown (named for warnings, or grown by a
 *   function named for them), which grows with the program's own messages;
 * - filled once: every growth runs in a function that runs once (its only calls are at load time
 *   or guarded by a module-level flag the guard sets: `if (!done) { fill(); done = true }`).
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { functionChain, isModuleFile, runsAtLoad, type Fn, type Shape, type Use } from "./uses.js";

const WARNING_NAME = /warn|deprecat/i;

/** Why the growth is bounded, as a phrase, or undefined when nothing says it is. */
export function boundedGrowth(
  ctx: TransformContext,
  name: string,
  shape: Shape,
  grows: readonly Use[],
): string | undefined {
  if (grows.length === 0) return undefined;
  if (grows.every((u) => finiteKey(ctx, u))) return "every key it is given is one of a fixed, finite set";
  if (shape === "set" && grows.every((u) => warnOnce(name, u)))
    return "it is a warn-once set: it holds the warnings already shown";
  if (grows.every((u) => runsOnce(ctx, u.node))) return "it is filled once, by code that runs once";
  return undefined;
}

/** The key a growth writes: `m.set(k, v)`, `s.add(k)`, `o[k] = v`, `o.k = v` (undefined for `push`, `+=`). */
function keyOf(u: Use): ts.Expression | "fixed" | undefined {
  const node = u.node;
  if (ts.isCallExpression(node) && (u.op === ".set" || u.op === ".add")) return node.arguments[0];
  if (ts.isBinaryExpression(node)) {
    let left = node.left;
    while (ts.isParenthesizedExpression(left) || ts.isNonNullExpression(left)) left = left.expression;
    if (ts.isElementAccessExpression(left)) return left.argumentExpression;
    if (ts.isPropertyAccessExpression(left) && u.op !== "+=") return "fixed";
  }
  return undefined;
}

const LITERAL_FLAGS =
  ts.TypeFlags.StringLiteral |
  ts.TypeFlags.NumberLiteral |
  ts.TypeFlags.BooleanLiteral |
  ts.TypeFlags.EnumLiteral |
  ts.TypeFlags.BigIntLiteral |
  ts.TypeFlags.Null |
  ts.TypeFlags.Undefined;

// Ex) `"sass" | "less"`, an enum, `boolean`.
function isFiniteType(type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((t) => (t.flags & LITERAL_FLAGS) !== 0);
}

function finiteKey(ctx: TransformContext, u: Use): boolean {
  const key = keyOf(u);
  if (key === undefined) return false;
  if (key === "fixed") return true;
  if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) return true;
  if (isFiniteType(ctx.checker.getTypeAtLocation(key))) return true;
  return literalAtEveryCall(ctx, key);
}

/**
 * Ex) `static register(name: string, f) { Registry.map[name] = f }` where every call in the
 * project passes a literal name: `Registry.register("Select", …)`.
 */
function literalAtEveryCall(ctx: TransformContext, key: ts.Expression): boolean {
  if (!ts.isIdentifier(key)) return false;
  const decl = ctx.checker.getSymbolAtLocation(key)?.valueDeclaration;
  if (!decl || !ts.isParameter(decl) || !ts.isIdentifier(decl.name)) return false;
  const fn = decl.parent;
  if (!(ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) || !fn.name || !ts.isIdentifier(fn.name))
    return false;
  const index = fn.parameters.indexOf(decl);
  const fnName = fn.name.text;
  let calls = 0;
  for (const file of ctx.projectFiles()) {
    if (!file.text.includes(fnName)) continue;
    const sf = ctx.program.getSourceFile(file.fileName);
    if (!sf) return false;
    let ok = true;
    const visit = (n: ts.Node): void => {
      if (!ok) return;
      if (ts.isIdentifier(n) && n.text === fnName && n !== fn.name) {
        const call = ts.isPropertyAccessExpression(n.parent) && n.parent.name === n ? n.parent.parent : n.parent;
        const callee = ts.isPropertyAccessExpression(n.parent) ? n.parent : n;
        if (!ts.isCallExpression(call) || call.expression !== callee) {
          ok = false; // passed on or aliased: its callers are not all visible
          return;
        }
        const arg = call.arguments[index];
        if (!arg || !(ts.isStringLiteralLike(arg) || ts.isNumericLiteral(arg))) {
          ok = false;
          return;
        }
        calls++;
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    if (!ok) return false;
  }
  return calls > 0;
}

// Ex) `if (warned.has(m)) return; warned.add(m); console.warn(m)`: the function that adds also
// checks, and the set or that function is named for warnings.
function warnOnce(name: string, u: Use): boolean {
  const fn = functionChain(u.node)[0];
  if (!fn?.body || !new RegExp(`\\b${name.replace(/[$]/g, "\\$")}\\s*\\.\\s*has\\s*\\(`).test(fn.body.getText()))
    return false;
  return WARNING_NAME.test(name) || WARNING_NAME.test(outerName(u.node) ?? "");
}

function outerName(node: ts.Node): string | undefined {
  const fn = functionChain(node)[0];
  return fn ? nameOf(fn) : undefined;
}

function nameOf(fn: Fn): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name))
    return fn.name.text;
  let holder: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(holder)) holder = holder.parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  return undefined;
}

/**
 * Ex) `if (!checked) { scan(); checked = true }` with `scan` the only function that fills it
 * (also from a callback it starts): the outermost named function runs once.
 */
function runsOnce(ctx: TransformContext, node: ts.Node): boolean {
  const sf = ctx.sourceFile;
  // A script's functions are globals: other scripts may call them any time.
  if (!isModuleFile(sf)) return false;
  const outer = functionChain(node)[0];
  if (!outer || !ts.isFunctionDeclaration(outer) || !outer.name) return false;
  if (ts.getCombinedModifierFlags(outer) & ts.ModifierFlags.Export) return false;
  const fnName = outer.name.text;
  const symbol = ctx.checker.getSymbolAtLocation(outer.name);
  let calls = 0;
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    if (ts.isIdentifier(n) && n.text === fnName && n !== outer.name && ctx.checker.getSymbolAtLocation(n) === symbol) {
      if (!ts.isCallExpression(n.parent) || n.parent.expression !== n) ok = false;
      else if (runsAtLoad(sf, ctx.checker, n) || guardedByFlag(ctx, n.parent)) calls++;
      else ok = false;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return ok && calls === 1;
}

// Ex) `if (!done) { fill(); done = true }`, `done` a module-level `let`.
function guardedByFlag(ctx: TransformContext, call: ts.CallExpression): boolean {
  for (let n: ts.Node = call; n.parent && !ts.isSourceFile(n.parent); n = n.parent) {
    const parent = n.parent;
    if (ts.isFunctionLike(parent)) return false;
    if (!ts.isIfStatement(parent) || parent.thenStatement !== n) continue;
    const cond = parent.expression;
    if (!ts.isPrefixUnaryExpression(cond) || cond.operator !== ts.SyntaxKind.ExclamationToken) continue;
    if (!ts.isIdentifier(cond.operand)) continue;
    const flag = ctx.checker.getSymbolAtLocation(cond.operand);
    const decl = flag?.valueDeclaration;
    if (!decl || !ts.isVariableDeclaration(decl) || !ts.isSourceFile(decl.parent.parent.parent)) continue;
    let sets = false;
    const visit = (m: ts.Node): void => {
      if (
        ts.isBinaryExpression(m) &&
        m.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isIdentifier(m.left) &&
        ctx.checker.getSymbolAtLocation(m.left) === flag &&
        m.right.kind === ts.SyntaxKind.TrueKeyword
      )
        sets = true;
      else if (!ts.isFunctionLike(m)) ts.forEachChild(m, visit);
    };
    visit(parent.thenStatement);
    if (sets) return true;
  }
  return false;
}
