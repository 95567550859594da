import fs from "node:fs";

declare function report(error: unknown): void;
declare function log(message: string): void;

export function firstLine(p: string): string {
  const fd = fs.openSync(p, "r"); // REPORT: finally-cleanup safe
  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
  try {
    const buffer = Buffer.alloc(80);
    const n = fs.readSync(fd, buffer);
    return buffer.toString("utf8", 0, n).split("\n")[0] ?? "";
  } catch (error) {
    report(error);
    return "";
  }
}

export function size(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: finally-cleanup safe
  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
  try {
    return fs.fstatSync(fd).size;
  } finally {
    log(`closing ${p}`);
  }
}

export function sizeThenLog(p: string): number {
  let result = 0;
  {
    const fd = fs.openSync(p, "r"); // REPORT: finally-cleanup safe
    using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
    try {
      result = fs.fstatSync(fd).size;
    } catch (error) {
      report(error);
    }
  }
  log(`size of ${p}: ${result}`);
  return result;
}
