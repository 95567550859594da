import fs from "node:fs";

declare function log(message: string): void;

export async function firstLine(p: string): Promise<string> {
  const fh = await fs.promises.open(p); // REPORT: finally-cleanup safe
  let text: string;
  {
    await using _fh = fh;
    text = await fh.readFile("utf8");
  }
  log(`read ${p}`);
  return text.split("\n")[0] ?? "";
}

export function size(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: finally-cleanup safe
  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
  let attempts = 0;
  attempts++;
  return fs.fstatSync(fd).size + attempts;
}

export function sizeOrZero(p: string): number {
  let size = 0;
  {
    const fd = fs.openSync(p, "r"); // REPORT: finally-cleanup safe
    using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
    try {
      size = fs.fstatSync(fd).size;
    } catch {
      size = -1;
    }
  }
  log(`size ${size}`);
  return size;
}
