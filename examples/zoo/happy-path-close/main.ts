import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

function readNumber(file: string): number {
  const fd = fs.openSync(file, "r");
  const text = fs.readFileSync(fd, "utf8");
  const n = Number.parseInt(text, 10);
  if (Number.isNaN(n)) throw new Error(`not a number: ${path.basename(file)}`);
  fs.closeSync(fd);
  return n;
}

export async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zoo-"));
  let sum = 0;
  let errors = 0;
  for (let i = 0; i < 40; i++) {
    const file = path.join(dir, `n${i}.txt`);
    fs.writeFileSync(file, i % 2 === 0 ? String(i) : "oops");
    try {
      sum += readNumber(file);
    } catch {
      errors++;
    }
  }
  fs.rmSync(dir, { recursive: true });
  console.log(`sum ${sum}, errors ${errors}`);
}
