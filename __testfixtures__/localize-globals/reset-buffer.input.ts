// Output buffer, reset on every call.
let out = ""; // REPORT: accumulating-global safe

export function render(title: string, lines: readonly string[]): string {
  out = "";
  out += `# ${title}\n`;
  for (const l of lines) {
    out += `- ${l}\n`;
  }
  return out;
}
