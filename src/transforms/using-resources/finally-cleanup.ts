/**
 * ## What it does
 * Finds a resource released by the last statement of the `finally` of the `try` right after its
 * declaration (past declarations that cannot throw, or statements that cannot throw or that
 * release it and leave), and declares it with `using` / `await using` instead: the `try` goes
 * (or keeps its `catch` and other `finally` statements, or becomes a plain block when
 * statements follow it). Reached from `judge` (analyze.ts) as case 1; also for a later `try`
 * whose `finally` ends with the release, which is then a `partial-cleanup`.
 *
 * ## Why is this bad?
 * It is not a leak: the code already releases it on every path. `using` says the same in one
 * line that cannot be forgotten, and releases in reverse order of declaration (a modernisation,
 * reported apart from leaks). When a statement before the `try` can throw, it is a leak, and the
 * kind is `partial-cleanup`.
 *
 * ## Example
 * ```ts
 * const fh = await fs.promises.open(p);
 * try {
 *   return JSON.parse(await fh.readFile("utf8"));
 * } finally {
 *   await fh.close();
 * }
 * ```
 * ## Use instead
 * ```ts
 * await using fh = await fs.promises.open(p);
 * return JSON.parse(await fh.readFile("utf8"));
 * ```
 *
 * ## Fix safety
 * Safe: `using` releases it at the same point and in the same order. Unsafe when leakmod knows
 * the value as a resource only because this function releases it and a statement before the
 * `try` can throw (the release then also runs on that error). Manual, in the order `judgeFinally`
 * tries them: the `finally` can jump past the release; the value is used outside the `try`;
 * declarations between it and the `try` cannot move above it; the statements that would move
 * into a new block declare names used after it; the project cannot run `using` (support.ts).
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { FindingKind, TransformContext } from "../../engine/types.js";
import { lineOfNode } from "../util/ast.js";
import type { Form } from "./edits.js";
import { cannotThrowStatement } from "./ownership.js";
import { finallyCleanup, partialCleanup } from "./kinds.js";
import type { Resource } from "./resource-of.js";
import type { Cleanup, Use } from "./uses.js";
import {
  statementsOf,
  isInert,
  hasJump,
  declaredNames,
  identifierTexts,
  bodyClashes,
  isAloneOnLines,
} from "./statements.js";
import { disposerName, formForCleanup } from "./forms.js";
import { releaseText, notRewritten, exitNote } from "./messages.js";
import type { Verdict, FileState } from "./verdict.js";

/** One case-1 candidate: the resource, the `try` whose `finally` releases it, and what is known so far. */
interface FinallyCase {
  ctx: TransformContext;
  r: Resource;
  uses: readonly Use[];
  tryStatement: ts.TryStatement;
  between: readonly ts.Statement[];
  c: Cleanup;
  exits: readonly Cleanup[];
  state: FileState;
  /** A statement between the declaration and the `try` can throw: a leak (`partial-cleanup`), not a modernisation. */
  later: boolean;
  kind: FindingKind;
  /** "the `finally` right after it", or of the `try` on line N. */
  where: string;
}

/** How the `try` becomes `using` (see edits.ts `Shape`). */
interface Layout {
  mode: "join" | "wrap" | "keep" | "keep-wrap";
  keepTry: boolean;
  /** The `try` becomes a plain block starting with the `using`. */
  inPlace: boolean;
  /** Declaration to `try` move into a new block. */
  wrap: boolean;
  /** Declarations that cannot throw, moved above the declaration by a new block. */
  hoisted: ts.Statement[];
}

/** Case 1. Ex) `const fd = fs.openSync(p); try { … } finally { fs.closeSync(fd); }` */
export function judgeFinally(
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
  // Ex) `const env = create(); await env.init(); try { … } finally { await env.close(); }`: `init()` may throw, and then nothing releases it.
  // But `const bundle = await rolldown(o); if (canceled) { await bundle.close(); throw … } try { … } finally { await bundle.close(); }`
  // releases it on every path: nothing in between can throw but after the release.
  const exitStatements = new Set<ts.Statement>(exits.map((x) => x.statement!));
  const later = !between.every((b) => cannotThrowStatement(ctx, b, (s) => exitStatements.has(s)));
  const where = between.every(isInert)
    ? "the `finally` right after it"
    : `the \`finally\` of the \`try\` on line ${lineOfNode(sf, tryStatement)}`;
  const k: FinallyCase = {
    ctx,
    r,
    uses,
    tryStatement,
    between,
    c,
    exits,
    state,
    later,
    where,
    kind: later ? partialCleanup : finallyCleanup,
  };
  const manual = (why: string): Verdict => ({
    kind: k.kind,
    applicability: "manual",
    message: `${subjectOf(r)} is released by \`${releaseText(sf, c)}\` in ${where}, but ${why}`,
  });
  // Ex) `finally { if (cached) return; fs.closeSync(fd); }`: the jump may skip the release, `using` would not.
  const jump = hasJump(tryStatement.finallyBlock!.statements.slice(0, -1));
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
  const layout = layoutOf(k);
  // Ex) `let result = 0;` between, used by the declaration: it cannot move above it.
  if (hoistBlocked(k, layout.hoisted))
    return manual(
      `the declarations between it and the \`try\` (line ${lineOfNode(sf, layout.hoisted[0]!)}) would have to move above it; declare it with \`using\` by hand.`,
    );
  // Ex) `const n = parse(fd);` before the `try`, `n` used after it: it cannot move into a new block.
  const clash = layout.wrap ? wrapClash(k) : undefined;
  if (clash)
    return manual(
      `statements follow the \`try\`, and they use \`${clash}\`, declared before it, so the code from the declaration to the \`try\` cannot move into a block of its own; declare it with \`using\` by hand.`,
    );
  return finallyFix(k, layout);
}

function subjectOf(r: Resource): string {
  return `\`${r.name}\` (${r.label})`;
}

/**
 * join: the `try` goes, its body joins the block; wrap: the same in a new block (statements
 * follow, or at module level); keep: only the release goes (a `catch`, other `finally`
 * statements); keep-wrap: keep in a new block. In a new block, declarations that cannot throw
 * (`let result: Output;`) move above the declaration; the other statements in between move into
 * the block. Ex) `const bundle = await rolldown({ …130 lines… }); let result; try { … } finally
 * { await bundle.close(); } use(result);`: code that already releases it on every path gets the
 * smallest change, the `try` becoming the block of a `using` (`{ await using _bundle = bundle; … }`).
 */
function layoutOf({ r, tryStatement, later, between }: FinallyCase): Layout {
  const statements = statementsOf(r.container);
  const follows = statements.indexOf(tryStatement) < statements.length - 1;
  const keepTry = tryStatement.catchClause !== undefined || tryStatement.finallyBlock!.statements.length > 1;
  let mode: Layout["mode"];
  if (keepTry) mode = follows || ts.isSourceFile(r.container) ? "keep-wrap" : "keep";
  else mode = follows || ts.isSourceFile(r.container) || bodyClashes(r, tryStatement) ? "wrap" : "join";
  const inPlace = mode === "wrap" && !later && ts.isBlock(r.container);
  const wrap = (mode === "wrap" || mode === "keep-wrap") && !inPlace;
  const hoisted = wrap ? between.filter(isInert) : [];
  return { mode, keepTry, inPlace, wrap, hoisted };
}

/** The hoisted declarations cannot move: the declaration uses one, or one shares its lines with other code. */
function hoistBlocked({ ctx, r }: FinallyCase, hoisted: readonly ts.Statement[]): boolean {
  if (hoisted.length === 0) return false;
  const declared = new Set(hoisted.flatMap(declaredNames));
  const usedByDeclaration = [...identifierTexts([r.statement])].some((n) => declared.has(n));
  return usedByDeclaration || !hoisted.every((b) => isAloneOnLines(ctx.sourceFile, b));
}

/** A name declared between the declaration and the `try` (moving into the new block) that the statements after the `try` use. */
function wrapClash({ r, tryStatement, between }: FinallyCase): string | undefined {
  const statements = statementsOf(r.container);
  const afterNames = identifierTexts(statements.slice(statements.indexOf(tryStatement) + 1));
  return between
    .filter((b) => !isInert(b))
    .flatMap(declaredNames)
    .find((n) => afterNames.has(n));
}

/** The fix: `using` in the form the release allows, in the layout the block allows. */
function finallyFix(k: FinallyCase, layout: Layout): Verdict {
  const { ctx, r, uses, c, state, tryStatement, exits, kind } = k;
  const sf = ctx.sourceFile;
  const native = formForCleanup(ctx, r, uses, c, state.taken);
  const form: Form =
    layout.inPlace && native.kind === "native"
      ? { kind: "inline", text: `${native.keyword} ${disposerName(sf, r, state.taken)} = ${r.name};` }
      : native;
  const keyword = form.kind === "native" ? form.keyword : form.text.startsWith("await") ? "await using" : "using";
  const message = finallyMessage(k, layout, keyword);
  if (state.blocker) return { kind, applicability: "manual", message: message + notRewritten(state.blocker) };
  // Ex) `await environment.init()` before the `try`: with `using`, a failed `init()` is followed by `close()`, which leakmod
  // knows only as the release this function calls; whether it may run on a half-made value is the class's business.
  const evidenceOnly = k.later && r.evidence !== undefined;
  // In place, the releases before the `try` stay: they are outside the new block.
  const removedExits = layout.inPlace ? [] : exits;
  if (!evidenceOnly) for (const x of removedExits) state.removed.add(x.statement!, r);
  const finallyStatements = tryStatement.finallyBlock!.statements;
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
        between: k.between,
        hoisted: layout.hoisted,
        exits: removedExits.map((x) => x.statement!),
        cleanup: finallyStatements[finallyStatements.length - 1]!,
        mode: layout.inPlace ? "in-place" : layout.mode,
      },
    },
  };
}

function finallyMessage({ ctx, r, c, exits, later, where }: FinallyCase, layout: Layout, keyword: string): string {
  const sf = ctx.sourceFile;
  const subject = subjectOf(r);
  const cleanupText = releaseText(sf, c);
  const blockNote = layout.inPlace
    ? " in the block the `try` leaves (statements follow it, and must still run after the release)"
    : layout.mode === "wrap" || layout.mode === "keep-wrap"
      ? ts.isSourceFile(r.container)
        ? " in a block of its own (at module level the release would otherwise wait for the whole module)"
        : " in a block of its own (statements follow the `try`, and must still run after the release)"
      : "";
  const rest = layout.keepTry ? `; the rest of the \`try\` stays` : "; the `try` goes";
  const early = exits.length > 0 && !layout.inPlace ? ` ${exitNote(sf, exits)}` : "";
  return later
    ? `${subject} is released by \`${cleanupText}\` in ${where}, so an exception before that \`try\` leaks it (${r.leak}). \`${keyword}\`${blockNote} releases it on every path, and at the same point on the others${rest}.${early}`
    : `${subject} is released by \`${cleanupText}\` in ${where}${where.endsWith("after it") ? "" : ", and nothing before that `try` can throw"}: \`${keyword}\`${blockNote} releases it on every exit, at the same point and in the same order${rest}.${early}`;
}
