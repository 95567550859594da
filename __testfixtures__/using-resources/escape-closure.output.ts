import fs from "node:fs";

export function later(p: string): void {
  const fd = fs.openSync(p, "r");
  setTimeout(() => {
    console.log(fs.fstatSync(fd).size);
  }, 10);
}

export function sizes(paths: readonly string[]): number[] {
  const fd = fs.openSync(paths[0]!, "r");
  return paths.map(() => fs.fstatSync(fd).size);
}
