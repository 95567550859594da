/**
 * Where a parameter used as a weak-collection key may get its value from: the callers of its
 * function, followed up through the functions that pass their own parameters on, across the files
 * of the program (the checker's symbols, one identifier index per file, a depth bound and a
 * visited set). The chain is unsafe as soon as one link can receive a primitive although the types
 * say object: a function callable from outside the program, a JavaScript function or caller whose
 * types are not enforced, an argument typed `any`, a callback whose caller passes `any`. A link
 * that cannot be followed (the function passed or stored as a value, called through `.call`, with
 * spread arguments, or mentioned by a file this run did not type-check) makes it unsafe too.
 */
import path from "node:path";
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import {
  hasModifier,
  isExportedFromFile,
  isExportedSymbol,
  lineOfNode,
  skipOuterExpressions,
  symbolOf,
  walk,
} from "../util/ast.js";
import { isPrivatePackage } from "./exposure.js";

/** Functions followed from the one holding the key, itself included. */
export const MAX_CHAIN = 5;

type Culprit =
  /** Exported from a published package: untyped code outside the program may call it. */
  | { kind: "outside" }
  /** JavaScript the project does not type-check. */
  | { kind: "js-unchecked" }
  /** JavaScript (JSDoc not enforced on callers) and callable from outside. */
  | { kind: "js-outside" }
  /** A call passes an argument typed `any`. */
  | { kind: "any-arg"; call: ts.Node; arg: ts.Node }
  /** A call from JavaScript the project does not type-check. */
  | { kind: "js-caller"; call: ts.Node }
  /** An inline callback whose caller declares the argument `any`. */
  | { kind: "callback-any"; call: ts.Node | undefined }
  /** A reference that cannot be followed, with why. */
  | { kind: "unfollowable"; detail: string }
  | { kind: "too-deep" };

/** An unsafe chain: the functions from the key's own outward, the last one where the culprit is. */
export interface Trail {
  via: ts.SignatureDeclaration[];
  culprit: Culprit;
}

interface ProgramState {
  /** Per function, per parameter index: the trail found (null: safe). */
  memo: Map<ts.SignatureDeclaration, Map<number, Trail | null>>;
  /** Default imports of the program's project files, resolved lazily. */
  defaultImports?: { sf: ts.SourceFile; name: ts.Identifier }[];
  /** The program's own source files, once. */
  sources?: ts.SourceFile[];
  /** Per project file, the project files that import it (`import`, `export … from`, `require`, `import()`). */
  importers?: Map<ts.SourceFile, ts.SourceFile[]> | null;
  /** The project's files that are not in the program (no transform wanted them), once. */
  unchecked?: { fileName: string; text: string }[];
}

const states = new WeakMap<ts.Program, ProgramState>();
/** Identifiers of a file by text, built once per file, on the first search that needs it. */
const identifierIndex = new WeakMap<ts.SourceFile, Map<string, ts.Identifier[]>>();

function stateOf(program: ts.Program): ProgramState {
  let state = states.get(program);
  if (!state) states.set(program, (state = { memo: new Map() }));
  return state;
}

function identifiersNamed(sf: ts.SourceFile, name: string): readonly ts.Identifier[] {
  let index = identifierIndex.get(sf);
  if (!index) {
    const built = new Map<string, ts.Identifier[]>();
    walk(sf, (node) => {
      if (!ts.isIdentifier(node)) return;
      const list = built.get(node.text);
      if (list) list.push(node);
      else built.set(node.text, [node]);
    });
    identifierIndex.set(sf, (index = built));
  }
  return index.get(name) ?? [];
}

export const isJsFileName = (fileName: string): boolean => /\.[cm]?jsx?$/.test(fileName);

/** The program's own source files (no default library, no node_modules, no declaration files). */
function projectSources(program: ts.Program): ts.SourceFile[] {
  const state = stateOf(program);
  return (state.sources ??= program
    .getSourceFiles()
    .filter(
      (sf) =>
        !program.isSourceFileDefaultLibrary(sf) &&
        !sf.fileName.includes("/node_modules/") &&
        !/\.d\.[cm]?ts$/.test(sf.fileName),
    ));
}

export function functionNameNode(fn: ts.SignatureDeclaration): ts.Identifier | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name))
    return fn.name;
  if (ts.isConstructorDeclaration(fn)) return fn.parent.name;
  const holder = fn.parent;
  if (
    (ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) &&
    (ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) &&
    holder.initializer === fn &&
    ts.isIdentifier(holder.name)
  )
    return holder.name;
  return undefined;
}

export function fnLabel(fn: ts.SignatureDeclaration): string {
  const name = functionNameNode(fn);
  if (!name) return "a callback";
  return ts.isConstructorDeclaration(fn) ? `the \`${name.text}\` constructor` : `\`${name.text}\``;
}

function isExportedClass(klass: ts.ClassLikeDeclaration, checker: ts.TypeChecker): boolean {
  if (hasModifier(klass, ts.SyntaxKind.ExportKeyword) || hasModifier(klass, ts.SyntaxKind.DefaultKeyword)) return true;
  if (!ts.isClassDeclaration(klass) || !klass.name) return false;
  const classSymbol = checker.getSymbolAtLocation(klass.name);
  return classSymbol !== undefined && isExportedSymbol(klass.getSourceFile(), checker, classSymbol);
}

const isHidden = (member: ts.Node): boolean =>
  hasModifier(member, ts.SyntaxKind.PrivateKeyword) ||
  hasModifier(member, ts.SyntaxKind.ProtectedKeyword) ||
  ((ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member)) && ts.isPrivateIdentifier(member.name));

/** The variable an object literal is the initializer of (`const api = { put(k) {} }`). */
function objectHolder(literal: ts.ObjectLiteralExpression): ts.VariableDeclaration | undefined {
  let n: ts.Node = literal;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent))
    n = n.parent;
  return ts.isVariableDeclaration(n.parent) && n.parent.initializer === n ? n.parent : undefined;
}

/** The function an object literal is returned from (`return { ... }`, `() => ({ ... })`). */
function returningFunction(literal: ts.ObjectLiteralExpression): ts.SignatureDeclaration | undefined {
  let n: ts.Node = literal;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent))
    n = n.parent;
  if (ts.isArrowFunction(n.parent) && n.parent.body === n) return n.parent;
  if (!ts.isReturnStatement(n.parent)) return undefined;
  for (let p: ts.Node | undefined = n.parent.parent; p; p = p.parent) if (ts.isFunctionLike(p)) return p;
  return undefined;
}

/**
 * Ex) `export function remember(node: Node)`, a public method (or arrow property) of an exported
 * class, a method of an exported object, in a package others can install (its package.json is
 * not `"private": true`).
 */
export function callableFromOutside(ctx: TransformContext, fn: ts.SignatureDeclaration): boolean {
  const { checker } = ctx;
  if (isPrivatePackage(ctx.project.root)) return false;
  const sf = fn.getSourceFile();
  if (ts.isFunctionDeclaration(fn)) {
    if (hasModifier(fn, ts.SyntaxKind.ExportKeyword)) return true;
    const symbol = fn.name && checker.getSymbolAtLocation(fn.name);
    return symbol !== undefined && isExportedSymbol(sf, checker, symbol);
  }
  const member = ts.isMethodDeclaration(fn) || ts.isConstructorDeclaration(fn) ? fn : fn.parent;
  if (
    (ts.isMethodDeclaration(member) || ts.isConstructorDeclaration(member) || ts.isPropertyDeclaration(member)) &&
    ts.isClassLike(member.parent)
  ) {
    return !isHidden(member) && isExportedClass(member.parent, checker);
  }
  if (
    (ts.isMethodDeclaration(member) || ts.isPropertyAssignment(member)) &&
    ts.isObjectLiteralExpression(member.parent)
  ) {
    const holder = objectHolder(member.parent);
    if (holder) return isExportedFromFile(sf, checker, holder);
    // Ex) `export function makeStore() { return { record(entry: Entry) {} } }`
    const returnedBy = returningFunction(member.parent);
    return returnedBy !== undefined && callableFromOutside(ctx, returnedBy);
  }
  if (ts.isVariableDeclaration(member)) return isExportedFromFile(sf, checker, member);
  return false;
}

const where = (ctx: TransformContext, node: ts.Node): string => {
  const sf = node.getSourceFile();
  const line = lineOfNode(sf, node);
  return sf === ctx.sourceFile
    ? `line ${line}`
    : `${path.relative(ctx.project.root, sf.fileName).split(path.sep).join("/")}:${line}`;
};

const isAny = (t: ts.Type): boolean => (t.flags & ts.TypeFlags.Any) !== 0;

/** A call of the function found through one reference, or why the reference cannot be followed. */
type Site = { call: ts.CallExpression | ts.NewExpression } | { unfollowable: string } | "ignore";

function siteOf(ctx: TransformContext, ref: ts.Identifier, isConstructor: boolean): Site {
  const parent = ref.parent;
  // Ex) `import { g } from "./a"`, `export { g }`, `typeof g`, `let x: C`: not a call, no value passed.
  if (
    ts.isImportSpecifier(parent) ||
    ts.isImportClause(parent) ||
    ts.isExportSpecifier(parent) ||
    ts.isTypeQueryNode(parent) ||
    ts.isTypeReferenceNode(parent) ||
    ts.isQualifiedName(parent) ||
    (ts.isExportAssignment(parent) && parent.expression === ref)
  )
    return "ignore";
  if (ts.isExpressionWithTypeArguments(parent) && ts.isHeritageClause(parent.parent)) {
    if (parent.parent.token === ts.SyntaxKind.ImplementsKeyword) return "ignore";
    return {
      unfollowable: `it is extended on ${where(ctx, ref)} (its subclasses' \`super(...)\` calls are not followed)`,
    };
  }
  let expr: ts.Node = ref;
  if (ts.isPropertyAccessExpression(parent) && parent.name === ref) expr = parent;
  while (ts.isParenthesizedExpression(expr.parent) || ts.isNonNullExpression(expr.parent)) expr = expr.parent;
  const outer = expr.parent;
  if (isConstructor) {
    if (ts.isNewExpression(outer) && outer.expression === expr) return { call: outer };
    // Ex) `C.create()`, `x instanceof C`: the class used, not constructed.
    if ((ts.isPropertyAccessExpression(outer) && outer.expression === expr) || ts.isBinaryExpression(outer))
      return "ignore";
  } else if (ts.isCallExpression(outer) && outer.expression === expr) return { call: outer };
  if (
    ts.isPropertyAccessExpression(outer) &&
    outer.expression === expr &&
    ["call", "apply", "bind"].includes(outer.name.text)
  )
    return { unfollowable: `it is called through \`.${outer.name.text}\` on ${where(ctx, ref)}` };
  return {
    unfollowable: `it is used as a value on ${where(ctx, ref)} (passed, stored or aliased), so its callers are unknown`,
  };
}

/** Why the callers of `fn` cannot all be found by name, if they cannot. */
function hiddenCallers(ctx: TransformContext, fn: ts.SignatureDeclaration, name: string): string | undefined {
  const { checker } = ctx;
  // Ex) `class S implements Store { put(k: Obj) {} }`: `store.put(x)` through `Store` is another symbol.
  if (ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) {
    for (const clause of fn.parent.heritageClauses ?? []) {
      for (const base of clause.types) {
        const type = checker.getTypeAtLocation(base);
        if (type.getProperty(name))
          return `it is also \`${base.expression.getText()}.${name}\`, and calls through that type are not followed`;
      }
    }
  }
  // Ex) `const api: Api = { put(k) {} }`, `register({ put(k) {} })`: called through another type.
  const member = ts.isMethodDeclaration(fn) ? fn : fn.parent;
  if (
    (ts.isMethodDeclaration(member) || ts.isPropertyAssignment(member)) &&
    ts.isObjectLiteralExpression(member.parent)
  ) {
    const literal = member.parent;
    if (checker.getContextualType(literal))
      return `it is a method of an object literal that is passed on or typed elsewhere, so its callers are unknown`;
  }
  return undefined;
}

type CallSite = ts.CallExpression | ts.NewExpression;

/** Every call of `fn` in the program, or why one cannot be followed. */
function callsOf(ctx: TransformContext, fn: ts.SignatureDeclaration): { calls: CallSite[] } | { unfollowable: string } {
  const { checker } = ctx;
  const nameNode = functionNameNode(fn);
  if (!nameNode) return { unfollowable: "it is passed as a value, so its callers are unknown" };
  const symbol = checker.getSymbolAtLocation(nameNode);
  if (!symbol) return { unfollowable: "its symbol cannot be resolved" };
  const hidden = hiddenCallers(ctx, fn, nameNode.text);
  if (hidden) return { unfollowable: hidden };
  const fnFile = fn.getSourceFile();
  const visibleElsewhere = isVisibleElsewhere(checker, fn, symbol);
  const sources = visibleElsewhere ? filesThatMaySee(ctx, fn) : [fnFile];
  // Names to look for, per file (`undefined`: every file): renamed imports and re-exports add theirs.
  const searches: Search[] = [{ name: nameNode.text }];
  if (visibleElsewhere) searches.push(...defaultImportsOf(ctx, sources, symbol));
  const found = findCalls(ctx, { nameNode, symbol, isConstructor: ts.isConstructorDeclaration(fn) }, sources, searches);
  if ("unfollowable" in found) return found;
  // Ex) a caller in a file this run did not put in the program (no candidate of any transform):
  // its arguments cannot be checked.
  const unchecked = visibleElsewhere ? uncheckedMention(ctx, nameNode.text) : undefined;
  return unchecked ? { unfollowable: unchecked } : found;
}

/**
 * The files that can call `fn` by name. A method can be called wherever an instance goes, so in
 * any file; a function or class of a module only where it is imported: the module itself, the
 * files importing it, and the importers of any file among those that exports something (which
 * may re-export it). Searching only those keeps a program of many modules that export the same
 * name (`measure` in 2,400 files) from searching every file for each of them.
 */
function filesThatMaySee(ctx: TransformContext, fn: ts.SignatureDeclaration): readonly ts.SourceFile[] {
  const sources = projectSources(ctx.program);
  const file = fn.getSourceFile();
  const byName = ts.isFunctionDeclaration(fn) || ts.isConstructorDeclaration(fn) || ts.isVariableDeclaration(fn.parent);
  // Ex) a script (no import or export): its functions are global; `export as namespace` makes a module's so too.
  if (!byName || !ts.isExternalModule(file) || file.statements.some(ts.isNamespaceExportDeclaration)) return sources;
  const importers = importersOf(ctx);
  if (!importers) return sources;
  const seen = new Set<ts.SourceFile>([file]);
  const queue = [file];
  while (queue.length > 0) {
    for (const importer of importers.get(queue.pop()!) ?? []) {
      if (seen.has(importer)) continue;
      seen.add(importer);
      if (importer.statements.some((st) => ts.isExportDeclaration(st) || ts.isExportAssignment(st)))
        queue.push(importer);
    }
  }
  return sources.filter((sf) => seen.has(sf));
}

/** Who imports whom among the program's own files, once per program; null when the parser's module list is missing. */
function importersOf(ctx: TransformContext): Map<ts.SourceFile, ts.SourceFile[]> | null {
  const state = stateOf(ctx.program);
  if (state.importers !== undefined) return state.importers;
  const importers = new Map<ts.SourceFile, ts.SourceFile[]>();
  for (const sf of projectSources(ctx.program)) {
    // The module names the program resolved for the file (TypeScript's own list, internal but long-standing).
    const specifiers = (sf as unknown as { imports?: readonly ts.StringLiteralLike[] }).imports;
    if (!specifiers) return (state.importers = null);
    for (const specifier of specifiers) {
      const target = ctx.checker.getSymbolAtLocation(specifier)?.valueDeclaration;
      if (!target || !ts.isSourceFile(target) || target === sf) continue;
      const list = importers.get(target);
      if (list) list.push(sf);
      else importers.set(target, [sf]);
    }
  }
  return (state.importers = importers);
}

/** A name to look for, in one file or (`file` undefined) in every file searched. */
interface Search {
  name: string;
  file?: ts.SourceFile;
}

/** Ex) `private describe(w: Widget)`, `#note(k)`: only the class's own code can call it; an exported function, anyone. */
function isVisibleElsewhere(checker: ts.TypeChecker, fn: ts.SignatureDeclaration, symbol: ts.Symbol): boolean {
  const isMember =
    ts.isMethodDeclaration(fn) || ts.isPropertyDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent);
  const member = ts.isMethodDeclaration(fn) ? fn : fn.parent;
  return (
    (isMember && !isHidden(member)) ||
    (ts.isFunctionDeclaration(fn) && hasModifier(fn, ts.SyntaxKind.ExportKeyword)) ||
    isExportedSymbol(fn.getSourceFile(), checker, symbol)
  );
}

/** Ex) `import describe from "./describe"`: the local names default imports give the function, per file. */
function defaultImportsOf(ctx: TransformContext, sources: readonly ts.SourceFile[], symbol: ts.Symbol): Search[] {
  const state = stateOf(ctx.program);
  state.defaultImports ??= sources.flatMap((sf) =>
    sf.statements.flatMap((s) =>
      ts.isImportDeclaration(s) && s.importClause?.name ? [{ sf, name: s.importClause.name }] : [],
    ),
  );
  return state.defaultImports.flatMap((d) =>
    symbolOf(ctx.checker, d.name) === symbol ? [{ name: d.name.text, file: d.sf }] : [],
  );
}

/** The calls found by the searches (renamed imports and re-exports add searches as they are found). */
function findCalls(
  ctx: TransformContext,
  target: { nameNode: ts.Identifier; symbol: ts.Symbol; isConstructor: boolean },
  sources: readonly ts.SourceFile[],
  searches: Search[],
): { calls: CallSite[] } | { unfollowable: string } {
  const calls: CallSite[] = [];
  const done = new Set<string>();
  for (let i = 0; i < searches.length && i < 50; i++) {
    const { name, file } = searches[i];
    const key = `${name}\0${file?.fileName ?? ""}`;
    if (done.has(key)) continue;
    done.add(key);
    for (const sf of file ? [file] : sources) {
      if (!sf.text.includes(name)) continue;
      for (const ref of identifiersNamed(sf, name)) {
        if (ref === target.nameNode || symbolOf(ctx.checker, ref) !== target.symbol) continue;
        // Ex) `import { g as h }` → look for `h` in that file; `export { g as h }` → everywhere.
        const p = ref.parent;
        if (ts.isImportSpecifier(p) && p.propertyName === ref) searches.push({ name: p.name.text, file: sf });
        if (ts.isExportSpecifier(p) && p.propertyName === ref && ts.isIdentifier(p.name))
          searches.push({ name: p.name.text });
        const site = siteOf(ctx, ref, target.isConstructor);
        if (site === "ignore") continue;
        if ("unfollowable" in site) return site;
        calls.push(site.call);
      }
    }
  }
  return { calls };
}

/** A project file outside the program that mentions `name`: its calls cannot be checked. */
function uncheckedMention(ctx: TransformContext, name: string): string | undefined {
  const state = stateOf(ctx.program);
  if (!state.unchecked) {
    state.unchecked = [...ctx.projectFiles()].filter(
      (file) => !ctx.program.getSourceFile(file.fileName) && !/\.d\.[cm]?ts$/.test(file.fileName),
    );
  }
  const word = new RegExp(`(^|[^\\w$])${name.replace(/\$/g, "\\$")}($|[^\\w$])`);
  for (const file of state.unchecked) {
    if (file.text.includes(name) && word.test(file.text)) {
      return `${path.relative(ctx.project.root, file.fileName).split(path.sep).join("/")} mentions it and this run did not type-check that file`;
    }
  }
  return undefined;
}

/** The parameter an argument passes on unchanged (`g(x)` in `function f(x)`), if it does. */
function parameterOf(ctx: TransformContext, arg: ts.Expression): ts.ParameterDeclaration | undefined {
  const e = skipOuterExpressions(arg);
  if (!ts.isIdentifier(e)) return undefined;
  const decl = symbolOf(ctx.checker, e)?.valueDeclaration;
  return decl && ts.isParameter(decl) && ts.isIdentifier(decl.name) && !decl.dotDotDotToken ? decl : undefined;
}

/** For an inline callback (`items.forEach((k) => ...)`): whether its caller passes `any` at `index`. */
function callbackPassesAny(ctx: TransformContext, fn: ts.SignatureDeclaration, index: number): boolean | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const contextual = ctx.checker.getContextualType(fn);
  if (!contextual) return undefined;
  const signatures = contextual.getCallSignatures();
  if (signatures.length === 0) return undefined;
  return signatures.some((sig) => {
    const params = sig.getParameters();
    const last = params[params.length - 1];
    const lastDecl = last?.valueDeclaration;
    const rest = lastDecl !== undefined && ts.isParameter(lastDecl) && lastDecl.dotDotDotToken !== undefined;
    const p = index < params.length - (rest ? 1 : 0) ? params[index] : rest ? last : undefined;
    if (!p) return false;
    let type = ctx.checker.getTypeOfSymbol(p);
    if (p === last && rest) type = ctx.checker.getIndexTypeOfType(type, ts.IndexKind.Number) ?? type;
    return isAny(type);
  });
}

/**
 * The chain by which a primitive may reach parameter `index` of `fn`, or undefined when every
 * value it can receive is checked against its declared object type.
 */
export function keyTrail(ctx: TransformContext, fn: ts.SignatureDeclaration, index: number): Trail | undefined {
  return follow(ctx, fn, index, 1, new Set()) ?? undefined;
}

function follow(
  ctx: TransformContext,
  fn: ts.SignatureDeclaration,
  index: number,
  depth: number,
  visiting: Set<ts.SignatureDeclaration>,
): Trail | null {
  const state = stateOf(ctx.program);
  const known = state.memo.get(fn)?.get(index);
  if (known !== undefined) return known;
  if (visiting.has(fn)) return null;
  visiting.add(fn);
  const found = followUncached(ctx, fn, index, depth, visiting);
  visiting.delete(fn);
  let byIndex = state.memo.get(fn);
  if (!byIndex) state.memo.set(fn, (byIndex = new Map<number, Trail | null>()));
  byIndex.set(index, found);
  return found;
}

function followUncached(
  ctx: TransformContext,
  fn: ts.SignatureDeclaration,
  index: number,
  depth: number,
  visiting: Set<ts.SignatureDeclaration>,
): Trail | null {
  const here = (culprit: Culprit): Trail => ({ via: [fn], culprit });
  const js = isJsFileName(fn.getSourceFile().fileName);
  const checkJs = Boolean(ctx.project.compilerOptions.checkJs);
  // Ex) `function remember(node) { seen.add(node) }` in JavaScript that the project does not
  // type-check: no caller's argument is checked against the JSDoc type.
  if (js && !checkJs) return here({ kind: "js-unchecked" });
  const outside = callableFromOutside(ctx, fn);
  if (outside) return here({ kind: js ? "js-outside" : "outside" });
  // Ex) `nodes.forEach((node) => seen.add(node))`: the values come from the caller of the callback.
  if (!functionNameNode(fn)) {
    const passesAny = callbackPassesAny(ctx, fn, index);
    if (passesAny === undefined)
      return here({ kind: "unfollowable", detail: "it is passed as a value, so its callers are unknown" });
    const call = ts.isCallExpression(fn.parent) ? fn.parent : undefined;
    return passesAny ? here({ kind: "callback-any", call }) : null;
  }
  if (depth >= MAX_CHAIN) return here({ kind: "too-deep" });
  const found = callsOf(ctx, fn);
  if ("unfollowable" in found) return here({ kind: "unfollowable", detail: found.unfollowable });
  for (const call of found.calls) {
    const callerFile = call.getSourceFile();
    if (isJsFileName(callerFile.fileName) && !checkJs) return here({ kind: "js-caller", call });
    const args = call.arguments ?? [];
    const spread = args.findIndex((a) => ts.isSpreadElement(a));
    if (spread !== -1 && spread <= index)
      return here({ kind: "unfollowable", detail: `the call on ${where(ctx, call)} spreads its arguments` });
    const arg = args[index];
    if (!arg) continue;
    if (isAny(ctx.checker.getTypeAtLocation(arg))) return here({ kind: "any-arg", call, arg });
    const param = parameterOf(ctx, arg);
    if (!param) continue;
    const outer = param.parent;
    const trail = follow(ctx, outer, outer.parameters.indexOf(param), depth + 1, visiting);
    if (trail) return { via: [fn, ...trail.via], culprit: trail.culprit };
  }
  return null;
}

/**
 * The reason, as a clause, that a key parameter may be a primitive: `the key \`k\` (line 3) is a
 * parameter of \`f\`, which ...`, or `... reaches \`cache\` through \`g\` from exported \`f\`, which ...`.
 */
export function describeTrail(ctx: TransformContext, key: ts.Node, collectionName: string, trail: Trail): string {
  const sf = ctx.sourceFile;
  const keyPart = `the key \`${key.getText(sf)}\` (line ${lineOfNode(sf, key)})`;
  const last = trail.via[trail.via.length - 1];
  const label = fnLabel(last);
  const c = trail.culprit;
  if (trail.via.length === 1) {
    switch (c.kind) {
      case "js-unchecked":
        return `${keyPart} is a parameter in JavaScript that the project does not type-check (no \`checkJs\`), so a caller may pass a string or a number`;
      case "js-outside":
        return `${keyPart} is a parameter in JavaScript, whose JSDoc types are not enforced, so a caller may pass a string or a number`;
      case "outside":
        return `${keyPart} is a parameter of ${label === "a callback" ? "an exported function" : label}, which code outside the program (untyped JavaScript) can call with a primitive`;
      case "any-arg":
        return `a call on ${where(ctx, c.call)} passes \`${c.arg.getText()}\`, typed \`any\`, as the key`;
      default:
    }
  }
  const through = trail.via
    .slice(0, -1)
    .map((f) => fnLabel(f))
    .join(", ");
  const head =
    trail.via.length === 1
      ? `${keyPart} is a parameter of ${label}`
      : `${keyPart} reaches \`${collectionName}\` through ${through} from`;
  const from = trail.via.length === 1 ? "" : ` ${label}`;
  const exported = trail.via.length > 1 && (c.kind === "outside" || c.kind === "js-outside") ? " exported" : "";
  switch (c.kind) {
    case "outside":
      return `${head}${exported}${from}, which code outside the program (untyped JavaScript) can call with a primitive`;
    case "js-outside":
      return `${head}${exported}${from}, JavaScript whose JSDoc types are not enforced, which code outside the program can call with a string or a number`;
    case "js-unchecked":
      return `${head}${from}, JavaScript that the project does not type-check (no \`checkJs\`), whose callers may pass a string or a number`;
    case "any-arg":
      return `${head}${from}, which a call on ${where(ctx, c.call)} passes \`${c.arg.getText()}\`, typed \`any\``;
    case "js-caller":
      return `${head}${from}, which JavaScript that the project does not type-check calls on ${where(ctx, c.call)}, so it may pass a string or a number`;
    case "callback-any":
      return `${head}${from} whose caller${c.call ? ` (${where(ctx, c.call)})` : ""} passes an argument typed \`any\``;
    case "unfollowable":
      return `${head}${from}, which leakmod cannot follow: ${c.detail}`;
    case "too-deep":
      return `${head}${from}, and leakmod does not follow a key through more than ${MAX_CHAIN} functions`;
  }
}
