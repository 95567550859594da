import fs from "node:fs";

export function copy(from: string, to: string): void {
  const source = fs.openSync(from, "r"); // REPORT: finally-cleanup safe
  using _source = { [Symbol.dispose]: () => fs.closeSync(source) };
  const target = fs.openSync(to, "w"); // REPORT: finally-cleanup safe
  using _target = { [Symbol.dispose]: () => fs.closeSync(target) };
  const buffer = Buffer.alloc(64 * 1024);
  let n: number;
  while ((n = fs.readSync(source, buffer)) > 0) {
    fs.writeSync(target, buffer, 0, n);
  }
}

export async function concat(first: string, second: string): Promise<string> {
  await using a = await fs.promises.open(first); // REPORT: finally-cleanup safe
  await using b = await fs.promises.open(second); // REPORT: finally-cleanup safe
  return (await a.readFile("utf8")) + (await b.readFile("utf8"));
}
