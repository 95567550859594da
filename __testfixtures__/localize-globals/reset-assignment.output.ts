interface Item {
  id: number;
  name: string;
}

function line(i: Item): string {
  return `${i.id},${i.name}`;
}

export function toCsv(items: Item[]): string {
  const rows: string[] = []; // REPORT: accumulating-global safe
  for (const i of items) rows.push(line(i));
  return rows.join("\n");
}
