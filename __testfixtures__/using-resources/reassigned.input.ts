import fs from "node:fs";

export function last(paths: readonly string[]): number {
  let fd = fs.openSync(paths[0]!, "r"); // REPORT: unreleased-resource manual
  for (const p of paths) fd = fs.openSync(p, "r");
  return fs.fstatSync(fd).size;
}

export function rotate(p: string): number {
  let fd = fs.openSync(p, "r"); // REPORT: finally-cleanup safe
  try {
    fd = fs.openSync(`${p}.1`, "r");
    return fs.fstatSync(fd).size;
  } finally {
    fs.closeSync(fd);
  }
}
