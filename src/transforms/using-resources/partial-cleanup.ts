/**
 * ## What it does
 * Finds a resource released on some paths only — by a statement after its uses (the happy
 * path), maybe also right before a `return`/`throw` — and declares it with `using` /
 * `await using`, dropping the releases. Reached from `judge` (analyze.ts) as case 2; a
 * resource made here only sometimes (`this.runner ?? create()`) is judged by `judgeBorrowed`.
 *
 * ## Why is this bad?
 * An exception or an early exit before the release skips it: a descriptor stays open, a pool
 * never gets its client back. `using` releases it on every exit of its block.
 *
 * ## Example
 * ```ts
 * const fd = fs.openSync(p, "r");
 * const buf = Buffer.alloc(1);
 * fs.readSync(fd, buf);
 * fs.closeSync(fd);
 * return buf[0]!;
 * ```
 * ## Use instead
 * ```ts
 * const fd = fs.openSync(p, "r");
 * using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
 * const buf = Buffer.alloc(1);
 * fs.readSync(fd, buf);
 * return buf[0]!;
 * ```
 *
 * ## Fix safety
 * Safe when nothing but a `return` follows the release, or when the code from the declaration
 * to the release can move into a block of its own. Unsafe when statements after the release use
 * names declared before it, when a `using` declared after it would be released first, or when
 * the value is a resource only by the evidence of this function's release. Manual, in the order
 * `judgeHappyPath` tries them: released in several places; released in a callback; released in
 * the `finally` of a later `try` (not as its last statement, or with statements between that can
 * throw); a conditional or nested release; a use after the release; a module-level release that
 * cannot get a block; the project cannot run `using`. A borrowed value is never `using`. Not
 * reported (decided in `judge`): a test or test hook that releases it at the end of its own body
 * (test-callback.ts).
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { Applicability, TransformContext } from "../../engine/types.js";
import { enclosingFunction, lineOfNode } from "../util/ast.js";
import type { FixPlan } from "./edits.js";
import { finallyCleanup, partialCleanup, unreleasedResource } from "./kinds.js";
import type { Resource } from "./resource-of.js";
import type { Cleanup, Use } from "./uses.js";
import { statementsOf, nextAfterInert, declaredNames, identifierTexts } from "./statements.js";
import { isExitRelease, coveringRelease, guardOf } from "./releases.js";
import { formForCleanup } from "./forms.js";
import { shortText, releaseText, notRewritten, exitNote } from "./messages.js";
import type { Verdict, FileState } from "./verdict.js";

/** Case 2. Ex) `const fd = fs.openSync(p); use(fd); fs.closeSync(fd); return sum;` */
export function judgeHappyPath(
  ctx: TransformContext,
  r: Resource,
  uses: readonly Use[],
  cleanups: readonly Cleanup[],
  state: FileState,
): Verdict {
  const sf = ctx.sourceFile;
  const manual = (why: string): Verdict => ({
    kind: partialCleanup,
    applicability: "manual",
    message: `${subjectOf(r)} is not released on every path: ${why}`,
  });
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
  const laterTry = finallyOf(c);
  if (laterTry && laterTry.parent === r.container)
    return (
      laterFinally(ctx, r, c, laterTry) ??
      manual(
        `it is released in the \`finally\` of a later \`try\` (line ${lineOfNode(sf, laterTry)}), so an exception in the statements between its declaration and that \`try\` leaks it; start the \`try\` right after the declaration (leakmod then turns it into \`using\`), or declare it with \`using\`.`,
      )
    );
  // Ex) `if (ok) fs.closeSync(fd);`, a release inside a loop or a nested block.
  if (!c.statement || c.statement.parent !== r.container) {
    return manual(
      `its release \`${cleanupText}\` (line ${lineOfNode(sf, c.call)}) is conditional or nested, so some paths skip it; declare it with \`using\` and drop the release by hand if it should always happen.`,
    );
  }
  // Ex) `fs.readSync(fd, …)` after `fs.closeSync(fd)`: a use after release.
  const after = uses.find((u) => u.kind !== "cleanup" && u.ref.getStart(sf) > c.statement!.getEnd());
  if (after) return manual(`it is used after its release (line ${lineOfNode(sf, after.ref)}).`);
  const tail = tailOf(r, uses, c.statement, state);
  // Ex) a module-level release followed by code using names declared before it.
  if (ts.isSourceFile(r.container) && (tail.laterUsing || (!tail.onlyReturn && !tail.canWrap))) {
    return manual(
      `it is released at module level (line ${lineOfNode(sf, c.statement)}) and what follows uses names declared before that, so it cannot get a block of its own; wrap it in a block with \`using\` by hand.`,
    );
  }
  return happyPathFix(ctx, r, uses, { ...c, statement: c.statement }, exits, tail, state);
}

function subjectOf(r: Resource): string {
  return `\`${r.name}\` (${r.label})`;
}

/** The `try` whose `finally` block holds the release statement. */
function finallyOf(c: Cleanup): ts.TryStatement | undefined {
  const block = c.statement?.parent;
  if (!block || !ts.isBlock(block) || !ts.isTryStatement(block.parent)) return undefined;
  return block.parent.finallyBlock === block ? block.parent : undefined;
}

/** Ex) `try { … } finally { fs.closeSync(fd); log(); }` right after the declaration: the release is not the `finally`'s last statement. */
function laterFinally(ctx: TransformContext, r: Resource, c: Cleanup, laterTry: ts.TryStatement): Verdict | undefined {
  if (nextAfterInert(r.container, r.statement).next !== laterTry) return undefined;
  const sf = ctx.sourceFile;
  return {
    kind: finallyCleanup,
    applicability: "manual",
    message: `${subjectOf(r)} is released by \`${releaseText(sf, c)}\` in the \`finally\` right after it, but not as its last statement (line ${lineOfNode(sf, c.call)}): the statements after the release there would run before a \`using\` released it. If that order does not matter (other releases), declare it with \`using\` and drop the release by hand.`,
  };
}

/** What follows the release, and whether declaration to release can move into a block of their own. */
interface Tail {
  follows: ts.Statement[];
  /** Nothing but a `return` that does not use it follows. */
  onlyReturn: boolean;
  /** A `using` declared between the declaration and the release (it would be released first). */
  laterUsing: ts.VariableStatement | undefined;
  canWrap: boolean;
}

function tailOf(r: Resource, uses: readonly Use[], release: ts.Statement, state: FileState): Tail {
  const statements = statementsOf(r.container);
  const index = statements.indexOf(release);
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
  return { follows, onlyReturn, laterUsing, canWrap };
}

/** The fix: `using`, the releases go; its tier from what follows the release. */
function happyPathFix(
  ctx: TransformContext,
  r: Resource,
  uses: readonly Use[],
  c: Cleanup & { statement: ts.ExpressionStatement },
  exits: readonly Cleanup[],
  tail: Tail,
  state: FileState,
): Verdict {
  const sf = ctx.sourceFile;
  const cleanupText = releaseText(sf, c);
  const form = formForCleanup(ctx, r, uses, c, state.taken);
  const keyword = form.kind === "native" ? form.keyword : form.text.startsWith("await") ? "await using" : "using";
  const plan: FixPlan = {
    statement: r.statement,
    container: r.container,
    form,
    shape: { case: "happy-path", cleanup: c.statement, exits: exits.map((x) => x.statement!), wrap: tail.canWrap },
  };
  const description = `Declare \`${r.name}\` with \`${keyword}\` and drop \`${cleanupText}\``;
  let { message, applicability } = happyPathTier(sf, r, c, tail, keyword);
  if (state.blocker)
    return { kind: partialCleanup, applicability: "manual", message: message + notRewritten(state.blocker) };
  if (exits.length > 0) message += ` ${exitNote(sf, exits)}`;
  // Ex) a project class with `close()`: leakmod knows it as a resource only because this function closes it.
  if (r.evidence && applicability === "safe") {
    applicability = "unsafe";
    message += ` Unsafe: leakmod knows \`${r.name}\` as a resource only because this function releases it, so \`${cleanupText}\` would now also run when the statements before it throw; apply with --unsafe if it may.`;
  }
  if (applicability === "safe") for (const x of [c, ...exits]) state.removed.add(x.statement!, r);
  return { kind: partialCleanup, applicability, message, description, plan };
}

/** Safe when only a `return` follows or the code can get a block of its own; unsafe when the release moves past other statements or `using`s. */
function happyPathTier(
  sf: ts.SourceFile,
  r: Resource,
  c: Cleanup & { statement: ts.ExpressionStatement },
  { follows, onlyReturn, laterUsing, canWrap }: Tail,
  keyword: string,
): { message: string; applicability: Applicability } {
  const subject = subjectOf(r);
  const released = `is released by \`${releaseText(sf, c)}\` (line ${lineOfNode(sf, c.statement)}) on the happy path only: an exception or an early exit before it leaks it (${r.leak})`;
  if (laterUsing) {
    return {
      message: `${subject} ${released}. With \`${keyword}\` it is released on every path, but at the end of the block, where \`${shortText(sf, laterUsing.declarationList.declarations[0]!.name)}\` (a \`using\` on line ${lineOfNode(sf, laterUsing)}) is released too: that one would then be released before it instead of after. Apply with --unsafe if the order of the two releases does not matter.`,
      applicability: "unsafe",
    };
  }
  if (onlyReturn) {
    return {
      message: `${subject} ${released}. \`${keyword}\` releases it on every path; nothing but a \`return\` follows the release, so it is released at the same point on the happy path.`,
      applicability: "safe",
    };
  }
  if (canWrap) {
    return {
      message: `${subject} ${released}. \`${keyword}\` in a block of its own ending where the release was releases it on every path; the statements after it still run after the release.`,
      applicability: "safe",
    };
  }
  return {
    message: `${subject} ${released}. With \`${keyword}\` it is released on every path, but at the end of the block rather than at line ${lineOfNode(sf, c.statement)}: the ${follows.length} statement(s) after the release then run while it is still open, and they use names declared before the release, so it cannot get a block of its own. Apply with --unsafe if nothing there needs it released.`,
    applicability: "unsafe",
  };
}

/**
 * Ex) `const qr = this.queryRunner ?? this.dataSource.createQueryRunner()`: made here only when
 * the field is not set. Never `using` (it would release the borrowed one too). Released in the
 * `finally` that covers it (under the ownership condition, typically): no leak. Released on the
 * happy path only: manual, with advice that keeps the condition. Never released, scoped, not
 * handed on: manual. Released in a callback or handed on without a release: its holder's business.
 */
export function judgeBorrowed(
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
