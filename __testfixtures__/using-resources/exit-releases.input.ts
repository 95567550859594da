import fs from "node:fs";

interface Build {
  write(dir: string): Promise<string[]>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
declare function bundle(input: string): Promise<Build>;
declare function log(message: string): void;

export async function build(input: string, canceled: () => boolean): Promise<string[]> {
  const b = await bundle(input); // REPORT: partial-cleanup safe
  if (canceled()) {
    await b.close();
    throw new Error("The build was canceled");
  }
  try {
    return await b.write("dist");
  } finally {
    await b.close();
  }
}

export function firstByte(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
  const size = fs.fstatSync(fd).size;
  if (size === 0) {
    fs.closeSync(fd);
    return -1;
  }
  const buffer = Buffer.alloc(1);
  fs.readSync(fd, buffer);
  fs.closeSync(fd);
  return buffer[0] ?? -1;
}

export function header(p: string): string {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
  const size = fs.fstatSync(fd).size;
  let text = "";
  try {
    const buffer = Buffer.alloc(Math.min(size, 8));
    fs.readSync(fd, buffer);
    text = buffer.toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
  log(text);
  return text;
}

export function sized(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
  const size = fs.fstatSync(fd).size;
  try {
    return size + fs.fstatSync(fd).blocks;
  } finally {
    fs.closeSync(fd);
  }
}

export function pair(a: string, b: string): number {
  const fa = fs.openSync(a, "r"); // REPORT: partial-cleanup safe
  const fb = fs.openSync(b, "r"); // REPORT: partial-cleanup safe
  if (fs.fstatSync(fa).size === 0) {
    fs.closeSync(fb);
    fs.closeSync(fa);
    return 0;
  }
  const n = fs.fstatSync(fb).size;
  fs.closeSync(fb);
  fs.closeSync(fa);
  return n;
}
