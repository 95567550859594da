import fs from "node:fs";

declare function register(fd: number): void;

export function track(p: string): void {
  const fd = fs.openSync(p, "r"); // REPORT: unreleased-resource manual
  register(fd);
}

export function track2(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup manual
  const size = fs.fstatSync(fd).size;
  register(fd);
  fs.closeSync(fd);
  return size;
}
