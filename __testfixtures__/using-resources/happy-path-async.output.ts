import { open } from "node:fs/promises";

export async function readJson(p: string): Promise<unknown> {
  await using fh = await open(p, "r"); // REPORT: partial-cleanup safe
  const text = await fh.readFile("utf8");
  if (text.trim() === "") return undefined;
  return JSON.parse(text);
}
