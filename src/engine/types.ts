/**
 * The contract between the engine and the transforms.
 *
 * A transform is analysis only: it walks one source file (compiler nodes, not ts-morph wrappers)
 * with the type checker, and reports findings. A finding may carry a fix: text edits on the
 * file's text, like an ESLint fixer or a TypeScript code fix. The engine decides which fixes to
 * apply (by applicability and by the user's options), merges the edits per file, formats the
 * touched ranges, runs the type-check guard, and writes.
 */
import type { ts } from "./ts-morph.cjs";
import type { BuildFacts } from "./build.js";
import type { LeakmodConfig } from "../config.js";
import type { Applicability, FindingKind, TransformInfo } from "./kinds.js";

export type { Applicability, FindingKind, KindCase, TransformInfo } from "./kinds.js";

/** A replacement of `text.slice(start, end)` by `newText`, in the file's text (without BOM). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  /** One line, imperative: what the fix does ("Change `new Map` to `new WeakMap`"). */
  description: string;
  edits: TextEdit[];
  /**
   * The fix changes a declaration other files may see (a property's type, an accessor): the
   * type-check guard then also checks the files that import the changed file.
   */
  affectsOtherFiles?: boolean;
}

/** What a transform reports. The engine adds the rule id, file name and positions. */
export interface FindingInput {
  /** One of the transform's declared `kinds` (the engine rejects any other, and any tier it did not declare). */
  kind: FindingKind;
  /** The node the finding is about (its start gives line and column). */
  node: ts.Node;
  /** What leaks and why; for `manual` findings, the advice. Plain text, may use `backticks`. */
  message: string;
  applicability: Applicability;
  fix?: Fix;
}

/** What happened to a finding's fix in this run. */
export type FixStatus =
  /** No fix: report only. */
  | "none"
  /** The fix was applied (diff/apply) or would be (audit). */
  | "applied"
  /** The fix exists but was not applied: `unsafe` without `--unsafe`, or audit mode. */
  | "skipped"
  /** The fix overlapped an earlier fix in the same file; run again to apply it. */
  | "conflict"
  /** The type-check guard withdrew the fix: it added a diagnostic. */
  | "withdrawn";

export interface Finding {
  /** Transform id, e.g. `weak-refs`. */
  rule: string;
  /** Finding kind within the transform, e.g. `object-keyed-cache`. */
  kind: string;
  /** Absolute path. Reports print it relative to the working directory. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like the TypeScript language service. */
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  applicability: Applicability;
  fix?: Fix;
  fixStatus: FixStatus;
  /** Why the fix was withdrawn or not applied, when it was. */
  fixNote?: string;
  /** `modernize` when the code already does the right thing on every path (see FindingKind.category); absent for leaks. */
  category?: "modernize";
  /**
   * Stable identity across unrelated edits (kind, file and a normalised snippet; no line
   * numbers): the baseline and SARIF `partialFingerprints` use it. Set by the engine.
   */
  fingerprint?: string;
}

/** What a transform may know about the project it runs on. */
export interface ProjectFacts {
  /** Folder of the tsconfig.json, or the folder given for a JS project without one. */
  root: string;
  compilerOptions: ts.CompilerOptions;
  /** `lib` entries, lower-cased and normalised to the short form (`es2022`, `esnext.disposable`). */
  lib: string[];
  /** Version of the `typescript` package the project itself uses, if it has one. */
  projectTypeScriptVersion?: string;
  /** `engines.node` of the nearest package.json, if any. */
  enginesNode?: string;
  /** The project's `leakmod.config.json`, validated (empty object when there is none). */
  config: LeakmodConfig;
  /** What the package says about its build and runtimes (see engine/build.ts). */
  build?: BuildFacts;
}

export interface TransformContext {
  sourceFile: ts.SourceFile;
  program: ts.Program;
  checker: ts.TypeChecker;
  project: ProjectFacts;
  /** Whether a source file is one of the program's default library files (lib.*.d.ts). */
  isLibFile: (file: ts.SourceFile) => boolean;
  /**
   * The text of every selected file and of every other project source file in the program
   * (library and node_modules files excluded), for cheap text tests across the project
   * ("does any other file mention `.cache`?"). Files with no candidate are not in the program.
   */
  projectFiles: () => Iterable<{ fileName: string; text: string }>;
  report: (finding: FindingInput) => void;
}

/** A transform: its declared kinds (see kinds.ts) and its analysis. */
export interface Transform extends TransformInfo {
  /**
   * Cheap syntactic prefilter on the file text. Return false when the file cannot contain a
   * finding: the transform is then not run on it and the checker is never asked about it.
   * `project` lets it look for names the project configures (leakmod.config.json).
   */
  prefilter(text: string, project?: ProjectFacts): boolean;
  /**
   * Once per run, before any file: what the project lacks for this transform's fixes (e.g.
   * `using` needs lib `esnext.disposable`). Each message is shown once as a warning, when the
   * transform reports at least one finding; the transform still reports its findings (as
   * `manual` where it cannot fix them).
   */
  preflight?(project: ProjectFacts, program: ts.Program): string[];
  analyze(ctx: TransformContext): void;
}
