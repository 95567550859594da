/**
 * ## What it does
 * Reports fields that only grow on objects that live as long as the process: `static` fields of
 * module-level classes, fields of a module-level singleton (the one instance of a class, kept in
 * a module-level variable or a static field), and properties of a module-level object literal.
 *
 * ## Why is this bad?
 * Such a field is an accumulating global with another name: the class or the singleton is
 * never collected, so every entry pushed into the field stays alive.
 *
 * ## Example
 * ```ts
 * class Registry {
 *   static plugins: Plugin[] = [];
 *   static register(p: Plugin) { Registry.plugins.push(p); }
 * }
 * ```
 * ## Use instead
 * A bound (a cap, an LRU), an `unregister` that removes entries, or weak references (a `WeakMap`
 * keyed by the owner, `WeakRef`). There is no automatic fix: which entries may go is the
 * program's decision. Always `manual`.
 * ## Not reported
 * Fields of classes with several instances (they go with their instance), fields that are also
 * shrunk, cleared or reassigned (here or, by a cheap text test, in other files), fields grown
 * only at load time, object-keyed `Map`/`Set` fields that only grow (weak-refs reports them).
 *
 * ## Cases, in the order `check` tries them
 * Not reported: grown only at load time; reset, shrunk or replaced; an object-keyed `Map`/`Set`;
 * growth bounded by the program (bounded.ts); visible outside and cleared by another file (a
 * text test). Otherwise manual: advice to delete it when nothing reads it and no other file can,
 * else to bound it, remove entries or hold them weakly. Candidates (field-candidates.ts): static
 * fields, fields of a module-level singleton, properties of a module-level object literal.
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { FindingInput, TransformContext } from "../../engine/types.js";
import { referencesIn } from "../util/ast.js";
import { boundedGrowth } from "./bounded.js";
import { findFieldCandidates, mentionedElsewhere, type FieldCandidate } from "./field-candidates.js";
import { accumulatingField } from "./kinds.js";
import {
  classify,
  growthSummary,
  isObjectKeyed,
  isRead,
  ITEM_NOUN,
  runsAtLoad,
  SHAPE_NOUN,
  withArticle,
} from "./uses.js";

export function analyzeFields(ctx: TransformContext): void {
  for (const candidate of findFieldCandidates(ctx)) {
    const finding = checkField(ctx, candidate);
    if (finding) ctx.report(finding);
  }
}

/** The finding for one field that starts empty, if it only grows: every case, in order. */
export function checkField(ctx: TransformContext, candidate: FieldCandidate): FindingInput | undefined {
  const { sourceFile: sf, checker } = ctx;
  const { name, shape, symbol } = candidate;
  const refs = referencesIn(sf, checker, symbol, name).filter((r) => r !== candidate.ctorInit);
  const exprOf = (r: ts.Node): ts.Node =>
    ts.isPropertyAccessExpression(r.parent) && r.parent.name === r ? r.parent : r;
  const exprs = new Set(refs.map(exprOf));
  const uses = refs.map((r) => {
    // Ex) `const { items } = this`: a destructured field is handed out.
    if (exprOf(r) === r) return { kind: "escape" as const, ref: r, node: r, detail: "destructures it" };
    return classify(sf, r, exprOf(r), shape, (e) => exprs.has(e));
  });
  const grows = uses.filter((u) => u.kind === "grow");
  // Ex) grown only in a static block or a field initialiser: once, at load time.
  if (grows.every((u) => runsAtLoad(sf, checker, u.ref))) return undefined;
  // Ex) `this.items = []` in `reset()`, `Registry.plugins.splice(i, 1)`: the program bounds it.
  if (uses.some((u) => u.kind === "reset" || u.kind === "shrink" || u.kind === "replace")) return undefined;
  // Ex) `static #seen = new WeakSet()`-able fields: weak-refs' `object-keyed-cache` reports them.
  if ((shape === "map" || shape === "set") && isObjectKeyed(checker, candidate.nameNode, candidate.initializer, uses))
    return undefined;
  // Ex) `Registry.table[name] = f` where every call passes a literal name: bounded by the program.
  if (boundedGrowth(ctx, name, shape, grows)) return undefined;
  // Ex) `Registry.plugins.length = 0` in another file: other files may clear it; a cheap text
  // test for `.name.clear()`, `.name = `, `.name.length = `...
  const n = name.replace(/[$#]/g, "\\$&");
  if (
    candidate.visibleOutside &&
    mentionedElsewhere(
      ctx,
      new RegExp(
        `\\.\\s*${n}\\s*(=[^=]|\\.\\s*(pop|shift|splice|clear|delete)\\b|\\.\\s*length\\s*=[^=])|delete\\s+[\\w.]*\\.${n}\\b`,
      ),
    )
  )
    return undefined;
  const reads = uses.filter(isRead);
  const outside = candidate.visibleOutside ? " (other files can reach it too)" : "";
  const advice =
    reads.length === 0 && !candidate.visibleOutside
      ? "Nothing reads it: it is dead state; delete it and its writes"
      : `Bound it (a cap, or an LRU), remove entries when they are done with (an \`unregister\`, or a dispose function returned by the call that adds them), or hold them weakly (a \`WeakMap\` keyed by their owner, \`WeakRef\`)`;
  return {
    kind: accumulatingField,
    node: candidate.nameNode,
    message: `${capitalise(candidate.title)} is ${withArticle(SHAPE_NOUN[shape])} that only grows (${growthSummary(sf, grows)}) and is never cleared${outside}: ${candidate.lifetime}, so it keeps every ${ITEM_NOUN[shape]} for the life of the process. ${advice}`,
    applicability: "manual",
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
