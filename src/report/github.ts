/**
 * `--format github`: GitHub Actions workflow commands, one per finding, so that findings show as
 * annotations on the pull request's changed lines: `::warning` for fixable tiers, `::notice` for
 * manual ones. Paths are relative to the working directory (the checkout, in Actions).
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { Finding } from "../engine/types.js";
import { shownPath } from "./paths.js";

function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function githubReport(findings: readonly Finding[], options: { cwd: string; summary: string }): string {
  const out = findings.map((f) => {
    const level = f.applicability === "manual" ? "notice" : "warning";
    const props = [
      `file=${escapeProperty(shownPath(options.cwd, f.file))}`,
      `line=${f.line}`,
      `col=${f.column}`,
      `endLine=${f.endLine}`,
      ...(f.endLine === f.line ? [`endColumn=${f.endColumn}`] : []),
      `title=${escapeProperty(`leakmod ${f.rule}/${f.kind} [${f.applicability}]`)}`,
    ];
    const fix = f.fix && f.applicability !== "manual" ? ` Fix: ${f.fix.description}.` : "";
    return `::${level} ${props.join(",")}::${escapeData(`${f.message}${fix}`)}`;
  });
  out.push(options.summary);
  return `${out.join("\n")}\n`;
}
