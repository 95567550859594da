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
  await using _b = { [Symbol.asyncDispose]: () => b.close() };
  if (canceled()) {
    throw new Error("The build was canceled");
  }
  return await b.write("dist");
}

export function firstByte(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
  const size = fs.fstatSync(fd).size;
  if (size === 0) {
    return -1;
  }
  const buffer = Buffer.alloc(1);
  fs.readSync(fd, buffer);
  return buffer[0] ?? -1;
}

export function header(p: string): string {
  let text = "";
  {
    const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
    using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
    const size = fs.fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(size, 8));
    fs.readSync(fd, buffer);
    text = buffer.toString("utf8");
  }
  log(text);
  return text;
}

export function sized(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup safe
  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };
  const size = fs.fstatSync(fd).size;
  return size + fs.fstatSync(fd).blocks;
}

export function pair(a: string, b: string): number {
  const fa = fs.openSync(a, "r"); // REPORT: partial-cleanup safe
  using _fa = { [Symbol.dispose]: () => fs.closeSync(fa) };
  const fb = fs.openSync(b, "r"); // REPORT: partial-cleanup safe
  using _fb = { [Symbol.dispose]: () => fs.closeSync(fb) };
  if (fs.fstatSync(fa).size === 0) {
    return 0;
  }
  const n = fs.fstatSync(fb).size;
  return n;
}
