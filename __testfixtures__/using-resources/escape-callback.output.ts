import { fstat, openSync } from "node:fs";
import { open } from "node:fs/promises";

class Cursor implements Disposable {
  constructor(private readonly rows: string[]) {}
  forEachRow(visit: (row: string) => void): void {
    for (const row of this.rows) visit(row);
  }
  [Symbol.dispose](): void {
    this.rows.length = 0;
  }
}

class Channel implements Disposable {
  private listeners: Array<(message: string) => void> = [];
  on(listener: (message: string) => void): void {
    this.listeners.push(listener);
  }
  [Symbol.dispose](): void {
    this.listeners = [];
  }
}

declare function show(message: string): void;

export function print(rows: string[]): void {
  const cursor = new Cursor(rows); // REPORT: unreleased-resource manual
  cursor.forEachRow(show);
}

export function subscribe(handler: (message: string) => void): void {
  const channel = new Channel();
  channel.on((message) => handler(message.trim()));
}

export function sizeLater(p: string): void {
  const fd = openSync(p, "r"); // REPORT: unreleased-resource manual
  fstat(fd, (error, stats) => show(error ? error.message : `${stats.size} bytes`));
}

export async function size(p: string): Promise<number> {
  const fh = await open(p); // REPORT: unreleased-resource manual
  return fh.stat().then((s) => s.size);
}

export async function lines(p: string): Promise<NodeJS.ReadableStream> {
  const fh = await open(p); // REPORT: unreleased-resource manual
  const stream = fh.createReadStream({ encoding: "utf8" });
  return stream;
}
