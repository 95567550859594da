/**
 * ## What it does
 * Finds local resources — values with `[Symbol.dispose]`/`[Symbol.asyncDispose]` (the checker
 * says), or made by a factory of the resource table (`fs.openSync`, `fs.promises.open`,
 * `opendirSync`, `pool.connect`, … and the project's `leakmod.config.json`) — and releases them
 * with `using` / `await using`:
 * 1. released by the last statement of the `finally` right after the declaration (past
 *    declarations that cannot throw): `using`, the `try` goes (or shrinks, or gets a block);
 * 2. released on the happy path only, or in the `finally` of a later `try`, maybe also right
 *    before a `return`/`throw`: `using`, the releases go;
 * 3. never released, scoped by nature, and never leaving the block: `using`.
 *
 * ## Why is this bad?
 * A descriptor, a file handle or a pool client that an exception (or an early `return`) skips
 * past stays open: descriptors run out, pools run dry. `using` releases the resource on every
 * exit of its block, in reverse order of declaration, like a `finally` that cannot be forgotten.
 *
 * ## Example
 * ```ts
 * const fd = fs.openSync(p, "r");
 * const sum = crc(fs.readFileSync(fd));
 * fs.closeSync(fd);
 * return sum;
 * ```
 * ## Use instead
 * ```ts
 * const fd = fs.openSync(p, "r");
 * using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
 * const sum = crc(fs.readFileSync(fd));
 * return sum;
 * ```
 * The inline disposable keeps the exact release call wherever the value's own
 * `[Symbol.dispose]` is not known to do the same (a descriptor is a number; a pool client has
 * none); where it is (`FileHandle.close()`), the declaration itself becomes `await using`.
 *
 * ## Not rewritten
 * A resource that escapes (returned, assigned, stored in a field or collection, captured by a
 * closure, passed to an unknown function, given a callback, piped, chained with `.then()`);
 * timers, child processes, servers, sockets, streams, watchers and workers that nothing
 * releases (they exist to act after the scope); a release inside a conditional or a callback,
 * or on several paths; a module-level resource; and every file when the project lacks what
 * `using` needs (see support.ts). All of these are reported `manual` with advice.
 */
import { ts } from "ts-morph";
import { isJsFileName } from "../../engine/files.js";
import type { Applicability, FindingKind, ProjectFacts, TransformContext } from "../../engine/types.js";
import {
  configFactories,
  GENERIC_CLEANUP_FUNCTIONS,
  GENERIC_CLEANUP_METHODS,
  LIBRARY_TYPE_ADVICE,
  NO_RESOURCE_NODE_FILES,
  RESOURCE_TABLE,
  SCOPED_LIBRARY_TYPES,
  type ResourceFactory,
} from "./resources.js";
import {
  climbOuterExpressions,
  enclosingFunction,
  hasModifier,
  lineOfNode,
  symbolOf,
  typeText,
  walk,
} from "../util/ast.js";
import { SourceLayout } from "../util/edit-builder.js";
import { materialize, type FixPlan, type Form } from "./edits.js";
import {
  borrowedThroughCall,
  cannotThrowStatement,
  finallyHolding,
  makesNewValue,
  originOf,
  unwrapAwaited,
} from "./ownership.js";
import { projectSupport } from "./support.js";
import { finallyCleanup, partialCleanup, unreleasedResource } from "./kinds.js";

/** A local that holds a resource. */
interface Resource {
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

/** A call that releases the resource. */
interface Cleanup {
  call: ts.CallExpression;
  awaited: boolean;
  /** The statement that is only this cleanup (`fs.closeSync(fd);`, `await fh.close();`), if it is one. */
  statement?: ts.ExpressionStatement;
  /** `x[Symbol.dispose]()` / `x[Symbol.asyncDispose]()`, or the factory's cleanup when the value's own dispose is that cleanup. */
  native: boolean;
}

type Use =
  | { kind: "cleanup"; ref: ts.Identifier; cleanup: Cleanup }
  | { kind: "use"; ref: ts.Identifier; iteratedAsync?: boolean }
  | { kind: "managed"; ref: ts.Identifier }
  | { kind: "escape"; ref: ts.Identifier; node: ts.Node; detail: string };

interface Verdict {
  kind: FindingKind;
  applicability: Applicability;
  message: string;
  plan?: FixPlan;
  /** Fix description. */
  description?: string;
}

const TIMER_CLEARS = new Set(["clearTimeout", "clearInterval", "clearImmediate"]);
const CHAIN_METHODS = new Set(["pipe", "then", "catch", "finally"]);

// ---------------------------------------------------------------------------------------------
// Finding resources

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

/** An argument that is a function: an arrow, a function expression, or a value the checker says is callable. */
function isFunctionArgument(checker: ts.TypeChecker, arg: ts.Expression): boolean {
  if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) return true;
  if (ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg)) {
    return checker.getTypeAtLocation(arg).getCallSignatures().length > 0;
  }
  return false;
}

/** Methods of values that act later: streams, emitters, observables, event targets. */
const LIVE_MEMBERS = ["pipe", "pipeTo", "on", "once", "addListener", "addEventListener", "subscribe"];

/** Ex) a `ReadStream`, a readline `Interface`, an `EventEmitter`: something that acts after the line that makes it. */
function isLive(checker: ts.TypeChecker, type: ts.Type): boolean {
  const t = checker.getNonNullableType(type);
  if (t.isUnion()) return t.types.every((u) => isLive(checker, u));
  if (!(t.flags & ts.TypeFlags.Object)) return false;
  return LIVE_MEMBERS.some((m) => checker.getPropertyOfType(t, m) !== undefined);
}

/** Methods that start work which goes on after the call: a class with one of them may be meant to outlive its creator. */
const ACTIVE_METHODS = ["start", "listen", "run", "serve", "spawn", "watch", "schedule", "poll", ...LIVE_MEMBERS];

function isThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  const then = checker.getPropertyOfType(checker.getNonNullableType(type), "then");
  return then !== undefined && checker.getTypeOfSymbol(then).getCallSignatures().length > 0;
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
  const callable = type.getCallSignatures().length > 0;
  return { sync, async, typeName, user, callable };
}

// Ex) `const r = new Resource()`, a `try` with `finally` right after, `r.close()` in the block,
// or a call in a program that speaks of `dispose`: only then is the checker asked about the local's type.
function worthAskingTheType(
  ctx: TransformContext,
  name: string,
  call: ts.CallExpression | ts.NewExpression,
  container: ts.Block | ts.SourceFile,
  statement: ts.VariableStatement,
): boolean {
  const clues = fileClues(ctx.sourceFile);
  // Ex) `const qr = this.createQueryRunner()` whose type declares `[Symbol.asyncDispose]` in
  // another file: a call's type can come from any file of the program, so only a program where
  // no file but the default library speaks of disposing can skip the question.
  if (!ts.isNewExpression(call) && programSpeaksOfDispose(ctx)) return true;
  if (ts.isNewExpression(call)) {
    const target = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
    const symbol = symbolOf(ctx.checker, target);
    const declarations = symbol?.declarations ?? [];
    if (declarations.every((d) => ctx.isLibFile(d.getSourceFile()))) return false;
    // Ex) `new Parser(text)` of a class (and base classes) declared in files that never
    // mention `Symbol.dispose`: it cannot be disposable, no need to ask its type.
    return declarations.some((d) => mayBeDisposableClass(ctx, d, 0));
  }
  const next = container.statements[container.statements.indexOf(statement as ts.Statement) + 1];
  if (next && ts.isTryStatement(next) && next.finallyBlock) return true;
  // Released in the same block (`name.close()`, `name[Symbol.dispose]()`, `clearTimeout(name)`):
  // one scan of the file collects every such name and place, instead of one scan per declaration.
  return (clues.released.get(name) ?? []).some((pos) => pos >= container.pos && pos < container.end);
}

const DISPOSE_MENTION = /\bSymbol\.(?:async)?[dD]ispose\b|\b(?:Async)?Disposable\b|\.dispose\s*\(/;

/** Whether a class (or what it extends) may have `[Symbol.dispose]`: a text test on the files declaring them. */
function mayBeDisposableClass(ctx: TransformContext, d: ts.Declaration, depth: number): boolean {
  if (!ts.isClassLike(d) || depth > 5) return true;
  if (DISPOSE_MENTION.test(d.getSourceFile().text)) return true;
  const base = d.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!base) return false;
  const symbol = symbolOf(
    ctx.checker,
    ts.isPropertyAccessExpression(base.expression) ? base.expression.name : base.expression,
  );
  const declarations = symbol?.declarations ?? [];
  // Ex) `class X extends Data.Class<…>()`: a base made by a call cannot be followed.
  if (declarations.length === 0) return true;
  return declarations.some((b) => mayBeDisposableClass(ctx, b, depth + 1));
}

const programClues = new WeakMap<ts.Program, boolean>();

/** Whether a file of the program other than the default library mentions disposing (`dispose`, `Disposable`…). */
function programSpeaksOfDispose(ctx: TransformContext): boolean {
  let speaks = programClues.get(ctx.program);
  if (speaks === undefined) {
    speaks = ctx.program.getSourceFiles().some((f) => !ctx.isLibFile(f) && /[dD]ispos/.test(f.text));
    programClues.set(ctx.program, speaks);
  }
  return speaks;
}

interface FileClues {
  /** Names released somewhere in the file, with where. */
  released: Map<string, number[]>;
}

const cluesCache = new WeakMap<ts.SourceFile, FileClues>();

function fileClues(sf: ts.SourceFile): FileClues {
  let clues = cluesCache.get(sf);
  if (clues) return clues;
  const text = sf.text;
  const released = new Map<string, number[]>();
  const methods = [...GENERIC_CLEANUP_METHODS].join("|");
  const patterns = [
    new RegExp(`([\\w$]+)\\s*(?:\\?\\.|\\.)\\s*(?:${methods})\\s*\\(`, "g"),
    /([\w$]+)\s*\[\s*Symbol\./g,
    new RegExp(`\\b(?:${[...TIMER_CLEARS].join("|")})\\s*\\(\\s*([\\w$]+)`, "g"),
  ];
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) released.set(m[1]!, [...(released.get(m[1]!) ?? []), m.index]);
  }
  clues = { released };
  cluesCache.set(sf, clues);
  return clues;
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

/** The local as a resource, or undefined when it is none. */
function resourceOf(
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
  const name = decl.name.text;
  const { checker } = ctx;
  const borrowed = origin.borrowed ?? borrowedThroughCall(ctx, call);
  const base = {
    name,
    decl: decl as Resource["decl"],
    statement,
    container,
    fn: enclosingFunction(statement),
    call,
    ...(borrowed ? { borrowed } : {}),
  };
  // Ex) `static { const fd = … }`: a class static block allows no `await` and is rarely worth it.
  if (
    ts.findAncestor(statement, (n) => ts.isClassStaticBlockDeclaration(n) || ts.isFunctionLike(n))?.kind ===
    ts.SyntaxKind.ClassStaticBlockDeclaration
  )
    return undefined;
  const factory = matchFactory(ctx, call, factories);
  if (factory) {
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
  const worth = worthAskingTheType(ctx, name, call, container, statement);
  const releasedHere = (fileClues(ctx.sourceFile).released.get(name) ?? []).some(
    (pos) => pos >= container.pos && pos < container.end,
  );
  if (!worth && !releasedHere) return undefined;
  const dispose = worth ? disposeOf(ctx, decl.name) : undefined;
  // Ex) `const env = createEnvironment(); await env.init(); try { … } finally { await env.close(); }`
  if (!dispose) return releasedHere ? evidenceResource(ctx, base, decl.name) : undefined;
  const member = dispose.sync ? "[Symbol.dispose]" : "[Symbol.asyncDispose]";
  // Ex) `const stop = autorun(() => …)`, `const off = store.subscribe(fn)`: a disposer function stops
  // work that was started to go on after this scope (a reaction, a subscription), like a timer.
  if (dispose.callable) {
    return {
      ...base,
      dispose,
      label: `a disposer function of type \`${dispose.typeName}\`, which has \`${member}\``,
      leak: "the work it stops goes on",
      nature: "active",
      advice: `calling \`${name}\` stops work that was started to go on after this scope (a reaction, a subscription), so \`using\` would stop it when the scope ends. Call it where that work should end; if the work belongs to this block, declare it with \`using\``,
    };
  }
  if (dispose.user) {
    // Ex) `const app = new App(); app.start();`: a class that starts work (or takes listeners) may be meant to outlive its creator.
    const type = checker.getNonNullableType(checker.getTypeAtLocation(decl.name));
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
  // Ex) `const hash = crypto.createHash("sha1"); hash.update(s); return hash.digest("hex");`: a stream
  // by type, but it holds no OS resource (piped or listened to, it escapes anyway).
  if (holdsNoResource(checker.getNonNullableType(checker.getTypeAtLocation(decl.name)))) return undefined;
  const scoped = SCOPED_LIBRARY_TYPES.has(dispose.typeName);
  // Ex) a `PassThrough`, an `http2.Http2Server`: an emitter or a stream of a library acts through events after the scope.
  const known =
    LIBRARY_TYPE_ADVICE.get(dispose.typeName) ??
    (!scoped && isLive(checker, checker.getTypeAtLocation(decl.name))
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
function evidenceResource(
  ctx: TransformContext,
  base: Omit<Resource, "label" | "leak" | "nature">,
  name: ts.Identifier,
): Resource | undefined {
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

// ---------------------------------------------------------------------------------------------
// Uses of a resource

function references(ctx: TransformContext, r: Resource): ts.Identifier[] {
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
  const expr = climbOuterExpressions(ref);
  const parent = expr.parent;
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
  let call: ts.CallExpression | undefined;
  let native = false;
  if (
    ts.isPropertyAccessExpression(parent) &&
    parent.expression === expr &&
    ts.isCallExpression(parent.parent) &&
    parent.parent.expression === parent
  ) {
    if (methods.has(parent.name.text)) {
      call = parent.parent;
      native = Boolean(r.factory?.nativeDispose);
    }
  } else if (
    ts.isElementAccessExpression(parent) &&
    parent.expression === expr &&
    ts.isCallExpression(parent.parent) &&
    parent.parent.expression === parent
  ) {
    if (
      isSymbolMember(parent.argumentExpression, "dispose") ||
      isSymbolMember(parent.argumentExpression, "asyncDispose")
    ) {
      call = parent.parent;
      native = true;
    }
  } else if (ts.isCallExpression(parent) && parent.expression === expr) {
    // Ex) `stop()`: a disposer function's call is its release.
    if (r.dispose?.callable && parent.arguments.length === 0) call = parent;
  } else if (ts.isCallExpression(parent) && parent.arguments[0] === expr) {
    const callee = parent.expression;
    const last = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : undefined;
    if (last !== undefined && functions.has(last)) call = parent;
  }
  if (!call) return undefined;
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

function shortText(sf: ts.SourceFile, node: ts.Node, max = 40): string {
  const text = node.getText(sf).replace(/\s+/g, " ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Classifies one reference to the resource. */
function classify(ctx: TransformContext, ref: ts.Identifier, r: Resource): Use {
  const { checker, sourceFile: sf } = ctx;
  const at = (node: ts.Node, detail: string, tail?: string): Use => ({
    kind: "escape",
    ref,
    node,
    detail: `${detail} (line ${lineOfNode(sf, node)})${tail ? `, ${tail}` : ""}`,
  });
  if (insideUsingInitializer(ref)) return { kind: "managed", ref };
  const cleanup = cleanupAt(ref, r);
  if (cleanup) return { kind: "cleanup", ref, cleanup };
  // Ex) `setTimeout(() => fs.readSync(fd, buf))`: a closure may run after the block is left.
  if (enclosingFunction(ref) !== r.fn) return at(ref, "it is captured by a closure");
  const expr = climbOuterExpressions(ref);
  const parent = expr.parent;
  if (ts.isTypeQueryNode(parent)) return { kind: "use", ref };
  // Ex) `fh.readFile("utf8")`, `dir.readSync()`, `s.on("data", cb)`, `r.pipe(w)`, `fh.read().then(…)`
  if (ts.isPropertyAccessExpression(parent) && parent.expression === expr) {
    const method = parent.name.text;
    const call = parent.parent;
    if (ts.isCallExpression(call) && call.expression === parent) {
      if (CHAIN_METHODS.has(method)) return at(call, `it is chained with \`.${method}()\``);
      if (call.arguments.some((a) => isFunctionArgument(checker, a)))
        return at(call, `it is given a callback (\`${shortText(sf, call)}\`)`);
      const outer = climbOuterExpressions(call);
      const awaited = ts.isAwaitExpression(outer.parent);
      if (!awaited && isThenable(checker, checker.getTypeAtLocation(call))) {
        return at(call, `\`${shortText(sf, call)}\` is not awaited`, "so it may still run after the block");
      }
      const used = awaited ? climbOuterExpressions(outer.parent) : outer;
      if (!ts.isExpressionStatement(used.parent)) {
        const resultType = checker.getTypeAtLocation(used);
        if (resultType === checker.getTypeAtLocation(ref))
          return at(call, `\`${shortText(sf, call)}\` returns it again`);
        // Ex) `fh.createReadStream()`, `fh.readLines()`: a stream or emitter made from it may outlive the block.
        if (isLive(checker, resultType))
          return at(
            call,
            `\`${shortText(sf, call)}\` makes a \`${checker.typeToString(resultType)}\` from it`,
            "which may outlive the block",
          );
      }
      const iteratedAsync =
        method === "entries" && ts.isForOfStatement(used.parent) && used.parent.awaitModifier !== undefined;
      return { kind: "use", ref, ...(iteratedAsync ? { iteratedAsync } : {}) };
    }
    // Ex) `const read = fh.read`: a method taken away may be called later.
    if (checker.getTypeAtLocation(parent).getCallSignatures().length > 0 && !ts.isCallExpression(parent.parent)) {
      return at(parent, `its method \`${method}\` is taken`);
    }
    return { kind: "use", ref };
  }
  if (ts.isElementAccessExpression(parent) && parent.expression === expr) return { kind: "use", ref };
  // Ex) `for await (const entry of dir)`
  if (ts.isForOfStatement(parent) && parent.expression === expr)
    return { kind: "use", ref, iteratedAsync: parent.awaitModifier !== undefined };
  // Ex) `fs.readSync(fd, buf)`, `console.log(fd)`; `register(fd)` may keep it.
  if (
    (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
    parent.arguments?.includes(expr as ts.Expression)
  ) {
    if (ts.isCallExpression(parent) && isKnownConsumer(ctx, parent.expression)) {
      if (parent.arguments.some((a) => isFunctionArgument(checker, a)))
        return at(parent, `it is used by \`${shortText(sf, parent.expression)}\` with a callback`);
      const outer = climbOuterExpressions(parent);
      if (!ts.isAwaitExpression(outer.parent) && isThenable(checker, checker.getTypeAtLocation(parent))) {
        return at(parent, `\`${shortText(sf, parent)}\` is not awaited`, "so it may still run after the block");
      }
      return { kind: "use", ref };
    }
    const what = ts.isNewExpression(parent)
      ? `new ${shortText(sf, parent.expression)}`
      : shortText(sf, parent.expression);
    return at(parent, `it is passed to \`${what}\``, "which may keep it");
  }
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === expr))
    return at(parent, "it is returned");
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  ) {
    return parent.left === expr
      ? at(parent, "it is reassigned")
      : at(parent, `it is assigned to \`${shortText(sf, parent.left)}\``);
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    const op = parent.operator;
    if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken)
      return at(parent, "it is reassigned");
    return { kind: "use", ref };
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === expr)
    return at(parent, `it is aliased as \`${shortText(sf, parent.name)}\``);
  if (
    ts.isPropertyAssignment(parent) ||
    ts.isShorthandPropertyAssignment(parent) ||
    ts.isArrayLiteralExpression(parent) ||
    ts.isSpreadElement(parent)
  ) {
    return at(parent, "it is stored in an object or array");
  }
  if (
    ts.isTemplateSpan(parent) ||
    ts.isTypeOfExpression(parent) ||
    ts.isVoidExpression(parent) ||
    ts.isDeleteExpression(parent)
  )
    return { kind: "use", ref };
  // Ex) `fd < 0`, `fd === other`, `handle * 2`: a comparison or arithmetic makes a new value; `a ?? fd`, `a || fd`, `(x, fd)` pass it on.
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    const passesOn = [
      ts.SyntaxKind.AmpersandAmpersandToken,
      ts.SyntaxKind.BarBarToken,
      ts.SyntaxKind.QuestionQuestionToken,
      ts.SyntaxKind.CommaToken,
    ];
    if (!passesOn.includes(op)) return { kind: "use", ref };
  }
  if (
    (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) &&
    parent.expression === expr
  )
    return { kind: "use", ref };
  if (ts.isConditionalExpression(parent) && parent.condition === expr) return { kind: "use", ref };
  if (ts.isExpressionStatement(parent)) return { kind: "use", ref };
  if (ts.isAwaitExpression(parent)) return at(parent, "it is awaited as a value");
  if (ts.isYieldExpression(parent)) return at(parent, "it is yielded");
  if (ts.isThrowStatement(parent)) return at(parent, "it is thrown");
  if (ts.isExportSpecifier(parent) || ts.isExportAssignment(parent)) return at(parent, "it is exported");
  return at(parent, `it is used as \`${shortText(sf, parent)}\``);
}

// ---------------------------------------------------------------------------------------------
// Shapes

function statementsOf(container: ts.Block | ts.SourceFile): readonly ts.Statement[] {
  return container.statements;
}

/** Ex) `let result: Output;`, `let n = 0;`: a declaration that cannot throw. */
function isInert(statement: ts.Statement): boolean {
  if (ts.isEmptyStatement(statement)) return true;
  if (!ts.isVariableStatement(statement) || statement.declarationList.flags & ts.NodeFlags.Using) return false;
  return statement.declarationList.declarations.every((d) => {
    const init = d.initializer;
    if (!init) return ts.isIdentifier(d.name);
    return (
      ts.isStringLiteral(init) ||
      ts.isNumericLiteral(init) ||
      ts.isBigIntLiteral(init) ||
      ts.isNoSubstitutionTemplateLiteral(init) ||
      init.kind === ts.SyntaxKind.TrueKeyword ||
      init.kind === ts.SyntaxKind.FalseKeyword ||
      init.kind === ts.SyntaxKind.NullKeyword
    );
  });
}

/**
 * The statement after the declaration, past declarations that cannot throw.
 * Ex) `const bundle = await rolldown(o); let result: Output; try { … } finally { await bundle.close(); }`
 */
function nextAfterInert(
  container: ts.Block | ts.SourceFile,
  statement: ts.Statement,
): { next: ts.Statement | undefined; between: ts.Statement[] } {
  const statements = statementsOf(container);
  const between: ts.Statement[] = [];
  let i = statements.indexOf(statement) + 1;
  while (i < statements.length && isInert(statements[i]!)) between.push(statements[i++]!);
  return { next: statements[i], between };
}

/** Ex) `finally { if (done) return; fs.closeSync(fd); }`: a jump that may skip the cleanup. */
function hasJump(statements: readonly ts.Statement[]): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) || ts.isBreakStatement(n) || ts.isContinueStatement(n) || ts.isThrowStatement(n)) {
      found = n;
      return;
    }
    ts.forEachChild(n, visit);
  };
  for (const s of statements) visit(s);
  return found;
}

/** Names a statement declares in its block: `const a`, `let { b }`, `function c`, `class D`. */
function declaredNames(statement: ts.Statement): string[] {
  const names: string[] = [];
  const fromBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const e of name.elements) if (!ts.isOmittedExpression(e)) fromBinding(e.name);
  };
  if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) fromBinding(d.name);
  else if (
    (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
    statement.name
  ) {
    names.push(statement.name.text);
  }
  return names;
}

/** Identifier texts in `nodes`. */
function identifierTexts(nodes: readonly ts.Node[]): Set<string> {
  const texts = new Set<string>();
  for (const node of nodes) {
    if (ts.isIdentifier(node)) texts.add(node.text);
    walk(node, (n) => {
      if (ts.isIdentifier(n)) texts.add(n.text);
    });
  }
  return texts;
}

/**
 * Ex) `try { const data = read(fd); … }` joining a block that already says `data` (a
 * parameter, an earlier declaration, an outer variable used before the `try`): the body must
 * keep a block of its own.
 */
function bodyClashes(r: Resource, tryStatement: ts.TryStatement): boolean {
  const bodyNames = tryStatement.tryBlock.statements.flatMap(declaredNames);
  if (bodyNames.length === 0) return false;
  const others = statementsOf(r.container).filter((s) => s !== tryStatement);
  const seen = identifierTexts(others);
  if (ts.isBlock(r.container) && r.fn && r.container === (r.fn as ts.FunctionLikeDeclaration).body) {
    for (const p of r.fn.parameters) for (const t of identifierTexts([p.name])) seen.add(t);
  }
  return bodyNames.some((n) => seen.has(n));
}

/** The statement starts its first line and ends its last one (a trailing `//` comment allowed). */
function isAloneOnLines(sf: ts.SourceFile, statement: ts.Statement): boolean {
  const layout = new SourceLayout(sf);
  return layout.firstOnLine(statement.getStart(sf)) && layout.restOfLineEmpty(statement.end);
}

function isAsyncContext(r: Resource): boolean {
  return r.fn !== undefined && hasModifier(r.fn, ts.SyntaxKind.AsyncKeyword);
}

/** Whether `let x` is ever assigned again. */
function isReassigned(uses: readonly Use[]): boolean {
  return uses.some((u) => u.kind === "escape" && /^it is reassigned/.test(u.detail));
}

// ---------------------------------------------------------------------------------------------
// Forms of `using`

/**
 * A fresh name for the inline disposable: `_fd`, `_fd2`, … — not written anywhere in the
 * declaring function (so it neither clashes with nor shadows a name used there), nor given to
 * another disposable of that function.
 */
function disposerName(sf: ts.SourceFile, r: Resource, taken: Map<ts.Node, Set<string>>): string {
  const scope: ts.Node = r.fn ?? sf;
  const text = scope.getText(sf);
  const used = taken.get(scope) ?? new Set<string>();
  taken.set(scope, used);
  for (let i = 1; ; i++) {
    const candidate = `_${r.name}${i === 1 ? "" : i}`;
    if (used.has(candidate)) continue;
    if (new RegExp(`(^|[^\\w$])${candidate.replace(/\$/g, "\\$")}($|[^\\w$])`).test(text)) continue;
    used.add(candidate);
    return candidate;
  }
}

/** `using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };` around an exact release call. */
function inlineForm(
  ctx: TransformContext,
  r: Resource,
  callText: string,
  awaited: boolean,
  promiseLike: boolean,
  taken: Map<ts.Node, Set<string>>,
  block = false,
): Form {
  const variable = disposerName(ctx.sourceFile, r, taken);
  const body = block ? `{ ${callText} }` : callText;
  const text = awaited
    ? `await using ${variable} = { [Symbol.asyncDispose]: ${promiseLike ? "" : "async "}() => ${body} };`
    : `using ${variable} = { [Symbol.dispose]: () => ${body} };`;
  return { kind: "inline", text };
}

/**
 * Ex) `const fh = await open(p)` → `await using fh = await open(p)`: the declaration itself,
 * when its own dispose is the cleanup and the keyword can change (one declarator, never reassigned).
 */
function canBeNative(r: Resource, uses: readonly Use[]): boolean {
  const list = r.statement.declarationList;
  if (list.declarations.length !== 1) return false;
  if (!(list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) return false;
  return !isReassigned(uses);
}

function formForCleanup(
  ctx: TransformContext,
  r: Resource,
  uses: readonly Use[],
  c: Cleanup,
  taken: Map<ts.Node, Set<string>>,
): Form {
  if (c.native && canBeNative(r, uses) && (c.awaited ? r.dispose?.async : r.dispose?.sync)) {
    return { kind: "native", keyword: c.awaited ? "await using" : "using" };
  }
  const promiseLike = c.awaited && isThenable(ctx.checker, ctx.checker.getTypeAtLocation(c.call));
  return inlineForm(ctx, r, c.call.getText(ctx.sourceFile).trim(), c.awaited, promiseLike, taken);
}

// ---------------------------------------------------------------------------------------------
// The rule

interface FileState {
  factories: readonly ResourceFactory[];
  blocker: string | undefined;
  taken: Map<ts.Node, Set<string>>;
  /** Cleanup statements that earlier fixes in this file remove (happy-path releases). */
  removed: Set<ts.Statement>;
}

/** `fs.closeSync(fd)`, `await fh.close()`, on one line. */
function releaseText(sf: ts.SourceFile, c: Cleanup): string {
  return shortText(sf, c.call, 60).replace(/^/, c.awaited ? "await " : "");
}

function notRewritten(blocker: string): string {
  return ` Not rewritten: ${blocker}.`;
}

function exitNote(sf: ts.SourceFile, exits: readonly Cleanup[]): string {
  const lines = exits.map((x) => lineOfNode(sf, x.call)).join(", ");
  return exits.length > 1
    ? `The releases before a \`return\`/\`throw\` (lines ${lines}) go too: leaving the block releases it there.`
    : `The release before a \`return\`/\`throw\` (line ${lines}) goes too: leaving the block releases it there.`;
}

/** The release as code, for comparing two releases: `await fh.close()`. */
function releaseKey(sf: ts.SourceFile, c: Cleanup): string {
  return `${c.awaited ? "await " : ""}${c.call.getText(sf).replace(/\s+/g, "")}`;
}

/**
 * Ex) `if (size === 0) { fs.closeSync(fd); return 0; }`: a release right before a `return` or
 * `throw` that leaves the block (no `try` in between to catch it), written like the main release.
 * With `using` it goes: the resource is released as the block is left, after the `return`
 * value or the error is made (neither uses it).
 */
function isExitRelease(
  sf: ts.SourceFile,
  c: Cleanup,
  main: Cleanup,
  r: Resource,
  uses: readonly Use[],
  removed: ReadonlySet<ts.Statement>,
): boolean {
  const statement = c.statement;
  if (!statement || c === main || releaseKey(sf, c) !== releaseKey(sf, main)) return false;
  if (enclosingFunction(c.call) !== r.fn) return false;
  const parent = statement.parent;
  if (!ts.isBlock(parent) && !ts.isCaseClause(parent) && !ts.isDefaultClause(parent)) return false;
  // Releases of earlier resources that their fixes remove may come in between (their `using` comes first, so they are still released after it).
  const siblings = parent.statements.filter((x) => !removed.has(x));
  const exit = siblings[siblings.indexOf(statement) + 1];
  if (!exit || !(ts.isReturnStatement(exit) || ts.isThrowStatement(exit))) return false;
  if (uses.some((u) => u.ref.pos >= exit.pos && u.ref.end <= exit.end)) return false;
  for (let n: ts.Node = parent; n !== r.container; n = n.parent) {
    if (!n.parent || ts.isTryStatement(n.parent) || ts.isCatchClause(n) || ts.isFunctionLike(n)) return false;
  }
  return statement.getStart(sf) < main.call.getStart(sf);
}

/** Case 1. Ex) `const fd = fs.openSync(p); try { … } finally { fs.closeSync(fd); }` */
function judgeFinally(
  ctx: TransformContext,
  r: Resource,
  uses: readonly Use[],
  tryStatement: ts.TryStatement,
  between: readonly ts.Statement[],
  c: Cleanup,
  exits: readonly Cleanup[],
  state: FileState,
): Verdict {
  const sf = ctx.sourceFile;
  const cleanupText = releaseText(sf, c);
  const subject = `\`${r.name}\` (${r.label})`;
  const finallyStatements = tryStatement.finallyBlock!.statements;
  const others = finallyStatements.slice(0, -1);
  // Ex) `const env = create(); await env.init(); try { … } finally { await env.close(); }`: `init()` may throw, and then nothing releases it.
  // But `const bundle = await rolldown(o); if (canceled) { await bundle.close(); throw … } try { … } finally { await bundle.close(); }`
  // releases it on every path: nothing in between can throw but after the release.
  const exitStatements = new Set<ts.Statement>(exits.map((x) => x.statement!));
  const later = !between.every((b) => cannotThrowStatement(ctx, b, (s) => exitStatements.has(s)));
  const kind = later ? partialCleanup : finallyCleanup;
  const where = between.every(isInert)
    ? "the `finally` right after it"
    : `the \`finally\` of the \`try\` on line ${lineOfNode(sf, tryStatement)}`;
  const manual = (why: string): Verdict => ({
    kind,
    applicability: "manual",
    message: `${subject} is released by \`${cleanupText}\` in ${where}, but ${why}`,
  });

  // Ex) `finally { if (cached) return; fs.closeSync(fd); }`: the jump may skip the release, `using` would not.
  const jump = hasJump(others);
  if (jump)
    return manual(
      `the \`finally\` may leave before it (line ${lineOfNode(sf, jump)}), which \`using\` would not: release it with \`using\` by hand if that jump is not meant to keep it open.`,
    );
  // Ex) a hoisted function or a `var` use outside the declaration and its `try`: the declaration cannot move.
  const outside = uses.find(
    (u) => u.ref.getStart(sf) < r.statement.getStart(sf) || u.ref.getStart(sf) > tryStatement.getEnd(),
  );
  if (outside)
    return manual(
      `it is also used outside the \`try\` (line ${lineOfNode(sf, outside.ref)}): declare it with \`using\` in a block of its own by hand.`,
    );

  const follows = statementsOf(r.container).indexOf(tryStatement) < statementsOf(r.container).length - 1;
  const keepTry = tryStatement.catchClause !== undefined || others.length > 0;
  let mode: "join" | "wrap" | "keep" | "keep-wrap";
  if (keepTry) mode = follows || ts.isSourceFile(r.container) ? "keep-wrap" : "keep";
  else mode = follows || ts.isSourceFile(r.container) || bodyClashes(r, tryStatement) ? "wrap" : "join";

  // In a new block, declarations that cannot throw (`let result: Output;`) move above the
  // declaration (which must not use them; each must sit on lines of its own); the other
  // statements in between move into the block, so what follows must not use their names.
  // Ex) `const bundle = await rolldown({ …130 lines… }); let result; try { … } finally { await bundle.close(); } use(result);`:
  // code that already releases it on every path gets the smallest change, the `try` becoming the block of a `using`
  // (`{ await using _bundle = bundle; … }`); the declaration, what lies in between and the body stay as they are.
  const inPlace = mode === "wrap" && !later && ts.isBlock(r.container);
  const wrap = (mode === "wrap" || mode === "keep-wrap") && !inPlace;
  const hoisted = wrap ? between.filter(isInert) : [];
  if (hoisted.length > 0) {
    const declared = new Set(hoisted.flatMap(declaredNames));
    const usedByDeclaration = [...identifierTexts([r.statement])].some((n) => declared.has(n));
    if (usedByDeclaration || !hoisted.every((b) => isAloneOnLines(sf, b))) {
      return manual(
        `the declarations between it and the \`try\` (line ${lineOfNode(sf, hoisted[0]!)}) would have to move above it; declare it with \`using\` by hand.`,
      );
    }
  }
  if (wrap) {
    const statements = statementsOf(r.container);
    const afterNames = identifierTexts(statements.slice(statements.indexOf(tryStatement) + 1));
    const clash = between
      .filter((b) => !isInert(b))
      .flatMap(declaredNames)
      .find((n) => afterNames.has(n));
    // Ex) `const n = parse(fd);` before the `try`, `n` used after it: it cannot move into a new block.
    if (clash)
      return manual(
        `statements follow the \`try\`, and they use \`${clash}\`, declared before it, so the code from the declaration to the \`try\` cannot move into a block of its own; declare it with \`using\` by hand.`,
      );
  }
  const native = formForCleanup(ctx, r, uses, c, state.taken);
  const form: Form =
    inPlace && native.kind === "native"
      ? { kind: "inline", text: `${native.keyword} ${disposerName(sf, r, state.taken)} = ${r.name};` }
      : native;
  const keyword = form.kind === "native" ? form.keyword : form.text.startsWith("await") ? "await using" : "using";
  const blockNote = inPlace
    ? " in the block the `try` leaves (statements follow it, and must still run after the release)"
    : mode === "wrap" || mode === "keep-wrap"
      ? ts.isSourceFile(r.container)
        ? " in a block of its own (at module level the release would otherwise wait for the whole module)"
        : " in a block of its own (statements follow the `try`, and must still run after the release)"
      : "";
  const rest = keepTry ? `; the rest of the \`try\` stays` : "; the `try` goes";
  const early = exits.length > 0 && !inPlace ? ` ${exitNote(sf, exits)}` : "";
  const message = later
    ? `${subject} is released by \`${cleanupText}\` in ${where}, so an exception before that \`try\` leaks it (${r.leak}). \`${keyword}\`${blockNote} releases it on every path, and at the same point on the others${rest}.${early}`
    : `${subject} is released by \`${cleanupText}\` in ${where}${where.endsWith("after it") ? "" : ", and nothing before that `try` can throw"}: \`${keyword}\`${blockNote} releases it on every exit, at the same point and in the same order${rest}.${early}`;
  if (state.blocker) return { kind, applicability: "manual", message: message + notRewritten(state.blocker) };
  // Ex) `await environment.init()` before the `try`: with `using`, a failed `init()` is followed by `close()`, which leakmod
  // knows only as the release this function calls; whether it may run on a half-made value is the class's business.
  const evidenceOnly = later && r.evidence !== undefined;
  // In place, the releases before the `try` stay: they are outside the new block.
  const removedExits = inPlace ? [] : exits;
  if (!evidenceOnly) for (const x of removedExits) state.removed.add(x.statement!);
  return {
    kind,
    applicability: evidenceOnly ? "unsafe" : "safe",
    message: evidenceOnly
      ? `${message} Unsafe: leakmod knows \`${r.name}\` as a resource only because this function releases it, so \`${releaseText(sf, c)}\` would now also run when the statements before the \`try\` throw; apply with --unsafe if it may.`
      : message,
    description: `Declare \`${r.name}\` with \`${keyword}\` instead of releasing it in \`finally\``,
    plan: {
      statement: r.statement,
      container: r.container,
      form,
      shape: {
        case: "finally",
        tryStatement,
        between,
        hoisted,
        exits: removedExits.map((x) => x.statement!),
        cleanup: finallyStatements[finallyStatements.length - 1]!,
        mode: inPlace ? "in-place" : mode,
      },
    },
  };
}

/** Case 2. Ex) `const fd = fs.openSync(p); use(fd); fs.closeSync(fd); return sum;` */
function judgeHappyPath(
  ctx: TransformContext,
  r: Resource,
  uses: readonly Use[],
  cleanups: readonly Cleanup[],
  state: FileState,
): Verdict {
  const sf = ctx.sourceFile;
  const subject = `\`${r.name}\` (${r.label})`;
  const manual = (why: string): Verdict => ({
    kind: partialCleanup,
    applicability: "manual",
    message: `${subject} is not released on every path: ${why}`,
  });
  const statements = statementsOf(r.container);
  const c = cleanups[cleanups.length - 1]!;
  const cleanupText = releaseText(sf, c);
  const exits = cleanups.filter((x) => isExitRelease(sf, x, c, r, uses, state.removed));

  // Ex) `if (err) fs.closeSync(fd); …; fs.closeSync(fd);` (releases other than right before a `return`/`throw`)
  if (cleanups.length > 1 + exits.length) {
    return manual(
      `it is released in ${cleanups.length} places (lines ${cleanups.map((x) => lineOfNode(sf, x.call)).join(", ")}); declare it with \`using\` and drop every release by hand.`,
    );
  }
  // Ex) `stream.on("end", () => fs.closeSync(fd))`: released by a callback, after the block.
  if (enclosingFunction(c.call) !== r.fn) {
    return manual(
      `it is released in a callback (line ${lineOfNode(sf, c.call)}), whose lifetime leakmod cannot follow; release it where the work ends on every path.`,
    );
  }
  // Ex) `const fd = …; const n = parse(fd); try { … } finally { fs.closeSync(fd); }`: the statements before the `try` are not covered.
  const laterTry =
    c.statement && ts.isBlock(c.statement.parent) && ts.isTryStatement(c.statement.parent.parent)
      ? c.statement.parent.parent
      : undefined;
  if (laterTry && laterTry.finallyBlock === c.statement!.parent && laterTry.parent === r.container) {
    if (nextAfterInert(r.container, r.statement).next === laterTry) {
      return {
        kind: finallyCleanup,
        applicability: "manual",
        message: `${subject} is released by \`${cleanupText}\` in the \`finally\` right after it, but not as its last statement (line ${lineOfNode(sf, c.call)}): the statements after the release there would run before a \`using\` released it. If that order does not matter (other releases), declare it with \`using\` and drop the release by hand.`,
      };
    }
    return manual(
      `it is released in the \`finally\` of a later \`try\` (line ${lineOfNode(sf, laterTry)}), so an exception in the statements between its declaration and that \`try\` leaks it; start the \`try\` right after the declaration (leakmod then turns it into \`using\`), or declare it with \`using\`.`,
    );
  }
  // Ex) `if (ok) fs.closeSync(fd);`, a release inside a loop or a nested block.
  if (!c.statement || c.statement.parent !== r.container) {
    return manual(
      `its release \`${cleanupText}\` (line ${lineOfNode(sf, c.call)}) is conditional or nested, so some paths skip it; declare it with \`using\` and drop the release by hand if it should always happen.`,
    );
  }
  const index = statements.indexOf(c.statement);
  // Ex) `fs.readSync(fd, …)` after `fs.closeSync(fd)`: a use after release.
  const after = uses.find((u) => u.kind !== "cleanup" && u.ref.getStart(sf) > c.statement!.getEnd());
  if (after) return manual(`it is used after its release (line ${lineOfNode(sf, after.ref)}).`);

  const form = formForCleanup(ctx, r, uses, c, state.taken);
  const keyword = form.kind === "native" ? form.keyword : form.text.startsWith("await") ? "await using" : "using";
  const released = `is released by \`${cleanupText}\` (line ${lineOfNode(sf, c.statement)}) on the happy path only: an exception or an early exit before it leaks it (${r.leak})`;
  // What follows the release: nothing, a `return` that does not use it, or releases of earlier resources (their `using` comes first, so they are still released after it).
  const follows = statements.slice(index + 1).filter((s) => !state.removed.has(s));
  const onlyReturn =
    follows.length === 0 ||
    (follows.length === 1 &&
      ts.isReturnStatement(follows[0]!) &&
      !uses.some((u) => follows[0]!.pos <= u.ref.pos && u.ref.end <= follows[0]!.end));
  const between = statements.slice(statements.indexOf(r.statement), index);
  const laterNames = identifierTexts(statements.slice(index + 1));
  // Ex) `const a = …; using b = …; …; close(a);`: `b` is released at the end of the block, after `a`; with `using`, `a` would come last.
  const laterUsing = between
    .slice(1)
    .find(
      (s): s is ts.VariableStatement =>
        ts.isVariableStatement(s) && (s.declarationList.flags & ts.NodeFlags.Using) !== 0,
    );
  const canWrap = !onlyReturn && !laterUsing && !between.flatMap(declaredNames).some((n) => laterNames.has(n));
  if (ts.isSourceFile(r.container) && (laterUsing || (!onlyReturn && !canWrap))) {
    return manual(
      `it is released at module level (line ${lineOfNode(sf, c.statement)}) and what follows uses names declared before that, so it cannot get a block of its own; wrap it in a block with \`using\` by hand.`,
    );
  }
  const plan: FixPlan = {
    statement: r.statement,
    container: r.container,
    form,
    shape: { case: "happy-path", cleanup: c.statement, exits: exits.map((x) => x.statement!), wrap: canWrap },
  };
  const description = `Declare \`${r.name}\` with \`${keyword}\` and drop \`${cleanupText}\``;
  let message: string;
  let applicability: Applicability;
  if (laterUsing) {
    message = `${subject} ${released}. With \`${keyword}\` it is released on every path, but at the end of the block, where \`${shortText(sf, laterUsing.declarationList.declarations[0]!.name)}\` (a \`using\` on line ${lineOfNode(sf, laterUsing)}) is released too: that one would then be released before it instead of after. Apply with --unsafe if the order of the two releases does not matter.`;
    applicability = "unsafe";
  } else if (onlyReturn) {
    message = `${subject} ${released}. \`${keyword}\` releases it on every path; nothing but a \`return\` follows the release, so it is released at the same point on the happy path.`;
    applicability = "safe";
  } else if (canWrap) {
    message = `${subject} ${released}. \`${keyword}\` in a block of its own ending where the release was releases it on every path; the statements after it still run after the release.`;
    applicability = "safe";
  } else {
    message = `${subject} ${released}. With \`${keyword}\` it is released on every path, but at the end of the block rather than at line ${lineOfNode(sf, c.statement)}: the ${follows.length} statement(s) after the release then run while it is still open, and they use names declared before the release, so it cannot get a block of its own. Apply with --unsafe if nothing there needs it released.`;
    applicability = "unsafe";
  }
  if (state.blocker)
    return { kind: partialCleanup, applicability: "manual", message: message + notRewritten(state.blocker) };
  if (exits.length > 0) message += ` ${exitNote(sf, exits)}`;
  // Ex) a project class with `close()`: leakmod knows it as a resource only because this function closes it.
  if (r.evidence && applicability === "safe") {
    applicability = "unsafe";
    message += ` Unsafe: leakmod knows \`${r.name}\` as a resource only because this function releases it, so \`${cleanupText}\` would now also run when the statements before it throw; apply with --unsafe if it may.`;
  }
  if (applicability === "safe") for (const x of [c, ...exits]) state.removed.add(x.statement!);
  return { kind: partialCleanup, applicability, message, description, plan };
}

/** Ex) `spy.mockRestore()` as a statement of a `finally` block. */
function isMethodCallInFinally(ref: ts.Node): boolean {
  const access = ref.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== ref) return false;
  const call = access.parent;
  if (!ts.isCallExpression(call) || call.expression !== access) return false;
  const statement = call.parent;
  if (
    !ts.isExpressionStatement(statement) &&
    !(ts.isAwaitExpression(statement) && ts.isExpressionStatement(statement.parent))
  )
    return false;
  const block = (ts.isAwaitExpression(statement) ? statement.parent : statement).parent;
  return ts.isBlock(block) && ts.isTryStatement(block.parent) && block.parent.finallyBlock === block;
}

/** Case 3. Ex) `const fd = fs.openSync(p); return fs.readFileSync(fd, "utf8");` */
function judgeUnreleased(
  ctx: TransformContext,
  r: Resource,
  uses: readonly Use[],
  state: FileState,
): Verdict | undefined {
  const sf = ctx.sourceFile;
  const subject = `\`${r.name}\` (${r.label})`;
  const manual = (why: string): Verdict => ({
    kind: unreleasedResource,
    applicability: "manual",
    message: `${subject} is never released here: ${why}`,
  });
  const { checker } = ctx;

  // Ex) `const spy = vi.spyOn(o, "m"); try { … } finally { spy.mockRestore(); }`: a library
  // disposable released by a method leakmod does not know, in a `finally`: released after all.
  if (r.nature === "unknown" && uses.some((u) => isMethodCallInFinally(u.ref))) return undefined;

  // Ex) `const t = setTimeout(flush, 1000)`, `const child = spawn(cmd, { detached: true })`: meant to outlive the scope.
  if (r.nature !== "scoped")
    return manual(`${r.advice ?? "it is not scoped by nature, so leakmod does not release it"}.`);
  // Ex) `const sub = new Subscription(onEvent)`: created with a callback, it acts after the scope.
  const callback = r.call.arguments?.find((a) => isFunctionArgument(checker, a));
  if (callback)
    return manual(
      `it is created with a callback (\`${shortText(sf, callback, 30)}\`), so it acts after this scope; \`using\` would stop it. Release it where its work ends.`,
    );

  let form: Form;
  const f = r.factory;
  const asyncOk = isAsyncContext(r);
  if (f && !f.nativeDispose) {
    let callText: string;
    if (f.cleanup.style === "method") callText = `${r.name}.${f.cleanup.call}()`;
    else {
      const callee = cleanupCallee(ctx, r, f);
      if (!callee)
        return manual(
          `\`${f.cleanup.call}\` is not in scope to release it; import it and declare \`using _${r.name} = { [Symbol.dispose]: () => ${f.cleanup.call}(${r.name}) }\` by hand.`,
        );
      callText = `${callee}(${r.name})`;
    }
    if (f.cleanup.async && !asyncOk)
      return manual(`releasing it needs \`await using\`, and \`await\` is not allowed here.`);
    const iterated = f.closedByIteration && uses.some((u) => u.kind === "use" && u.iteratedAsync);
    if (iterated) callText = tolerantRelease(sf, callText, f.cleanup.async);
    form = inlineForm(ctx, r, callText, f.cleanup.async, true, state.taken, iterated && !f.cleanup.async);
  } else {
    const d = r.dispose;
    if (!d) return manual("leakmod does not know how to release it.");
    const useAsync = d.async && (asyncOk || !d.sync);
    if (useAsync && !asyncOk)
      return manual(
        `it has only \`[Symbol.asyncDispose]\`, so it needs \`await using\`, and \`await\` is not allowed here.`,
      );
    const keyword = useAsync ? "await using" : "using";
    form = canBeNative(r, uses)
      ? { kind: "native", keyword }
      : inlineForm(
          ctx,
          r,
          `${r.name}[Symbol.${useAsync ? "asyncDispose" : "dispose"}]()`,
          useAsync,
          useAsync,
          state.taken,
        );
  }
  const keyword = form.kind === "native" ? form.keyword : form.text.startsWith("await") ? "await using" : "using";
  const message = `${subject} is never released: ${r.leak}. It never leaves this block, so \`${keyword}\` releases it when the block ends.`;
  if (state.blocker)
    return { kind: unreleasedResource, applicability: "manual", message: message + notRewritten(state.blocker) };
  return {
    kind: unreleasedResource,
    applicability: "safe",
    message,
    description: `Declare \`${r.name}\` with \`${keyword}\``,
    plan: { statement: r.statement, container: r.container, form, shape: { case: "unreleased" } },
  };
}

/**
 * Ex) `for await (const e of dir)` closes `dir` (Node 20's `fs.Dir` has no `asyncDispose`): a
 * later `close()` rejects with `ERR_DIR_CLOSED`, which the disposer leakmod adds must tolerate.
 */
function tolerantRelease(sf: ts.SourceFile, callText: string, async: boolean): string {
  const js = isJsFileName(sf.fileName);
  if (async) {
    return `${callText}.catch((error${js ? "" : ": NodeJS.ErrnoException"}) => { if (error.code !== "ERR_DIR_CLOSED") throw error; })`;
  }
  return `try { ${callText}; } catch (error) { if (${js ? "error" : "(error as NodeJS.ErrnoException)"}.code !== "ERR_DIR_CLOSED") throw error; }`;
}

/**
 * The callee that releases a resource of a `function`-style factory: `fs.openSync` → `fs.closeSync`
 * on the same receiver; a bare `openSync` → `closeSync` when that name is in scope.
 */
function cleanupCallee(ctx: TransformContext, r: Resource, f: ResourceFactory): string | undefined {
  const call = f.cleanup.call;
  if (call.includes(".")) return call; // configured as a full path: `db.free`
  const callee = r.call.expression;
  if (ts.isPropertyAccessExpression(callee)) return `${callee.expression.getText(ctx.sourceFile)}.${call}`;
  const inScope = ctx.checker.getSymbolsInScope(r.statement, ts.SymbolFlags.Value).some((s) => s.name === call);
  return inScope ? call : undefined;
}

/** Every resource of the file, judged in source order. */
export function analyzeResources(ctx: TransformContext): void {
  const sf = ctx.sourceFile;
  const support = projectSupport(ctx.project, ctx.program);
  const blocker = support.blockerFor(sf.fileName);
  const state: FileState = {
    factories: [...configFactories(ctx.project.config.resources), ...RESOURCE_TABLE],
    blocker,
    taken: new Map(),
    removed: new Set(),
  };
  const verdicts: Array<{ r: Resource; verdict: Verdict }> = [];
  walk(sf, (node) => {
    if (!ts.isVariableStatement(node)) return;
    const list = node.declarationList;
    // Ex) `using fh = …`, `await using fh = …`: already released by `using`.
    if (list.flags & ts.NodeFlags.Using) return;
    // Ex) `declare const x: Handle;`, `export const fd = …` (other modules may use it).
    if (hasModifier(node, ts.SyntaxKind.DeclareKeyword) || hasModifier(node, ts.SyntaxKind.ExportKeyword)) return;
    for (const decl of list.declarations) {
      const r = resourceOf(ctx, node, decl, state.factories);
      if (!r) continue;
      const verdict = judge(ctx, r, state);
      if (verdict) verdicts.push({ r, verdict });
    }
  });
  const plans = verdicts.flatMap(({ verdict }) => (verdict.plan ? [verdict.plan] : []));
  const edits = materialize(sf, plans);
  for (const { r, verdict } of verdicts) {
    const planEdits = verdict.plan ? edits.get(verdict.plan) : undefined;
    ctx.report({
      kind: verdict.kind,
      node: r.decl,
      message: verdict.message,
      applicability: verdict.applicability,
      ...(planEdits ? { fix: { description: verdict.description!, edits: planEdits } } : {}),
    });
  }
}

/**
 * A `try` further down the block whose `finally` ends with the release, when everything before
 * it can move under a `using`: the other releases are exit releases before the `try`, and
 * nothing before the `try` lets the resource escape.
 */
function laterTry(
  ctx: TransformContext,
  r: Resource,
  uses: readonly Use[],
  cleanups: readonly Cleanup[],
  removed: ReadonlySet<ts.Statement>,
): { tryStatement: ts.TryStatement; between: ts.Statement[]; main: Cleanup; exits: Cleanup[] } | undefined {
  const sf = ctx.sourceFile;
  const main = cleanups[cleanups.length - 1];
  const finallyBlock = main?.statement?.parent;
  if (!main || !finallyBlock || !ts.isBlock(finallyBlock) || !ts.isTryStatement(finallyBlock.parent)) return undefined;
  const tryStatement = finallyBlock.parent;
  if (
    tryStatement.finallyBlock !== finallyBlock ||
    tryStatement.parent !== r.container ||
    finallyBlock.statements[finallyBlock.statements.length - 1] !== main.statement
  )
    return undefined;
  if (enclosingFunction(main.call) !== r.fn) return undefined;
  const statements = statementsOf(r.container);
  const from = statements.indexOf(r.statement);
  const to = statements.indexOf(tryStatement);
  if (to <= from) return undefined;
  const exits = cleanups.filter(
    (x) => isExitRelease(sf, x, main, r, uses, removed) && x.call.getStart(sf) < tryStatement.getStart(sf),
  );
  if (cleanups.length !== exits.length + 1) return undefined;
  const tryStart = tryStatement.getStart(sf);
  if (uses.some((u) => u.kind === "escape" && u.ref.getStart(sf) < tryStart)) return undefined;
  const between = statements.slice(from + 1, to);
  // Ex) `const a = …; const b = …; try { … } finally { close(b); close(a); }`: the `finally`
  // also releases what is declared in between; leakmod leaves that pair to you.
  const declared = new Set(between.flatMap(declaredNames));
  if ([...identifierTexts(finallyBlock.statements.slice(0, -1))].some((n) => declared.has(n))) return undefined;
  return { tryStatement, between, main, exits };
}

/**
 * A release in the `finally` (maybe under `if`s) of a `try` of the declaration's block, when
 * nothing between the declaration and that `try` can throw: it runs on every path.
 */
function coveringRelease(ctx: TransformContext, r: Resource, cleanups: readonly Cleanup[]): Cleanup | undefined {
  const statements = statementsOf(r.container);
  const from = statements.indexOf(r.statement);
  const releases = new Set<ts.Statement>(cleanups.flatMap((c) => (c.statement ? [c.statement] : [])));
  for (const c of cleanups) {
    if (!c.statement || enclosingFunction(c.call) !== r.fn) continue;
    const t = finallyHolding(c.statement);
    if (!t || t.parent !== r.container) continue;
    const to = statements.indexOf(t);
    if (to <= from) continue;
    if (statements.slice(from + 1, to).every((s) => cannotThrowStatement(ctx, s, (x) => releases.has(x)))) return c;
  }
  return undefined;
}

/** The condition a release sits under, when it sits under one `if`: `!this.queryRunner`. */
function guardOf(c: Cleanup): ts.Expression | undefined {
  const parent = c.statement?.parent;
  if (parent && ts.isIfStatement(parent)) return parent.expression;
  if (parent && ts.isBlock(parent) && ts.isIfStatement(parent.parent)) return parent.parent.expression;
  return undefined;
}

/**
 * Ex) `const qr = this.queryRunner ?? this.dataSource.createQueryRunner()`: made here only when
 * the field is not set. Never `using` (it would release the borrowed one too). Released in the
 * `finally` that covers it (under the ownership condition, typically): no leak. Released on the
 * happy path only: manual, with advice that keeps the condition. Never released, scoped, not
 * handed on: manual. Released in a callback or handed on without a release: its holder's business.
 */
function judgeBorrowed(
  ctx: TransformContext,
  r: Resource,
  uses: readonly Use[],
  cleanups: readonly Cleanup[],
): Verdict | undefined {
  const sf = ctx.sourceFile;
  const borrowed = shortText(sf, r.borrowed!);
  const intro = `\`${r.name}\` (${r.label}) is made here only sometimes: \`${shortText(sf, r.decl.initializer, 60)}\` may give \`${borrowed}\`, which is not this function's to release`;
  const notUsing = "Not `using`: it would release the borrowed one too.";
  if (cleanups.length === 0) {
    if (r.nature !== "scoped" || uses.some((u) => u.kind === "escape") || ts.isSourceFile(r.container))
      return undefined;
    return {
      kind: unreleasedResource,
      applicability: "manual",
      message: `${intro}, and nothing releases the one it makes (${r.leak}). Release it in a \`finally\` when it was made here (\`if (${r.name} !== ${borrowed}) …\`). ${notUsing}`,
    };
  }
  // Ex) released by a callback: its lifetime is followed elsewhere.
  if (cleanups.some((c) => enclosingFunction(c.call) !== r.fn)) return undefined;
  if (coveringRelease(ctx, r, cleanups)) return undefined;
  const main = cleanups[cleanups.length - 1]!;
  const guard = guardOf(main);
  const release = releaseText(sf, main);
  const kept = guard ? `if (${shortText(sf, guard, 60)}) ${release}` : `if (${r.name} !== ${borrowed}) ${release}`;
  const lines = cleanups.map((c) => lineOfNode(sf, c.call)).join(", ");
  return {
    kind: partialCleanup,
    applicability: "manual",
    message: `${intro}. The one it makes is released (line${cleanups.length > 1 ? "s" : ""} ${lines}) on some paths only: an exception before ${cleanups.length > 1 ? "those releases" : "that release"} leaks it (${r.leak}). Keep the condition and release it in the \`finally\` of a \`try\` that starts right after the declaration: \`finally { ${kept} }\`. ${notUsing}`,
  };
}

/**
 * Ex) `createQueryRunner() { const qr = this.driver.createQueryRunner(); Object.assign(qr, …); return qr; }`:
 * the value is the function's result on every path that completes (the function's body ends with
 * `return qr`, every other `return` after the declaration returns it too), and every `throw` after
 * the declaration comes right after a release of it. The function's job is to hand the new resource
 * to its caller, who owns it from then on: the caller's uses are what matter, not a leak here
 * (`factory`). A function whose body ends by returning it but that leaves on another path without
 * it (returns something else, throws without releasing it) is no factory: `leaks` is that exit.
 * Undefined when the body does not end by returning it.
 */
function factoryShape(
  ctx: TransformContext,
  r: Resource,
  cleanups: readonly Cleanup[],
): { factory: true } | { leaks: ts.ReturnStatement | ts.ThrowStatement; returned: ts.ReturnStatement } | undefined {
  const fn = r.fn;
  if (!fn || !("body" in fn) || !fn.body || !ts.isBlock(fn.body) || r.container !== fn.body) return undefined;
  const { checker } = ctx;
  const symbol = checker.getSymbolAtLocation(r.decl.name);
  const isItself = (e: ts.Expression | undefined): boolean => {
    if (!e) return false;
    const inner = unwrapAwaited(e).expression;
    return ts.isIdentifier(inner) && inner.text === r.name && checker.getSymbolAtLocation(inner) === symbol;
  };
  const statements = fn.body.statements;
  const after = statements.slice(statements.indexOf(r.statement) + 1);
  const last = after[after.length - 1];
  if (!last || !ts.isReturnStatement(last) || !isItself(last.expression)) return undefined;
  // Ex) `if (!ok) { fs.closeSync(fd); throw new Error("bad header"); }`: released where it leaves by an error.
  const releasedRightBefore = (s: ts.Statement): boolean => {
    const siblings = ts.isBlock(s.parent) ? s.parent.statements : undefined;
    const previous = siblings?.[siblings.indexOf(s) - 1];
    return previous !== undefined && cleanups.some((c) => c.statement === previous);
  };
  // Ex) `fs.closeSync(fd); fs.writeSync(log, …); return fd;`: released, then returned: no factory shape leakmod knows.
  if (!cleanups.every((c) => c.statement && isThrowRightAfter(c.statement))) return undefined;
  let leaks: ts.ReturnStatement | ts.ThrowStatement | undefined;
  const visit = (n: ts.Node): void => {
    if (leaks || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) && !isItself(n.expression)) leaks = n;
    else if (ts.isThrowStatement(n) && !releasedRightBefore(n)) leaks = n;
    else ts.forEachChild(n, visit);
  };
  after.forEach(visit);
  return leaks ? { leaks, returned: last } : { factory: true };
}

/** Ex) `fs.closeSync(fd); throw e;`: the statement right after it in its block is a `throw`. */
function isThrowRightAfter(s: ts.Statement): boolean {
  const siblings = ts.isBlock(s.parent) ? s.parent.statements : undefined;
  const next = siblings?.[siblings.indexOf(s) + 1];
  return next !== undefined && ts.isThrowStatement(next);
}

/** One resource: a flat chain of early returns, each with the shape it stops at. */
function judge(ctx: TransformContext, r: Resource, state: FileState): Verdict | undefined {
  const uses = references(ctx, r).map((ref) => classify(ctx, ref, r));
  const subject = `\`${r.name}\` (${r.label})`;

  // Ex) `const fd = fs.openSync(p); using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };`: already released.
  if (uses.some((u) => u.kind === "managed")) return undefined;
  const cleanups = uses.flatMap((u) => (u.kind === "cleanup" ? [u.cleanup] : []));
  // Ex) a project class with `close()` that this function never closes itself: no evidence that it is a resource here.
  if (r.evidence && !cleanups.some((c) => enclosingFunction(c.call) === r.fn)) return undefined;
  // Ex) `createQueryRunner() { const qr = this.driver.createQueryRunner(); qr.manager = …; return qr; }`: a factory hands it to its caller.
  const factory = factoryShape(ctx, r, cleanups);
  if (factory && "factory" in factory) return undefined;
  // Ex) `const qr = this.queryRunner ?? ds.createQueryRunner()`: made here only sometimes.
  if (r.borrowed) return judgeBorrowed(ctx, r, uses, cleanups);

  // Case 1. Ex) `const fd = fs.openSync(p); try { … } finally { fs.closeSync(fd); }`
  const { next, between } = nextAfterInert(r.container, r.statement);
  if (next && ts.isTryStatement(next) && next.finallyBlock) {
    const last = next.finallyBlock.statements[next.finallyBlock.statements.length - 1];
    const c = cleanups.find((x) => x.statement !== undefined && x.statement === last);
    if (c) return judgeFinally(ctx, r, uses, next, between, c, [], state);
  }
  // Ex) `const b = await rolldown(o); if (canceled) { await b.close(); throw e; } try { … } finally { await b.close(); }`
  const later = laterTry(ctx, r, uses, cleanups, state.removed);
  if (later) return judgeFinally(ctx, r, uses, later.tryStatement, later.between, later.main, later.exits, state);
  // Ex) `finally { if (fh !== cached) await fh.close(); }` covering everything after the declaration: released on
  // every path where the condition says it is this block's to release; the condition is the program's to keep.
  const covering = coveringRelease(ctx, r, cleanups);
  if (covering && ts.isIfStatement(covering.statement!.parent)) return undefined;
  if (covering && ts.isBlock(covering.statement!.parent) && ts.isIfStatement(covering.statement!.parent.parent))
    return undefined;

  const escape = uses.find((u): u is Extract<Use, { kind: "escape" }> => u.kind === "escape");
  // Ex) a project class whose instance a closure also uses: this function's release is all leakmod knows of it, and no longer the whole story.
  if (r.evidence && escape) return undefined;
  // Ex) `const server = http.createServer(app); server.listen(port);`, `this.timer = setTimeout(…)`,
  // `const timer = setTimeout(…); p.finally(() => clearTimeout(timer))`: something meant to act
  // after the scope, whose lifetime the program manages on purpose; not a leak leakmod can judge.
  if (r.nature === "active" && (escape || cleanups.length > 0 || ts.isSourceFile(r.container))) {
    const c = cleanups[0];
    const clean =
      cleanups.length === 1 && !escape && c!.statement?.parent === r.container && enclosingFunction(c!.call) === r.fn;
    if (!clean) return undefined;
  }
  // Ex) `const logFd = fs.openSync(logPath, "a");` at module level, written by the module's functions.
  if (ts.isSourceFile(r.container) && (escape || cleanups.length === 0)) {
    return {
      kind: cleanups.length > 0 ? partialCleanup : unreleasedResource,
      applicability: "manual",
      message: `${subject} is declared at module level, so it lives as long as the module (${r.leak})${escape ? ` and is used by the module's functions: ${escape.detail}` : ""}. If that is meant, release it on shutdown; if only part of the start-up needs it, move that part into a block with \`using\`.`,
    };
  }
  // Ex) `return fh`, `this.fd = fd`, `list.push(fd)`, `() => fd`, `register(fd)`, `s.on("data", cb)`, `r.pipe(w)`, `fh.read().then(…)`
  if (escape) {
    const kind = cleanups.length > 0 ? partialCleanup : unreleasedResource;
    // Ex) `const fd = fs.openSync(p); if (!isFile(fd)) return undefined; return fd;`: the caller gets it on one path only.
    if (factory && "leaks" in factory) {
      const exit = ts.isThrowStatement(factory.leaks) ? "`throw`" : `\`${shortText(ctx.sourceFile, factory.leaks)}\``;
      return {
        kind,
        applicability: "manual",
        message: `${subject} is what this function returns (\`return ${r.name}\`, line ${lineOfNode(ctx.sourceFile, factory.returned)}), but the ${exit} on line ${lineOfNode(ctx.sourceFile, factory.leaks)} leaves without returning or releasing it (${r.leak}). Release it right before that exit: the caller owns it only where it gets it.`,
      };
    }
    return {
      kind,
      applicability: "manual",
      message: `${subject} escapes this block: ${escape.detail}. It may be needed after the block, so leakmod cannot release it there: whoever ends up holding it must release it on every path; if this block owns it, declare it with \`using\`.`,
    };
  }
  // Case 2. Ex) `fs.closeSync(fd);` on the happy path only.
  if (cleanups.length > 0) return judgeHappyPath(ctx, r, uses, cleanups, state);
  // Case 3. Ex) never released.
  return judgeUnreleased(ctx, r, uses, state);
}

/** The prefilter's words: the table's factories, the configured ones, `dispose`, classes, `finally`. */
export function prefilterPattern(project?: ProjectFacts): RegExp {
  const words = new Set<string>(["dispose", "Disposable", "finally"]);
  for (const f of [...RESOURCE_TABLE, ...configFactories(project?.config.resources)]) {
    for (const n of f.node ?? []) words.add(n.name);
    for (const c of f.callees) words.add(c.split(".").pop()!);
  }
  return new RegExp(`\\bnew\\s+[A-Z]|\\b(?:${[...words].join("|")})\\b`);
}
