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

import { ts } from "../../engine/ts-morph.cjs";
import type { Fix, ProjectFacts, TextEdit, TransformContext } from "../../engine/types.js";
import { configFactories, RESOURCE_TABLE } from "./resources.js";
import { enclosingFunction, hasModifier, lineOfNode, walk } from "../util/ast.js";
import { materialize, type FixPlan } from "./edits.js";
import { projectSupport } from "./support.js";
import { partialCleanup, unreleasedResource } from "./kinds.js";
import { type Resource, resourceOf } from "./resource-of.js";
import { type Cleanup, type Use, references, classify } from "./uses.js";
import { nextAfterInert } from "./statements.js";
import { laterTry, coveringRelease, factoryShape } from "./releases.js";
import { shortText } from "./messages.js";
import { RemovedReleases, type Verdict, type FileState } from "./verdict.js";
import { judgeFinally } from "./finally-cleanup.js";
import { judgeHappyPath, judgeBorrowed } from "./partial-cleanup.js";
import { judgeUnreleased } from "./unreleased-resource.js";
import { releasedByTestEnd } from "./test-callback.js";

/** Every resource of the file, judged in source order. */
export function analyzeResources(ctx: TransformContext): void {
  const sf = ctx.sourceFile;
  const support = projectSupport(ctx.project, ctx.program);
  const blocker = support.blockerFor(sf.fileName);
  const state: FileState = {
    factories: [...configFactories(ctx.project.config.resources), ...RESOURCE_TABLE],
    blocker,
    taken: new Map(),
    removed: new RemovedReleases(),
  };
  const verdicts: Judged[] = [];
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
      const needs = state.removed.taken();
      if (verdict) verdicts.push({ r, verdict, needs });
    }
  });
  const plans = verdicts.flatMap(({ verdict }) => (verdict.plan ? [verdict.plan] : []));
  const fixes = fixesOf(sf, verdicts, materialize(sf, plans));
  for (const { r, verdict } of verdicts) {
    const fix = fixes.get(r);
    ctx.report({
      kind: verdict.kind,
      node: r.decl,
      message: verdict.message,
      applicability: verdict.applicability,
      ...(fix ? { fix } : {}),
    });
  }
}

interface Judged {
  r: Resource;
  verdict: Verdict;
  /** The resources whose fixes' deleted releases this judgement counted on. */
  needs: ReadonlySet<object>;
}

/**
 * The fix of each finding. A fix judged on releases that another fix deletes carries that
 * fix's edits too; findings of one tier tied that way share one fix, which the engine applies
 * once (or withdraws whole). Ex) `const fa = …; const fb = …; …; fs.closeSync(fb); fs.closeSync(fa);`:
 * `fb`'s release is last only once `fa`'s goes.
 */
function fixesOf(
  sf: ts.SourceFile,
  judged: readonly Judged[],
  edits: ReadonlyMap<FixPlan, TextEdit[]>,
): Map<Resource, Fix> {
  const byResource = new Map(judged.filter((j) => j.verdict.plan).map((j) => [j.r as object, j]));
  const closure = (j: Judged, seen = new Set<Judged>()): Set<Judged> => {
    if (seen.has(j)) return seen;
    seen.add(j);
    for (const n of j.needs) {
      const dep = byResource.get(n);
      if (dep) closure(dep, seen);
    }
    return seen;
  };
  // Findings of one tier that rely on each other: one group.
  const group = new Map<Judged, Set<Judged>>();
  for (const j of byResource.values()) group.set(j, new Set([j]));
  for (const j of byResource.values()) {
    for (const n of j.needs) {
      const dep = byResource.get(n);
      if (!dep || dep.verdict.applicability !== j.verdict.applicability) continue;
      const merged = new Set([...group.get(j)!, ...group.get(dep)!]);
      for (const m of merged) group.set(m, merged);
    }
  }
  const fixes = new Map<Resource, Fix>();
  for (const j of byResource.values()) {
    const members = [...group.get(j)!].flatMap((m) => [...closure(m)]);
    const unique = [...new Set(members)].sort((a, b) => a.r.decl.pos - b.r.decl.pos);
    const seen = new Set<string>();
    const fixEdits = unique
      .flatMap((m) => edits.get(m.verdict.plan!) ?? [])
      .filter((e) => !seen.has(JSON.stringify(e)) && Boolean(seen.add(JSON.stringify(e))));
    const description =
      unique.length === 1
        ? j.verdict.description!
        : `${unique.map((m) => m.verdict.description!).join("; ")} (lines ${unique.map((m) => lineOfNode(sf, m.r.decl)).join(", ")}, one fix)`;
    fixes.set(j.r, { description, edits: fixEdits });
  }
  return fixes;
}

/** One resource: a flat chain of early returns, each with the shape it stops at. */
export function judge(ctx: TransformContext, r: Resource, state: FileState): Verdict | undefined {
  const uses = references(ctx, r).map((ref) => classify(ctx, ref, r));
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
  const c = finallyRelease(next, cleanups);
  if (c) return judgeFinally(ctx, r, uses, next as ts.TryStatement, between, c, [], state);
  // Ex) `const b = await rolldown(o); if (canceled) { await b.close(); throw e; } try { … } finally { await b.close(); }`
  const later = laterTry(ctx, r, uses, cleanups, state.removed);
  if (later) return judgeFinally(ctx, r, uses, later.tryStatement, later.between, later.main, later.exits, state);
  // Ex) `finally { if (fh !== cached) await fh.close(); }` covering everything after the declaration: released on
  // every path where the condition says it is this block's to release; the condition is the program's to keep.
  if (isUnderCondition(coveringRelease(ctx, r, cleanups))) return undefined;
  const escape = uses.find((u): u is Extract<Use, { kind: "escape" }> => u.kind === "escape");
  // Ex) a project class whose instance a closure also uses: this function's release is all leakmod knows of it, and no longer the whole story.
  if (r.evidence && escape) return undefined;
  // Ex) `const server = http.createServer(app); server.listen(port);`, `this.timer = setTimeout(…)`,
  // `const timer = setTimeout(…); p.finally(() => clearTimeout(timer))`: something meant to act
  // after the scope, whose lifetime the program manages on purpose; not a leak leakmod can judge.
  if (isManagedElsewhere(r, escape, cleanups)) return undefined;
  // Ex) `const logFd = fs.openSync(logPath, "a");` at module level, written by the module's functions.
  if (ts.isSourceFile(r.container) && (escape || cleanups.length === 0)) return moduleLevel(r, escape, cleanups);
  // Ex) `return fh`, `this.fd = fd`, `list.push(fd)`, `() => fd`, `register(fd)`, `s.on("data", cb)`, `r.pipe(w)`, `fh.read().then(…)`
  if (escape) return escaping(ctx, r, escape, cleanups, factory);
  // Ex) `it("…", () => { const editor = new Editor(); expect(…); editor.destroy(); })`: only a failing test skips it.
  if (cleanups.length > 0 && releasedByTestEnd(r, cleanups)) return undefined;
  // Case 2. Ex) `fs.closeSync(fd);` on the happy path only.
  if (cleanups.length > 0) return judgeHappyPath(ctx, r, uses, cleanups, state);
  // Case 3. Ex) never released.
  return judgeUnreleased(ctx, r, uses, state);
}

type Escape = Extract<Use, { kind: "escape" }>;

function subjectOf(r: Resource): string {
  return `\`${r.name}\` (${r.label})`;
}

/** The release that is the last statement of the `finally` of `next` (the `try` right after the declaration). */
function finallyRelease(next: ts.Statement | undefined, cleanups: readonly Cleanup[]): Cleanup | undefined {
  if (!next || !ts.isTryStatement(next) || !next.finallyBlock) return undefined;
  const last = next.finallyBlock.statements[next.finallyBlock.statements.length - 1];
  return cleanups.find((x) => x.statement !== undefined && x.statement === last);
}

/** A covering release that sits under an `if` (directly or in its block). */
function isUnderCondition(covering: Cleanup | undefined): boolean {
  const parent = covering?.statement!.parent;
  if (!parent) return false;
  return ts.isIfStatement(parent) || (ts.isBlock(parent) && ts.isIfStatement(parent.parent));
}

/** Something active that escapes, is released, or lives at module level, other than by one plain release of its own block. */
function isManagedElsewhere(r: Resource, escape: Escape | undefined, cleanups: readonly Cleanup[]): boolean {
  if (r.nature !== "active" || !(escape || cleanups.length > 0 || ts.isSourceFile(r.container))) return false;
  const c = cleanups[0];
  const clean =
    cleanups.length === 1 && !escape && c!.statement?.parent === r.container && enclosingFunction(c!.call) === r.fn;
  return !clean;
}

function moduleLevel(r: Resource, escape: Escape | undefined, cleanups: readonly Cleanup[]): Verdict {
  return {
    kind: cleanups.length > 0 ? partialCleanup : unreleasedResource,
    applicability: "manual",
    message: `${subjectOf(r)} is declared at module level, so it lives as long as the module (${r.leak})${escape ? ` and is used by the module's functions: ${escape.detail}` : ""}. If that is meant, release it on shutdown; if only part of the start-up needs it, move that part into a block with \`using\`.`,
  };
}

function escaping(
  ctx: TransformContext,
  r: Resource,
  escape: Escape,
  cleanups: readonly Cleanup[],
  factory: ReturnType<typeof factoryShape>,
): Verdict {
  const sf = ctx.sourceFile;
  const kind = cleanups.length > 0 ? partialCleanup : unreleasedResource;
  // Ex) `const fd = fs.openSync(p); if (!isFile(fd)) return undefined; return fd;`: the caller gets it on one path only.
  if (factory && "leaks" in factory) {
    const exit = ts.isThrowStatement(factory.leaks) ? "`throw`" : `\`${shortText(sf, factory.leaks)}\``;
    return {
      kind,
      applicability: "manual",
      message: `${subjectOf(r)} is what this function returns (\`return ${r.name}\`, line ${lineOfNode(sf, factory.returned)}), but the ${exit} on line ${lineOfNode(sf, factory.leaks)} leaves without returning or releasing it (${r.leak}). Release it right before that exit: the caller owns it only where it gets it.`,
    };
  }
  return {
    kind,
    applicability: "manual",
    message: `${subjectOf(r)} escapes this block: ${escape.detail}. It may be needed after the block, so leakmod cannot release it there: whoever ends up holding it must release it on every path; if this block owns it, declare it with \`using\`.`,
  };
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
