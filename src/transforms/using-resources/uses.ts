/**
 * The uses of a resource: each reference is a release (`Cleanup`), a plain use, a use inside a
 * `using` initialiser (`managed`), or an escape (returned, stored, captured, passed on…).
 */

import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { GENERIC_CLEANUP_FUNCTIONS, GENERIC_CLEANUP_METHODS } from "./resources.js";
import { calleeName, climbOuterExpressions, enclosingFunction, lineOfNode, symbolOf, walk } from "../util/ast.js";
import type { Resource } from "./resource-of.js";
import { isFunctionArgument, isLive, isThenable } from "./value-types.js";
import { shortText } from "./messages.js";

/** A call that releases the resource. */
export interface Cleanup {
  call: ts.CallExpression;
  awaited: boolean;
  /** The statement that is only this cleanup (`fs.closeSync(fd);`, `await fh.close();`), if it is one. */
  statement?: ts.ExpressionStatement;
  /** `x[Symbol.dispose]()` / `x[Symbol.asyncDispose]()`, or the factory's cleanup when the value's own dispose is that cleanup. */
  native: boolean;
}

export type Use =
  | { kind: "cleanup"; ref: ts.Identifier; cleanup: Cleanup }
  | { kind: "use"; ref: ts.Identifier; iteratedAsync?: boolean }
  | { kind: "managed"; ref: ts.Identifier }
  | { kind: "escape"; ref: ts.Identifier; node: ts.Node; detail: string };

const CHAIN_METHODS = new Set(["pipe", "then", "catch", "finally"]);

export function references(ctx: TransformContext, r: Resource): ts.Identifier[] {
  const symbol = ctx.checker.getSymbolAtLocation(r.decl.name);
  if (!symbol) return [];
  const blockScoped = (r.statement.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== 0;
  const fnBody = r.fn && "body" in r.fn ? (r.fn as ts.FunctionLikeDeclaration).body : undefined;
  const scope: ts.Node = blockScoped ? r.container : (fnBody ?? ctx.sourceFile);
  const found: ts.Identifier[] = [];
  walk(scope, (node) => {
    if (ts.isIdentifier(node) && node.text === r.name && node !== r.decl.name && symbolOf(ctx.checker, node) === symbol)
      found.push(node);
  });
  return found;
}

/** Ex) `using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) }`: a `using` declaration already releases it. */
function insideUsingInitializer(ref: ts.Node): boolean {
  for (let n: ts.Node | undefined = ref.parent; n; n = n.parent) {
    if (
      ts.isVariableDeclaration(n) &&
      n.initializer &&
      ts.isVariableDeclarationList(n.parent) &&
      n.parent.flags & ts.NodeFlags.Using
    ) {
      return ref.pos >= n.initializer.pos && ref.end <= n.initializer.end;
    }
    if (ts.isSourceFile(n)) return false;
  }
  return false;
}

function isSymbolMember(expr: ts.Expression, member: "dispose" | "asyncDispose"): boolean {
  return (
    ts.isPropertyAccessExpression(expr) &&
    ts.isIdentifier(expr.expression) &&
    expr.expression.text === "Symbol" &&
    expr.name.text === member
  );
}

// Ex) `fs.closeSync(fd)`, `await fh.close()`, `client.release()`, `r[Symbol.dispose]()`, `clearTimeout(t)`, `stop()`.
function cleanupAt(ref: ts.Identifier, r: Resource): Cleanup | undefined {
  const found = releaseCallAt(ref, r);
  if (!found) return undefined;
  const { call } = found;
  let native = found.native;
  let outer: ts.Node = climbOuterExpressions(call);
  let awaited = false;
  if (ts.isAwaitExpression(outer.parent)) {
    awaited = true;
    outer = climbOuterExpressions(outer.parent);
  } else if (ts.isVoidExpression(outer.parent)) {
    outer = climbOuterExpressions(outer.parent);
  }
  // The value's own dispose is the cleanup only if awaited the same way: `await fh.close()` is `await using fh`.
  if (native && r.factory?.nativeDispose && awaited !== r.factory.cleanup.async) native = false;
  if (native && ts.isElementAccessExpression(call.expression)) {
    const asyncMember = isSymbolMember(call.expression.argumentExpression, "asyncDispose");
    if (asyncMember !== awaited) native = false;
  }
  return { call, awaited, ...(ts.isExpressionStatement(outer.parent) ? { statement: outer.parent } : {}), native };
}

/** The methods and functions that release the resource: its factory's, the evidence's, or the generic ones. */
function releaseNames(r: Resource): { methods: Set<string>; functions: Set<string> } {
  const methods = new Set<string>(
    r.evidence ??
      (r.factory?.cleanup.style === "method" ? r.factory.cleanup.names : r.factory ? [] : GENERIC_CLEANUP_METHODS),
  );
  const functions = new Set<string>(
    r.factory?.cleanup.style === "function"
      ? r.factory.cleanup.names
      : r.factory || r.evidence
        ? []
        : GENERIC_CLEANUP_FUNCTIONS,
  );
  return { methods, functions };
}

/** The call `node` is the callee of. */
function calledAs(node: ts.Node): ts.CallExpression | undefined {
  return ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : undefined;
}

/** The call that releases the resource at `ref`, and whether it is the value's own dispose (before the `await` check). */
function releaseCallAt(ref: ts.Identifier, r: Resource): { call: ts.CallExpression; native: boolean } | undefined {
  const expr = climbOuterExpressions(ref);
  const parent = expr.parent;
  const { methods, functions } = releaseNames(r);
  // Ex) `fh.close()`, `client.release()`
  if (ts.isPropertyAccessExpression(parent) && parent.expression === expr && calledAs(parent)) {
    if (!methods.has(parent.name.text)) return undefined;
    return { call: calledAs(parent)!, native: Boolean(r.factory?.nativeDispose) };
  }
  // Ex) `r[Symbol.dispose]()`, `r[Symbol.asyncDispose]()`
  if (ts.isElementAccessExpression(parent) && parent.expression === expr && calledAs(parent)) {
    const member = parent.argumentExpression;
    if (!isSymbolMember(member, "dispose") && !isSymbolMember(member, "asyncDispose")) return undefined;
    return { call: calledAs(parent)!, native: true };
  }
  // Ex) `stop()`: a disposer function's call is its release.
  if (ts.isCallExpression(parent) && parent.expression === expr) {
    return r.dispose?.callable && parent.arguments.length === 0 ? { call: parent, native: false } : undefined;
  }
  // Ex) `fs.closeSync(fd)`, `clearTimeout(t)`
  if (ts.isCallExpression(parent) && parent.arguments[0] === expr) {
    const last = calleeName(parent.expression);
    return last !== undefined && functions.has(last) ? { call: parent, native: false } : undefined;
  }
  return undefined;
}

/** Node's fs functions and `console`: they use a descriptor or handle and keep nothing. */
function isKnownConsumer(ctx: TransformContext, callee: ts.Expression): boolean {
  const target = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  if (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === "console"
  )
    return true;
  if (!ts.isIdentifier(target)) return false;
  const symbol = symbolOf(ctx.checker, target);
  const files = (symbol?.declarations ?? []).map((d) => d.getSourceFile().fileName.replace(/\\/g, "/"));
  return (
    files.length > 0 &&
    files.every((f) => f.endsWith("/@types/node/fs.d.ts") || f.endsWith("/@types/node/fs/promises.d.ts"))
  );
}

/** One reference being classified: where it stands, and how to call it an escape. */
interface Reference {
  ctx: TransformContext;
  ref: ts.Identifier;
  /** The reference with parentheses, `as` and `!` around it. */
  expr: ts.Node;
  parent: ts.Node;
  escape: (node: ts.Node, detail: string, tail?: string) => Use;
}

/** Classifies one reference to the resource. */
export function classify(ctx: TransformContext, ref: ts.Identifier, r: Resource): Use {
  const sf = ctx.sourceFile;
  const escape = (node: ts.Node, detail: string, tail?: string): Use => ({
    kind: "escape",
    ref,
    node,
    detail: `${detail} (line ${lineOfNode(sf, node)})${tail ? `, ${tail}` : ""}`,
  });
  if (insideUsingInitializer(ref)) return { kind: "managed", ref };
  const cleanup = cleanupAt(ref, r);
  if (cleanup) return { kind: "cleanup", ref, cleanup };
  // Ex) `setTimeout(() => fs.readSync(fd, buf))`: a closure may run after the block is left.
  if (enclosingFunction(ref) !== r.fn) return escape(ref, "it is captured by a closure");
  const expr = climbOuterExpressions(ref);
  const u: Reference = { ctx, ref, expr, parent: expr.parent, escape };
  return memberUse(u) ?? argumentUse(u) ?? storeUse(u) ?? valueUse(u);
}

/** Ex) `fh.readFile("utf8")`, `dir.readSync()`, `s.on("data", cb)`, `r.pipe(w)`, `fh.read().then(…)`, `const read = fh.read`. */
function memberUse({ ctx, ref, expr, parent, escape }: Reference): Use | undefined {
  if (ts.isTypeQueryNode(parent)) return { kind: "use", ref };
  if (!ts.isPropertyAccessExpression(parent) || parent.expression !== expr) return undefined;
  const method = parent.name.text;
  const call = parent.parent;
  if (ts.isCallExpression(call) && call.expression === parent) return methodCallUse(ctx, ref, call, method, escape);
  // Ex) `const read = fh.read`: a method taken away may be called later.
  if (ctx.checker.getTypeAtLocation(parent).getCallSignatures().length > 0 && !ts.isCallExpression(parent.parent)) {
    return escape(parent, `its method \`${method}\` is taken`);
  }
  return { kind: "use", ref };
}

/** Ex) `fh.readFile("utf8")`: a use, unless chained, given a callback, not awaited, or making something that outlives the block. */
function methodCallUse(
  ctx: TransformContext,
  ref: ts.Identifier,
  call: ts.CallExpression,
  method: string,
  escape: Reference["escape"],
): Use {
  const { checker, sourceFile: sf } = ctx;
  if (CHAIN_METHODS.has(method)) return escape(call, `it is chained with \`.${method}()\``);
  if (call.arguments.some((a) => isFunctionArgument(checker, a)))
    return escape(call, `it is given a callback (\`${shortText(sf, call)}\`)`);
  const outer = climbOuterExpressions(call);
  const awaited = ts.isAwaitExpression(outer.parent);
  if (!awaited && isThenable(checker, checker.getTypeAtLocation(call))) {
    return escape(call, `\`${shortText(sf, call)}\` is not awaited`, "so it may still run after the block");
  }
  const used = awaited ? climbOuterExpressions(outer.parent) : outer;
  if (!ts.isExpressionStatement(used.parent)) {
    const resultType = checker.getTypeAtLocation(used);
    if (resultType === checker.getTypeAtLocation(ref))
      return escape(call, `\`${shortText(sf, call)}\` returns it again`);
    // Ex) `fh.createReadStream()`, `fh.readLines()`: a stream or emitter made from it may outlive the block.
    if (isLive(checker, resultType))
      return escape(
        call,
        `\`${shortText(sf, call)}\` makes a \`${checker.typeToString(resultType)}\` from it`,
        "which may outlive the block",
      );
  }
  const iteratedAsync =
    method === "entries" && ts.isForOfStatement(used.parent) && used.parent.awaitModifier !== undefined;
  return { kind: "use", ref, ...(iteratedAsync ? { iteratedAsync } : {}) };
}

/** Ex) `fd[0]`, `for await (const entry of dir)`, `fs.readSync(fd, buf)`, `console.log(fd)`; `register(fd)` may keep it. */
function argumentUse({ ctx, ref, expr, parent, escape }: Reference): Use | undefined {
  const { checker, sourceFile: sf } = ctx;
  if (ts.isElementAccessExpression(parent) && parent.expression === expr) return { kind: "use", ref };
  if (ts.isForOfStatement(parent) && parent.expression === expr)
    return { kind: "use", ref, iteratedAsync: parent.awaitModifier !== undefined };
  if (
    !(ts.isCallExpression(parent) || ts.isNewExpression(parent)) ||
    !parent.arguments?.includes(expr as ts.Expression)
  )
    return undefined;
  if (ts.isCallExpression(parent) && isKnownConsumer(ctx, parent.expression)) {
    if (parent.arguments.some((a) => isFunctionArgument(checker, a)))
      return escape(parent, `it is used by \`${shortText(sf, parent.expression)}\` with a callback`);
    const outer = climbOuterExpressions(parent);
    if (!ts.isAwaitExpression(outer.parent) && isThenable(checker, checker.getTypeAtLocation(parent))) {
      return escape(parent, `\`${shortText(sf, parent)}\` is not awaited`, "so it may still run after the block");
    }
    return { kind: "use", ref };
  }
  const what = ts.isNewExpression(parent)
    ? `new ${shortText(sf, parent.expression)}`
    : shortText(sf, parent.expression);
  return escape(parent, `it is passed to \`${what}\``, "which may keep it");
}

/** Ex) `return fd`, `this.fd = fd`, `fd = other`, `fd++`, `const alias = fd`, `{ fd }`, `[fd]`. */
function storeUse({ ctx, ref, expr, parent, escape }: Reference): Use | undefined {
  const sf = ctx.sourceFile;
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === expr))
    return escape(parent, "it is returned");
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  ) {
    return parent.left === expr
      ? escape(parent, "it is reassigned")
      : escape(parent, `it is assigned to \`${shortText(sf, parent.left)}\``);
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    const op = parent.operator;
    if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken)
      return escape(parent, "it is reassigned");
    return { kind: "use", ref };
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === expr)
    return escape(parent, `it is aliased as \`${shortText(sf, parent.name)}\``);
  if (
    ts.isPropertyAssignment(parent) ||
    ts.isShorthandPropertyAssignment(parent) ||
    ts.isArrayLiteralExpression(parent) ||
    ts.isSpreadElement(parent)
  ) {
    return escape(parent, "it is stored in an object or array");
  }
  return undefined;
}

/** Operators that pass a value on: `a ?? fd`, `a || fd`, `a && fd`, `(x, fd)`. */
const PASSES_ON: readonly ts.SyntaxKind[] = [
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.CommaToken,
];

/** Ex) `${fd}`, `fd < 0`, `if (fd)`, `fd;`: a use; `await fd`, `yield fd`, `throw fd`, `export { fd }`: an escape. */
function valueUse({ ctx, ref, expr, parent, escape }: Reference): Use {
  if (
    ts.isTemplateSpan(parent) ||
    ts.isTypeOfExpression(parent) ||
    ts.isVoidExpression(parent) ||
    ts.isDeleteExpression(parent)
  )
    return { kind: "use", ref };
  // Ex) `fd < 0`, `fd === other`, `handle * 2`: a comparison or arithmetic makes a new value.
  if (ts.isBinaryExpression(parent) && !PASSES_ON.includes(parent.operatorToken.kind)) return { kind: "use", ref };
  if (
    (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) &&
    parent.expression === expr
  )
    return { kind: "use", ref };
  if (ts.isConditionalExpression(parent) && parent.condition === expr) return { kind: "use", ref };
  if (ts.isExpressionStatement(parent)) return { kind: "use", ref };
  if (ts.isAwaitExpression(parent)) return escape(parent, "it is awaited as a value");
  if (ts.isYieldExpression(parent)) return escape(parent, "it is yielded");
  if (ts.isThrowStatement(parent)) return escape(parent, "it is thrown");
  if (ts.isExportSpecifier(parent) || ts.isExportAssignment(parent)) return escape(parent, "it is exported");
  return escape(parent, `it is used as \`${shortText(ctx.sourceFile, parent)}\``);
}
