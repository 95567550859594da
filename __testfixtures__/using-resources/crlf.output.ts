import fs from "node:fs";

export function size(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: finally-cleanup safe
  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
  const text = `a
  b`;
  return fs.fstatSync(fd).size + text.length;
}

export function count(p: string): number {
  {
    const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
    using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
    const n = fs.fstatSync(fd).nlink;
  }
  console.log(p);
  return 1;
}
