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
 *
 * ## Cases, in the order `check` tries them
 * Annotated weak but built strong (safe); a declared primitive key (not reported); a local that
 * no longer-lived closure captures (not reported); a fixed table that never grows (not
 * reported); keys not proven objects (not reported); an owner that holds every key anyway (not
 * reported); only lookups, not exported or public: `WeakMap`/`WeakSet` (safe, or unsafe when a
 * key may be a primitive at run time); entries deleted, cleared or reassigned, or a local (not
 * reported); public or exported and shrunk somewhere in the project (not reported); otherwise it
 * only grows and cannot become weak (manual, with why).
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { FindingInput, TransformContext } from "../../engine/types.js";
import {
  hasModifier,
  isExportedFromFile,
  isObjectOnlyType,
  lineOfNode,
  nestedFunctionOf,
  outlivesCall,
  referencesIn,
  typeText,
} from "../util/ast.js";
import { EditBuilder } from "../util/edit-builder.js";
import { findCandidates, WEAK, type Candidate, type Collection } from "./cache-candidates.js";
import { declaredKeyType, ownerHoldsKeys, untypedKey } from "./cache-keys.js";
import { classifyCacheUse, type CacheUse } from "./cache-uses.js";
import { instancesExported, mentionedInOtherFiles, shrunkAnywhere } from "./exposure.js";
import { objectKeyedCache } from "./kinds.js";

export function analyzeCaches(ctx: TransformContext): void {
  for (const candidate of findCandidates(ctx)) {
    const finding = checkCache(ctx, candidate);
    if (finding) ctx.report(finding);
  }
}

/** The finding for one `new Map()`/`new Set()` kept somewhere, if any: every case, in order. */
export function checkCache(ctx: TransformContext, candidate: Candidate): FindingInput | undefined {
  const { sourceFile: sf, checker } = ctx;
  const { collection, nameNode } = candidate;
  const name = nameNode.text;
  // Ex) `private cache: WeakMap<K, V> = new Map()`: the annotation already limits every use
  // to the WeakMap API, only the constructor is wrong.
  if (annotatedWeak(candidate)) return builtStrongFinding(sf, candidate);
  // Ex) `new Map<string, Box>()`: a declared primitive key ends it here, before the
  // (costlier) search for references. One checker query.
  const declaredKey = declaredKeyType(ctx, candidate);
  if (declaredKey && !(declaredKey.flags & ts.TypeFlags.Any) && !isObjectOnlyType(checker, declaredKey))
    return undefined;
  const symbol = checker.getSymbolAtLocation(nameNode);
  if (!symbol) return undefined;
  const references = referencesIn(sf, checker, symbol, name);
  // Ex) `function f() { const m = new Map(); ... }`: dies with the call, not a leak; and
  // so does one only used by a helper closure during the call (`items.forEach(go)`).
  // (`return (key) => { ... cache.get(key) ... }` goes on: the closure keeps it alive.)
  if (candidate.owner === "local" && !outlivedByClosure(ctx, candidate, references)) return undefined;
  const uses = references.map((r) => classifyCacheUse(r, collection, candidate));
  // Ex) `const exact = new Map([[a, b]]); exact.get(p)`: a fixed table, it never grows.
  if (!uses.some((u) => u.kind === "grow")) return undefined;
  // Ex) `new Map<string, Box>()`, untyped `new Map()` given a string: primitive keys are never
  // rewritten, nor reported here. Key type: declared, or what every call site passes.
  const keyText = provenKeyText(checker, declaredKey, uses);
  if (keyText === undefined) return undefined;
  // Ex) `clientToId` beside `idToClient`, `_contexts` keyed by the plugins in `this.plugins`:
  // the owner holds every key strongly anyway, so a weak collection frees nothing.
  if (candidate.owner === "class" && ownerHoldsKeys(ctx, candidate, uses, declaredKey)) return undefined;
  const what = `\`${name}\` is a ${collection} keyed by objects (\`${keyText}\`) that ${LIFETIME[candidate.owner]}`;
  const blockers = uses.filter((u): u is Extract<CacheUse, { node: ts.Node }> => "node" in u);
  const hidden = hiddenReason(ctx, candidate);
  // Ex) `const seen = new WeakSet()`-able: only `get`/`set`/`has`/`delete`, nothing outside sees it.
  if (!hidden && blockers.length === 0) return weakFinding(ctx, candidate, uses, what);
  // Ex) `memo.map.delete(layer)`, `cache.clear()`, `cache = new Map()`: its own code bounds it;
  // a local is converted when possible, never reported otherwise.
  const onlyGrows = !uses.some((u) => u.kind === "shrink" || u.kind === "cleared" || u.kind === "reassigned");
  if (!onlyGrows || candidate.owner === "local") return undefined;
  // Ex) `export const cache`, a public property: another file deletes from it or clears it.
  if (hidden && shrunkAnywhere(ctx, name)) return undefined;
  const reason =
    hidden ??
    blockers
      .map((b) => `${b.detail} (line ${lineOfNode(sf, b.node)})`)
      .slice(0, 2)
      .join(", ");
  return {
    kind: objectKeyedCache,
    node: candidate.creation,
    message: `${what} and only grows: every key and value stays alive. It cannot become a ${WEAK[collection]}: ${reason}. Delete entries when their key is done with, bound it (an LRU), or key it so a ${WEAK[collection]} can serve`,
    applicability: "manual",
  };
}

const LIFETIME: Record<Candidate["owner"], string> = {
  module: "lives as long as its module",
  class: "lives as long as its object",
  local: "lives as long as the closure that captures it",
};

// Ex) `return (key) => { ... cache.get(key) ... }`: a closure that outlives the call keeps it alive.
function outlivedByClosure(ctx: TransformContext, candidate: Candidate, references: readonly ts.Node[]): boolean {
  const scope = candidate.scope;
  if (!scope) return false;
  const closures = new Set(references.map((r) => nestedFunctionOf(r, scope)).filter((f) => f !== undefined));
  return [...closures].some((fn) => outlivesCall(fn, scope, ctx.sourceFile, ctx.checker));
}

/** The key type's text when every key is proven an object: declared, or what every call site passes. */
function provenKeyText(
  checker: ts.TypeChecker,
  keyType: ts.Type | undefined,
  uses: readonly CacheUse[],
): string | undefined {
  if (keyType && !(keyType.flags & ts.TypeFlags.Any)) {
    return isObjectOnlyType(checker, keyType) ? typeText(checker, keyType) : undefined;
  }
  const keyArgs = uses.flatMap((u) => ("keyArg" in u && u.keyArg ? [u.keyArg] : []));
  const keyTypes = keyArgs.map((a) => checker.getTypeAtLocation(a));
  if (keyTypes.length === 0 || !keyTypes.every((t) => isObjectOnlyType(checker, t))) return undefined;
  return [...new Set(keyTypes.map((t) => typeText(checker, t, 30)))].slice(0, 3).join(" | ");
}

/**
 * Why code this file cannot see may use the collection: it is exported, or a public property of
 * an exported class or one whose name other project files use.
 */
// Ex) `export const cache = new Map<Node, X>()`, `class Store { cache = new Map() }` exported
function hiddenReason(ctx: TransformContext, candidate: Candidate): string | undefined {
  const { sourceFile: sf, checker } = ctx;
  const name = candidate.nameNode.text;
  if (candidate.variable !== undefined && isExportedFromFile(sf, checker, candidate.variable))
    return "it is exported, so other modules may use it in ways a WeakMap cannot support";
  if (candidate.owner !== "class" || candidate.isPrivate) return undefined;
  const klass = candidate.klass!;
  const classExported =
    hasModifier(klass, ts.SyntaxKind.ExportKeyword) ||
    (ts.isClassDeclaration(klass) && klass.name !== undefined && isExportedFromFile(sf, checker, klass));
  const instanceExported = !classExported && instancesExported(ctx, klass);
  const usedElsewhere = mentionedInOtherFiles(ctx, name);
  if (!classExported && !instanceExported && !usedElsewhere) return undefined;
  const of = classExported ? " of an exported class" : instanceExported ? " of an object this file exports" : "";
  return `it is a public property${of}, so code in other files may use it; make it \`private\` (or \`#${name}\`) so every use can be checked`;
}

// Ex) `new Map()` → `new WeakMap()`
function constructorEdit(sf: ts.SourceFile, candidate: Candidate): EditBuilder {
  return new EditBuilder(sf).replaceNode(candidate.creation.expression, WEAK[candidate.collection]);
}

function builtStrongFinding(sf: ts.SourceFile, candidate: Candidate): FindingInput {
  const { collection } = candidate;
  const name = candidate.nameNode.text;
  const weak = WEAK[collection];
  return {
    kind: objectKeyedCache,
    node: candidate.creation,
    message: `\`${name}\` is declared as a ${weak} but built with \`new ${collection}()\`, which holds its keys strongly; build it with \`new ${weak}()\``,
    applicability: "safe",
    fix: { description: `Build \`${name}\` with \`new ${weak}()\``, edits: constructorEdit(sf, candidate).edits },
  };
}

/** The fix: `WeakMap`/`WeakSet` in the constructor and the annotation; unsafe when a key may be a primitive. */
function weakFinding(
  ctx: TransformContext,
  candidate: Candidate,
  uses: readonly CacheUse[],
  what: string,
): FindingInput {
  const sf = ctx.sourceFile;
  const { collection } = candidate;
  const name = candidate.nameNode.text;
  const weak = WEAK[collection];
  const builder = constructorEdit(sf, candidate);
  // Ex) `cache: Map<Node, X>` → `cache: WeakMap<Node, X>`
  const annotated = typeReferenceOf(candidate.annotation, collection);
  if (annotated) builder.replaceNode(annotated, weak);
  const usedAs = [...new Set(uses.flatMap((u) => ("method" in u && u.method !== "init" ? [u.method] : [])))].sort();
  const risk = untypedKey(ctx, uses, name);
  return {
    kind: objectKeyedCache,
    node: candidate.creation,
    message: `${what}: it keeps every key and value alive. It is only used through ${usedAs.length > 0 ? usedAs.map((m) => `\`${m}\``).join("/") : "its declaration"}, so a ${weak} behaves the same and lets entries go with their keys${risk ? `. Unsafe: ${risk}, and \`${weak}.${collection === "Map" ? "set" : "add"}\` throws a TypeError on a primitive key where the ${collection} accepted it` : ""}`,
    applicability: risk ? "unsafe" : "safe",
    fix: { description: `Use \`${weak}\` instead of \`${collection}\` for \`${name}\``, edits: builder.edits },
  };
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

/** The `Map`/`Set` identifier of the first type reference `Map<K, V>` in an annotation (`Map<K, V> | undefined`…). */
function typeReferenceOf(node: ts.TypeNode | undefined, collection: Collection): ts.Identifier | undefined {
  if (!node) return undefined;
  let found: ts.Identifier | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName) && n.typeName.text === collection) found = n.typeName;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}
