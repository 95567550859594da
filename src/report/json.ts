/**
 * The JSON report, schema version 1 (documented in README.md, "JSON report"):
 *
 * { schemaVersion: 1, tool: { name, version }, command, root, configHash, shard?: { index, count },
 *   summary: { filesAnalyzed,
 *   findings, safe, unsafe, manual, modernizations, fixesApplied, filesChanged, suppressed, baselined }, findings: [ { rule, kind,
 *   ruleId, file, line, column, endLine, endColumn, message, applicability, category (leak | modernize),
 *   fingerprint, fix: null | { description, status, note, edits: [{ start, end, newText }] } } ],
 *   warnings: string[], unusedSuppressions: [{ file, line, directive, name }],
 *   staleBaselineEntries: [{ ruleId, file, fingerprint, line, message }],
 *   patch?: string }
 *
 * Additions keep the version; a renamed or removed field bumps it.
 */
import type { BaselineEntry } from "../engine/baseline.js";
import type { UnusedSuppression } from "../engine/suppressions.js";
import type { Finding } from "../engine/types.js";
import { shownPath } from "./paths.js";
import { countBy } from "./text.js";

export const JSON_SCHEMA_VERSION = 1;

export interface JsonReportOptions {
  cwd: string;
  root: string;
  command: "audit" | "diff" | "apply";
  version: string;
  filesAnalyzed: number;
  filesChanged: number;
  /** `apply`: files that were to be written and were not (reported only when there are some). */
  filesNotWritten?: number;
  /** Remarks (skipped files, what the project lacks for some fixes). */
  warnings?: string[];
  patch?: string;
  suppressed?: number;
  baselined?: number;
  unusedSuppressions?: readonly UnusedSuppression[];
  staleBaseline?: readonly BaselineEntry[];
  /** What the shards of one run share (see report/merge.ts); `leakmod merge` refuses others. */
  configHash?: string;
  /** `--shard i/n`: which slice this report is. */
  shard?: { index: number; count: number };
}

export function jsonReport(findings: readonly Finding[], options: JsonReportOptions): string {
  const counts = countBy(findings);
  const report = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: "leakmod", version: options.version },
    command: options.command,
    root: shownPath(options.cwd, options.root),
    ...(options.configHash ? { configHash: options.configHash } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    summary: {
      filesAnalyzed: options.filesAnalyzed,
      findings: findings.length,
      ...counts,
      modernizations: findings.filter((f) => f.category === "modernize").length,
      fixesApplied: findings.filter((f) => f.fixStatus === "applied").length,
      filesChanged: options.filesChanged,
      ...(options.filesNotWritten ? { filesNotWritten: options.filesNotWritten } : {}),
      suppressed: options.suppressed ?? 0,
      baselined: options.baselined ?? 0,
    },
    warnings: options.warnings ?? [],
    unusedSuppressions: (options.unusedSuppressions ?? []).map((u) => ({
      file: shownPath(options.cwd, u.file),
      line: u.line,
      directive: u.directive,
      name: u.name,
    })),
    staleBaselineEntries: options.staleBaseline ?? [],
    findings: findings.map((f) => ({
      rule: f.rule,
      kind: f.kind,
      ruleId: `${f.rule}/${f.kind}`,
      file: shownPath(options.cwd, f.file),
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      applicability: f.applicability,
      category: f.category ?? "leak",
      fingerprint: f.fingerprint ?? null,
      fix: f.fix
        ? { description: f.fix.description, status: f.fixStatus, note: f.fixNote ?? null, edits: f.fix.edits }
        : null,
    })),
    ...(options.patch !== undefined ? { patch: options.patch } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
