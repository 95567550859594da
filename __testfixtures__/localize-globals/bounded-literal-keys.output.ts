// Keys of a finite literal union, or an enum: the cache holds at most one entry per key, so it
// cannot grow without bound. Not reported.
type Lang = "sass" | "less" | "stylus";

const loadedPath: Partial<Record<Lang, string>> = {}; // OK: keys of a finite literal union

export function loadPath(lang: Lang, resolve: (l: Lang) => string): string {
  const cached = loadedPath[lang];
  if (cached) return cached;
  return (loadedPath[lang] = resolve(lang));
}

enum Level {
  Low,
  High,
}

const byLevel = new Map<Level, number>(); // OK: keys of an enum

export function count(level: Level): number {
  const n = (byLevel.get(level) ?? 0) + 1;
  byLevel.set(level, n);
  return n;
}
