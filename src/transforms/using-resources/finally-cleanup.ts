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
import { ts } from "ts-morph";
import type { TransformContext } from "../../engine/types.js";
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
