/**
 * Target lifetime: whether the object a listener is registered on can outlive the owner that
 * registered it. Only such targets leak the owner; a target the owner creates dies with it.
 */
import { ts } from "../../engine/ts-morph.cjs";
import { isModuleLevelVariable, isWithin, symbolOf } from "../util/ast.js";
import { isAmbient } from "./calls.js";
import { skipOuter } from "./identity.js";
import type { Owner } from "./owner.js";

/**
 * `outlives`: a global, module-level or imported object: reported. `handed-in`: a parameter, or a
 * field set from one or from `inject(…)`: it may outlive the owner, or be an object the owner
 * wraps and dies with; reported only where the fix is safe. `owned`: dies with the owner.
 * `unknown`: not reported (precision first).
 */
export type Lifetime = "outlives" | "handed-in" | "owned" | "unknown";

export interface LifetimeContext {
  checker: ts.TypeChecker;
  isLibFile: (f: ts.SourceFile) => boolean;
  /** Names the project declares long-lived (`longLived` in leakmod.config.json). */
  longLived: readonly string[];
}

/**
 * Ex) `window`, `document.body`, `process`, a module-level `bus`, an import, a parameter, a field
 * set from a constructor parameter: outlives. `this`, `this.el = document.createElement(…)`,
 * `new EventEmitter()` in the owner: owned. `this.a.b`, `getBus()`: unknown.
 */
export function targetLifetime(target: ts.Expression, owner: Owner, ctx: LifetimeContext, depth = 0): Lifetime {
  const t = skipOuter(target);
  if (depth > 3) return "unknown";
  if (t.kind === ts.SyntaxKind.ThisKeyword) return "owned";
  if (ctx.longLived.includes(t.getText())) return "outlives";
  if (ts.isIdentifier(t)) return identifierLifetime(t, owner, ctx, depth);
  if (!ts.isPropertyAccessExpression(t)) return "unknown";
  if (skipOuter(t.expression).kind === ts.SyntaxKind.ThisKeyword) return fieldLifetime(t, owner, ctx, depth);
  // Ex) `document.body`, `window.visualViewport`, `bus.events`: part of something long-lived.
  const base = skipOuter(t.expression);
  if (!ts.isIdentifier(base)) return "unknown";
  const lifetime = identifierLifetime(base, owner, ctx, depth);
  return lifetime === "outlives" || lifetime === "handed-in" ? lifetime : "unknown";
}

function identifierLifetime(id: ts.Identifier, owner: Owner, ctx: LifetimeContext, depth: number): Lifetime {
  const symbol = symbolOf(ctx.checker, id);
  const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!symbol || !decl) return "unknown";
  // Ex) `window`, `document`, `process`, `globalThis`.
  if (isAmbient(symbol, ctx.isLibFile)) return symbol.flags & ts.SymbolFlags.Variable ? "outlives" : "unknown";
  // Ex) `import { bus } from "./bus"`, a variable of another module.
  if (decl.getSourceFile() !== id.getSourceFile()) return "outlives";
  if (ts.isVariableDeclaration(decl) && isModuleLevelVariable(decl)) return "outlives";
  // Ex) `constructor(bus: Bus)`, `function useResize(target: EventTarget)`.
  // Not Ex) `items.forEach((el) => el.addEventListener(…))`: a callback's parameter, unknown.
  if (ts.isParameter(decl)) return isOwnersParameter(decl, owner) ? "handed-in" : "unknown";
  // Ex) `function Theme({ settings }: Props)`: a prop destructured in the component's parameter.
  const parameter = ts.isBindingElement(decl) ? parameterOfBinding(decl) : undefined;
  if (parameter) return isOwnersParameter(parameter, owner) ? "handed-in" : "unknown";
  if (ts.isVariableDeclaration(decl) && decl.initializer && isConstDeclaration(decl)) {
    return initializerLifetime(decl.initializer, owner, ctx, depth);
  }
  return "unknown";
}

/** Ex) `settings` in `({ settings }) => …`: the parameter the binding is part of. */
function parameterOfBinding(decl: ts.BindingElement): ts.ParameterDeclaration | undefined {
  let n: ts.Node = decl;
  while (ts.isBindingElement(n) || ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n)) n = n.parent;
  return ts.isParameter(n) ? n : undefined;
}

/** A parameter of the registering member, or of the component or hook around the effect. */
function isOwnersParameter(decl: ts.ParameterDeclaration, owner: Owner): boolean {
  const fn = decl.parent;
  if (owner.kind === "class") return fn === owner.member || fn.parent === owner.member;
  return fn !== owner.callback && isWithin(owner.callback, fn);
}

function isConstDeclaration(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** Ex) `new EventEmitter()`, `document.createElement("div")`: made here, owned. */
function initializerLifetime(init: ts.Expression, owner: Owner, ctx: LifetimeContext, depth: number): Lifetime {
  const e = skipOuter(init);
  if (isCreation(e)) return "owned";
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) return targetLifetime(e, owner, ctx, depth + 1);
  return "unknown";
}

/** Ex) `new X()`, `document.createElement("div")`, `{ … }`. */
function isCreation(e: ts.Expression): boolean {
  if (ts.isNewExpression(e) || ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)) return true;
  return (
    ts.isCallExpression(e) &&
    ts.isPropertyAccessExpression(e.expression) &&
    /^(createElement|createElementNS|cloneNode|attachShadow)$/.test(e.expression.name.text)
  );
}

/**
 * `this.x`: a constructor parameter property, or a field assigned from something long-lived
 * (a parameter, a global, `inject(…)`): outlives; assigned only creations: owned.
 */
function fieldLifetime(t: ts.PropertyAccessExpression, owner: Owner, ctx: LifetimeContext, depth: number): Lifetime {
  const symbol = ctx.checker.getSymbolAtLocation(t.name);
  const decl = symbol?.valueDeclaration;
  if (!decl || owner.kind !== "class") return "unknown";
  if (ts.isParameter(decl)) return "handed-in";
  if (!ts.isPropertyDeclaration(decl) || decl.parent !== owner.cls) return "unknown";
  const sources: ts.Expression[] = decl.initializer ? [decl.initializer] : [];
  for (const write of fieldWrites(owner.cls, t.name.text)) sources.push(write);
  if (sources.length === 0) return "unknown";
  const lifetimes = sources.map((s) => sourceLifetime(s, owner, ctx, depth));
  if (lifetimes.includes("outlives")) return "outlives";
  if (lifetimes.includes("handed-in")) return "handed-in";
  return lifetimes.every((l) => l === "owned") ? "owned" : "unknown";
}

/** Ex) `inject(Store)`: an injected service, long-lived. */
function sourceLifetime(s: ts.Expression, owner: Owner, ctx: LifetimeContext, depth: number): Lifetime {
  const e = skipOuter(s);
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "inject") return "handed-in";
  return initializerLifetime(e, owner, ctx, depth);
}

/** Right-hand sides of `this.name = …` in the class. */
export function fieldWrites(cls: ts.ClassLikeDeclaration, name: string): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(n.left) &&
      n.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      n.left.name.text === name
    ) {
      found.push(n.right);
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(cls, visit);
  return found;
}
