import * as fs from "node:fs";

// Released on every path already (try/finally): `await using` says the same in less code.
export async function readConfig(path: string): Promise<unknown> {
  const fh = await fs.promises.open(path, "r");
  try {
    return JSON.parse(await fh.readFile("utf8"));
  } finally {
    await fh.close();
  }
}

// Leak on error: the descriptor is closed on the happy path only.
export function checksum(path: string): number {
  const fd = fs.openSync(path, "r");
  const bytes = fs.readFileSync(fd);
  let sum = 0;
  for (const b of bytes) sum = (sum + b) % 65521;
  fs.closeSync(fd);
  return sum;
}

// Not touched: the descriptor is returned to the caller, who owns it.
export function openLog(path: string): number {
  const fd = fs.openSync(path, "a");
  return fd;
}
