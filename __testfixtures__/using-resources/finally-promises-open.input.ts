import fs from "node:fs";

export async function readConfig(p: string): Promise<unknown> {
  const fh = await fs.promises.open(p); // REPORT: finally-cleanup safe
  try {
    return JSON.parse(await fh.readFile("utf8"));
  } finally {
    await fh.close();
  }
}
