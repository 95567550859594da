import fs from "node:fs";

declare function keepOpen(): boolean;

export function probe(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: finally-cleanup manual
  try {
    return fs.fstatSync(fd).size;
  } finally {
    if (keepOpen()) return -1;
    fs.closeSync(fd);
  }
}
