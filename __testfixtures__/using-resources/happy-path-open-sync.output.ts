import fs from "node:fs";

declare function crc(data: Buffer): number;

export function checksum(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
  const sum = crc(fs.readFileSync(fd));
  return sum;
}

export function touch(p: string): void {
  const fd = fs.openSync(p, "a"); // REPORT: partial-cleanup safe
  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
  fs.futimesSync(fd, new Date(), new Date());
}
