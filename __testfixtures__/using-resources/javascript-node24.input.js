import fs from "node:fs";

export function checksum(p) {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
  const sum = fs.readFileSync(fd).length;
  fs.closeSync(fd);
  return sum;
}

export async function readConfig(p) {
  const fh = await fs.promises.open(p); // REPORT: finally-cleanup safe
  try {
    return JSON.parse(await fh.readFile("utf8"));
  } finally {
    await fh.close();
  }
}

export async function names(p) {
  const dir = fs.opendirSync(p); // REPORT: unreleased-resource safe
  const out = [];
  for await (const entry of dir) out.push(entry.name);
  return out;
}

export function keep(p, list) {
  const fd = fs.openSync(p, "r"); // REPORT: unreleased-resource manual
  list.push(fd);
}
