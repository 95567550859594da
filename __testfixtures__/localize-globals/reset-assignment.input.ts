interface Item {
  id: number;
  name: string;
}

let rows: string[] = []; // REPORT: accumulating-global safe

function line(i: Item): string {
  return `${i.id},${i.name}`;
}

export function toCsv(items: Item[]): string {
  rows = [];
  for (const i of items) rows.push(line(i));
  return rows.join("\n");
}
