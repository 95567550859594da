/**
 * ## What it does
 * Finds long-lived `Map`s and `Set`s keyed by objects (the checker proves no primitive can be a
 * key) and, when they are only used through `get`/`set`/`has`/`delete` (`add`/`has`/`delete`),
 * turns them into `WeakMap`/`WeakSet`: declaration, annotations and constructor.
 *
 * ## Why is this bad?
 * A module-level or instance `Map` keyed by objects keeps every key, and every value, alive for
 * as long as the map lives, typically forever: a cache of DOM nodes, requests or AST nodes
 * that never lets any of them go. A `WeakMap` holds its keys weakly: an entry goes when nothing
 * else holds its key. For code that only looks entries up by key, the two behave the same.
 *
 * ## Example
 * ```ts
 * const layoutCache = new Map<Element, Box>();
 * ```
 * ## Use instead
 * ```ts
 * const layoutCache = new WeakMap<Element, Box>();
 * ```
 * ## Not rewritten
 * Primitive keys (`string`, `number`, unions of them, `any`, `unknown`, `{}`), a collection
 * that is iterated, sized, cleared, spread, passed on, returned, aliased or exported. Those that
 * only grow (no `delete`, no `clear`) are reported `manual` with advice.
 */
import { ts } from "ts-morph";
import type { TextEdit, TransformContext } from "../../engine/types.js";
import {
  enclosingFunction,
  hasModifier,
  isExportedFromFile,
  isExportedSymbol,
  isGlobalLibSymbol,
  isModuleLevelVariable,
  isObjectOnlyType,
  lineOfNode,
  nestedFunctionOf,
  otherFileMatches,
  outlivesCall,
  referencesIn,
  typeText,
  walk,
} from "../util/ast.js";
import { describeTrail, keyTrail } from "./key-origin.js";
import { objectKeyedCache } from "./kinds.js";

type Collection = "Map" | "Set";
const WEAK: Record<Collection, string> = { Map: "WeakMap", Set: "WeakSet" };
const LOOKUPS: Record<Collection, ReadonlySet<string>> = {
  Map: new Set(["get", "set", "has", "delete"]),
  Set: new Set(["add", "has", "delete"]),
};
const ITERATION = new Set(["forEach", "keys", "values", "entries"]);

/** A place where a collection is created and kept. */
interface Candidate {
  /** The `new Map(...)` / `new Set(...)` expression. */
  creation: ts.NewExpression;
  collection: Collection;
  /** The declared name: variable, property, or `this.x` assigned in the constructor. */
  nameNode: ts.Identifier | ts.PrivateIdentifier;
  /** Where a type annotation (or JSDoc `@type`) may name the collection type. */
  annotation: ts.TypeNode | undefined;
  owner: "module" | "class" | "local";
  /** For locals, the function declaring it. */
  scope?: ts.SignatureDeclaration;
  /** Variable declaration (module or local), for the export check. */
  variable?: ts.VariableDeclaration;
  /** Class members: the class and whether the member is private. */
  klass?: ts.ClassLikeDeclaration;
  isPrivate?: boolean;
}

/** How one reference uses the collection. */
type Use =
  | { kind: "lookup"; method: string; keyArg?: ts.Expression }
  | { kind: "grow" | "shrink"; method: string; keyArg?: ts.Expression }
  | { kind: "iterated" | "sized" | "cleared" | "escapes" | "reassigned" | "exported"; node: ts.Node; detail: string };

// Ex) `new Map<K, V>()`, `new Set()`, with the global Map/Set (not an imported one).
function collectionOf(
  ctx: TransformContext,
  expr: ts.Expression | undefined,
): { creation: ts.NewExpression; collection: Collection } | undefined {
  if (!expr) return undefined;
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr))
    expr = expr.expression;
  if (!ts.isNewExpression(expr) || !ts.isIdentifier(expr.expression)) return undefined;
  const name = expr.expression.text;
  if (name !== "Map" && name !== "Set") return undefined;
  if (!isGlobalLibSymbol(ctx.checker.getSymbolAtLocation(expr.expression), ctx.isLibFile)) return undefined;
  return { creation: expr, collection: name };
}

// Ex) `cache: Map<K, V>`, `/** @type {Map<K, V>} */`.
function annotationOf(node: ts.VariableDeclaration | ts.PropertyDeclaration): ts.TypeNode | undefined {
  return node.type ?? ts.getJSDocType(node);
}

/** Finds every candidate of the file, syntactically plus one symbol query per `new Map/Set`. */
function findCandidates(ctx: TransformContext): Candidate[] {
  const candidates: Candidate[] = [];
  walk(ctx.sourceFile, (node) => {
    // Ex) `const cache = new Map<Element, Box>();` at module level or in a function.
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      const found = collectionOf(ctx, node.initializer);
      if (!found) return;
      const moduleLevel = isModuleLevelVariable(node);
      const scope = moduleLevel ? undefined : enclosingFunction(node);
      candidates.push({
        ...found,
        nameNode: node.name,
        annotation: annotationOf(node),
        owner: moduleLevel ? "module" : "local",
        ...(scope ? { scope } : {}),
        variable: node,
      });
      return;
    }
    // Ex) `private readonly cache = new Map<Node, Info>();`, `static #seen = new Set<object>();`
    if (ts.isPropertyDeclaration(node) && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name))) {
      const found = collectionOf(ctx, node.initializer);
      if (!found || !ts.isClassLike(node.parent)) return;
      candidates.push({
        ...found,
        nameNode: node.name,
        annotation: annotationOf(node),
        owner: "class",
        klass: node.parent,
        isPrivate: ts.isPrivateIdentifier(node.name) || hasModifier(node, ts.SyntaxKind.PrivateKeyword),
      });
      return;
    }
    // Ex) `constructor() { this.cache = new Map(); }` (JavaScript classes).
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      ts.isExpressionStatement(node.parent)
    ) {
      const found = collectionOf(ctx, node.right);
      const ctor = enclosingFunction(node);
      if (!found || !ctor || !ts.isConstructorDeclaration(ctor) || ctor.body !== node.parent.parent) return;
      const klass = ctor.parent;
      const name = node.left.name;
      // A TypeScript class declares the property apart: `cache: Map<K, V>;`
      const declared = klass.members.find(
        (m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && m.name.getText(ctx.sourceFile) === name.text,
      );
      if (declared?.initializer) return;
      candidates.push({
        ...found,
        nameNode: name,
        annotation: declared ? annotationOf(declared) : undefined,
        owner: "class",
        klass,
        isPrivate:
          ts.isPrivateIdentifier(name) ||
          (declared !== undefined && hasModifier(declared, ts.SyntaxKind.PrivateKeyword)),
      });
    }
  });
  return candidates;
}

/** Classifies one reference to the collection. */
function classify(ref: ts.Node, collection: Collection, candidate: Candidate): Use {
  // `this.cache` / `obj.cache`: the reference is the property name; look at the access.
  let expr: ts.Node = ref;
  if (ts.isPropertyAccessExpression(ref.parent) && ref.parent.name === ref) expr = ref.parent;
  while (ts.isParenthesizedExpression(expr.parent) || ts.isNonNullExpression(expr.parent)) expr = expr.parent;
  const parent = expr.parent;

  // Ex) `cache.get(k)`, `cache.set(k, v);`, `seen.add(o)`
  if (ts.isPropertyAccessExpression(parent) && parent.expression === expr) {
    const method = parent.name.text;
    const call = parent.parent;
    const isCall = ts.isCallExpression(call) && call.expression === parent;
    if (isCall && LOOKUPS[collection].has(method)) {
      const keyArg = call.arguments[0];
      if (method === "set" || method === "add") {
        // `set`/`add` return the collection itself: only a statement (or a chain of lookups) keeps it in.
        if (
          !ts.isExpressionStatement(call.parent) &&
          !(ts.isPropertyAccessExpression(call.parent) && LOOKUPS[collection].has(call.parent.name.text))
        ) {
          return {
            kind: "escapes",
            node: call,
            detail: `the result of \`${method}\` (the ${collection} itself) is used`,
          };
        }
        return { kind: "grow", method, ...(keyArg ? { keyArg } : {}) };
      }
      if (method === "delete") return { kind: "shrink", method, ...(keyArg ? { keyArg } : {}) };
      return { kind: "lookup", method, ...(keyArg ? { keyArg } : {}) };
    }
    if (method === "size") return { kind: "sized", node: parent, detail: "its `.size` is read" };
    if (method === "clear") return { kind: "cleared", node: parent, detail: "it is cleared with `.clear()`" };
    if (ITERATION.has(method))
      return { kind: "iterated", node: parent, detail: `it is iterated with \`.${method}()\`` };
    return { kind: "escapes", node: parent, detail: `its \`.${method}\` is used` };
  }
  // Ex) `for (const [k, v] of cache)`, `[...cache]`, `yield* cache`
  if (
    (ts.isForOfStatement(parent) && parent.expression === expr) ||
    ts.isSpreadElement(parent) ||
    (ts.isYieldExpression(parent) && parent.asteriskToken)
  ) {
    return { kind: "iterated", node: parent, detail: "it is iterated" };
  }
  // Ex) `cache = new Map()`
  if (
    ts.isBinaryExpression(parent) &&
    parent.left === expr &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  ) {
    if (
      candidate.owner === "class" &&
      ts.isExpressionStatement(parent.parent) &&
      collectionOf0(parent.right) &&
      isConstructorInitialisation(parent)
    ) {
      return { kind: "lookup", method: "init" };
    }
    return { kind: "reassigned", node: parent, detail: "it is reassigned" };
  }
  if (ts.isExportSpecifier(parent) || ts.isExportAssignment(parent))
    return { kind: "exported", node: parent, detail: "it is exported" };
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === expr)) {
    return { kind: "escapes", node: parent, detail: "it is returned" };
  }
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const callee = parent.expression.getText();
    return {
      kind: "escapes",
      node: parent,
      detail: `it is passed to \`${callee.length > 30 ? `${callee.slice(0, 29)}…` : callee}\``,
    };
  }
  if (ts.isTypeQueryNode(parent))
    return { kind: "escapes", node: parent, detail: "its type is used elsewhere (`typeof`)" };
  return { kind: "escapes", node: parent, detail: "it is stored or aliased elsewhere" };
}

function collectionOf0(expr: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  return (
    ts.isNewExpression(expr) &&
    ts.isIdentifier(expr.expression) &&
    (expr.expression.text === "Map" || expr.expression.text === "Set")
  );
}

function isConstructorInitialisation(assignment: ts.BinaryExpression): boolean {
  const fn = enclosingFunction(assignment);
  return fn !== undefined && ts.isConstructorDeclaration(fn) && assignment.parent.parent === fn.body;
}

/** The declared key type (`Map<K, V>` → K), from the declaration's type. */
function declaredKeyType(ctx: TransformContext, candidate: Candidate): ts.Type | undefined {
  // Ex) `cache: Map<K, V> = new Map()`, `const seen = new Set<string>(names)`: the type as written,
  // without checking the initializer (its arguments can be costly to check and say nothing more).
  const { annotation, creation } = candidate;
  if (annotation && (annotation.flags & ts.NodeFlags.JSDoc) === 0) {
    const written = ctx.checker.getTypeFromTypeNode(annotation);
    if (
      (written.flags & ts.TypeFlags.Object) !== 0 &&
      ((written as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0
    ) {
      const args = ctx.checker.getTypeArguments(written as ts.TypeReference);
      if (args.length > 0) return args[0];
    }
  } else if (
    !annotation &&
    creation.typeArguments?.[0] &&
    (ts.isVariableDeclaration(creation.parent) || ts.isPropertyDeclaration(creation.parent))
  ) {
    return ctx.checker.getTypeFromTypeNode(creation.typeArguments[0]);
  }
  const type = ctx.checker.getTypeAtLocation(candidate.nameNode);
  const args =
    (type.flags & ts.TypeFlags.Object) !== 0 && ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0
      ? ctx.checker.getTypeArguments(type as ts.TypeReference)
      : undefined;
  if (args && args.length > 0) return args[0];
  // `new Map<K, V>()` without annotation: the expression's own type.
  const created = ctx.checker.getTypeAtLocation(candidate.creation);
  if (
    (created.flags & ts.TypeFlags.Object) !== 0 &&
    ((created as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0
  ) {
    return ctx.checker.getTypeArguments(created as ts.TypeReference)[0];
  }
  return undefined;
}

/** Ex) `private cache: WeakMap<Node, X> = new Map()`: annotated weak, built strong. */
function annotatedWeak(candidate: Candidate): boolean {
  const a = candidate.annotation;
  return (
    a !== undefined &&
    ts.isTypeReferenceNode(a) &&
    ts.isIdentifier(a.typeName) &&
    a.typeName.text === WEAK[candidate.collection]
  );
}

/** Edit replacing the `Map`/`Set` identifier of a type reference `Map<K, V>`. */
function typeEdit(node: ts.TypeNode | undefined, collection: Collection, sf: ts.SourceFile): TextEdit | undefined {
  if (!node) return undefined;
  // `Map<K, V> | undefined` and the like: the first matching reference.
  let found: ts.Identifier | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName) && n.typeName.text === collection) found = n.typeName;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  if (!found) return undefined;
  return { start: found.getStart(sf), end: found.getEnd(), newText: WEAK[collection] };
}

export function analyzeCaches(ctx: TransformContext): void {
  const { sourceFile: sf, checker } = ctx;
  for (const candidate of findCandidates(ctx)) {
    const { collection, nameNode } = candidate;
    const name = nameNode.text;
    const weak = WEAK[collection];
    const ctorEdit: TextEdit = {
      start: candidate.creation.expression.getStart(sf),
      end: candidate.creation.expression.getEnd(),
      newText: weak,
    };

    // Ex) `private cache: WeakMap<K, V> = new Map()`: the annotation already limits every use
    // to the WeakMap API, only the constructor is wrong.
    if (annotatedWeak(candidate)) {
      ctx.report({
        kind: objectKeyedCache,
        node: candidate.creation,
        message: `\`${name}\` is declared as a ${weak} but built with \`new ${collection}()\`, which holds its keys strongly; build it with \`new ${weak}()\``,
        applicability: "safe",
        fix: { description: `Build \`${name}\` with \`new ${weak}()\``, edits: [ctorEdit] },
      });
      continue;
    }

    // Ex) `new Map<string, Box>()`: a declared primitive key ends it here, before the
    // (costlier) search for references. One checker query.
    const declaredKey = declaredKeyType(ctx, candidate);
    if (declaredKey && !(declaredKey.flags & ts.TypeFlags.Any) && !isObjectOnlyType(checker, declaredKey)) continue;

    const symbol = checker.getSymbolAtLocation(nameNode);
    if (!symbol) continue;
    const references = referencesIn(sf, checker, symbol, name);

    // Ex) `function f() { const m = new Map(); ... }`: dies with the call, not a leak; and
    // so does one only used by a helper closure during the call (`items.forEach(go)`).
    // Ex) `return (key) => { ... cache.get(key) ... }`: the closure keeps it alive.
    if (candidate.owner === "local") {
      const scope = candidate.scope;
      if (!scope) continue;
      const closures = new Set(references.map((r) => nestedFunctionOf(r, scope)).filter((f) => f !== undefined));
      if (![...closures].some((fn) => outlivesCall(fn, scope, sf, checker))) continue;
    }

    const uses = references.map((r) => classify(r, collection, candidate));
    // Ex) `const exact = new Map([[a, b]]); exact.get(p)`: a fixed table, it never grows.
    if (!uses.some((u) => u.kind === "grow")) continue;

    // Key type: declared, or (for an untyped `new Map()`) what every call site passes.
    const keyType = declaredKey;
    let keyText: string | undefined;
    let keyProven: boolean;
    if (keyType && !(keyType.flags & ts.TypeFlags.Any)) {
      keyProven = isObjectOnlyType(checker, keyType);
      keyText = typeText(checker, keyType);
    } else {
      const keyArgs = uses.flatMap((u) => ("keyArg" in u && u.keyArg ? [u.keyArg] : []));
      const keyTypes = keyArgs.map((a) => checker.getTypeAtLocation(a));
      keyProven = keyTypes.length > 0 && keyTypes.every((t) => isObjectOnlyType(checker, t));
      if (keyProven) {
        keyText = [...new Set(keyTypes.map((t) => typeText(checker, t, 30)))].slice(0, 3).join(" | ");
      }
    }
    // Ex) `new Map<string, Box>()`: primitive keys are never rewritten, nor reported here.
    if (!keyProven) continue;

    // Ex) `clientToId` beside `idToClient`, `_contexts` keyed by the plugins in `this.plugins`:
    // the owner holds every key strongly anyway, so a weak collection frees nothing.
    if (candidate.owner === "class" && ownerHoldsKeys(ctx, candidate, uses, keyType)) continue;

    const lifetime =
      candidate.owner === "module"
        ? "lives as long as its module"
        : candidate.owner === "class"
          ? "lives as long as its object"
          : "lives as long as the closure that captures it";
    const what = `\`${name}\` is a ${collection} keyed by objects (\`${keyText}\`) that ${lifetime}`;
    const blockers = uses.filter((u): u is Extract<Use, { node: ts.Node }> => "node" in u);
    const exported = candidate.variable !== undefined && isExportedFromFile(sf, checker, candidate.variable);
    const onlyGrows = !uses.some((u) => u.kind === "shrink" || u.kind === "cleared" || u.kind === "reassigned");

    // Ex) `export const cache = new Map<Node, X>()`: other modules may iterate it.
    // Ex) a public property of an exported class: other files may use it.
    let hidden: string | undefined;
    if (exported) hidden = "it is exported, so other modules may use it in ways a WeakMap cannot support";
    else if (candidate.owner === "class" && !candidate.isPrivate) {
      const klass = candidate.klass!;
      const classExported =
        hasModifier(klass, ts.SyntaxKind.ExportKeyword) ||
        (klass.name !== undefined && ts.isClassDeclaration(klass) && isExportedClass(ctx, klass));
      const usedElsewhere = mentionedInOtherFiles(ctx, name);
      if (classExported || usedElsewhere) {
        hidden = `it is a public property${classExported ? " of an exported class" : ""}, so code in other files may use it; make it \`private\` (or \`#${name}\`) so every use can be checked`;
      }
    }

    if (!hidden && blockers.length === 0) {
      const edits: TextEdit[] = [ctorEdit];
      const annotationEdit = typeEdit(candidate.annotation, collection, sf);
      if (annotationEdit) edits.push(annotationEdit);
      const usedAs = [...new Set(uses.flatMap((u) => ("method" in u && u.method !== "init" ? [u.method] : [])))].sort();
      const risk = untypedKey(ctx, uses, name);
      ctx.report({
        kind: objectKeyedCache,
        node: candidate.creation,
        message: `${what}: it keeps every key and value alive. It is only used through ${usedAs.length > 0 ? usedAs.map((m) => `\`${m}\``).join("/") : "its declaration"}, so a ${weak} behaves the same and lets entries go with their keys${risk ? `. Unsafe: ${risk}, and \`${weak}.${collection === "Map" ? "set" : "add"}\` throws a TypeError on a primitive key where the ${collection} accepted it` : ""}`,
        applicability: risk ? "unsafe" : "safe",
        fix: { description: `Use \`${weak}\` instead of \`${collection}\` for \`${name}\``, edits },
      });
      continue;
    }

    // Converted when possible; otherwise only a collection that only grows is worth a report.
    // Ex) `memo.map.delete(layer)` through another type in another file: not only growing.
    if (!onlyGrows || candidate.owner === "local") continue;
    if (hidden && shrunkAnywhere(ctx, name)) continue;
    const reason =
      hidden ??
      blockers
        .map((b) => `${b.detail} (line ${lineOfNode(sf, b.node)})`)
        .slice(0, 2)
        .join(", ");
    ctx.report({
      kind: objectKeyedCache,
      node: candidate.creation,
      message: `${what} and only grows: every key and value stays alive. It cannot become a ${weak}: ${reason}. Delete entries when their key is done with, bound it (an LRU), or key it so a ${weak} can serve`,
      applicability: "manual",
    });
  }
}

function isExportedClass(ctx: TransformContext, klass: ts.ClassDeclaration): boolean {
  if (hasModifier(klass, ts.SyntaxKind.ExportKeyword) || hasModifier(klass, ts.SyntaxKind.DefaultKeyword)) return true;
  const classSymbol = klass.name ? ctx.checker.getSymbolAtLocation(klass.name) : undefined;
  return classSymbol !== undefined && isExportedSymbol(ctx.sourceFile, ctx.checker, classSymbol);
}

/** Whether a project file other than this one mentions `.name` (a cheap text test). */
function mentionedInOtherFiles(ctx: TransformContext, name: string): boolean {
  const pattern = new RegExp(
    `[.?]\\s*${name.replace(/[$]/g, "\\$")}\\b|\\[\\s*["'\`]${name.replace(/[$]/g, "\\$")}["'\`]\\s*\\]`,
  );
  return otherFileMatches(ctx, pattern, { mustInclude: name });
}

/**
 * Whether another project file deletes from, clears or reassigns something named `name` (a
 * text test: uses through another type are invisible to the symbol search). In this file the
 * assignment that creates it does not count.
 */
function shrunkAnywhere(ctx: TransformContext, name: string): boolean {
  const n = name.replace(/[$]/g, "\\$");
  const shrink = new RegExp(`\\b${n}\\s*(\\?\\.|\\.)\\s*(delete|clear)\\s*\\(`);
  if (shrink.test(ctx.sourceFile.text)) return true;
  return otherFileMatches(ctx, new RegExp(`${shrink.source}|\\.${n}\\s*=[^=]`), { mustInclude: name });
}

/**
 * Whether the object that owns the collection also holds every key strongly, for as long as the
 * collection lives: each key written is stored in another member of the same object by the same
 * function (`this.byId.set(id, client)` beside `this.idOf.set(client, id)`), or the class keeps a
 * collection of the key type (`readonly plugins: Plugin[]` beside `contexts: Map<Plugin, Ctx>`).
 */
function ownerHoldsKeys(
  ctx: TransformContext,
  candidate: Candidate,
  uses: readonly Use[],
  keyType: ts.Type | undefined,
): boolean {
  const klass = candidate.klass;
  if (!klass) return false;
  const { checker } = ctx;
  const name = candidate.nameNode.text;
  type Grow = Extract<Use, { kind: "grow" | "shrink" }>;
  const grows = uses.filter((u): u is Grow => u.kind === "grow");
  // Ex) `this.clientToId.set(client, id); this.idToClient.set(id, client);`
  const storedBeside = (u: Grow): boolean => {
    const key = u.keyArg;
    if (!key || !ts.isIdentifier(key)) return false;
    const keySymbol = checker.getSymbolAtLocation(key);
    const fn = enclosingFunction(key) as ts.FunctionLikeDeclaration | undefined;
    if (!fn?.body || !keySymbol) return false;
    let found = false;
    walk(fn.body, (n) => {
      if (found) return;
      const args =
        ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)
          ? n.expression.name.text === "set"
            ? n.arguments.slice(1, 2)
            : n.expression.name.text === "push" || n.expression.name.text === "add"
              ? n.arguments
              : []
          : [];
      const target =
        ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) ? n.expression.expression : undefined;
      if (
        target &&
        ts.isPropertyAccessExpression(target) &&
        target.expression.kind === ts.SyntaxKind.ThisKeyword &&
        target.name.text !== name &&
        args.some((a) => ts.isIdentifier(a) && checker.getSymbolAtLocation(a) === keySymbol)
      )
        found = true;
    });
    return found;
  };
  if (grows.length > 0 && grows.every(storedBeside)) return true;
  // Ex) `constructor(public plugins: readonly Plugin[])` beside `new Map<Plugin, PluginContext>()`.
  if (!keyType) return false;
  const members: ts.Node[] = [...klass.members.filter(ts.isPropertyDeclaration)];
  const ctor = klass.members.find(ts.isConstructorDeclaration);
  if (ctor) members.push(...ctor.parameters.filter((p) => ts.isParameterPropertyDeclaration(p, ctor)));
  for (const m of members) {
    const decl = m as ts.PropertyDeclaration | ts.ParameterDeclaration;
    if (!ts.isIdentifier(decl.name) || decl.name.text === name || !decl.type) continue;
    const type = checker.getTypeFromTypeNode(decl.type);
    const element =
      checker.isArrayType(type) || checker.isTupleType(type)
        ? checker.getTypeArguments(type as ts.TypeReference)[0]
        : undefined;
    if (element && element === keyType) return true;
  }
  return false;
}

/**
 * Why a key written into the collection may be a primitive at run time although its type says
 * object, or undefined: a key is typed `any`, or is a parameter whose values may come from a
 * function callable from outside the program, from unchecked JavaScript or from `any`, followed up
 * through the callers that pass it on (see key-origin.ts). Keys made in the program (`new
 * Session(user)`) are objects whatever the caller does.
 * Lookups (`get`/`has`/`delete`) of a primitive only miss on a weak collection; `set`/`add` throw.
 */
function untypedKey(ctx: TransformContext, uses: readonly Use[], collectionName: string): string | undefined {
  const { sourceFile: sf, checker } = ctx;
  for (const u of uses) {
    if (u.kind !== "grow" || !u.keyArg) continue;
    const key = u.keyArg;
    if (checker.getTypeAtLocation(key).flags & ts.TypeFlags.Any)
      return `the key \`${key.getText(sf)}\` on line ${lineOfNode(sf, key)} is typed \`any\`, so it may be a primitive`;
    if (!ts.isIdentifier(key)) continue;
    const decl = checker.getSymbolAtLocation(key)?.valueDeclaration;
    if (!decl || !ts.isParameter(decl) || decl.dotDotDotToken) continue;
    const fn = decl.parent;
    const trail = keyTrail(ctx, fn, fn.parameters.indexOf(decl));
    if (trail) return describeTrail(ctx, key, collectionName, trail);
  }
  return undefined;
}
