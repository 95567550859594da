const hits: string[] = [];
const misses: string[] = [];

let seen = new Set<string>();

export function lookup(
  keys: readonly string[],
  table: Record<string, number>,
): number[] {
  seen = new Set();
  const values: number[] = [];
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
