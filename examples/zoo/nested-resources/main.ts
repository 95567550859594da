import * as fs from "node:fs";

function compare(a: string, b: string, failAt: number, i: number): boolean {
  const fa = fs.openSync(a, "r");
  const fb = fs.openSync(b, "r");
  const x = Buffer.alloc(4);
  const y = Buffer.alloc(4);
  fs.readSync(fa, x, 0, 4, 0);
  fs.readSync(fb, y, 0, 4, 0);
  if (i % failAt === 0) throw new Error("boom");
  fs.closeSync(fb);
  fs.closeSync(fa);
  return x.equals(y);
}

export async function main(): Promise<void> {
  let same = 0;
  let failed = 0;
  for (let i = 0; i < 30; i++) {
    try {
      if (compare(process.execPath, process.execPath, 3, i)) same++;
    } catch {
      failed++;
    }
  }
  console.log(`same ${same}, failed ${failed}`);
}
