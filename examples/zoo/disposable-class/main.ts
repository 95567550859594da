import * as fs from "node:fs";

class LockFile implements Disposable {
  readonly fd: number;
  constructor(path: string) {
    this.fd = fs.openSync(path, "r");
  }
  [Symbol.dispose](): void {
    fs.closeSync(this.fd);
  }
}

function guarded(n: number): number {
  const lock = new LockFile(process.execPath);
  return n * 2 + (lock.fd > 0 ? 1 : 0);
}

export async function main(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < 25; i++) sum += guarded(i);
  console.log(`sum ${sum}`);
}
