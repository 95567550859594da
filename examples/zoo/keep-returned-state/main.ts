interface Item {
  id: string;
}

const seen: string[] = [];

export function once(id: string): boolean {
  if (seen.includes(id)) return false;
  seen.push(id);
  return true;
}

const sizes = new Map<Item, number>();

export function remember(item: Item): void {
  sizes.set(item, item.id.length);
}

export function totalSize(): number {
  let total = 0;
  for (const n of sizes.values()) total += n;
  return total;
}

export async function main(): Promise<void> {
  let fresh = 0;
  for (let i = 0; i < 100; i++) if (once(`id${i % 10}`)) fresh++;
  for (let i = 0; i < 50; i++) remember({ id: `item-${i}` });
  console.log(`fresh ${fresh}, total ${totalSize()}`);
}
