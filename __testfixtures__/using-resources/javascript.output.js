import fs from "node:fs";

export function checksum(p) {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup manual
  const sum = fs.readFileSync(fd).length;
  fs.closeSync(fd);
  return sum;
}

export async function readConfig(p) {
  const fh = await fs.promises.open(p); // REPORT: finally-cleanup manual
  try {
    return JSON.parse(await fh.readFile("utf8"));
  } finally {
    await fh.close();
  }
}
