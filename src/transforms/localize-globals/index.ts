/**
 * localize-globals: module state that only grows.
 * - `accumulating-global`: a module-level array/object/Map/Set/string that only grows; moved into
 *   the one function that uses it when that cannot change any call's result (globals.ts).
 * - `accumulating-field`: a static field, a singleton's field or a module-level object's property
 *   that only grows; reported with advice (fields.ts).
 */
import type { Transform } from "../../engine/types.js";
import { FIELD_KIND, analyzeFields } from "./fields.js";
import { GLOBAL_KIND, analyzeGlobals } from "./globals.js";

export const localizeGlobals: Transform = {
  id: "localize-globals",
  description: "Accumulating module state moves into the function that uses it, or is reported with advice",
  kinds: [
    {
      id: GLOBAL_KIND,
      title: "Module-level collection or string that only grows",
      help:
        "A module-level variable initialised to [], {}, new Map/Set/Array() or '' that code only grows (push, unshift, set, add, x[k] = v, +=) keeps everything it was ever given for the life of the process. " +
        "When one function uses it and either nothing reads it (write-only) or the function resets it (x = [], x.length = 0, x.clear(), x = '') before any other use, its declaration moves into that function (safe; the reset becomes the declaration). " +
        "State read across calls, shared by several functions, exported, returned, used by callbacks that outlive the call, or reset in async functions, generators and recursive functions is reported (manual) with advice: a bound, an LRU, clearing it, a WeakMap.",
      applicabilities: ["safe", "manual"],
    },
    {
      id: FIELD_KIND,
      title: "Static field or long-lived singleton's field that only grows",
      help:
        "A static field of a module-level class, a field of a module-level singleton, or a property of a module-level object, initialised to an empty collection and only grown, keeps every entry for the life of the process. " +
        "Reported (manual) with advice: bound it, remove entries when done (unregister), or hold them weakly.",
      applicabilities: ["manual"],
    },
  ],
  example: {
    before:
      'let rows: string[] = [];\nfunction toCsv(items: Item[]): string {\n  rows = [];\n  for (const i of items) rows.push(line(i));\n  return rows.join("\\n");\n}',
    after:
      'function toCsv(items: Item[]): string {\n  const rows: string[] = [];\n  for (const i of items) rows.push(line(i));\n  return rows.join("\\n");\n}',
  },
  // Ex) `= []`, `= {}`, `= new Map(`, `= ''`, `: []` (object literal properties).
  prefilter: (text) => /[=:]\s*(\[\s*\]|\{\s*\}|new\s+(Map|Set|Array)\b|''|""|``)/.test(text),
  analyze(ctx) {
    analyzeGlobals(ctx);
    analyzeFields(ctx);
  },
};
