import fs from "node:fs";
import type { FileHandle } from "node:fs/promises";

export async function openLog(p: string): Promise<FileHandle> {
  const fh = await fs.promises.open(p, "a"); // OK: a factory: it returns the handle it opens on every path (factory-returns-resource)
  await fh.appendFile("opened\n");
  return fh;
}

export function reader(p: string): () => Buffer {
  const fd = fs.openSync(p, "r"); // REPORT: unreleased-resource manual
  return () => fs.readFileSync(fd);
}
