// The factories of factory-returns-resource.input.ts in plain JavaScript: a function that returns
// the resource it makes on every path hands it to its caller; one that leaves it open on another
// path does not.
import fs from "node:fs";

export function openLog(p) {
  const fd = fs.openSync(p, "a"); // OK: a factory: returned to the caller, who owns it
  fs.writeSync(fd, "opened\n");
  return fd;
}

export async function openNonEmpty(p) {
  const fh = await fs.promises.open(p, "r"); // OK: a factory: returned, and released before the only throw
  const { bytesRead } = await fh.read(Buffer.alloc(1), 0, 1, 0);
  if (bytesRead === 0) {
    await fh.close();
    throw new Error(`${p} is empty`);
  }
  return fh;
}

export function openIfFile(p) {
  const fd = fs.openSync(p, "r"); // REPORT: unreleased-resource manual
  if (!fs.fstatSync(fd).isFile()) return undefined;
  return fd;
}
