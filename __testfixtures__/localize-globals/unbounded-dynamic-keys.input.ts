// The same shapes with keys that come from run-time data: still reported.
const warnedMessages = new Set<string>(); // REPORT: accumulating-global manual

export function seen(id: string): boolean {
  if (warnedMessages.has(id)) return true;
  return false;
}

export function remember(id: string): void {
  warnedMessages.add(id);
}

export class Registry {
  private static table: Record<string, number> = {}; // REPORT: accumulating-field manual

  static registerEntry(name: string, n: number): void {
    Registry.table[name] = n;
  }

  static lookup(name: string): number | undefined {
    return Registry.table[name];
  }
}

export function registerFrom(names: string[]): void {
  for (const n of names) Registry.registerEntry(n, 1);
}
