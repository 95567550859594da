import fs from "node:fs";

export function copy(from: string, to: string): void {
  const source = fs.openSync(from, "r"); // REPORT: finally-cleanup safe
  try {
    const target = fs.openSync(to, "w"); // REPORT: finally-cleanup safe
    try {
      const buffer = Buffer.alloc(64 * 1024);
      let n: number;
      while ((n = fs.readSync(source, buffer)) > 0) {
        fs.writeSync(target, buffer, 0, n);
      }
    } finally {
      fs.closeSync(target);
    }
  } finally {
    fs.closeSync(source);
  }
}

export async function concat(first: string, second: string): Promise<string> {
  const a = await fs.promises.open(first); // REPORT: finally-cleanup safe
  try {
    const b = await fs.promises.open(second); // REPORT: finally-cleanup safe
    try {
      return (await a.readFile("utf8")) + (await b.readFile("utf8"));
    } finally {
      await b.close();
    }
  } finally {
    await a.close();
  }
}
