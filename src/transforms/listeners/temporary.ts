/**
 * `leaked-listener`, temporary listeners: an `async` function that adds a listener to a target
 * it does not own (its caller's `signal`, `process`, a module-level emitter) for the time of its
 * own work, and never removes it. Each call leaves one more listener on the target, which keeps
 * the function's closure alive (Node warns `MaxListenersExceededWarning` on an emitter). The fix
 * removes it in a `finally` around the rest of the body, only where the function's work ends
 * when it returns: every promise it makes is awaited, no callback of it can run later, it stores
 * nothing outside, and it returns only plain data, and the listener acts only on the call's own
 * state (its locals, its AbortControllers). A listener that must outlive the call (a
 * stream's `start`, a returned promise or object, a callback that runs later) is not reported.
 */
import { ts } from "../../engine/ts-morph.cjs";
import { asRegistration, isAmbient, type ListenerCall } from "./calls.js";
import type { Plan } from "./cleanup.js";
import { isListenerHandedOn, isRemovedByRemoveAll, isRemovedInFile, type FileFacts } from "./facts.js";
import { listenerShape, readOptions, skipOuter } from "./identity.js";
import { leakedListener } from "./kinds.js";
import { targetLifetime } from "./lifetime.js";
import { removalText } from "./removal.js";
import { SourceLayout } from "../util/edit-builder.js";
import { isWithin, referencesIn, symbolOf } from "../util/ast.js";

type AsyncFunction = ts.FunctionLikeDeclaration & { body: ts.Block };

/** Array methods that call their callback before they return. */
const SYNC_CALLBACKS = new Set(["map", "forEach", "filter", "reduce", "some", "every", "find", "findIndex", "flatMap"]);

/**
 * The finding for a registration at `node` made for the time of an async function's work.
 * `reported` holds the registrations another check of the same pass reported.
 */
export function checkTemporary(node: ts.Node, facts: FileFacts, reported: boolean): Plan | undefined {
  // Ex) `signal.addEventListener("abort", onAbort)`, `process.on("SIGINT", onSignal)`
  const reg = !reported ? asRegistration(node, facts.checker) : undefined;
  if (!reg) return undefined;
  // Ex) `async function load(signal) { signal.addEventListener(…); await …; }`: a statement of its
  // body, or of an `if` there. Not Ex) a sync function, a generator, a loop (which adds several).
  const site = registrationSite(reg.call);
  if (!site) return undefined;
  const options = readOptions(reg.options);
  // Ex) `{ once: true }`, `{ signal }`, options we cannot read
  if (options.once || options.signal || options.opaque) return undefined;
  // Ex) a parameter (`signal`, `opts.signal`), `process`, a module-level emitter. Not Ex) a target
  // the function creates (asked as for an owner whose code is the body: the function's own
  // parameters are handed in)
  const asOwner = { kind: "effect" as const, hook: "", callback: site.fn.body as unknown as ts.ArrowFunction };
  const lifetime = targetLifetime(reg.target, asOwner, facts);
  if (lifetime !== "outlives" && lifetime !== "handed-in") return undefined;
  // Ex) `signal.removeEventListener("abort", onAbort)` anywhere, a helper given the listener
  if (isRemovedInFile(reg, facts) || isRemovedByRemoveAll(reg, facts) || isListenerHandedOn(reg, facts))
    return undefined;
  // Ex) `return new ReadableStream(…)`, `setTimeout(later)`, `this.pending = …`: the work goes on after it returns
  if (outlivingWork(site.fn, reg, facts)) return undefined;
  const name = functionName(site.fn);
  const base = `\`${reg.target.getText()}\` keeps this ${reg.event.getText()} listener, and what it reaches, after ${name} returns: nothing removes it, so every call leaves one more on it.`;
  const manual = (advice: string): Plan => ({
    kind: leakedListener,
    node: reg.call,
    message: `${base} ${advice}`,
    applicability: "manual",
  });
  // Ex) `signal.addEventListener("abort", () => controller.abort())`: nothing can name it to remove it
  const local = localListener(reg, site.fn, facts);
  if (local === "inline" && !servesOnlyTheCall(skipOuter(reg.listener), site.fn, facts)) return undefined;
  if (local === "inline") return manual("Keep the listener in a constant and remove it in a `finally` after the work.");
  // Ex) a listener declared outside the function (another registration may share it), or used elsewhere
  if (local !== "local") return undefined;
  // Ex) `const onAbort = () => source.close()` with `source = new EventSource(…)`: it serves
  // something that goes on after the call (only plain data, AbortControllers and globals are not)
  if (!servesOnlyTheCall(listenerFunction(reg, facts), site.fn, facts)) return undefined;
  const rest = restOf(site);
  // Ex) the registration is the last statement: the work it guards is not in this function
  if (rest.length === 0) return undefined;
  // Ex) `helper()` before the registration, `function helper() {}` after it: inside a `try` block it would not be hoisted
  const hidden = declaredAndUsedBefore(rest, site, facts);
  if (hidden) {
    return manual(
      `Remove it in a \`finally\` after the work (\`${hidden}\`, declared after it, is used before it: move that declaration up first).`,
    );
  }
  return {
    kind: leakedListener,
    node: reg.call,
    message: base,
    applicability: "safe",
    fix: {
      description: "Remove the listener in a `finally` after the rest of the function",
      cleanup: [],
      fields: [],
      edits: [wrapEdit(site, rest, removalText(reg, reg.listener.getText(), facts.checker), facts.sf)],
    },
  };
}

interface Site {
  fn: AsyncFunction;
  /** The statement of the function's body that holds the registration. */
  statement: ts.Statement;
}

/** Ex) `async function f() { if (signal.aborted) abort(); else signal.addEventListener(…); }`. */
function registrationSite(call: ts.CallExpression): Site | undefined {
  let n: ts.Node = call.parent;
  if (!ts.isExpressionStatement(n)) return undefined;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (ts.isBlock(p) && p.parent && ts.isFunctionLike(p.parent)) {
      const fn = p.parent;
      if (!isAsyncFunction(fn)) return undefined;
      return { fn, statement: n as ts.Statement };
    }
    if (!ts.isBlock(p) && !ts.isIfStatement(p)) return undefined;
  }
  return undefined;
}

function isAsyncFunction(fn: ts.SignatureDeclaration): fn is AsyncFunction {
  if (!(
    ts.isFunctionDeclaration(fn) ||
    ts.isFunctionExpression(fn) ||
    ts.isArrowFunction(fn) ||
    ts.isMethodDeclaration(fn)
  ))
    return false;
  if (fn.asteriskToken || !fn.body || !ts.isBlock(fn.body)) return false;
  return (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) !== 0;
}

/** Ex) "`load()`", "this function". */
function functionName(fn: AsyncFunction): string {
  const name =
    fn.name && ts.isIdentifier(fn.name)
      ? fn.name.text
      : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)
        ? fn.parent.name.text
        : undefined;
  return name ? `\`${name}()\`` : "the function";
}

/**
 * `local`: a constant or function declared in the function, used there only by this
 * registration and direct calls (`if (signal.aborted) onAbort()`); each call makes a new one,
 * so removing it removes only this call's. `inline`: an arrow or function written in the call.
 */
function localListener(reg: ListenerCall, fn: AsyncFunction, facts: FileFacts): "local" | "inline" | "other" {
  const shape = listenerShape(reg.listener);
  if (shape === "inline") return "inline";
  const l = skipOuter(reg.listener);
  if (!ts.isIdentifier(l)) return "other";
  const symbol = symbolOf(facts.checker, l);
  const decl = symbol?.valueDeclaration;
  if (!symbol || !decl || !isWithin(decl, fn.body)) return "other";
  const isConst =
    ts.isVariableDeclaration(decl) &&
    ts.isVariableDeclarationList(decl.parent) &&
    (decl.parent.flags & ts.NodeFlags.Const) !== 0;
  if (!isConst && !ts.isFunctionDeclaration(decl)) return "other";
  for (const ref of referencesIn(facts.sf, facts.checker, symbol, l.text)) {
    if (ref === l) continue;
    const isDirectCall = ts.isCallExpression(ref.parent) && ref.parent.expression === ref;
    if (!isDirectCall || innerFunction(ref, fn)) return "other";
  }
  return "local";
}

/** The arrow or function a local listener names. */
function listenerFunction(reg: ListenerCall, facts: FileFacts): ts.Node | undefined {
  const decl = symbolOf(facts.checker, skipOuter(reg.listener))?.valueDeclaration;
  if (decl && ts.isFunctionDeclaration(decl)) return decl;
  const init = decl && ts.isVariableDeclaration(decl) && decl.initializer && skipOuter(decl.initializer);
  return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
}

/**
 * Whether the listener reaches only what ends with the call: its own names, and locals of `fn`
 * that are plain data or an `AbortController` (and `Error`s to abort them with).
 * Not Ex) `() => source.close()` (a local `EventSource`), `() => server.close()` (a module-level
 * server), `() => this.cancel()`, `() => job.cancel()` (a parameter), `() => rmSync(dir)` on
 * `process.on("exit")` (a global, an import: work meant for after the call): the listener still
 * has work after the call, which a removal in `finally` would end.
 */
function servesOnlyTheCall(listener: ts.Node | undefined, fn: AsyncFunction, facts: FileFacts): boolean {
  if (!listener) return false;
  const { checker } = facts;
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    if (n.kind === ts.SyntaxKind.ThisKeyword) ok = false;
    if (ts.isIdentifier(n) && isValueReference(n)) {
      const symbol = symbolOf(checker, n);
      const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
      if (!symbol || !decl) ok = false;
      else if (isWithin(decl, listener) || (isAmbient(symbol, facts.isLibFile) && /Error$|^DOMException$/.test(n.text)))
        return;
      else if (!isWithin(decl, fn.body)) ok = false;
      else {
        const type = checker.getTypeAtLocation(n);
        const controller = type.getProperty("abort") !== undefined && type.getProperty("signal") !== undefined;
        ok = controller || isPlainData(checker, type);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(listener);
  return ok;
}

/** An identifier read as a value: not a property name (`a.name`, `{ name: … }`) nor a declared name. */
function isValueReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === id)
    return false;
  if (
    (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isFunctionLike(p)) &&
    p.name === id
  )
    return false;
  return !ts.isTypeNode(p) && !ts.isTypeReferenceNode(p);
}

/** The function nested in `fn` that holds `node`, if any. */
function innerFunction(node: ts.Node, fn: ts.Node): ts.Node | undefined {
  let inner: ts.Node | undefined;
  for (let p = node.parent; p && p !== fn; p = p.parent) if (ts.isFunctionLike(p) || ts.isClassLike(p)) inner = p;
  return inner;
}

/**
 * Why the function's work may go on after it returns, or undefined when it ends there: a
 * promise not awaited, a callback that may run later, a store outside the function, a returned
 * value that is not plain data.
 */
function outlivingWork(fn: AsyncFunction, reg: ListenerCall, facts: FileFacts): string | undefined {
  const { checker } = facts;
  const listenerDecl = symbolOf(checker, skipOuter(reg.listener))?.valueDeclaration;
  let why: string | undefined;
  const visit = (n: ts.Node): void => {
    if (why) return;
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) {
      // Ex) `const onAbort = () => controller.abort()`: the listener itself
      if (n === skipOuter(reg.listener) || (listenerDecl && (n === listenerDecl || n.parent === listenerDecl))) return;
      // Ex) `function helper() { … }` of the body, only ever called there (`helper()`): its code runs in the calls
      if (ts.isFunctionDeclaration(n) && n.parent === fn.body && onlyCalledIn(n, fn, facts)) {
        ts.forEachChild(n, visit);
        return;
      }
      if (ts.isFunctionLike(n) && runsBeforeReturn(n, fn, checker)) return;
      // Ex) `stream.on("data", (d) => …)`, `setTimeout(() => …)`, `return () => …`
      why = "a callback may run after it returns";
      return;
    }
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && isThenable(checker, n) && !awaited(n, fn)) {
      // Ex) `const p = fetch(url); signal.addEventListener(…); return p;`
      why = "a promise is not awaited";
      return;
    }
    if (ts.isCallExpression(n) && n !== reg.call && !awaited(n, fn) && !isArrayCallback(n, checker)) {
      // Ex) `setTimeout(later, 10)`, `emitter.on("data", onData)`: a function handed on may be called later
      const handsOnFunction = n.arguments.some((a) => checker.getTypeAtLocation(a).getCallSignatures().length > 0);
      if (handsOnFunction) why = "a function it hands on may be called after it returns";
    }
    if (ts.isBinaryExpression(n) && isAssignment(n.operatorToken.kind) && !isLocalWrite(n.left, fn, checker)) {
      // Ex) `this.stream = …`, `_es = new EventSource(…)`
      why = "it stores a value outside itself";
    }
    if (ts.isReturnStatement(n) && n.expression && !isPlainData(checker, returnedType(checker, n.expression))) {
      // Ex) `return response`, `return stream`: the caller keeps using what the listener serves
      why = "it returns a value that may still be in use";
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.body, visit);
  return why;
}

/** Every use of the function declaration `decl` is a direct call in `fn`'s own code. */
function onlyCalledIn(decl: ts.FunctionDeclaration, fn: AsyncFunction, facts: FileFacts): boolean {
  const symbol = decl.name && symbolOf(facts.checker, decl.name);
  if (!symbol) return false;
  return referencesIn(facts.sf, facts.checker, symbol, decl.name!.text).every(
    (r) => ts.isCallExpression(r.parent) && r.parent.expression === r && !innerFunction(r, fn),
  );
}

/** Ex) `await new Promise((r) => setTimeout(r, 10))`, `items.map((x) => x.id)`: done before the function goes on. */
function runsBeforeReturn(inner: ts.SignatureDeclaration, fn: AsyncFunction, checker: ts.TypeChecker): boolean {
  if (awaited(inner, fn)) return true;
  const call = inner.parent;
  return ts.isCallExpression(call) && call.arguments.includes(inner as ts.Expression) && isArrayCallback(call, checker);
}

/** Ex) `items.forEach(…)` on an array. */
function isArrayCallback(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !SYNC_CALLBACKS.has(callee.name.text)) return false;
  const type = checker.getTypeAtLocation(callee.expression);
  return checker.isArrayType(type) || checker.isTupleType(type);
}

/** Inside the operand of an `await` (or a `for await`) of `fn` itself. */
function awaited(node: ts.Node, fn: ts.Node): boolean {
  for (let n = node, p = node.parent; p && p !== fn; n = p, p = p.parent) {
    if (ts.isAwaitExpression(p)) return true;
    if (ts.isForOfStatement(p) && p.awaitModifier && p.expression === n) return true;
    if (ts.isFunctionLike(p)) return false;
  }
  return false;
}

function isThenable(checker: ts.TypeChecker, node: ts.Node): boolean {
  const type = checker.getTypeAtLocation(node);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  return type.getProperty("then") !== undefined || checker.getAwaitedType(type) !== type;
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Ex) `count = 1`, `result.total += n` with `count` and `result` declared in `fn`. */
function isLocalWrite(left: ts.Expression, fn: AsyncFunction, checker: ts.TypeChecker): boolean {
  let root = skipOuter(left);
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipOuter(root.expression);
  if (!ts.isIdentifier(root)) return false;
  const decl = symbolOf(checker, root)?.valueDeclaration;
  return decl !== undefined && isWithin(decl, fn.body);
}

function returnedType(checker: ts.TypeChecker, e: ts.Expression): ts.Type {
  const type = checker.getTypeAtLocation(ts.isAwaitExpression(e) ? e.expression : e);
  return checker.getAwaitedType(type) ?? type;
}

const PRIMITIVE =
  ts.TypeFlags.StringLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.EnumLike |
  ts.TypeFlags.Null |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Void |
  ts.TypeFlags.Never;

/** Strings, numbers, arrays and objects of them: nothing that can still do work (no methods, no streams). */
function isPlainData(checker: ts.TypeChecker, type: ts.Type, depth = 0): boolean {
  if (type.flags & PRIMITIVE) return true;
  if (depth > 2 || type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  if (type.isUnion()) return type.types.every((t) => isPlainData(checker, t, depth));
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return false;
  if (checker.isArrayType(type) || checker.isTupleType(type))
    return checker.getTypeArguments(type as ts.TypeReference).every((t) => isPlainData(checker, t, depth + 1));
  const properties = type.getProperties();
  if (properties.length > 40) return false;
  return properties.every((p) => isPlainData(checker, checker.getTypeOfSymbol(p), depth + 1));
}

/** The statements after the registration's, to the end of the body. */
function restOf(site: Site): ts.Statement[] {
  const statements = site.fn.body.statements;
  return statements.slice(statements.indexOf(site.statement) + 1);
}

/**
 * A name declared at the top of `rest` (a `function`, `class`, `let` or `const`) and used before
 * it: once in a `try` block, it is no longer in scope there.
 */
function declaredAndUsedBefore(rest: ts.Statement[], site: Site, facts: FileFacts): string | undefined {
  const start = rest[0]!.getStart(facts.sf);
  for (const s of rest) {
    const names = ts.isVariableStatement(s)
      ? (s.declarationList.flags & ts.NodeFlags.BlockScoped) !== 0
        ? s.declarationList.declarations.flatMap((d) => bindingNames(d.name))
        : []
      : (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name
        ? [s.name]
        : [];
    for (const name of names) {
      const symbol = symbolOf(facts.checker, name);
      if (!symbol) return name.text;
      const refs = referencesIn(facts.sf, facts.checker, symbol, name.text);
      if (refs.some((r) => r.getStart(facts.sf) < start && isWithin(r, site.fn))) return name.text;
    }
  }
  return undefined;
}

function bindingNames(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

/**
 * Ex) `signal.addEventListener("abort", onAbort);\n  await work();` →
 * `signal.addEventListener("abort", onAbort);\n  try {\n    await work();\n  } finally {\n    signal.removeEventListener("abort", onAbort);\n  }`.
 * The moved lines get one more indentation step, except those inside a multi-line string or template.
 */
function wrapEdit(site: Site, rest: ts.Statement[], removal: string, sf: ts.SourceFile) {
  const layout = new SourceLayout(sf);
  const last = rest[rest.length - 1]!;
  const start = layout.afterStatement(site.statement);
  const end = layout.afterStatement(last);
  const indent = layout.indent(site.statement.getStart(sf));
  const unit = layout.stepBetween(site.fn.body.getStart(sf), site.statement.getStart(sf), layout.unit());
  const literals: Array<[number, number]> = [];
  const collect = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n))
      literals.push([n.getStart(sf), n.end]);
    else ts.forEachChild(n, collect);
  };
  rest.forEach(collect);
  const text = sf.text.slice(start, end);
  let pos = start;
  const moved = text
    .split("\n")
    .map((line, i) => {
      const at = pos;
      pos += line.length + 1;
      if (i === 0 || line.trim() === "" || literals.some(([s, e]) => s < at && at < e)) return line;
      return `${unit}${line}`;
    })
    .join("\n");
  const nl = layout.nl;
  return {
    start,
    end,
    newText: `${nl}${indent}try {${moved}${nl}${indent}} finally {${nl}${indent}${unit}${removal}${nl}${indent}}`,
  };
}
