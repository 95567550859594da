import * as fs from "node:fs";

async function size(path: string): Promise<number> {
  const fh = await fs.promises.open(path, "r");
  try {
    const stat = await fh.stat();
    return stat.size > 0 ? 1 : 0;
  } finally {
    await fh.close();
  }
}

export async function main(): Promise<void> {
  let n = 0;
  for (let i = 0; i < 30; i++) n += await size(process.execPath);
  console.log(`n ${n}`);
}
