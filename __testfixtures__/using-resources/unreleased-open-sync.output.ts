import fs from "node:fs";

export function isEmpty(p: string): boolean {
  const fd = fs.openSync(p, "r"); // REPORT: unreleased-resource safe
  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
  return fs.fstatSync(fd).size === 0;
}

export function create(p: string): void {
  const fd = fs.openSync(p, "wx"); // REPORT: unreleased-resource safe
  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
  if (fs.fstatSync(fd).size > 0) throw new Error(`${p} is not new`);
}
