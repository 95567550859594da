export function render(title: string, lines: readonly string[]): string {
  // Output buffer, reset on every call.
  let out = ""; // REPORT: accumulating-global safe
  out += `# ${title}\n`;
  for (const l of lines) {
    out += `- ${l}\n`;
  }
  return out;
}
