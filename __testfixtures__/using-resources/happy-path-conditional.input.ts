import fs from "node:fs";

declare function shouldKeep(p: string): boolean;

export function maybeClose(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup manual
  const size = fs.fstatSync(fd).size;
  if (!shouldKeep(p)) {
    fs.closeSync(fd);
  }
  return size;
}

export function closedTwice(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
  const size = fs.fstatSync(fd).size;
  if (size === 0) {
    fs.closeSync(fd);
    return 0;
  }
  const buffer = Buffer.alloc(1);
  fs.readSync(fd, buffer);
  fs.closeSync(fd);
  return buffer[0] ?? 0;
}

export function useAfterClose(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup manual
  const buffer = Buffer.alloc(4);
  fs.closeSync(fd);
  return fs.readSync(fd, buffer);
}
