/** `leakmod rules`: the transforms, their finding kinds, tiers and examples, from the kind registry. */
import { ruleIdOf, type TransformInfo } from "../engine/kinds.js";

export function rulesText(transforms: readonly TransformInfo[]): string {
  const out: string[] = [];
  for (const t of transforms) {
    out.push(`${t.id}: ${t.description}`);
    for (const k of t.kinds) {
      const modern =
        k.category === "modernize"
          ? "  (modernisation, not a leak: counted by --fail-on only with --modernize fail)"
          : "";
      out.push(`  ${ruleIdOf(k)}  [${k.applicabilities.join(", ")}]${modern}`);
      out.push(`    ${k.title}.`);
      out.push(...wrap(k.help, 92).map((l) => `    ${l}`));
      const same = k.example.before === k.example.after;
      out.push(same ? `    example (${k.example.applicability}, reported only):` : "    example, before:");
      out.push(...k.example.before.split("\n").map((l) => `      ${l}`));
      if (!same) {
        out.push(`    after (${k.example.applicability}):`);
        out.push(...k.example.after.split("\n").map((l) => `      ${l}`));
      }
    }
    out.push("");
  }
  out.push(
    "Tiers: safe = applied by default; unsafe = applied only with --unsafe; manual = reported with advice, never rewritten.",
  );
  return `${out.join("\n")}\n`;
}

export function rulesJson(transforms: readonly TransformInfo[]): string {
  return `${JSON.stringify(
    transforms.map((t) => ({
      id: t.id,
      description: t.description,
      kinds: t.kinds.map((k) => ({
        id: k.id,
        ruleId: ruleIdOf(k),
        title: k.title,
        help: k.help,
        applicabilities: k.applicabilities,
        example: k.example,
        cases: k.cases,
      })),
    })),
    null,
    2,
  )}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
