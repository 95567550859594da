import fs from "node:fs";

export function checksum(p) {
  const fd = fs.openSync(p, "r");
  const sum = fs.readFileSync(fd).length;
  fs.closeSync(fd);
  return sum;
}

export async function readConfig(p) {
  const fh = await fs.promises.open(p);
  try {
    return JSON.parse(await fh.readFile("utf8"));
  } finally {
    await fh.close();
  }
}
