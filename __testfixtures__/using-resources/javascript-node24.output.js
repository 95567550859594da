import fs from "node:fs";

export function checksum(p) {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
  const sum = fs.readFileSync(fd).length;
  return sum;
}

export async function readConfig(p) {
  await using fh = await fs.promises.open(p); // REPORT: finally-cleanup safe
  return JSON.parse(await fh.readFile("utf8"));
}

export async function names(p) {
  const dir = fs.opendirSync(p); // REPORT: unreleased-resource safe
  using _dir = {
    [Symbol.dispose]: () => {
      try {
        dir.closeSync();
      } catch (error) {
        if (error.code !== "ERR_DIR_CLOSED") throw error;
      }
    },
  };
  const out = [];
  for await (const entry of dir) out.push(entry.name);
  return out;
}

export function keep(p, list) {
  const fd = fs.openSync(p, "r"); // REPORT: unreleased-resource manual
  list.push(fd);
}
