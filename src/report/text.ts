/**
 * The human report: findings grouped by file, one line each
 * (`file:line:col  rule/kind  message  [tier]`), then a summary line.
 */
import pc from "picocolors";
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
}

function tierLabel(f: Finding, mode: TextReportOptions["mode"]): string {
  const tier = f.applicability;
  if (mode === "audit") return f.fix ? `[${tier} fix]` : `[${tier}]`;
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

export function summaryLine(findings: readonly Finding[], options: Omit<TextReportOptions, "colour" | "cwd">): string {
  const counts = countBy(findings);
  const files = new Set(findings.map((f) => f.file)).size;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  let line = `${plural(findings.length, "finding")} (${counts.safe} safe, ${counts.unsafe} unsafe, ${counts.manual} manual) in ${plural(files, "file")}; ${plural(options.filesAnalyzed, "file")} analysed`;
  if (options.mode !== "audit") {
    const fixed = findings.filter((f) => f.fixStatus === "applied").length;
    line += `; ${fixed} ${fixed === 1 ? "fix" : "fixes"} ${options.mode === "apply" ? "applied" : "in the diff"}, ${plural(options.filesChanged, "file")} ${options.mode === "apply" ? "changed" : "to change"}`;
    if (options.filesNotWritten) line += `, ${plural(options.filesNotWritten, "file")} not written`;
  }
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
      out.push(`${where}  ${c.cyan(`${f.rule}/${f.kind}`)}  ${f.message}  ${tierColour(tierLabel(f, options.mode))}`);
    }
    out.push("");
  }
  out.push(summaryLine(findings, options));
  return `${out.join("\n")}\n`;
}
