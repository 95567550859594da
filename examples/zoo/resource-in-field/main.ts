import * as fs from "node:fs";

class Reader {
  private fd = -1;

  open(path: string): void {
    const fd = fs.openSync(path, "r");
    this.fd = fd;
  }

  read(): number {
    return fs.readSync(this.fd, Buffer.alloc(4), 0, 4, 0);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

export async function main(): Promise<void> {
  let n = 0;
  for (let i = 0; i < 10; i++) {
    const r = new Reader();
    r.open(process.execPath);
    n += r.read();
    r.close();
  }
  console.log(`n ${n}`);
}
