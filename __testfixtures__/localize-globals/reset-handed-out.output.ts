// Emptied in place, then handed out: the next call would empty the caller's copy.
const matches: string[] = []; // REPORT: accumulating-global manual

export function grep(lines: readonly string[], word: string): string[] {
  matches.length = 0;
  for (const l of lines) if (l.includes(word)) matches.push(l);
  return matches;
}

export function tally(words: readonly string[]): Record<string, number> {
  // A fresh object per call, then handed out: the caller keeps it either way.
  const counts: Record<string, number> = {}; // REPORT: accumulating-global safe
  for (const w of words) counts[w] = (counts[w] ?? 0) + 1;
  return counts;
}
