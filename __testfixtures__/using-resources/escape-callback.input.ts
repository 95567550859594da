import { open } from "node:fs/promises";

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

export function listen(): void {
  const channel = new Channel();
  channel.on(show);
}

export function subscribe(handler: (message: string) => void): void {
  const channel = new Channel();
  channel.on((message) => handler(message.trim()));
}

export async function size(p: string): Promise<number> {
  const fh = await open(p);
  return fh.stat().then((s) => s.size);
}

export async function lines(p: string): Promise<NodeJS.ReadableStream> {
  const fh = await open(p);
  const stream = fh.createReadStream({ encoding: "utf8" });
  return stream;
}
