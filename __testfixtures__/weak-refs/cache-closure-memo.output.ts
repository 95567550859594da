export function memoize<K extends object, V>(fn: (key: K) => V): (key: K) => V {
  const results = new WeakMap<K, V>(); // REPORT: object-keyed-cache safe
  return (key) => {
    if (results.has(key)) return results.get(key)!;
    const value = fn(key);
    results.set(key, value);
    return value;
  };
}

export function total(values: number[]): number {
  // Local and not captured: dies with the call, not a leak.
  const counts = new Map<object, number>();
  counts.set(values, values.length);
  return counts.get(values) ?? 0;
}
