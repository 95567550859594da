/**
 * `leaked-timer`, loops: a `setTimeout` or `requestAnimationFrame` that re-arms the function it
 * is called from, every time, with nothing at the owner's teardown to stop it. Reported with
 * advice only: stopping a loop is a choice (a cleared id, a flag, a last frame to draw).
 * Only loops that cannot stop themselves are reported: the re-arming function has no condition,
 * early return, `throw` or `try` at all, so no flag the teardown sets can end it.
 */
import { ts } from "../../engine/ts-morph.cjs";
import { isGlobalCall } from "./calls.js";
import type { Plan } from "./cleanup.js";
import type { FileFacts } from "./facts.js";
import { skipOuter } from "./identity.js";
import { leakedTimer } from "./kinds.js";
import { ownerOf, type Owner } from "./owner.js";
import { teardownName } from "./removal.js";
import { calleeName, ownReturns } from "../util/ast.js";

const CANCELS: Record<string, string> = { setTimeout: "clearTimeout", requestAnimationFrame: "cancelAnimationFrame" };

type LoopFunction = ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration;

/** The finding for a `setTimeout`/`requestAnimationFrame` at `node` that re-arms a loop nothing stops. */
export function checkTimerLoop(node: ts.Node, facts: FileFacts): Plan | undefined {
  // Ex) `requestAnimationFrame(this.frame)`, `setTimeout(() => this.poll(), 1000)` (the platform's)
  if (!isGlobalCall(node, Object.keys(CANCELS), facts.checker, facts.isLibFile)) return undefined;
  const api = calleeName(node.expression) ?? "";
  const loop = enclosingLoopFunction(node);
  // Ex) `setTimeout(done, 10)` anywhere but in the function it calls back
  if (!loop || !callsBack(node.arguments[0], loop, facts.checker)) return undefined;
  // Ex) `tick() { if (this.stopped) return; …; setTimeout(() => this.tick()) }`: it can stop itself
  if (!isUnconditional(node, loop)) return undefined;
  // Ex) a loop in top-level code or a plain function: lives as long as the program
  const owner = loopOwner(loop, facts.checker);
  if (!owner) return undefined;
  // Ex) a class no teardown is ever called on
  if (owner.kind === "class" && !owner.teardown && !owner.expectedTeardown) return undefined;
  if (owner.kind === "class" && owner.member === owner.teardown) return undefined;
  // Ex) `cancelAnimationFrame(this.frameId)` anywhere in the class, or in the component around
  // the effect (any clear: it may be this loop's)
  if (clearsAnyTimer(clearScope(owner), facts)) return undefined;
  const where = teardownName(owner);
  const cancel = CANCELS[api]!;
  return {
    kind: leakedTimer,
    node,
    applicability: "manual",
    message: `This ${api} re-arms the loop it is called from every time, and nothing stops it at ${owner.kind === "effect" ? "unmount" : where}: the loop, and what it reaches, run forever. Keep the id where ${where} sees it and \`${cancel}\` it there, or end the loop with a flag ${where} sets.`,
  };
}

/** The function whose body holds `node` directly (not through another function). */
function enclosingLoopFunction(node: ts.Node): LoopFunction | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isMethodDeclaration(p) || ts.isArrowFunction(p) || ts.isFunctionExpression(p) || ts.isFunctionDeclaration(p))
      return p.body && ts.isBlock(p.body) ? p : undefined;
    if (ts.isFunctionLike(p) || ts.isClassLike(p)) return undefined;
  }
  return undefined;
}

/** The names the loop function is called by: `frame` for a method, arrow field, `const frame = () => …`, `function frame()`. */
function loopSymbol(loop: LoopFunction, checker: ts.TypeChecker): ts.Symbol | undefined {
  const named = ts.isMethodDeclaration(loop) || ts.isFunctionDeclaration(loop) ? loop : loop.parent;
  if ((ts.isMethodDeclaration(named) || ts.isFunctionDeclaration(named)) && named.name && ts.isIdentifier(named.name))
    return checker.getSymbolAtLocation(named.name);
  if ((ts.isPropertyDeclaration(named) || ts.isVariableDeclaration(named)) && ts.isIdentifier(named.name))
    return checker.getSymbolAtLocation(named.name);
  return undefined;
}

/** Ex) `this.frame`, `frame`, `() => this.frame()`, `() => { frame(); }`: the loop function again. */
function callsBack(arg: ts.Expression | undefined, loop: LoopFunction, checker: ts.TypeChecker): boolean {
  const symbol = loopSymbol(loop, checker);
  if (!arg || !symbol) return false;
  const refersToLoop = (e: ts.Expression): boolean => {
    const x = skipOuter(e);
    const name = ts.isPropertyAccessExpression(x) && x.expression.kind === ts.SyntaxKind.ThisKeyword ? x.name : x;
    return (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) && checker.getSymbolAtLocation(name) === symbol;
  };
  const a = skipOuter(arg);
  if (refersToLoop(a)) return true;
  if (!ts.isArrowFunction(a)) return false;
  const body = ts.isBlock(a.body)
    ? a.body.statements.length === 1 && ts.isExpressionStatement(a.body.statements[0]!)
      ? a.body.statements[0].expression
      : undefined
    : a.body;
  return body !== undefined && ts.isCallExpression(body) && refersToLoop(body.expression);
}

/**
 * The re-arm is a statement of the loop's body (`setTimeout(…);`, `this.id = setTimeout(…);`)
 * and the body has no way to end early: no `if`, `?:`, `&&`/`||`/`??`, `switch`, `return`,
 * `throw`, `try`, `break` or loop statement (nested functions aside).
 */
function isUnconditional(call: ts.CallExpression, loop: LoopFunction): boolean {
  const body = loop.body as ts.Block;
  const statement = ts.isExpressionStatement(call.parent)
    ? call.parent
    : ts.isBinaryExpression(call.parent) && ts.isExpressionStatement(call.parent.parent)
      ? call.parent.parent
      : undefined;
  if (!statement || statement.parent !== body) return false;
  if (ownReturns(body).length > 0) return false;
  let branches = false;
  const visit = (n: ts.Node): void => {
    if (branches || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (
      ts.isIfStatement(n) ||
      ts.isConditionalExpression(n) ||
      ts.isSwitchStatement(n) ||
      ts.isThrowStatement(n) ||
      ts.isTryStatement(n) ||
      ts.isBreakStatement(n) ||
      ts.isIterationStatement(n, false) ||
      (ts.isBinaryExpression(n) &&
        [
          ts.SyntaxKind.AmpersandAmpersandToken,
          ts.SyntaxKind.BarBarToken,
          ts.SyntaxKind.QuestionQuestionToken,
          ts.SyntaxKind.AmpersandAmpersandEqualsToken,
          ts.SyntaxKind.BarBarEqualsToken,
          ts.SyntaxKind.QuestionQuestionEqualsToken,
        ].includes(n.operatorToken.kind)) ||
      (ts.isPropertyAccessExpression(n) && n.questionDotToken !== undefined) ||
      (ts.isCallExpression(n) && n.questionDotToken !== undefined)
    ) {
      branches = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return !branches;
}

/** A method or arrow field: its class; `const loop = () => …` directly in an effect: the effect. */
function loopOwner(loop: LoopFunction, checker: ts.TypeChecker): Owner | undefined {
  if (ts.isMethodDeclaration(loop)) return ownerOf(loop.body!, checker);
  if (ts.isFunctionDeclaration(loop)) return ownerOf(loop, checker);
  if (ts.isPropertyDeclaration(loop.parent) || ts.isVariableDeclaration(loop.parent)) return ownerOf(loop, checker);
  return undefined;
}

/** The class, or the function around the effect (the component, the setup). */
function clearScope(owner: Owner): ts.Node {
  if (owner.kind === "class") return owner.cls;
  for (let p: ts.Node | undefined = owner.callback.parent; p; p = p.parent) if (ts.isFunctionLike(p)) return p;
  return owner.callback.getSourceFile();
}

/** Ex) `clearTimeout(…)`, `cancelAnimationFrame(…)` anywhere in `scope`. */
function clearsAnyTimer(scope: ts.Node, facts: FileFacts): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (isGlobalCall(n, ["clearTimeout", "cancelAnimationFrame", "clearInterval"], facts.checker, facts.isLibFile))
      found = true;
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return found;
}
