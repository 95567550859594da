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
  const size = fs.fstatSync(fd).size;
  try {
    return size * 2;
  } finally {
    fs.closeSync(fd);
  }
}
