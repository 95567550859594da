/**
 * weak-refs: references that keep objects alive longer than anything needs them.
 * - `object-keyed-cache`: long-lived Map/Set keyed by objects → WeakMap/WeakSet (caches.ts).
 * - `back-reference`: a child's pointer back at the owner that holds it → a `WeakRef` behind a
 *   getter/setter pair (back-references.ts).
 */
import type { Transform } from "../../engine/types.js";
import { analyzeBackReferences, BACKREF_KIND } from "./back-references.js";
import { analyzeCaches, CACHE_KIND } from "./caches.js";

/** A collection insertion and a property assignment: where back-references are made. */
const INSERTION = /\.\s*(push|unshift|splice|add|set)\s*\(/;
const PROPERTY_ASSIGNMENT = /\.\s*#?[\w$]+\s*=[^=>]/;

export const weakRefs: Transform = {
  id: "weak-refs",
  description: "Object-keyed caches become WeakMap/WeakSet; back-references become WeakRef",
  kinds: [
    {
      id: CACHE_KIND,
      title: "Long-lived Map/Set keyed by objects",
      help:
        "A module-level, instance or closure Map/Set whose keys are objects keeps every key and value alive as long as it lives. " +
        "When the checker proves no key can be a primitive and the collection is only used through get/set/has/delete (add/has/delete for a Set), " +
        "it becomes a WeakMap/WeakSet (constructor and annotations): safe, entries go with their keys. " +
        "One that is iterated, sized, cleared, passed on, returned or exported cannot be weak: when it only grows it is reported (manual) with advice.",
      applicabilities: ["safe", "manual"],
    },
    {
      id: BACKREF_KIND,
      title: "Back-reference from a child to the owner that holds it",
      help:
        "A child that points back at its owner (tree node → parent, observer → subject, view → controller), where the owner holds the child in an array, Set, Map or field, " +
        "keeps the owner and every sibling alive for as long as any one child is reachable. " +
        "The property becomes a private `#p: WeakRef<T> | undefined` behind `get p()`/`set p(v)` with the original nullability, so call sites stay unchanged. " +
        "Unsafe: once nothing else holds the owner, `p` reads `null`/`undefined`, and it is no longer an own property; a non-optional `p: T` reads `T | undefined` " +
        "(the type-check guard withdraws the fix where callers do not compile). Interfaces, object literals, readonly, static, declare, decorated and accessor properties, " +
        "serialised classes and projects without `WeakRef` in `lib` are reported (manual).",
      applicabilities: ["unsafe", "manual"],
    },
  ],
  example: {
    before:
      "const layoutCache = new Map<Element, Box>();\nexport function measure(el: Element): Box {\n  let box = layoutCache.get(el);\n  if (!box) layoutCache.set(el, (box = calc(el)));\n  return box;\n}",
    after:
      "const layoutCache = new WeakMap<Element, Box>();\nexport function measure(el: Element): Box {\n  let box = layoutCache.get(el);\n  if (!box) layoutCache.set(el, (box = calc(el)));\n  return box;\n}",
  },
  prefilter: (text) =>
    /\bnew\s+(Map|Set)\b/.test(text) ||
    /\bclass\b/.test(text) ||
    (INSERTION.test(text) && PROPERTY_ASSIGNMENT.test(text)),
  analyze(ctx) {
    analyzeCaches(ctx);
    analyzeBackReferences(ctx);
  },
};
