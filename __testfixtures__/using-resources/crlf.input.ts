import fs from "node:fs";

export function size(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: finally-cleanup safe
  try {
    const text = `a
  b`;
    return fs.fstatSync(fd).size + text.length;
  } finally {
    fs.closeSync(fd);
  }
}

export function count(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
  const n = fs.fstatSync(fd).nlink;
  fs.closeSync(fd);
  console.log(p);
  return 1;
}
