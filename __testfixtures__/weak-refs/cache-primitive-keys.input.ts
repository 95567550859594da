interface Box {
  width: number;
}

// Primitive or unknown keys can never be weak: none of these is touched or reported.
const byName = new Map<string, Box>();
const byId = new Map<number | string, Box>();
const anything = new Map<unknown, Box>();
const untyped = new Map();
// `{}` and an interface a string satisfies both admit primitive keys.
const empty = new Map<{}, Box>();
const lengthy = new Map<{ length: number }, Box>();

export function lookup(key: string): Box | undefined {
  untyped.set(key, { width: 1 });
  empty.set(key, { width: 2 });
  lengthy.set(key, { width: 3 });
  anything.set(key, { width: 4 });
  byId.set(1, { width: 5 });
  return byName.get(key) ?? byId.get(1) ?? anything.get(key) ?? untyped.get(key) ?? empty.get(key) ?? lengthy.get(key);
}
