/** Why a buffer its function resets first cannot become that function's local. */
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { isExportedFromFile, lineOfNode } from "../util/ast.js";
import type { Candidate, FileFacts } from "./global-facts.js";
import {
  functionName,
  indirectReentry,
  outlivingFunction,
  selfReference,
  SHAPE_NOUN,
  suspensionPoint,
  type Fn,
  type Use,
} from "./uses.js";

export interface Blocker {
  reason: string;
  advice: string;
}

/** Why a buffer `F` resets first cannot become `F`'s local without changing what a call sees. */
export function resetBlocker(
  ctx: TransformContext,
  facts: FileFacts,
  candidate: Candidate,
  F: Fn,
  reset: Use,
  uses: readonly Use[],
): Blocker | undefined {
  const fName = functionName(ctx.sourceFile, F);
  const byHand = `If each call should have its own ${SHAPE_NOUN[candidate.shape]} (usually the intent), declare it inside ${fName} by hand`;
  return (
    visibilityBlocker(ctx, facts, candidate, fName, byHand) ??
    callBlocker(ctx, candidate, F, reset, uses, fName, byHand)
  );
}

/** Code outside the function can reach the variable: an export, a script's globals, `eval`. */
function visibilityBlocker(
  ctx: TransformContext,
  facts: FileFacts,
  candidate: Candidate,
  fName: string,
  byHand: string,
): Blocker | undefined {
  const { sourceFile: sf, checker } = ctx;
  // Ex) `export let rows: string[] = [];`
  if (isExportedFromFile(sf, checker, candidate.decl)) {
    return {
      reason: "it is exported, so other modules may read what the last call left in it",
      advice: `Stop exporting it, then declare it inside ${fName}`,
    };
  }
  // Ex) a top-level `let rows = []` in a script (no import/export): every script shares it.
  if (facts.isScript) {
    return {
      reason:
        "this file has no import or export, so TypeScript treats it as a script whose top-level variables are globals that other scripts can reach",
      advice: byHand,
    };
  }
  // Ex) `eval(code)`: can read any module variable by name.
  if (facts.evalCall) {
    return {
      reason: `this file calls \`eval\` (line ${lineOfNode(sf, facts.evalCall)}), which can reach any module variable by name`,
      advice: byHand,
    };
  }
  return undefined;
}

/** A call could see another call's buffer: it suspends, re-enters, leaves a callback behind, or hands the buffer out. */
function callBlocker(
  ctx: TransformContext,
  candidate: Candidate,
  F: Fn,
  reset: Use,
  uses: readonly Use[],
  fName: string,
  byHand: string,
): Blocker | undefined {
  const { sourceFile: sf, checker } = ctx;
  // Ex) `async function load() { pending = []; ... await fetch(u); pending.push(u); }`
  const suspends = suspensionPoint(F);
  if (suspends) {
    const how = ts.isAwaitExpression(suspends) || ts.isForOfStatement(suspends) ? "awaits" : "yields";
    return {
      reason: `${fName} ${how} (line ${lineOfNode(sf, suspends)}), so calls interleave: a call that resumes may find the ${SHAPE_NOUN[candidate.shape]} another call reset and filled, and a local per call would change what each call sees`,
      advice: `${byHand}: that also fixes the interleaving; otherwise keep it and bound it`,
    };
  }
  // Ex) `function walk(n) { out = []; ... walk(child) ... }`: the inner call resets the outer one's buffer.
  const recursion = selfReference(sf, checker, F);
  if (recursion) {
    return {
      reason: `${fName} calls itself (line ${lineOfNode(sf, recursion)}), and the inner call's reset empties the outer call's ${SHAPE_NOUN[candidate.shape]}; a local per call may change the results`,
      advice: byHand,
    };
  }
  // Ex) `render` calls `renderChild`, which calls `render`: the same, one step removed.
  const reentry = indirectReentry(checker, F);
  if (reentry) {
    return {
      reason: `${fName} may call itself again through ${functionName(sf, reentry.via)} (line ${lineOfNode(sf, reentry.call)}), and the inner call's reset empties the outer call's ${SHAPE_NOUN[candidate.shape]}; a local per call may change the results`,
      advice: byHand,
    };
  }
  // Ex) `setTimeout(() => rows.push(x))`: the callback would then fill this call's buffer, not the current one.
  for (const u of uses) {
    const fn = outlivingFunction(checker, F, u.ref);
    if (fn) {
      return {
        reason: `it is used by ${functionName(sf, fn)}, which may run after ${fName} returns: with a local it would see that call's ${SHAPE_NOUN[candidate.shape]}, not the one the latest call reset`,
        advice: `${byHand}, or clear it where the callback is done with it`,
      };
    }
  }
  // Ex) `stack.length = 0; ... return stack;`: the next call empties what the caller holds.
  if (!reset.resetValue) {
    const handedOut = uses.find((u) => u.kind === "escape");
    if (handedOut) {
      return {
        reason: `${fName} empties it in place (\`${reset.op}\`) and ${handedOut.detail} (line ${lineOfNode(sf, handedOut.node)}), so the next call empties what the caller holds; a local per call would not`,
        advice: `If callers should keep their results, reset it with a fresh ${SHAPE_NOUN[candidate.shape]} or declare it inside ${fName} by hand`,
      };
    }
  }
  return undefined;
}
