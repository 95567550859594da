export function toCsv(items: readonly string[]): string {
  const rows: string[] = [];
  for (const i of items) rows.push(i);
  return rows.join("\n");
}

const EMPTY: readonly string[] = [];

export function orEmpty(list?: readonly string[]): readonly string[] {
  return list ?? EMPTY;
}
