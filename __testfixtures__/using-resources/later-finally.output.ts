import fs from "node:fs";

declare function parseHeader(fd: number): number;

export function body(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup manual
  const offset = parseHeader(fd);
  try {
    return fs.fstatSync(fd).size - offset;
  } finally {
    fs.closeSync(fd);
  }
}

export function stat(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
  const size = fs.fstatSync(fd).size;
  return size * 2;
}
