const cache = new Map<string, number>();

function fib(n: number): number {
  const key = String(n);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = n < 2 ? n : fib(n - 1) + fib(n - 2);
  cache.set(key, value);
  return value;
}

export async function main(): Promise<void> {
  console.log(`fib ${fib(80)}`);
}
