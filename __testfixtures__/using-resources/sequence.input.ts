import fs from "node:fs";

export function both(a: string, b: string): number {
  const fa = fs.openSync(a, "r"); // REPORT: partial-cleanup safe
  const fb = fs.openSync(b, "r"); // REPORT: partial-cleanup safe
  const n = fs.fstatSync(fa).size + fs.fstatSync(fb).size;
  fs.closeSync(fb);
  fs.closeSync(fa);
  return n;
}

export function sharedFinally(a: string, b: string): number {
  const fa = fs.openSync(a, "r"); // REPORT: partial-cleanup manual
  const fb = fs.openSync(b, "r"); // REPORT: finally-cleanup manual
  try {
    return fs.fstatSync(fa).size + fs.fstatSync(fb).size;
  } finally {
    fs.closeSync(fb);
    fs.closeSync(fa);
  }
}

export function wrongOrder(a: string, b: string): number {
  const fa = fs.openSync(a, "r"); // REPORT: partial-cleanup unsafe
  const fb = fs.openSync(b, "r"); // REPORT: partial-cleanup safe
  const n = fs.fstatSync(fa).size + fs.fstatSync(fb).size;
  fs.closeSync(fa);
  fs.closeSync(fb);
  return n;
}
