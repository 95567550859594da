import fs from "node:fs";
import { open } from "node:fs/promises";

class Subscription implements Disposable {
  constructor(readonly onEvent: (name: string) => void) {}
  [Symbol.dispose](): void {}
}

export async function firstByte(p: string): Promise<number> {
  let fh = await open(p); // REPORT: partial-cleanup safe
  const { buffer } = await fh.read(Buffer.alloc(1), 0, 1, 0);
  await fh.close();
  return buffer[0] ?? -1;
}

export function pair(p: string): number {
  const fd = fs.openSync(p, "r"), // REPORT: finally-cleanup safe
    size = 1;
  try {
    return fs.fstatSync(fd).size + size;
  } finally {
    fs.closeSync(fd);
  }
}

export function legacy(p: string): number {
  var fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
  var size = fs.fstatSync(fd).size;
  fs.closeSync(fd);
  return size;
}

export function watch(onEvent: (name: string) => void): void {
  const subscription = new Subscription(onEvent); // REPORT: unreleased-resource manual
  console.log("subscribed", typeof subscription);
}
