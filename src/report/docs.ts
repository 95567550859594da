/**
 * The case tables of docs/<transform>.md, generated from the kinds (`npm run docs`). A table
 * sits between `<!-- leakmod:cases <kind> -->` and `<!-- /leakmod:cases -->`; everything else in
 * the file is written by hand. test/kinds.test.ts fails when a committed table is stale.
 */
import type { FindingKind, TransformInfo } from "../engine/kinds.js";

const SECTION = /<!-- leakmod:cases ([\w-]+) -->\n[\s\S]*?<!-- \/leakmod:cases -->/g;

/** `markdown` with every case table regenerated; a kind of `transform` without a table is an error. */
export function generatedDocs(markdown: string, transform: TransformInfo): string {
  const seen = new Set<string>();
  const out = markdown.replace(SECTION, (_section, id: string) => {
    const kind = transform.kinds.find((k) => k.id === id);
    if (!kind) throw new Error(`docs/${transform.id}.md has a case table for an unknown kind "${id}"`);
    seen.add(id);
    return `<!-- leakmod:cases ${id} -->\n${caseTable(kind)}<!-- /leakmod:cases -->`;
  });
  const missing = transform.kinds.filter((k) => !seen.has(k.id));
  if (missing.length > 0) {
    throw new Error(`docs/${transform.id}.md has no case table for ${missing.map((k) => k.id).join(", ")}`);
  }
  return out;
}

function caseTable(kind: FindingKind): string {
  const advice = kind.adviceColumn;
  const head = ["case", "tier", "why", ...(advice ? [advice] : [])];
  const rows = kind.cases.map((c) => [
    c.shape,
    c.tier === "not reported" ? "not reported" : `\`${c.tier}\``,
    c.why,
    ...(advice ? [c.advice ?? "—"] : []),
  ]);
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |\n`;
  return (
    `<!-- generated from src/transforms/${kind.transform}/kinds.ts by \`npm run docs\`: edit the kind, not this table -->\n` +
    line(head) +
    `|${head.map(() => "---").join("|")}|\n` +
    rows.map(line).join("")
  );
}
