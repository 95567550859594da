/**
 * The finding kinds of localize-globals, declared once (see src/engine/kinds.ts). Metadata
 * only: no runtime import of the compiler.
 */
import { defineKind, type TransformInfo } from "../../engine/kinds.js";

export const accumulatingGlobal = defineKind({
  transform: "localize-globals",
  id: "accumulating-global",
  title: "Module-level collection or string that only grows",
  help:
    "A module-level variable initialised to [], {}, new Map/Set/Array() or '' that code only grows (push, unshift, set, add, x[k] = v, +=) keeps everything it was ever given for the life of the process. " +
    "When one function uses it and either nothing reads it (write-only) or the function resets it (x = [], x.length = 0, x.clear(), x = '') before any other use, its declaration moves into that function (safe; the reset becomes the declaration). " +
    "State read across calls, shared by several functions, exported, returned, used by callbacks that outlive the call, or reset in async functions, generators and recursive functions is reported (manual) with advice: a bound, an LRU, clearing it, a WeakMap.",
  applicabilities: ["safe", "manual"],
  example: {
    applicability: "safe",
    before: [
      "let rows: string[] = [];",
      "export function toCsv(items: number[][]): string {",
      "  rows = [];",
      '  for (const i of items) rows.push(i.join(","));',
      '  return rows.join("\\n");',
      "}",
    ].join("\n"),
    after: [
      "export function toCsv(items: number[][]): string {",
      "  const rows: string[] = [];",
      '  for (const i of items) rows.push(i.join(","));',
      '  return rows.join("\\n");',
      "}",
    ].join("\n"),
  },
  adviceColumn: "advice printed",
  cases: [
    {
      shape: "write-only, one function",
      tier: "safe",
      why: "nothing can observe where it lives",
      advice: "— (suggests deleting dead state by hand)",
    },
    {
      shape: "reset first in its only function",
      tier: "safe",
      why: "each call starts empty; a local behaves the same",
      advice: "—",
    },
    {
      shape: "reset by assignment, then returned or passed on",
      tier: "safe",
      why: "each call's object is fresh either way; callers keep theirs",
      advice: "—",
    },
    {
      shape: "read across calls (`includes`, `get`, `has`, `.length`, iteration, `x[k]`, result of `push`)",
      tier: "manual",
      why: "what it accumulated is part of what the function does",
      advice:
        "bound it (cap + drop oldest, an LRU), clear it when the work it tracks is done, or key objects in a `WeakMap`/`WeakSet`",
    },
    {
      shape: "returned by its function",
      tier: "manual",
      why: "every caller holds the same growing collection",
      advice: "return a copy or a read-only view, and bound it (as above)",
    },
    {
      shape: "used by two functions, or by a function and module-level code (`typeof x` included)",
      tier: "manual",
      why: "the state is shared beyond one call",
      advice: "bound it (as above), or pass it between the functions explicitly",
    },
    {
      shape: "written by two functions, never read",
      tier: "manual",
      why: "it cannot move into one function",
      advice: "it is dead state: delete it and its writes (keeping side effects)",
    },
    {
      shape: "exported (`export const`, `export { x }`)",
      tier: "manual",
      why: "other modules may read it",
      advice: "bound it (as above), or export functions that read and clear it rather than the collection",
    },
    { shape: "exported through `module.exports`", tier: "manual", why: "same", advice: "same" },
    {
      shape: "in a script (no import/export)",
      tier: "manual",
      why: "its top-level variables are globals other scripts (and `globalThis`, for `var`) can reach",
      advice: "bound it (as above)",
    },
    {
      shape: "the file calls `eval`",
      tier: "manual",
      why: "`eval` can reach any module variable by name",
      advice: "bound it (as above)",
    },
    {
      shape:
        "write-only, but written by a callback that may outlive the call (`emitter.on`, `setTimeout`, a nested function declaration)",
      tier: "manual",
      why: "a local would stay alive with that callback",
      advice: "it is dead state: delete it and its writes",
    },
    {
      shape: "write-only, used in a parameter default, or the function has an expression body",
      tier: "manual",
      why: "no block to move it into",
      advice: "delete it and its writes",
    },
    {
      shape: "reset first, but the function `await`s/`yield`s",
      tier: "manual",
      why: "concurrent calls interleave on the shared buffer; a local per call changes what each sees",
      advice:
        "declare it inside by hand if each call should have its own (that also fixes the interleaving), otherwise bound it",
    },
    {
      shape: "reset first, but the function calls itself (directly, or through functions of the file)",
      tier: "manual",
      why: "the inner call's reset empties the outer call's buffer",
      advice: "declare it inside by hand if each call should have its own",
    },
    {
      shape: "reset first, but a callback that may run after the call uses it (`setTimeout(() => x.push(v))`)",
      tier: "manual",
      why: "with a local the callback would fill its own call's buffer, not the current one",
      advice: "declare it inside by hand, or clear it where the callback is done with it",
    },
    {
      shape: "reset in place (`.length = 0`, `.clear()`) and handed out (returned, passed on, stored)",
      tier: "manual",
      why: "the next call empties what the caller holds; a local would not",
      advice: "reset it with a fresh collection, or declare it inside by hand",
    },
    {
      shape: "exported / script / `eval`, and reset first",
      tier: "manual",
      why: "as above",
      advice: "stop exporting it, then declare it inside / declare it inside by hand",
    },
    {
      shape:
        "growth the program bounds: every key is of a finite set (a literal union, an enum, a fixed property name, or a parameter every call in the project fills with a literal), a warn-once `Set` (checked with `has` by the function that adds, named for warnings), or a collection filled by a function that runs once (at load time or under a module-level flag it sets)",
      tier: "not reported",
      why: "it cannot grow without bound: a report would be noise",
      advice: "none",
    },
  ],
});

export const accumulatingField = defineKind({
  transform: "localize-globals",
  id: "accumulating-field",
  title: "Static field or long-lived singleton's field that only grows",
  help:
    "A static field of a module-level class, a field of a module-level singleton, or a property of a module-level object, initialised to an empty collection and only grown, keeps every entry for the life of the process. " +
    "Reported (manual) with advice: bound it, remove entries when done (unregister), or hold them weakly.",
  applicabilities: ["manual"],
  example: {
    applicability: "manual",
    before: [
      "export class Plugins {",
      "  static loaded: string[] = [];",
      "  static load(name: string): void {",
      "    Plugins.loaded.push(name);",
      "  }",
      "}",
    ].join("\n"),
    after: [
      "export class Plugins {",
      "  static loaded: string[] = [];",
      "  static load(name: string): void {",
      "    Plugins.loaded.push(name);",
      "  }",
      "}",
    ].join("\n"),
  },
  adviceColumn: "advice printed",
  cases: [
    {
      shape: "static field, singleton field, module-level object property that only grows",
      tier: "manual",
      why: "the owner lives for the whole process",
      advice:
        'bound it (a cap, an LRU), remove entries when done (an `unregister`, a dispose function returned by the call that adds them), or hold them weakly (`WeakMap` keyed by their owner, `WeakRef`); "delete it" when nothing in or outside the file can read it',
    },
    {
      shape:
        "growth the program bounds: every key is of a finite set (a literal union, an enum, a fixed property name, or a parameter every call in the project fills with a literal), a warn-once `Set` (checked with `has` by the function that adds, named for warnings), or a collection filled by a function that runs once (at load time or under a module-level flag it sets)",
      tier: "not reported",
      why: "it cannot grow without bound: a report would be noise",
      advice: "none",
    },
  ],
});

export const localizeGlobalsInfo = {
  id: "localize-globals",
  description: "Accumulating module state moves into the function that uses it, or is reported with advice",
  kinds: [accumulatingGlobal, accumulatingField],
  config: () => ({}),
} satisfies TransformInfo;
