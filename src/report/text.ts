/**
 * The human report: findings grouped by file, one line each
 * (`file:line:col  rule/kind  message  [tier]`) followed by its code frame (the line, a caret
 * under the span), then unused suppressions and stale baseline entries, then a summary line.
 */
import { codeFrameColumns } from "@babel/code-frame";
import pc from "picocolors";
import type { BaselineEntry } from "../engine/baseline.js";
import type { UnusedSuppression } from "../engine/suppressions.js";
import type { Finding } from "../engine/types.js";
import { shownPath } from "./paths.js";

export interface TextReportOptions {
  cwd: string;
  colour: boolean;
  mode: "audit" | "diff" | "apply";
  filesAnalyzed: number;
  filesChanged: number;
  /** `apply`: files that were to be written and were not. */
  filesNotWritten?: number;
  /** The text of a file as analysed, for code frames (none when absent). */
  source?: (file: string) => string | undefined;
  /** Findings silenced by comments, and hidden by the baseline (counted in the summary). */
  suppressed?: number;
  baselined?: number;
  unusedSuppressions?: readonly UnusedSuppression[];
  staleBaseline?: readonly BaselineEntry[];
}

function tierLabel(f: Finding, mode: TextReportOptions["mode"]): string {
  const tier = f.applicability;
  if (mode === "audit" && f.fixStatus !== "withdrawn") return f.fix ? `[${tier} fix]` : `[${tier}]`;
  switch (f.fixStatus) {
    case "applied":
      return mode === "apply" ? `[${tier}, fixed]` : `[${tier}, would fix]`;
    case "skipped":
      return `[${tier}, not applied: ${f.fixNote ?? "skipped"}]`;
    case "conflict":
      return `[${tier}, not applied: ${f.fixNote ?? "conflict"}]`;
    case "withdrawn":
      return `[manual: ${f.fixNote ?? "withdrawn"}]`;
    default:
      return `[${tier}]`;
  }
}

export function countBy(findings: readonly Finding[]): Record<"safe" | "unsafe" | "manual", number> {
  const counts = { safe: 0, unsafe: 0, manual: 0 };
  for (const f of findings) counts[f.applicability]++;
  return counts;
}

export function summaryLine(
  findings: readonly Finding[],
  options: Pick<
    TextReportOptions,
    "mode" | "filesAnalyzed" | "filesChanged" | "filesNotWritten" | "suppressed" | "baselined"
  >,
): string {
  const counts = countBy(findings);
  const files = new Set(findings.map((f) => f.file)).size;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  const modern = findings.filter((f) => f.category === "modernize").length;
  const modernNote =
    modern > 0
      ? `; ${modern} of them ${modern === 1 ? "a modernisation, not a leak" : "modernisations, not leaks"}`
      : "";
  let line = `${plural(findings.length, "finding")} (${counts.safe} safe, ${counts.unsafe} unsafe, ${counts.manual} manual${modernNote}) in ${plural(files, "file")}; ${plural(options.filesAnalyzed, "file")} analysed`;
  if (options.mode !== "audit") {
    const fixed = findings.filter((f) => f.fixStatus === "applied").length;
    line += `; ${fixed} ${fixed === 1 ? "fix" : "fixes"} ${options.mode === "apply" ? "applied" : "in the diff"}, ${plural(options.filesChanged, "file")} ${options.mode === "apply" ? "changed" : "to change"}`;
    if (options.filesNotWritten) line += `, ${plural(options.filesNotWritten, "file")} not written`;
  }
  if (options.suppressed) line += `; ${options.suppressed} suppressed`;
  if (options.baselined) line += `; ${options.baselined} in the baseline`;
  return line;
}

export function textReport(findings: readonly Finding[], options: TextReportOptions): string {
  const c = options.colour ? pc : pc.createColors(false);
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const out: string[] = [];
  const files = [...byFile.keys()].sort();
  for (const file of files) {
    const list = byFile.get(file)!.sort((a, b) => a.line - b.line || a.column - b.column);
    for (const f of list) {
      const where = c.bold(`${shownPath(options.cwd, file)}:${f.line}:${f.column}`);
      const tierColour = f.applicability === "safe" ? c.green : f.applicability === "unsafe" ? c.yellow : c.magenta;
      const kind = c.cyan(`${f.rule}/${f.kind}${f.category === "modernize" ? " (modernisation)" : ""}`);
      out.push(`${where}  ${kind}  ${f.message}  ${tierColour(tierLabel(f, options.mode))}`);
      const text = options.source?.(file);
      if (text !== undefined) out.push(codeFrame(text, f, options.colour), "");
    }
    if (!options.source) out.push("");
  }
  for (const u of options.unusedSuppressions ?? []) {
    out.push(
      `${c.bold(`${shownPath(options.cwd, u.file)}:${u.line}`)}  ${c.yellow(`unused ${u.directive} ${u.name}`)}: nothing of that kind is reported there; remove it`,
    );
  }
  for (const e of options.staleBaseline ?? []) {
    out.push(
      `${c.bold(e.file)}  ${c.yellow(`stale baseline entry ${e.ruleId}`)} (was line ${e.line}): no such finding any more; rewrite the baseline with --write-baseline`,
    );
  }
  if ((options.unusedSuppressions?.length ?? 0) + (options.staleBaseline?.length ?? 0) > 0) out.push("");
  out.push(summaryLine(findings, options));
  return `${out.join("\n")}\n`;
}

/**
 * The finding's first line with one line of context and a caret under its span (to the end of
 * the line when the span goes on), like ESLint's and Ruff's code frames.
 */
export function codeFrame(text: string, f: Finding, colour: boolean): string {
  const lineText = text.split("\n", f.line)[f.line - 1] ?? "";
  const endColumn = f.endLine === f.line ? f.endColumn : lineText.replace(/\r$/, "").length + 1;
  const frame = codeFrameColumns(
    text,
    { start: { line: f.line, column: f.column }, end: { line: f.line, column: Math.max(endColumn, f.column + 1) } },
    { linesAbove: 1, linesBelow: 1, highlightCode: colour, forceColor: colour },
  );
  return frame
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}
