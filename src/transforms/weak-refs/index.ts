/**
 * weak-refs: references that keep objects alive longer than anything needs them.
 * - `object-keyed-cache`: long-lived Map/Set keyed by objects → WeakMap/WeakSet (caches.ts).
 * - `back-reference`: a child's pointer back at the owner that holds it → a `WeakRef` behind a
 *   getter/setter pair (back-references.ts).
 */
import type { Transform } from "../../engine/types.js";
import { analyzeBackReferences } from "./back-references.js";
import { analyzeCaches } from "./caches.js";
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
