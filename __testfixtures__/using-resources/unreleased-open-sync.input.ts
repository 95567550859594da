import fs from "node:fs";

export function isEmpty(p: string): boolean {
  const fd = fs.openSync(p, "r");
  return fs.fstatSync(fd).size === 0;
}

export function create(p: string): void {
  const fd = fs.openSync(p, "wx");
  if (fs.fstatSync(fd).size > 0) throw new Error(`${p} is not new`);
}
