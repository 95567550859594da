export function lookup(
  keys: readonly string[],
  table: Record<string, number>,
): number[] {
  const seen = new Set<string>(); // REPORT: accumulating-global safe
  const values: number[] = [];
  const hits: string[] = []; // REPORT: accumulating-global safe
  const misses: string[] = []; // REPORT: accumulating-global safe
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    const value = table[key];
    if (value === undefined) misses.push(key);
    else {
      hits.push(key);
      values.push(value);
    }
  }
  return values;
}
