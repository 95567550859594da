// Arrays written by index are tables of slots: they are only as long as the largest index
// written, however often the code runs (found in effect's Schema.ts, HashRing.ts, SchemaBinary.ts).

// A memo keyed by a small number.
const errorSchemaCache: Array<string | undefined> = [];
export function errorSchema(key: 0 | 1 | 2 | 3): string {
  const cached = errorSchemaCache[key];
  if (cached !== undefined) return cached;
  const schema = `schema-${key}`;
  errorSchemaCache[key] = schema;
  return schema;
}

// Filled lazily for each index of a loop.
const shardHashes: number[] = [];
export function hashes(count: number): number[] {
  const out: number[] = [];
  for (let shard = 0; shard < count; shard++) out.push((shardHashes[shard] ??= shard * 31));
  return out;
}

// A stack with its own length: the counter goes down again.
const issuePath: PropertyKey[] = [];
let issuePathLen = 0;
export function visit(keys: readonly string[], f: (at: readonly PropertyKey[]) => void): void {
  for (const key of keys) {
    issuePath[issuePathLen++] = key;
    f(issuePath.slice(0, issuePathLen));
    issuePathLen--;
  }
}
