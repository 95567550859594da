/**
 * leakmod's programmatic entry (`import { run, fixSource } from "leakmod"`): the same engine as
 * the CLI. `run` analyses a project and, for `diff`/`apply`, computes the changed files without
 * writing them; `applyChanges` writes them as `leakmod apply` does (git check, all or nothing);
 * `fixSource` fixes one source text in memory (what the jscodeshift modules use).
 */
export { run, type FileChange, type Mode, type RunOptions, type RunResult } from "./engine/run.js";
export { fixSource, type FixSourceOptions, type FixSourceResult } from "./engine/source.js";
export { applyChanges, writeChanges, type ApplyOutcome, type WriteOutcome } from "./engine/write.js";
export { isUserError, UserError } from "./engine/errors.js";
export { selectTransforms, transforms } from "./transforms/index.js";
export { jsonReport, JSON_SCHEMA_VERSION } from "./report/json.js";
export { sarifReport } from "./report/sarif.js";
export { unifiedDiff } from "./report/diff.js";
export type { Applicability, Finding, Fix, FixStatus, TextEdit, Transform } from "./engine/types.js";
