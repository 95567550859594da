/**
 * weak-refs: references that keep objects alive longer than anything needs them.
 * - `object-keyed-cache` (object-keyed-cache.ts): long-lived Map/Set keyed by objects → WeakMap/WeakSet;
 * - `back-reference` (back-reference.ts): a child's pointer back at the owner that holds it → a
 *   `WeakRef` behind a getter/setter pair.
 * Each kind file holds its doc block and one `check` chain. Shared facts: cache-candidates.ts
 * (where a cache is made), cache-uses.ts (how each reference uses it), cache-keys.ts (what it is
 * keyed by), exposure.ts (what other files and packages can see); evidence.ts (a link beside an
 * insertion), declaration.ts (where the property is declared), owner-type.ts (what it points
 * at), serialisation.ts, weak-ref-accessor.ts (the fix's edits).
 */
import type { Transform } from "../../engine/types.js";
import { analyzeBackReferences } from "./back-reference.js";
import { analyzeCaches } from "./object-keyed-cache.js";
import { weakRefsInfo } from "./kinds.js";

/** A collection insertion and a property assignment: where back-references are made. */
const INSERTION = /\.\s*(push|unshift|splice|add|set)\s*\(/;
const PROPERTY_ASSIGNMENT = /\.\s*#?[\w$]+\s*=[^=>]/;

export const weakRefs: Transform = {
  ...weakRefsInfo,
  prefilter: (text) =>
    /\bnew\s+(Map|Set)\b/.test(text) ||
    /\bclass\b/.test(text) ||
    (INSERTION.test(text) && PROPERTY_ASSIGNMENT.test(text)),
  analyze(ctx) {
    analyzeCaches(ctx);
    analyzeBackReferences(ctx);
  },
};
