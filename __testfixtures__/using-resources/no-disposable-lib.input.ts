import fs from "node:fs";

export function checksum(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: finally-cleanup manual
  try {
    return fs.readFileSync(fd).length;
  } finally {
    fs.closeSync(fd);
  }
}
