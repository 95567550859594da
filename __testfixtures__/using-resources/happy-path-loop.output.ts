import fs from "node:fs";

export function sizes(paths: readonly string[]): number[] {
  const out: number[] = [];
  for (const p of paths) {
    const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
    using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
    out.push(fs.fstatSync(fd).size);
  }
  return out;
}
