interface Row {
  id: number;
  name: string;
}

let lines: string[] = [];

export function toCsv(rows: Row[]): number {
  lines = [];
  for (const r of rows) lines.push(`${r.id},${r.name}`);
  return lines.join("\n").length;
}

export async function main(): Promise<void> {
  const rows = Array.from({ length: 60000 }, (_, i) => ({ id: i, name: `name-${i}-${"y".repeat(200)}` }));
  let size = toCsv(rows.slice(0, 10));
  size += toCsv(rows);
  console.log(`size ${size}`);
}
