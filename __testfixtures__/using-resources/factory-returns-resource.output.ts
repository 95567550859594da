// A function whose job is to make a resource and hand it to its caller (a factory) transfers
// ownership: the value is its result on every path that completes, and a `throw` after it is
// made comes right after its release. Not a leak there: the caller's uses are what matter.
// A function that returns it on one path and leaves it open on another is no factory.
import fs from "node:fs";
import type { FileHandle } from "node:fs/promises";

class Session implements Disposable {
  ready = false;
  [Symbol.dispose](): void {
    this.ready = false;
  }
}

export function openLog(p: string): number {
  const fd = fs.openSync(p, "a"); // OK: a factory: returned to the caller, who owns it
  fs.writeSync(fd, "opened\n");
  return fd;
}

export async function openNonEmpty(p: string): Promise<FileHandle> {
  const fh = await fs.promises.open(p, "r"); // OK: a factory: returned, and released before the only throw
  const { bytesRead } = await fh.read(Buffer.alloc(1), 0, 1, 0);
  if (bytesRead === 0) {
    await fh.close();
    throw new Error(`${p} is empty`);
  }
  return fh;
}

export function startSession(): Session {
  const session = new Session(); // OK: a factory of a Disposable of the project
  session.ready = true;
  return session;
}

export function openIfFile(p: string): number | undefined {
  const fd = fs.openSync(p, "r"); // REPORT: unreleased-resource manual
  if (!fs.fstatSync(fd).isFile()) return undefined;
  return fd;
}

export function openChecked(p: string): number {
  const fd = fs.openSync(p, "r"); // REPORT: unreleased-resource manual
  if (fs.fstatSync(fd).size === 0) throw new Error(`${p} is empty`);
  return fd;
}
