/** `leakmod rules`: the transforms, their finding kinds, tiers and an example. */
import type { Transform } from "../engine/types.js";

export function rulesText(transforms: readonly Transform[]): string {
  const out: string[] = [];
  for (const t of transforms) {
    out.push(`${t.id}: ${t.description}`);
    for (const k of t.kinds) {
      out.push(
        `  ${t.id}/${k.id}  [${k.applicabilities.join(", ")}]${k.category === "modernize" ? "  (modernisation, not a leak: not counted by --fail-on unless --modernize fail)" : ""}`,
      );
      out.push(`    ${k.title}.`);
      out.push(...wrap(k.help, 92).map((l) => `    ${l}`));
    }
    out.push("  example, before:");
    out.push(...t.example.before.split("\n").map((l) => `    ${l}`));
    out.push("  after:");
    out.push(...t.example.after.split("\n").map((l) => `    ${l}`));
    out.push("");
  }
  out.push(
    "Tiers: safe = applied by default; unsafe = applied only with --unsafe; manual = reported with advice, never rewritten.",
  );
  return `${out.join("\n")}\n`;
}

export function rulesJson(transforms: readonly Transform[]): string {
  return `${JSON.stringify(
    transforms.map((t) => ({ id: t.id, description: t.description, kinds: t.kinds, example: t.example })),
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
