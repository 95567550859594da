import fs from "node:fs";

declare function notify(message: string): void;

export function stamp(p: string): number {
  const fd = fs.openSync(p, "r+"); // REPORT: partial-cleanup unsafe
  const size = fs.fstatSync(fd).size;
  fs.writeSync(fd, "#", size);
  fs.closeSync(fd);
  notify(`stamped ${p} at ${size}`);
  return size + 1;
}
