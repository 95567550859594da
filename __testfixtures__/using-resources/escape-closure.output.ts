import fs from "node:fs";

export function later(p: string): void {
  const fd = fs.openSync(p, "r"); // REPORT: unreleased-resource manual
  setTimeout(() => {
    console.log(fs.fstatSync(fd).size);
  }, 10);
}

export function sizes(paths: readonly string[]): number[] {
  const fd = fs.openSync(paths[0]!, "r"); // REPORT: unreleased-resource manual
  return paths.map(() => fs.fstatSync(fd).size);
}
