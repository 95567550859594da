import fs from "node:fs";

const logFd = fs.openSync("/tmp/leakmod-fixture.log", "a"); // REPORT: unreleased-resource manual

export function log(line: string): void {
  fs.writeSync(logFd, `${line}\n`);
}

{
  const lockFd = fs.openSync("/tmp/leakmod-fixture.lock", "w"); // REPORT: finally-cleanup safe
  using _lockFd = { [Symbol.dispose]: () => fs.closeSync(lockFd) };
  fs.writeSync(lockFd, String(process.pid));
}
