/**
 * What the localize-globals analyses share: the empty initialisers that start an accumulating
 * collection, how one reference uses it (grows, resets, shrinks, reads, hands it out), and where
 * a reference runs (which function, whether a callback may outlive its caller).
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import {
  climbOuterExpressions,
  skipOuterExpressions,
  hasModifier,
  isExportedFromFile,
  isExportedSymbol,
  isGlobalLibSymbol,
  isObjectOnlyType,
  lineOfNode,
  referencesIn,
} from "../util/ast.js";

/** What an empty initialiser builds. */
export type Shape = "array" | "object" | "map" | "set" | "string";

export const SHAPE_NOUN: Record<Shape, string> = {
  array: "array",
  object: "object",
  map: "Map",
  set: "Set",
  string: "string",
};
export const ITEM_NOUN: Record<Shape, string> = {
  array: "entry",
  object: "property",
  map: "entry",
  set: "value",
  string: "piece appended to it",
};

const GROW_METHODS: Record<Shape, ReadonlySet<string>> = {
  array: new Set(["push", "unshift"]),
  map: new Set(["set"]),
  set: new Set(["add"]),
  object: new Set(),
  string: new Set(),
};
const SHRINK_METHODS: Record<Shape, ReadonlySet<string>> = {
  array: new Set(["pop", "shift", "splice"]),
  map: new Set(["delete"]),
  set: new Set(["delete"]),
  object: new Set(),
  string: new Set(),
};
/** Array methods that call their callback before they return. */
const SYNC_CALLBACK_METHODS = new Set([
  "forEach",
  "map",
  "filter",
  "reduce",
  "reduceRight",
  "some",
  "every",
  "find",
  "findIndex",
  "findLast",
  "findLastIndex",
  "flatMap",
  "sort",
  "toSorted",
]);

/** Parentheses, `!`, `as T`, `satisfies T`, `<T>x` around an expression, removed (the shared helper). */
export const skipOuter = skipOuterExpressions;

/** The outermost expression around `node` made of parentheses, `!`, `as`, `satisfies`. */
const climbOuter = climbOuterExpressions;

// Ex) `[]`, `{}`, `new Map<K, V>()`, `new Set()`, `new Array<T>()`, `''`, `""`, ``` `` ```, `[] as T[]`.
export function emptyShapeOf(ctx: TransformContext, expr: ts.Expression | undefined): Shape | undefined {
  if (!expr) return undefined;
  const e = skipOuter(expr);
  if (ts.isArrayLiteralExpression(e)) return e.elements.length === 0 ? "array" : undefined;
  if (ts.isObjectLiteralExpression(e)) return e.properties.length === 0 ? "object" : undefined;
  if ((ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && e.text === "") return "string";
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && (e.arguments ?? []).length === 0) {
    const name = e.expression.text;
    const shape = name === "Map" ? "map" : name === "Set" ? "set" : name === "Array" ? "array" : undefined;
    if (shape && isGlobalLibSymbol(ctx.checker.getSymbolAtLocation(e.expression), ctx.isLibFile)) return shape;
  }
  return undefined;
}

/** The kinds of use, from harmless to blocking. */
export type UseKind =
  /** Adds to it: `push`/`unshift`/`set`/`add` whose result is unused, `x[k] = v`, `s += t`. */
  | "grow"
  /** Empties it as a statement: `x = []`, `x = ''`, `x.length = 0`, `x.clear()`. */
  | "reset"
  /** Takes from it: `pop`, `shift`, `splice`, `delete`, `x.length = n`, `delete x[k]`. */
  | "shrink"
  /** Any other assignment to it. */
  | "replace"
  /** Looks at what it holds: `.length`, `.includes()`, `x[k]`, iteration, the result of `push`. */
  | "read"
  /** The collection itself goes elsewhere: returned, passed on, stored, aliased. */
  | "escape"
  /** `export { x }`, `export default x`. */
  | "export"
  /** `typeof x` in a type. */
  | "type"
  /** The JavaScript constructor assignment that declares a field (`this.items = []`). */
  | "init"
  /** The `x` on the right of `x = x + s` (part of a growth). */
  | "part";

export interface Use {
  kind: UseKind;
  /** The reference (an identifier, or the name of `this.x`). */
  ref: ts.Node;
  /** The node that shows the use: the call, the assignment, the return... */
  node: ts.Node;
  /** For grow/reset/shrink: `.push`, `.set`, `+=`, `[k] =`, `.length = 0`... */
  op?: string;
  /** For read/escape/export/type/replace: what the code does with it, as a verb phrase ("reads its `.length`"). */
  detail: string;
  /** For a reset: the expression statement. */
  statement?: ts.ExpressionStatement;
  /** For a reset by assignment: the new value (`[]`); undefined for an in-place reset. */
  resetValue?: ts.Expression;
  /** A growth whose result is used (`return list.push(x)`): it also reads. */
  readsResult?: boolean;
}

/** Whether the use looks at the contents or lets the collection go elsewhere. */
export function isRead(u: Use): boolean {
  return u.kind === "grow" ? u.readsResult === true : u.kind !== "part" && u.kind !== "init";
}

/** "an array", "a Map". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/** Whether the value of `node` (a call or assignment) is thrown away. */
function resultUnused(node: ts.Node): boolean {
  const outer = climbOuter(node);
  return ts.isExpressionStatement(outer.parent) || ts.isVoidExpression(outer.parent);
}

function isStatement(node: ts.Node): node is ts.Node & { parent: ts.ExpressionStatement } {
  return ts.isExpressionStatement(node.parent);
}

function short(text: string): string {
  const one = text.replace(/\s+/g, " ");
  return one.length > 30 ? `${one.slice(0, 29)}…` : one;
}

/** Where a reference is used, for the classifiers below. */
interface Site {
  sf: ts.SourceFile;
  shape: Shape;
  isSame: (e: ts.Node) => boolean;
  /** The reference with its parentheses, assertions and `!` climbed. */
  outer: ts.Node;
  use: (kind: UseKind, node: ts.Node, detail: string, extra?: Partial<Use>) => Use;
}

/**
 * How one reference uses the collection. `expr` is the reference as an expression: the
 * identifier, or the property access `this.items`/`Registry.items` for a field. `isSame` tells
 * whether another expression is a reference to the same collection.
 */
export function classify(
  sf: ts.SourceFile,
  ref: ts.Node,
  expr: ts.Node,
  shape: Shape,
  isSame: (e: ts.Node) => boolean,
): Use {
  const outer = climbOuter(expr);
  const parent = outer.parent;
  const use = (kind: UseKind, node: ts.Node, detail: string, extra: Partial<Use> = {}): Use => ({
    kind,
    ref,
    node,
    detail,
    ...extra,
  });
  const site: Site = { sf, shape, isSame, outer, use };
  // Ex) `log.push(x);`, `seen.add(id);`, `stack.pop()`, `rows.join("\n")`, `buf.length`, `obj.key = v`
  if (ts.isPropertyAccessExpression(parent) && parent.expression === outer) return memberUse(site, parent);
  // Ex) `counts[key] = 1;`, `counts[key]`, `delete counts[key]`
  if (ts.isElementAccessExpression(parent) && parent.expression === outer) return elementUse(site, parent);
  // Ex) `rows = [];`, `out += line;`, `out = out + line;`, `list = list.filter(f)`
  if (ts.isBinaryExpression(parent) && parent.left === outer && isAssignmentOperator(parent.operatorToken.kind))
    return assignmentUse(site, parent);
  // Ex) the `out` of `out = out + line`, `count++`; otherwise a value (read, returned, passed on…)
  return partUse(site, parent) ?? valueUse(site, parent);
}

// Ex) `counts[k] = 1` (a growth), `memo[k] ??= f(k)`, `counts[k] += 1` (a growth that reads the entry).
function growByAssignment({ sf, use }: Site, assignment: ts.BinaryExpression, op: string): Use {
  return assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken
    ? use("grow", assignment, "", { op })
    : use("grow", assignment, `updates an entry from its old value (\`${assignment.operatorToken.getText(sf)}\`)`, {
        op,
        readsResult: true,
      });
}

// Ex) `log.push(x);`, `seen.add(id);`, `stack.pop()`, `rows.join("\n")`, `buf.length`, `obj.key = v`
function memberUse(site: Site, parent: ts.PropertyAccessExpression): Use {
  const { shape, use } = site;
  const name = parent.name.text;
  const access = climbOuter(parent);
  const call = access.parent;
  if (ts.isCallExpression(call) && call.expression === access) {
    if (GROW_METHODS[shape].has(name)) {
      // Ex) `() => pending.push(job)`: it grows, and the result (length, the Map) is read too.
      return resultUnused(call)
        ? use("grow", call, "", { op: `.${name}` })
        : use("grow", call, `uses the result of \`.${name}()\``, { op: `.${name}`, readsResult: true });
    }
    if (name === "clear" && (shape === "map" || shape === "set")) {
      return isStatement(call)
        ? use("reset", call, "", { op: ".clear()", statement: call.parent })
        : use("shrink", call, "", { op: ".clear()" });
    }
    if (SHRINK_METHODS[shape].has(name)) return use("shrink", call, "", { op: `.${name}` });
    return use("read", call, `calls \`.${name}()\` on it`);
  }
  if (isAssignmentTarget(access)) {
    const assignment = access.parent as ts.BinaryExpression;
    if (name === "length" && (shape === "array" || shape === "string")) {
      const right = skipOuter(assignment.right);
      const zero =
        assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isNumericLiteral(right) && right.text === "0";
      if (zero && isStatement(assignment))
        return use("reset", assignment, "", { op: ".length = 0", statement: assignment.parent });
      return use("shrink", assignment, "", { op: ".length =" });
    }
    if (shape === "object") return growByAssignment(site, assignment, `.${name} =`);
    return use("read", assignment, `updates its \`.${name}\``);
  }
  if (ts.isDeleteExpression(access.parent)) return use("shrink", access.parent, "", { op: "delete" });
  if (name === "length" || name === "size") return use("read", parent, `reads its \`.${name}\``);
  return use("read", parent, `reads its \`.${name}\``);
}

// Ex) `counts[key] = 1;`, `counts[key]`, `delete counts[key]`
function elementUse(site: Site, parent: ts.ElementAccessExpression): Use {
  const { sf, shape, isSame, use } = site;
  const access = climbOuter(parent);
  if (ts.isDeleteExpression(access.parent)) return use("shrink", access.parent, "", { op: "delete" });
  if (isAssignmentTarget(access)) {
    const assignment = access.parent as ts.BinaryExpression;
    if (shape === "object") return growByAssignment(site, assignment, "[k] =");
    // Ex) `list[list.length] = x`, `byId[nextId++] = x`: appends; `table[code] = x`, `stack[depth++] = x`
    // with `depth--` elsewhere: writes a slot, the array is only as long as the largest index.
    if (shape === "array") {
      return appendsTo(sf, parent.argumentExpression, isSame)
        ? growByAssignment(site, assignment, "[k] =")
        : use(
            "read",
            assignment,
            "writes one of its slots (`x[i] = v`), so it is only as long as the largest index written",
          );
    }
    return use("read", assignment, "updates one of its entries from its old value");
  }
  return use("read", parent, "reads one of its entries");
}

// Ex) `rows = [];`, `out += line;`, `out = out + line;`, `list = list.filter(f)`
function assignmentUse({ sf, shape, isSame, use }: Site, parent: ts.BinaryExpression): Use {
  const op = parent.operatorToken.kind;
  if (op === ts.SyntaxKind.EqualsToken) {
    const right = skipOuter(parent.right);
    if (isStatement(parent) && isEmptyLiteral(right))
      return use("reset", parent, "", { op: "= empty", statement: parent.parent, resetValue: parent.right });
    if (
      shape === "string" &&
      isStatement(parent) &&
      ts.isBinaryExpression(right) &&
      right.operatorToken.kind === ts.SyntaxKind.PlusToken &&
      isSame(skipOuter(right.left))
    ) {
      return use("grow", parent, "", { op: "+=" });
    }
    return use("replace", parent, `assigns it \`${short(parent.right.getText(sf))}\``);
  }
  if (op === ts.SyntaxKind.PlusEqualsToken && shape === "string" && isStatement(parent))
    return use("grow", parent, "", { op: "+=" });
  return use("replace", parent, `updates it with \`${parent.operatorToken.getText(sf)}\``);
}

// Ex) the `out` of `out = out + line` (part of a growth), `count++` (a replacement)
function partUse({ isSame, outer, use }: Site, parent: ts.Node): Use | undefined {
  if (ts.isBinaryExpression(parent) && parent.left === outer && parent.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const assignment = climbOuter(parent).parent;
    if (
      ts.isBinaryExpression(assignment) &&
      assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      isSame(skipOuter(assignment.left)) &&
      isStatement(assignment)
    ) {
      return use("part", parent, "");
    }
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    const op = parent.operator;
    if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken)
      return use("replace", parent, "increments it");
  }
  return undefined;
}

/** The reference used as a value: iterated, returned, passed on, exported, stored, aliased, read. */
function valueUse({ sf, outer, use }: Site, parent: ts.Node): Use {
  // Ex) `for (const x of seen)`, `[...seen]`, `for (const k in counts)`, `yield* list`
  if ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && parent.expression === outer)
    return use("read", parent, "iterates it");
  if (ts.isSpreadElement(parent) || ts.isSpreadAssignment(parent)) return use("read", parent, "spreads it");
  if (ts.isYieldExpression(parent) && parent.asteriskToken) return use("read", parent, "iterates it (`yield*`)");
  // Ex) `return ids;`, `() => ids`
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === outer))
    return use("escape", parent, "returns it");
  if (ts.isYieldExpression(parent)) return use("escape", parent, "yields it");
  // Ex) `send(batch)`, `new Report(rows)`, `Object.keys(counts)`
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== outer) {
    return use("escape", parent, `passes it to \`${short(parent.expression.getText(sf))}\``);
  }
  if (ts.isExportSpecifier(parent) || ts.isExportAssignment(parent)) return use("export", parent, "exports it");
  if (ts.isTypeQueryNode(parent)) return use("type", parent, "uses its type (`typeof`)");
  // Ex) `module.exports = { log }`, `exports.log = log`
  if (ts.isShorthandPropertyAssignment(parent) || (ts.isPropertyAssignment(parent) && parent.initializer === outer)) {
    return use(
      "escape",
      parent,
      isModuleExportsObject(parent.parent) ? "exports it through `module.exports`" : "stores it in an object",
    );
  }
  if (ts.isBinaryExpression(parent) && parent.right === outer && isAssignmentOperator(parent.operatorToken.kind)) {
    const target = parent.left.getText(sf);
    return use(
      "escape",
      parent,
      /^(module\.)?exports\b/.test(target)
        ? "exports it through `module.exports`"
        : `stores it in \`${short(target)}\``,
    );
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === outer)
    return use("escape", parent, `aliases it as \`${short(parent.name.getText(sf))}\``);
  if (ts.isArrayLiteralExpression(parent)) return use("escape", parent, "stores it in an array");
  if (ts.isTemplateSpan(parent) || ts.isBinaryExpression(parent)) return use("read", parent, "reads its value");
  if (ts.isPropertyDeclaration(parent) && parent.initializer === outer)
    return use("escape", parent, "stores it in a field");
  return use("escape", parent, "uses it as a value");
}

/**
 * Whether `index`, written to in an array, adds an element each time: `x[x.length]`, or
 * `x[n++]` with a counter `n` that nothing in the file decrements or sets back (by name).
 */
// Ex) `list[list.length] = v`, `byId[nextId++] = v`; not `table[code] = v`, `stack[depth++] = v` with `depth--`.
function appendsTo(sf: ts.SourceFile, index: ts.Expression, isSame: (e: ts.Node) => boolean): boolean {
  const e = skipOuter(index);
  if (ts.isPropertyAccessExpression(e) && e.name.text === "length") return isSame(skipOuter(e.expression));
  const counted =
    (ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && e.operator === ts.SyntaxKind.PlusPlusToken
      ? e.operand
      : undefined;
  if (!counted || !ts.isIdentifier(counted)) return false;
  return onlyCountsUp(sf, counted.text);
}

// Ex) `let nextId = 0` with only `nextId++` / `nextId += 1`; not with `depth--` or `depth = saved`.
function onlyCountsUp(sf: ts.SourceFile, name: string): boolean {
  let up = true;
  const visit = (node: ts.Node): void => {
    if (!up) return;
    if (ts.isIdentifier(node) && node.text === name) {
      const outer = climbOuter(node);
      const p = outer.parent;
      if (
        (ts.isPostfixUnaryExpression(p) || ts.isPrefixUnaryExpression(p)) &&
        p.operator === ts.SyntaxKind.MinusMinusToken
      )
        up = false;
      if (
        ts.isBinaryExpression(p) &&
        p.left === outer &&
        isAssignmentOperator(p.operatorToken.kind) &&
        p.operatorToken.kind !== ts.SyntaxKind.PlusEqualsToken
      )
        up = false;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return up;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function isAssignmentTarget(node: ts.Node): boolean {
  const p = node.parent;
  return ts.isBinaryExpression(p) && p.left === node && isAssignmentOperator(p.operatorToken.kind);
}

/** `[]`, `{}`, `''`, `new Map()`... without asking the checker (for resets). */
function isEmptyLiteral(e: ts.Expression): boolean {
  if (ts.isArrayLiteralExpression(e)) return e.elements.length === 0;
  if (ts.isObjectLiteralExpression(e)) return e.properties.length === 0;
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text === "";
  return (
    ts.isNewExpression(e) &&
    ts.isIdentifier(e.expression) &&
    ["Map", "Set", "Array"].includes(e.expression.text) &&
    (e.arguments ?? []).length === 0
  );
}

function isModuleExportsObject(literal: ts.Node): boolean {
  const p = climbOuter(literal).parent;
  return ts.isBinaryExpression(p) && /^(module\.)?exports\b/.test(p.left.getText());
}

/** A function with a body (or that may have one): what runs when called. */
export type Fn = ts.FunctionLikeDeclaration;

export function isFn(node: ts.Node): node is Fn {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** Every function from the source file down to `node` (outermost first). */
export function functionChain(node: ts.Node): Fn[] {
  const chain: Fn[] = [];
  for (let n = node.parent; n; n = n.parent) if (isFn(n)) chain.unshift(n);
  return chain;
}

/** The deepest function that contains every node, or undefined (module level, or two functions). */
export function commonFunction(nodes: readonly ts.Node[]): Fn | undefined {
  let common: Fn[] | undefined;
  for (const n of nodes) {
    const chain = functionChain(n);
    if (!common) common = chain;
    else {
      let i = 0;
      while (i < common.length && i < chain.length && common[i] === chain[i]) i++;
      common = common.slice(0, i);
    }
  }
  return common?.[common.length - 1];
}

/** A readable name for a function, with backticks: "`route`", "`Cache.get`", "the callback passed to `app.get` (line 4)". */
export function functionName(sf: ts.SourceFile, fn: Fn | undefined, withLine = true): string {
  if (!fn) return "module-level code";
  const className = ts.isClassLike(fn.parent) && fn.parent.name ? `${fn.parent.name.text}.` : "";
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return `\`${fn.name.text}\``;
  if (ts.isConstructorDeclaration(fn)) return `the constructor of \`${className.slice(0, -1) || "its class"}\``;
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) && fn.name)
    return `\`${className}${fn.name.getText(sf)}\``;
  const holder = climbOuter(fn).parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return `\`${holder.name.text}\``;
  if (ts.isPropertyAssignment(holder)) return `\`${holder.name.getText(sf)}\``;
  if (ts.isPropertyDeclaration(holder)) {
    const owner = ts.isClassLike(holder.parent) && holder.parent.name ? `${holder.parent.name.text}.` : "";
    return `\`${owner}${holder.name.getText(sf)}\``;
  }
  const line = withLine ? ` (line ${lineOfNode(sf, fn)})` : "";
  if (ts.isCallExpression(holder) && holder.expression !== climbOuter(fn)) {
    return `the callback passed to \`${short(holder.expression.getText(sf))}\`${line}`;
  }
  if (ts.isFunctionDeclaration(fn) && hasModifier(fn, ts.SyntaxKind.DefaultKeyword))
    return "the default-exported function";
  return `the anonymous function${line}`;
}

/**
 * Whether a nested function runs only while its caller runs: a callback of a synchronous array
 * method on an array (`rows.forEach(r => ...)`), or an IIFE.
 */
// Ex) `items.forEach((i) => rows.push(i))`, `(() => { ... })()`
export function runsDuringCall(checker: ts.TypeChecker, fn: Fn): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const outer = climbOuter(fn);
  const parent = outer.parent;
  if (!ts.isCallExpression(parent)) return false;
  if (parent.expression === outer) return true;
  const callee = parent.expression;
  if (!ts.isPropertyAccessExpression(callee) || !SYNC_CALLBACK_METHODS.has(callee.name.text)) return false;
  const receiver = checker.getTypeAtLocation(callee.expression);
  const isArray = (t: ts.Type): boolean => checker.isArrayType(t) || checker.isTupleType(t);
  return receiver.isUnion() ? receiver.types.every(isArray) : isArray(receiver);
}

/**
 * Whether `node` only ever runs while the module loads: at module level, in callbacks that run
 * during module-level code (`[...].forEach(...)`, IIFEs), or in a function of this file that is
 * not exported and only called from such code.
 */
// Ex) `["+", "-"].forEach((op) => { PRECEDENCE[op] = 1; })`, `codes.A = createError("A")` with `createError` local.
export function runsAtLoad(sf: ts.SourceFile, checker: ts.TypeChecker, node: ts.Node, depth = 0): boolean {
  const chain = functionChain(node);
  for (let i = chain.length - 1; i >= 0; i--) {
    const fn = chain[i];
    if (runsDuringCall(checker, fn)) continue;
    return depth < 3 && calledOnlyAtLoad(sf, checker, fn, depth);
  }
  // Ex) `class A { id = log.push(1) }`: runs on every `new A()`.
  return instanceFieldOf(node) === undefined;
}

/** The instance (non-static) property whose initialiser holds `node`, outside any function. */
export function instanceFieldOf(node: ts.Node): ts.PropertyDeclaration | undefined {
  for (let n = node.parent; n && !isFn(n); n = n.parent) {
    if (ts.isPropertyDeclaration(n) && !hasModifier(n, ts.SyntaxKind.StaticKeyword)) return n;
  }
  return undefined;
}

/** "`a`", "`a` and `b`", "`a`, `b` and `c`". */
export function listText(items: readonly string[]): string {
  return items.length <= 2 ? items.join(" and ") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function calledOnlyAtLoad(sf: ts.SourceFile, checker: ts.TypeChecker, fn: Fn, depth: number): boolean {
  // A script's functions are globals: other scripts may call them any time.
  if (!isModuleFile(sf)) return false;
  let nameNode: ts.Identifier | undefined;
  if (
    ts.isFunctionDeclaration(fn) &&
    fn.name &&
    !hasModifier(fn, ts.SyntaxKind.ExportKeyword) &&
    !hasModifier(fn, ts.SyntaxKind.DefaultKeyword)
  )
    nameNode = fn.name;
  else {
    const holder = climbOuter(fn).parent;
    if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && !isExportedFromFile(sf, checker, holder))
      nameNode = holder.name;
  }
  if (!nameNode || ts.isExportAssignment(climbOuter(fn).parent)) return false;
  const symbol = checker.getSymbolAtLocation(nameNode);
  if (!symbol || isExportedSymbol(sf, checker, symbol)) return false;
  const refs = referencesIn(sf, checker, symbol, nameNode.text);
  return (
    refs.length > 0 &&
    refs.every(
      (r) => ts.isCallExpression(r.parent) && r.parent.expression === r && runsAtLoad(sf, checker, r, depth + 1),
    )
  );
}

/** A module (ES or CommonJS), not a script whose top-level declarations are globals. */
export function isModuleFile(sf: ts.SourceFile): boolean {
  return ts.isExternalModule(sf) || Boolean((sf as { commonJsModuleIndicator?: unknown }).commonJsModuleIndicator);
}

/** The first nested function between `F` and `node` that may run after `F` returns, if any. */
export function outlivingFunction(checker: ts.TypeChecker, F: Fn, node: ts.Node): Fn | undefined {
  const chain = functionChain(node);
  const start = chain.indexOf(F);
  for (const fn of chain.slice(start + 1)) if (!runsDuringCall(checker, fn)) return fn;
  return undefined;
}

/** The first `await`, `for await` or `yield` that suspends `F` itself (not a nested function). */
export function suspensionPoint(F: Fn): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found || (isFn(n) && n !== F)) return;
    if (ts.isAwaitExpression(n) || ts.isYieldExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier)) {
      found = n;
      return;
    }
    ts.forEachChild(n, visit);
  };
  if (F.body) visit(F.body);
  return found;
}

/** Where `F` refers to itself (a recursive call), if anywhere. */
export function selfReference(sf: ts.SourceFile, checker: ts.TypeChecker, F: Fn): ts.Node | undefined {
  let nameNode: ts.Node | undefined;
  if ((ts.isFunctionDeclaration(F) || ts.isFunctionExpression(F) || ts.isMethodDeclaration(F)) && F.name)
    nameNode = F.name;
  else {
    const holder = climbOuter(F).parent;
    if (
      (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) &&
      !ts.isObjectBindingPattern(holder.name) &&
      !ts.isArrayBindingPattern(holder.name)
    ) {
      nameNode = holder.name;
    }
  }
  if (!nameNode || !F.body) return undefined;
  const symbol = checker.getSymbolAtLocation(nameNode);
  if (!symbol) return undefined;
  const body = F.body;
  return referencesIn(sf, checker, symbol, nameNode.getText(sf)).find((r) => r.pos >= body.pos && r.end <= body.end);
}

/**
 * Where `F` may be re-entered through other functions of this file: a call in `F` to a function
 * declared here that (transitively, through calls to functions declared here) calls `F`.
 * Returns the call in `F` that starts the cycle and the function it calls.
 */
// Ex) `function render(n) { out = ""; ... renderChild(c) ... }`, `function renderChild(c) { render(c.node) }`
export function indirectReentry(checker: ts.TypeChecker, F: Fn): { call: ts.Node; via: Fn } | undefined {
  const sf = F.getSourceFile();
  /** The in-file function a call's callee resolves to. */
  const target = (call: ts.CallExpression | ts.NewExpression): Fn | undefined => {
    const callee = skipOuter(call.expression);
    const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    const symbol = checker.getSymbolAtLocation(nameNode);
    for (const d of symbol?.declarations ?? []) {
      if (d.getSourceFile() !== sf) continue;
      if (isFn(d) && d.body) return d;
      if ((ts.isVariableDeclaration(d) || ts.isPropertyDeclaration(d) || ts.isPropertyAssignment(d)) && d.initializer) {
        const init = skipOuter(d.initializer);
        if (isFn(init)) return init;
      }
      if (ts.isClassDeclaration(d) && ts.isNewExpression(call))
        return d.members.find(
          (m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined,
        );
    }
    return undefined;
  };
  const callsIn = (fn: Fn): Array<{ call: ts.Node; callee: Fn }> => {
    const out: Array<{ call: ts.Node; callee: Fn }> = [];
    const visit = (n: ts.Node): void => {
      if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && n.expression) {
        const callee = target(n);
        if (callee) out.push({ call: n, callee });
      }
      ts.forEachChild(n, visit);
    };
    if (fn.body) visit(fn.body);
    return out;
  };
  const seen = new Set<Fn>([F]);
  for (const start of callsIn(F)) {
    if (start.callee === F) continue; // direct recursion: selfReference reports it
    const queue = [start.callee];
    const visited = new Set<Fn>();
    while (queue.length > 0 && visited.size < 200) {
      const fn = queue.shift()!;
      if (visited.has(fn)) continue;
      visited.add(fn);
      for (const { callee } of callsIn(fn)) {
        if (callee === F) return { call: start.call, via: start.callee };
        if (!seen.has(callee)) queue.push(callee);
      }
    }
  }
  return undefined;
}

/**
 * Ex) `new Map<Element, Box>()`, or an untyped `new Set()` only ever given objects: the checker
 * proves no key can be a primitive. weak-refs' `object-keyed-cache` reports those.
 */
export function isObjectKeyed(
  checker: ts.TypeChecker,
  nameNode: ts.Node,
  creation: ts.Expression,
  uses: readonly Use[],
): boolean {
  for (const at of [nameNode, skipOuter(creation)]) {
    const type = checker.getTypeAtLocation(at);
    if (!(type.flags & ts.TypeFlags.Object) || !((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference))
      continue;
    const key = checker.getTypeArguments(type as ts.TypeReference)[0];
    if (key && !(key.flags & ts.TypeFlags.Any)) return isObjectOnlyType(checker, key);
  }
  const keys = uses.flatMap((u) => {
    const call = ts.isCallExpression(u.node) ? u.node : undefined;
    const callee = call && skipOuter(call.expression);
    const method = callee && ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
    return call && ["get", "set", "has", "add", "delete"].includes(method) && call.arguments[0]
      ? [call.arguments[0]]
      : [];
  });
  return keys.length > 0 && keys.every((k) => isObjectOnlyType(checker, checker.getTypeAtLocation(k)));
}

/** "`.push` in `route` (line 3)" for up to three growths. */
export function growthSummary(sf: ts.SourceFile, grows: readonly Use[]): string {
  const parts = grows.map((u) => {
    const fn = functionChain(u.ref).at(-1);
    const op = u.op === "[k] =" ? "`x[k] = v`" : u.op === "+=" ? "`+=`" : `\`${u.op}\``;
    const field = fn ? undefined : instanceFieldOf(u.ref);
    const where = field
      ? `the field initialisers of ${ts.isClassLike(field.parent) && field.parent.name ? `\`${field.parent.name.text}\`` : "a class"}`
      : functionName(sf, fn, false);
    return `${op} in ${where} at line ${lineOfNode(sf, u.node)}`;
  });
  const unique = [...new Set(parts)];
  return unique.length > 3 ? `${unique.slice(0, 3).join(", ")} and ${unique.length - 3} more` : unique.join(", ");
}
