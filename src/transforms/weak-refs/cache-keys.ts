/** What a cache is keyed by: the declared key type, the keys the owner also holds, keys that may be primitives. */
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { enclosingFunction, lineOfNode, walk } from "../util/ast.js";
import type { Candidate } from "./cache-candidates.js";
import type { CacheUse } from "./cache-uses.js";
import { describeTrail, keyTrail } from "./key-origin.js";

/** The declared key type (`Map<K, V>` → K), from the declaration's type. */
export function declaredKeyType(ctx: TransformContext, candidate: Candidate): ts.Type | undefined {
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

/**
 * Whether the object that owns the collection also holds every key strongly, for as long as the
 * collection lives: each key written is stored in another member of the same object by the same
 * function (`this.byId.set(id, client)` beside `this.idOf.set(client, id)`), or the class keeps a
 * collection of the key type (`readonly plugins: Plugin[]` beside `contexts: Map<Plugin, Ctx>`).
 */
export function ownerHoldsKeys(
  ctx: TransformContext,
  candidate: Candidate,
  uses: readonly CacheUse[],
  keyType: ts.Type | undefined,
): boolean {
  const klass = candidate.klass;
  if (!klass) return false;
  const name = candidate.nameNode.text;
  const grows = uses.filter((u): u is Extract<CacheUse, { kind: "grow" | "shrink" }> => u.kind === "grow");
  if (grows.length > 0 && grows.every((u) => storedBeside(ctx.checker, u.keyArg, name))) return true;
  return keyType !== undefined && holdsArrayOf(ctx.checker, klass, name, keyType);
}

// Ex) `this.clientToId.set(client, id); this.idToClient.set(id, client);`: the key is also
// stored in another member of `this` by the same function.
function storedBeside(checker: ts.TypeChecker, key: ts.Expression | undefined, name: string): boolean {
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
}

// Ex) `constructor(public plugins: readonly Plugin[])` beside `new Map<Plugin, PluginContext>()`.
function holdsArrayOf(
  checker: ts.TypeChecker,
  klass: ts.ClassLikeDeclaration,
  name: string,
  keyType: ts.Type,
): boolean {
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
export function untypedKey(
  ctx: TransformContext,
  uses: readonly CacheUse[],
  collectionName: string,
): string | undefined {
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
