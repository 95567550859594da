import fs from "node:fs";

export async function readConfig(p: string): Promise<unknown> {
  await using fh = await fs.promises.open(p);
  return JSON.parse(await fh.readFile("utf8"));
}

export function checksum(p: string): number {
  const fd = fs.openSync(p, "r");
  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
  return fs.readFileSync(fd).length;
}
