/**
 * ## What it does
 * Finds *accumulating globals*: module-level variables initialised to an empty collection or
 * string (`[]`, `{}`, `new Map()`, `new Set()`, `new Array()`, `''`) that code only grows
 * (`push`, `unshift`, `set`, `add`, `x[k] = v`, `s += t`). Every one is reported, with the
 * functions that grow it. When only one function `F` uses it and moving it cannot change what
 * any call sees, its declaration moves into `F`:
 * (a) nothing ever reads it (write-only), or
 * (b) `F` resets it (`x = []`, `x = ''`, `x.length = 0`, `x.clear()`) before any other use, on
 *     every path: the reset becomes the declaration.
 *
 * ## Why is this bad?
 * A module lives as long as the process. A collection it owns that only grows keeps everything
 * it was ever given: every request traced, every id seen. A buffer that one function resets on
 * each call carries nothing from one call to the next, yet keeps the last call's data alive
 * until the next call. A local of that function is freed when the call returns.
 *
 * ## Example
 * ```ts
 * let rows: string[] = [];
 * function toCsv(items: Item[]): string {
 *   rows = [];
 *   for (const i of items) rows.push(line(i));
 *   return rows.join("\n");
 * }
 * ```
 * ## Use instead
 * ```ts
 * function toCsv(items: Item[]): string {
 *   const rows: string[] = [];
 *   for (const i of items) rows.push(line(i));
 *   return rows.join("\n");
 * }
 * ```
 * ## Not rewritten (manual, with advice)
 * State read across calls (read, returned, iterated, sized, passed on), used by two functions or
 * at module level, exported, reachable through `eval` or a script's global scope, used by a
 * callback that may outlive the call, or a reset buffer in an `async` function or generator that
 * suspends, in a recursive function, or cleared in place and handed out.
 * ## Not reported
 * Collections that are also shrunk or cleared elsewhere (bounded by the program's own logic),
 * only grown at load time, never grown; object-keyed `Map`/`Set`s that only grow (weak-refs'
 * `object-keyed-cache` reports those, and makes them weak when it can).
 *
 * ## Cases, in the order `check` tries them
 * Not reported: declared more than once, never grown, only grown at load time, shrunk or reset
 * elsewhere, an object-keyed `Map`/`Set`, growth bounded by the program (bounded.ts). Reset first
 * in its only function: moved (safe) unless exported, a script, `eval`, the function suspends,
 * recurses, re-enters, leaves a callback behind, or empties it in place and hands it out
 * (reset-blockers.ts, manual). Otherwise manual when exported (also through `module.exports`),
 * in a script, or beside `eval`; write-only: moved (safe) unless written by two functions, in a
 * parameter list or an expression body, or by a callback that outlives the call; read across
 * calls: shared by two functions, returned, or read (manual).
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { isExportedFromFile, lineOfNode, referencesIn } from "../util/ast.js";
import { boundedGrowth } from "./bounded.js";
import { isReassignment, keywordFor, lineRange, resetEdits, writeOnlyEdits } from "./global-edits.js";
import {
  candidatesOf,
  findEval,
  resetFirst,
  usersOf,
  type Candidate,
  type FileFacts,
  type Pending,
} from "./global-facts.js";
import { accumulatingGlobal } from "./kinds.js";
import { resetBlocker } from "./reset-blockers.js";
import {
  classify,
  commonFunction,
  functionChain,
  functionName,
  growthSummary,
  isModuleFile,
  isObjectKeyed,
  isRead,
  ITEM_NOUN,
  listText,
  outlivingFunction,
  runsAtLoad,
  SHAPE_NOUN,
  type Fn,
  type Use,
} from "./uses.js";

const BOUND_ADVICE =
  "Bound it (cap its size and drop the oldest entries, or use an LRU), clear it when the work it tracks is done, or, if it tracks objects, key them in a `WeakMap`/`WeakSet` so entries go with them";

export function analyzeGlobals(ctx: TransformContext): void {
  const sf = ctx.sourceFile;
  const candidates = candidatesOf(ctx);
  if (candidates.length === 0) return;
  const facts: FileFacts = {
    isScript: !isModuleFile(sf),
    evalCall: findEval(sf),
    insertions: new Map(),
    gone: [],
  };
  const pending: Pending[] = [];
  for (const candidate of candidates) {
    const found = checkGlobal(ctx, facts, candidate);
    if (found) pending.push(found);
  }
  // Which lines go, so that each removal knows its neighbours (no blank lines left behind).
  for (const p of pending) {
    const range = p.fix && lineRange(sf, p.fix.removes);
    if (range) facts.gone.push(range);
  }
  for (const p of pending) {
    const edits = p.fix?.build();
    if (p.fix && edits) {
      ctx.report({
        kind: accumulatingGlobal,
        node: p.node,
        message: p.message,
        applicability: "safe",
        fix: { description: p.fix.description, edits },
      });
    } else {
      ctx.report({
        kind: accumulatingGlobal,
        node: p.node,
        message: p.fix ? p.fix.fallback : p.message,
        applicability: "manual",
      });
    }
  }
}

/** What the chain knows about one module-level collection, once it is known to grow. */
interface Growing {
  ctx: TransformContext;
  facts: FileFacts;
  candidate: Candidate;
  refs: readonly ts.Node[];
  uses: readonly Use[];
  /** The one function that uses it, if only one does. */
  F: Fn | undefined;
  /** `\`x\` is a module-level array that only grows (…)`, for the messages. */
  what: string;
}

/** The finding for one module-level empty collection or string, if any: every case, in order. */
export function checkGlobal(ctx: TransformContext, facts: FileFacts, candidate: Candidate): Pending | undefined {
  const { sourceFile: sf, checker } = ctx;
  const { decl, shape, name } = candidate;
  const symbol = checker.getSymbolAtLocation(decl.name);
  // Ex) `var log = []; var log = [];`, a merged declaration: not one variable's story.
  if (!symbol || (symbol.declarations?.length ?? 0) !== 1) return undefined;
  const refs = referencesIn(sf, checker, symbol, name);
  const refSet = new Set(refs);
  const uses = refs.map((r) => classify(sf, r, r, shape, (e) => refSet.has(e)));
  const grows = uses.filter((u) => u.kind === "grow");
  // Ex) `const NONE: string[] = [];` that nothing grows: a constant, not state.
  if (grows.length === 0) return undefined;
  // Ex) `plugins.push(a);` at module level only (or in code only module-level code runs): it
  // grows once, at load time.
  if (grows.every((u) => runsAtLoad(sf, checker, u.ref))) return undefined;
  const F = commonFunction(refs);
  const reset = resetFirst(F, uses);
  const bounded = uses.filter((u) => u.kind === "reset" || u.kind === "shrink" || u.kind === "replace");
  // Ex) `queue.shift()`, `batch = []` in `flush()`: the program bounds it itself.
  if (!reset && bounded.length > 0) return undefined;
  // Ex) `const seen = new Set<Node>()` that only grows: weak-refs' `object-keyed-cache` reports
  // it (and makes it a WeakSet when it can); one finding per collection.
  if (!reset && (shape === "map" || shape === "set") && isObjectKeyed(checker, decl.name, decl.initializer, uses))
    return undefined;
  // Ex) keys of a finite literal union, a warn-once set, a map filled once: bounded by the program.
  if (!reset && boundedGrowth(ctx, name, shape, grows)) return undefined;
  // Ex) `function toCsv() { rows = []; … }`: a buffer its one function resets first.
  if (reset && F) return checkResetBuffer(ctx, facts, candidate, F, reset, uses);
  const what = `\`${name}\` is a module-level ${SHAPE_NOUN[shape]} that only grows (${growthSummary(sf, grows)}) and is never cleared: it keeps every ${ITEM_NOUN[shape]} for the life of the process`;
  return checkGrowing({ ctx, facts, candidate, refs, uses, F, what });
}

/** Reset first by `F`: the reset becomes its declaration inside `F`, unless a blocker says a call would see another's buffer. */
function checkResetBuffer(
  ctx: TransformContext,
  facts: FileFacts,
  candidate: Candidate,
  F: Fn,
  reset: Use,
  uses: readonly Use[],
): Pending {
  const sf = ctx.sourceFile;
  const { decl, name } = candidate;
  const fName = functionName(sf, F);
  const what = `\`${name}\` is a module-level ${SHAPE_NOUN[candidate.shape]} that ${fName} resets (line ${lineOfNode(sf, reset.node)}) before any other use: it carries nothing from one call to the next, yet keeps the last call's data alive until the next call`;
  // Ex) exported, a script, `eval`, `await`, recursion, a callback that outlives the call (reset-blockers.ts)
  const blocker = resetBlocker(ctx, facts, candidate, F, reset, uses);
  if (blocker)
    return { node: decl.name, message: `${what}. It is not moved into ${fName}: ${blocker.reason}. ${blocker.advice}` };
  const keyword = keywordFor(
    candidate.statement,
    uses.some((u) => u !== reset && isReassignment(u)),
  );
  return {
    node: decl.name,
    message: `${what}. Fix: the reset becomes its declaration inside ${fName}${keyword !== keywordFor(candidate.statement, true) ? ` (\`${keyword}\`: it is no longer reassigned)` : ""}, so each call's data is freed when the call returns`,
    fix: {
      description: `Declare \`${name}\` inside ${fName}, where it is reset`,
      removes: candidate,
      build: () => resetEdits(ctx, facts, candidate, reset, keyword),
      fallback: `${what}. Declare it inside ${fName}, where the reset is (leakmod could not rewrite this declaration form)`,
    },
  };
}

function notMoved(g: Growing, reason: string, advice: string): Pending {
  return { node: g.candidate.decl.name, message: `${g.what}. It cannot move into a function: ${reason}. ${advice}` };
}

/** Only grows, never reset: reported; moved into its function only when nothing reads it. */
function checkGrowing(g: Growing): Pending {
  const { ctx, facts, candidate, uses } = g;
  const { sourceFile: sf, checker } = ctx;
  const noun = SHAPE_NOUN[candidate.shape];
  // Ex) `export const registry: Plugin[] = [];`: other modules may read it.
  if (isExportedFromFile(sf, checker, candidate.decl))
    return notMoved(
      g,
      "it is exported, so other modules may read it",
      `${BOUND_ADVICE}; or export functions that read and clear it rather than the ${noun} itself`,
    );
  // Ex) `module.exports = { record, log }`
  const viaModuleExports = uses.find((u) => u.detail.includes("module.exports"));
  if (viaModuleExports)
    return notMoved(
      g,
      `it is exported through \`module.exports\` (line ${lineOfNode(sf, viaModuleExports.node)}), so other modules may read it`,
      `${BOUND_ADVICE}; or export functions that read and clear it rather than the ${noun} itself`,
    );
  // Ex) a top-level `let log = []` in a script (no import/export): every script shares it.
  if (facts.isScript)
    return notMoved(
      g,
      "this file has no import or export, so TypeScript treats it as a script whose top-level variables are globals that other scripts (and `globalThis`, for `var`) can reach",
      BOUND_ADVICE,
    );
  // Ex) `eval(code)`: can read any module variable by name.
  if (facts.evalCall)
    return notMoved(
      g,
      `this file calls \`eval\` (line ${lineOfNode(sf, facts.evalCall)}), which can reach any module variable by name`,
      BOUND_ADVICE,
    );
  const readers = uses.filter(isRead);
  // Ex) `log.push(line)` and nothing reads `log`: dead state.
  if (readers.length === 0) return checkWriteOnly(g);
  return checkReadAcrossCalls(g, readers);
}

/** Nothing reads it: its declaration moves into the one function that writes it. */
function checkWriteOnly(g: Growing): Pending {
  const { ctx, facts, candidate, refs, uses, F } = g;
  const { sourceFile: sf, checker } = ctx;
  const { decl, shape, name } = candidate;
  const deleteAdvice = `Nothing reads it: it is dead state; delete it and its writes (keeping any side effects of the written values)`;
  // Ex) `a()` and `b()` both push, nothing reads.
  if (!F) return notMoved(g, `it is written by ${listText(usersOf(sf, refs))}`, deleteAdvice);
  const fName = functionName(sf, F);
  // Ex) `function f(a = log.push(1)) {}`, `const f = () => log.push(1)`
  const inParameters = refs.find((r) => !F.body || r.pos < F.body.pos || r.end > F.body.end);
  if (inParameters || !F.body || !ts.isBlock(F.body))
    return notMoved(
      g,
      inParameters
        ? `${fName} uses it in its parameter list (line ${lineOfNode(sf, inParameters)})`
        : `${fName} has an expression body`,
      deleteAdvice,
    );
  // Ex) `emitter.on("x", (e) => log.push(e))`: a local would be kept by the callback just the same.
  const outliving = refs.map((r) => outlivingFunction(checker, F, r)).find(Boolean);
  if (outliving)
    return notMoved(
      g,
      `it is written from ${functionName(sf, outliving)}, which may run after ${fName} returns, so a local would stay alive with that callback`,
      deleteAdvice,
    );
  const grownBy = growthSummary(
    sf,
    uses.filter((u) => u.kind === "grow"),
  );
  return {
    node: decl.name,
    message: `\`${name}\` is a module-level ${SHAPE_NOUN[shape]} that only grows (${grownBy}) and that nothing ever reads: it keeps every ${ITEM_NOUN[shape]} for the life of the process. Fix: its declaration moves into ${fName}, so each call's data is freed when the call returns. It is dead state: deleting it and its writes would be simpler still, but the fix moves it rather than deleting code whose written values may have side effects; delete it by hand if nothing needs it`,
    fix: {
      description: `Move \`${name}\` into ${fName}`,
      removes: candidate,
      build: () => writeOnlyEdits(ctx, facts, candidate, F, refs, uses),
      fallback: `${g.what}. It cannot move into a function: leakmod could not rewrite this declaration form. ${deleteAdvice}`,
    },
  };
}

/** Read across calls: what it accumulated is part of what the code does. */
function checkReadAcrossCalls(g: Growing, readers: readonly Use[]): Pending {
  const sf = g.ctx.sourceFile;
  const users = usersOf(sf, g.refs);
  const first = readers[0];
  const firstFn = functionName(sf, functionChain(first.ref).at(-1));
  // Ex) `record()` pushes and `report()` reads: shared by two functions.
  if (users.length > 1) {
    const reader = readers.find((u) => u.kind !== "export") ?? first;
    return notMoved(
      g,
      `it is shared by ${listText(users)} (${functionName(sf, functionChain(reader.ref).at(-1))} ${reader.detail}, line ${lineOfNode(sf, reader.node)}), so its state outlives each call`,
      `${BOUND_ADVICE}; or, if the functions work on one batch together, pass it between them explicitly`,
    );
  }
  // Ex) `function all() { items.push(x); return items; }`
  const returned = readers.find((u) => u.kind === "escape" && u.detail === "returns it");
  if (returned) {
    const fn = functionName(sf, functionChain(returned.ref).at(-1));
    return notMoved(
      g,
      `${fn} returns it (line ${lineOfNode(sf, returned.node)}), so every caller holds the same ${SHAPE_NOUN[g.candidate.shape]}, which keeps growing`,
      `Return a copy (or a read-only view) if callers need it, and ${BOUND_ADVICE.charAt(0).toLowerCase()}${BOUND_ADVICE.slice(1)}`,
    );
  }
  // Ex) `if (seen.includes(id)) return;`: it remembers earlier calls.
  return notMoved(
    g,
    `${firstFn} ${first.detail} (line ${lineOfNode(sf, first.node)}), so what it accumulated over earlier calls is part of what ${firstFn} does`,
    `${BOUND_ADVICE}`,
  );
}
