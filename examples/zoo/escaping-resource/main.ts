import * as fs from "node:fs";

function openForRead(path: string): number {
  const fd = fs.openSync(path, "r");
  return fd;
}

export async function main(): Promise<void> {
  let bytes = 0;
  for (let i = 0; i < 10; i++) {
    const fd = openForRead(process.execPath);
    const buf = Buffer.alloc(8);
    bytes += fs.readSync(fd, buf, 0, 8, 0);
    fs.closeSync(fd);
  }
  console.log(`bytes ${bytes}`);
}
