import fs from "node:fs";

export async function readConfig(p: string): Promise<unknown> {
  await using fh = await fs.promises.open(p); // REPORT: finally-cleanup safe
  return JSON.parse(await fh.readFile("utf8"));
}
