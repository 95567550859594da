import fs from "node:fs";

export function size(p: string): number {
  const fd = fs.openSync(p, "r");
  const n = fs.fstatSync(fd).size;
  fs.closeSync(fd);
  return n;
}
