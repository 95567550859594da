export interface Entry {
  id: string;
}

// The returned service object keeps `sizes` alive as long as the service lives.
export function makeStore() {
  const sizes = new WeakMap<Entry, number>(); // REPORT: object-keyed-cache safe
  return {
    record(entry: Entry): void {
      sizes.set(entry, entry.id.length);
    },
    sizeOf(entry: Entry): number | undefined {
      return sizes.get(entry);
    },
  };
}

// `kept` is only used by callbacks during the call: it dies with the call, not a leak.
export function dedupe(entries: readonly Entry[]): Entry[] {
  const kept = new Set<Entry>();
  for (const e of entries) if (e.id !== "") kept.add(e);
  return entries.filter((e) => kept.has(e));
}
