/**
 * What a local holds: `resourceOf` says whether a declaration makes a resource (a factory of
 * the resource table or of the project's config, a value whose type has `[Symbol.dispose]` /
 * `[Symbol.asyncDispose]`, or a class of the project that this function releases), with its label,
 * what leaving it open costs, and its nature (scoped, active, unknown).
 */

import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import {
  LIBRARY_TYPE_ADVICE,
  NO_RESOURCE_NODE_FILES,
  SCOPED_LIBRARY_TYPES,
  type ResourceFactory,
} from "./resources.js";
import { callableWithoutArguments, climbOuterExpressions, enclosingFunction, symbolOf, typeText } from "../util/ast.js";
import { borrowedThroughCall, makesNewValue, originOf, unwrapAwaited } from "./ownership.js";
import { isFunctionArgument, isLive, ACTIVE_METHODS, isThenable } from "./value-types.js";
import { worthAskingTheType, fileClues } from "./type-clues.js";

/** A local that holds a resource. */
export interface Resource {
  name: string;
  decl: ts.VariableDeclaration & { name: ts.Identifier; initializer: ts.Expression };
  statement: ts.VariableStatement;
  /** The block (or file) whose statement list holds the declaration. */
  container: ts.Block | ts.SourceFile;
  /** The function declaring it (undefined at module level). */
  fn: ts.SignatureDeclaration | undefined;
  /** The factory call, `await` and parentheses removed. */
  call: ts.CallExpression | ts.NewExpression;
  factory?: ResourceFactory;
  /**
   * What the value's type declares; `callable`: the value is a function (a disposer: mobx's
   * `IReactionDisposer`, an unsubscribe function with `[Symbol.dispose]`), whose call is its release.
   */
  dispose?: { sync: boolean; async: boolean; typeName: string; user: boolean; callable: boolean };
  /** "a file descriptor from `fs.openSync`". */
  label: string;
  /**
   * scoped: meant to live for one piece of work (descriptor, handle, pool client, a plain
   * Disposable of the project); active: meant to act after the scope (timer, process, server,
   * socket, stream, watcher, worker, a class that starts work); unknown: a library disposable
   * leakmod knows nothing about.
   */
  nature: "scoped" | "active" | "unknown";
  /** For resources that are not scoped: what to do. */
  advice?: string;
  /** Why leaving it unreleased leaks. */
  leak: string;
  /**
   * Made here only sometimes: what the value is otherwise, as written (`this.queryRunner` in
   * `this.queryRunner ?? ds.createQueryRunner()`, or what a project function returns when it
   * does not create one). Never made `using`: that would release the borrowed one too.
   */
  borrowed?: ts.Expression;
  /**
   * Known as a resource only because this function releases it with one of these methods (a
   * class of the project with `close()`, `dispose()`, `release()` or `destroy()` and no dispose symbol).
   */
  evidence?: readonly string[];
}

/** Ex) `const fd = fs.openSync(p)`: unwraps `await`, parentheses, `as`, `!` down to the call. */
function factoryCallOf(
  init: ts.Expression,
): { call: ts.CallExpression | ts.NewExpression; awaited: boolean } | undefined {
  const { expression: e, awaited } = unwrapAwaited(init);
  return ts.isCallExpression(e) || ts.isNewExpression(e) ? { call: e, awaited } : undefined;
}

/** `this.pool.connect` → `pool.connect`, spaces removed. */
function calleeText(sf: ts.SourceFile, call: ts.CallExpression | ts.NewExpression): string {
  return call.expression
    .getText(sf)
    .replace(/\s+/g, "")
    .replace(/^this\./, "");
}

function textMatches(text: string, callees: readonly string[]): boolean {
  return callees.some((c) => text === c || text.endsWith(`.${c}`));
}

// Ex) `fs.openSync(p)`, `openSync(p)` (any import of node:fs), `await pool.connect()`, a configured `db.acquire()`.
function matchFactory(
  ctx: TransformContext,
  call: ts.CallExpression | ts.NewExpression,
  factories: readonly ResourceFactory[],
): ResourceFactory | undefined {
  const isNew = ts.isNewExpression(call);
  const nameNode = ts.isPropertyAccessExpression(call.expression)
    ? call.expression.name
    : ts.isIdentifier(call.expression)
      ? call.expression
      : undefined;
  if (!nameNode) return undefined;
  const text = calleeText(ctx.sourceFile, call);
  const last = nameNode.text;
  let symbol: ts.Symbol | null | undefined;
  for (const f of factories) {
    if (Boolean(f.construct) !== isNew) continue;
    if (f.node) {
      if (!f.node.some((n) => n.name === last)) continue;
      symbol ??= symbolOf(ctx.checker, nameNode) ?? null;
      const declarations = symbol?.declarations ?? [];
      if (declarations.length > 0) {
        const files = declarations.map((d) => d.getSourceFile().fileName.replace(/\\/g, "/"));
        if (f.node.some((n) => n.name === symbol!.name && files.some((file) => file.endsWith(n.file)))) return f;
        continue; // resolved to something else: a function of the project with the same name
      }
    }
    if (textMatches(text, f.callees)) return f;
  }
  return undefined;
}

/** What the type of the local declares: `[Symbol.dispose]`, `[Symbol.asyncDispose]`. */
function disposeOf(ctx: TransformContext, name: ts.Identifier): Resource["dispose"] {
  const { checker } = ctx;
  const type = checker.getNonNullableType(checker.getTypeAtLocation(name));
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  let sync = false;
  let async = false;
  let user = false;
  for (const p of checker.getPropertiesOfType(type)) {
    const key = p.escapedName as string;
    const isSync = key.startsWith("__@dispose@");
    const isAsync = key.startsWith("__@asyncDispose@");
    if (!isSync && !isAsync) continue;
    if (isSync) sync = true;
    if (isAsync) async = true;
    const file = p.declarations?.[0]?.getSourceFile();
    if (file && !ctx.isLibFile(file) && !file.fileName.includes("/node_modules/")) user = true;
  }
  if (!sync && !async) return undefined;
  // Ex) `str.matchAll(re)`, `map.entries()`, a generator: the lib gives every iterator a `[Symbol.dispose]` (it calls `return()`); no resource.
  if (!user && checker.getPropertyOfType(type, "next") !== undefined) return undefined;
  const typeName = type.aliasSymbol?.name ?? type.getSymbol()?.name ?? typeText(checker, type, 40);
  // Ex) mobx's `IReactionDisposer` (`(): void`): its call is its release. Not a vitest `Mock` of
  // `Object.entries` (`(o: {}) => …`): calling a spy runs it; `[Symbol.dispose]` restores it.
  const callable =
    callableWithoutArguments(type) &&
    type
      .getCallSignatures()
      .every((s) => (s.getReturnType().flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Any)) !== 0);
  return { sync, async, typeName, user, callable };
}

const LEAK_DEFAULT = "its release never runs";

const EMITTER_ADVICE =
  "it reports through events or a stream after this scope, so `using` would stop it early. Release it (`destroy()`, `close()`) where its work ends, or let `stream.pipeline()` do it";

/** "a" or "an" before a word (backticks ignored). */
function article(word: string): string {
  return /^[`]?[aeiou]/i.test(word) ? "an" : "a";
}

function describeFactory(f: ResourceFactory, written: string): { label: string; leak: string } {
  const leaks: Record<string, string> = {
    "file descriptor": "a descriptor stays open until the process exits, and a process has only so many",
    "`FileHandle`":
      "a `FileHandle` stays open until the garbage collector closes it, if it ever runs, and Node warns when it does",
    "directory handle": "an `fs.Dir` stays open until it is garbage-collected, if ever",
    "pool client": "the pool never gets the client back, and runs dry",
    "pool connection": "the pool never gets the connection back, and runs dry",
  };
  return { label: `${article(f.what)} ${f.what} from \`${written}\``, leak: leaks[f.what] ?? LEAK_DEFAULT };
}

/** What every resource of a declaration shares, before what it is is known. */
type ResourceBase = Omit<Resource, "label" | "leak" | "nature">;

/** The local as a resource, or undefined when it is none. */
export function resourceOf(
  ctx: TransformContext,
  statement: ts.VariableStatement,
  decl: ts.VariableDeclaration,
  factories: readonly ResourceFactory[],
): Resource | undefined {
  if (!ts.isIdentifier(decl.name) || !decl.initializer) return undefined;
  const container = statement.parent;
  if (!ts.isBlock(container) && !ts.isSourceFile(container)) return undefined;
  // Ex) `const fd = fs.openSync(p)`; `const qr = this.queryRunner ?? ds.createQueryRunner()` (made here only sometimes).
  const origin = originOf(decl.initializer);
  if (!origin) return undefined;
  const { call } = origin;
  const awaited = factoryCallOf(decl.initializer)?.awaited ?? ts.isAwaitExpression(climbOuterExpressions(call).parent);
  const base: ResourceBase = {
    name: decl.name.text,
    decl: decl as Resource["decl"],
    statement,
    container,
    fn: enclosingFunction(statement),
    call,
  };
  // Ex) `static { const fd = … }`: a class static block allows no `await` and is rarely worth it.
  if (
    ts.findAncestor(statement, (n) => ts.isClassStaticBlockDeclaration(n) || ts.isFunctionLike(n))?.kind ===
    ts.SyntaxKind.ClassStaticBlockDeclaration
  )
    return undefined;
  const factory = matchFactory(ctx, call, factories);
  const resource = factory ? factoryResource(ctx, base, factory, awaited) : typedResource(ctx, base);
  if (!resource) return undefined;
  // Only now, for a resource: following the callee into the project costs a checker question.
  const borrowed = origin.borrowed ?? borrowedThroughCall(ctx, call);
  return borrowed ? { ...resource, borrowed } : resource;
}

/** Ex) `const fd = fs.openSync(p)`: made by a factory of the resource table or of the config. */
function factoryResource(
  ctx: TransformContext,
  base: ResourceBase,
  factory: ResourceFactory,
  awaited: boolean,
): Resource | undefined {
  const { checker } = ctx;
  const { decl, call } = base;
  // Ex) `const p = fs.promises.open(f)`: a promise of a handle, not the handle.
  if (!awaited && isThenable(checker, checker.getTypeAtLocation(decl.name))) return undefined;
  // Ex) `pool.connect((err, client) => …)`: the callback form returns nothing to release.
  if (factory.scoped && call.arguments?.some((a) => isFunctionArgument(checker, a))) return undefined;
  const dispose = disposeOf(ctx, decl.name);
  const { label, leak } = describeFactory(factory, calleeText(ctx.sourceFile, call));
  return {
    ...base,
    factory,
    ...(dispose ? { dispose } : {}),
    label,
    leak,
    nature: factory.scoped ? "scoped" : "active",
    ...(factory.advice ? { advice: factory.advice } : {}),
  };
}

/** A value whose type has `[Symbol.dispose]`/`[Symbol.asyncDispose]`, or a project class this function releases. */
function typedResource(ctx: TransformContext, base: ResourceBase): Resource | undefined {
  const { name, call, container, statement, decl } = base;
  const worth = worthAskingTheType(ctx, name, call, container, statement);
  const releasedHere = (fileClues(ctx.sourceFile).released.get(name) ?? []).some(
    (pos) => pos >= container.pos && pos < container.end,
  );
  if (!worth && !releasedHere) return undefined;
  const dispose = worth ? disposeOf(ctx, decl.name) : undefined;
  // Ex) `const env = createEnvironment(); await env.init(); try { … } finally { await env.close(); }`
  if (!dispose) return releasedHere ? evidenceResource(ctx, base, decl.name) : undefined;
  // Ex) `const stop = autorun(() => …)`, `const off = store.subscribe(fn)`: a disposer function stops
  // work that was started to go on after this scope (a reaction, a subscription), like a timer.
  if (dispose.callable) return disposerResource(base, dispose);
  // Ex) `const app = new App(); app.start();`: a class that starts work (or takes listeners) may be meant to outlive its creator.
  if (dispose.user) return projectDisposable(ctx, base, dispose);
  // Ex) `const hash = crypto.createHash("sha1"); hash.update(s); return hash.digest("hex");`: a stream
  // by type, but it holds no OS resource (piped or listened to, it escapes anyway).
  if (holdsNoResource(ctx.checker.getNonNullableType(ctx.checker.getTypeAtLocation(decl.name)))) return undefined;
  return libraryDisposable(ctx, base, dispose);
}

type Dispose = NonNullable<Resource["dispose"]>;

function memberOf(dispose: Dispose): string {
  return dispose.sync ? "[Symbol.dispose]" : "[Symbol.asyncDispose]";
}

/** Ex) `const stop = autorun(() => …)`: a function with `[Symbol.dispose]`, whose call stops work meant to go on. */
function disposerResource(base: ResourceBase, dispose: Dispose): Resource {
  const { name } = base;
  return {
    ...base,
    dispose,
    label: `a disposer function of type \`${dispose.typeName}\`, which has \`${memberOf(dispose)}\``,
    leak: "the work it stops goes on",
    nature: "active",
    advice: `calling \`${name}\` stops work that was started to go on after this scope (a reaction, a subscription), so \`using\` would stop it when the scope ends. Call it where that work should end; if the work belongs to this block, declare it with \`using\``,
  };
}

/** Ex) `const conn = new Connection()` of a class of the project with `[Symbol.dispose]`; active when it has a method that starts work. */
function projectDisposable(ctx: TransformContext, base: ResourceBase, dispose: Dispose): Resource {
  const { checker } = ctx;
  const member = memberOf(dispose);
  const type = checker.getNonNullableType(checker.getTypeAtLocation(base.decl.name));
  const active = ACTIVE_METHODS.find((m) => checker.getPropertyOfType(type, m) !== undefined);
  return {
    ...base,
    dispose,
    label: `${article(dispose.typeName)} \`${dispose.typeName}\`, which has \`${member}\``,
    leak: `its \`${member}\` never runs`,
    nature: active ? "active" : "scoped",
    ...(active
      ? {
          advice: `\`${dispose.typeName}\` has a \`${active}\` method, so it may be meant to work after this scope, and \`using\` would dispose it when the scope ends. If it belongs to this block, declare it with \`using\`; otherwise dispose it where its work ends`,
        }
      : {}),
  };
}

/** A disposable of a library: scoped when leakmod knows the type as such, active when it acts through events, else unknown. */
function libraryDisposable(ctx: TransformContext, base: ResourceBase, dispose: Dispose): Resource {
  const { checker } = ctx;
  const member = memberOf(dispose);
  const scoped = SCOPED_LIBRARY_TYPES.has(dispose.typeName);
  // Ex) a `PassThrough`, an `http2.Http2Server`: an emitter or a stream of a library acts through events after the scope.
  const known =
    LIBRARY_TYPE_ADVICE.get(dispose.typeName) ??
    (!scoped && isLive(checker, checker.getTypeAtLocation(base.decl.name))
      ? { what: "emitter", advice: EMITTER_ADVICE }
      : undefined);
  const nature = scoped ? "scoped" : known ? "active" : "unknown";
  return {
    ...base,
    dispose,
    label: known
      ? `${article(known.what)} ${known.what}, ${article(dispose.typeName)} \`${dispose.typeName}\``
      : `${article(dispose.typeName)} \`${dispose.typeName}\`, which has \`${member}\``,
    leak: scoped ? "it stays open until the garbage collector closes it, if it ever runs" : LEAK_DEFAULT,
    nature,
    ...(!scoped
      ? {
          advice:
            known?.advice ??
            `\`${dispose.typeName}\` comes from a library and leakmod cannot tell whether it belongs to this block: if it does, declare it with \`using\`; otherwise release it where its work ends`,
        }
      : {}),
  };
}

/** A type declared (every part of it) in a file of @types/node whose classes hold no OS resource: crypto's `Hash`, `Cipheriv`… */
function holdsNoResource(type: ts.Type): boolean {
  const declarations = (type.isUnion() ? type.types : [type]).flatMap((t) => t.getSymbol()?.declarations ?? []);
  return (
    declarations.length > 0 &&
    declarations.every((d) => {
      const file = d.getSourceFile().fileName.replace(/\\/g, "/");
      return NO_RESOURCE_NODE_FILES.some((f) => file.endsWith(f));
    })
  );
}

/** Release methods that make a class of the project a resource when the function that creates an instance also calls one. */
const EVIDENCE_METHODS = ["close", "dispose", "release", "destroy"];

/**
 * Ex) `const environment = createRunnableDevEnvironment(…)` of a project class with `close()`
 * and no dispose symbol, closed by the same function: a resource by that evidence (`judge`
 * checks that a release of this function calls one of the methods). Its fixes keep the exact
 * call in an inline disposable.
 */
function evidenceResource(ctx: TransformContext, base: ResourceBase, name: ts.Identifier): Resource | undefined {
  const { checker } = ctx;
  const type = checker.getNonNullableType(checker.getTypeAtLocation(name));
  if (!(type.flags & ts.TypeFlags.Object) || type.getCallSignatures().length > 0) return undefined;
  // Ex) `const provider = this.registrations.get(id)`: handed out, not made here.
  if (!makesNewValue(ctx, base.call)) return undefined;
  // Ex) `{ signal, abort, dispose }` from a helper: an object literal's `dispose` says less than a class's `close()`.
  const symbol = type.getSymbol();
  if (!symbol || !(symbol.flags & ts.SymbolFlags.Class)) return undefined;
  const methods = EVIDENCE_METHODS.filter((m) => {
    const p = checker.getPropertyOfType(type, m);
    const file = p?.declarations?.[0]?.getSourceFile();
    if (!p || !file || ctx.isLibFile(file) || file.fileName.includes("/node_modules/")) return false;
    return checker.getTypeOfSymbol(p).getCallSignatures().length > 0;
  });
  if (methods.length === 0) return undefined;
  const typeName = type.aliasSymbol?.name ?? type.getSymbol()?.name ?? typeText(checker, type, 40);
  return {
    ...base,
    evidence: methods,
    label: `${article(typeName)} \`${typeName}\`, which this function releases with \`${methods.join("()`/`")}()\``,
    leak: `its \`${methods[0]}()\` never runs`,
    nature: "scoped",
  };
}
