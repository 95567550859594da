import fs from "node:fs";

declare function log(message: string): void;

export async function firstLine(p: string): Promise<string> {
  const fh = await fs.promises.open(p); // REPORT: finally-cleanup safe
  let text: string;
  try {
    text = await fh.readFile("utf8");
  } finally {
    await fh.close();
  }
  log(`read ${p}`);
  return text.split("\n")[0] ?? "";
}

export function size(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: finally-cleanup safe
  let attempts = 0;
  try {
    attempts++;
    return fs.fstatSync(fd).size + attempts;
  } finally {
    fs.closeSync(fd);
  }
}

export function sizeOrZero(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: finally-cleanup safe
  let size = 0;
  try {
    size = fs.fstatSync(fd).size;
  } catch {
    size = -1;
  } finally {
    fs.closeSync(fd);
  }
  log(`size ${size}`);
  return size;
}
