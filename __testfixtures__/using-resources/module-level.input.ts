import fs from "node:fs";

const logFd = fs.openSync("/tmp/leakmod-fixture.log", "a"); // REPORT: unreleased-resource manual

export function log(line: string): void {
  fs.writeSync(logFd, `${line}\n`);
}

const lockFd = fs.openSync("/tmp/leakmod-fixture.lock", "w"); // REPORT: finally-cleanup safe
try {
  fs.writeSync(lockFd, String(process.pid));
} finally {
  fs.closeSync(lockFd);
}
