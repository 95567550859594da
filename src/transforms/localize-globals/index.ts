/**
 * localize-globals: module state that only grows.
 * - `accumulating-global`: a module-level array/object/Map/Set/string that only grows; moved into
 *   the one function that uses it when that cannot change any call's result (globals.ts).
 * - `accumulating-field`: a static field, a singleton's field or a module-level object's property
 *   that only grows; reported with advice (fields.ts).
 */
import type { Transform } from "../../engine/types.js";
import { analyzeFields } from "./fields.js";
import { analyzeGlobals } from "./globals.js";
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
