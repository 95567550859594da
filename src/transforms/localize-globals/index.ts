/**
 * localize-globals: module state that only grows.
 * - `accumulating-global` (accumulating-global.ts): a module-level array/object/Map/Set/string
 *   that only grows; moved into the one function that uses it when that cannot change any call's
 *   result;
 * - `accumulating-field` (accumulating-field.ts): a static field, a singleton's field or a
 *   module-level object's property that only grows; reported with advice.
 * Each kind file holds its doc block and one `check` chain. Shared facts: uses.ts (how each
 * reference uses the collection), bounded.ts (growth the program bounds), global-facts.ts
 * (candidates, users, the reset that starts a function), reset-blockers.ts (why a reset buffer
 * cannot become a local), field-candidates.ts (static, singleton and object fields),
 * global-edits.ts (the fix's edits).
 */
import type { Transform } from "../../engine/types.js";
import { analyzeFields } from "./accumulating-field.js";
import { analyzeGlobals } from "./accumulating-global.js";
import { localizeGlobalsInfo } from "./kinds.js";

export const localizeGlobals: Transform = {
  ...localizeGlobalsInfo,
  // Ex) `= []`, `= {}`, `= new Map(`, `= ''`, `: []` (object literal properties).
  prefilter: (text) => /[=:]\s*(\[\s*\]|\{\s*\}|new\s+(Map|Set|Array)\b|''|""|``)/.test(text),
  analyze(ctx) {
    analyzeGlobals(ctx);
    analyzeFields(ctx);
  },
};
