/**
 * weak-refs: references that keep objects alive longer than anything needs them.
 * - `object-keyed-cache`: long-lived Map/Set keyed by objects → WeakMap/WeakSet (caches.ts).
 */
import type { Transform } from "../../engine/types.js";
import { analyzeCaches, CACHE_KIND } from "./caches.js";

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
  ],
  example: {
    before: "const layoutCache = new Map<Element, Box>();\nexport function measure(el: Element): Box {\n  let box = layoutCache.get(el);\n  if (!box) layoutCache.set(el, (box = calc(el)));\n  return box;\n}",
    after: "const layoutCache = new WeakMap<Element, Box>();\nexport function measure(el: Element): Box {\n  let box = layoutCache.get(el);\n  if (!box) layoutCache.set(el, (box = calc(el)));\n  return box;\n}",
  },
  prefilter: (text) => /\bnew\s+(Map|Set)\b/.test(text),
  analyze(ctx) {
    analyzeCaches(ctx);
  },
};
