import fs from "node:fs";

export class Log {
  private fd = -1;
  private readonly handles: number[] = [];

  open(p: string): void {
    const fd = fs.openSync(p, "a"); // REPORT: unreleased-resource manual
    this.fd = fd;
  }

  track(p: string): void {
    const fd = fs.openSync(p, "r"); // REPORT: unreleased-resource manual
    this.handles.push(fd);
  }

  write(line: string): void {
    fs.writeSync(this.fd, line);
  }
}

export function remember(p: string): { fd: number } {
  const fd = fs.openSync(p, "r"); // REPORT: unreleased-resource manual
  const entry = { fd };
  return entry;
}
