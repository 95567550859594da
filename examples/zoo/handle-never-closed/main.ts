import * as fs from "node:fs";

function firstByte(path: string): number {
  const fd = fs.openSync(path, "r");
  const buf = Buffer.alloc(1);
  fs.readSync(fd, buf, 0, 1, 0);
  return buf[0]!;
}

export async function main(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < 50; i++) sum += firstByte(process.execPath);
  console.log(`sum ${sum}`);
}
