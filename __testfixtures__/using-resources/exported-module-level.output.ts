import * as fs from "node:fs";

// Exported module state is meant to outlive every scope (other modules use it): not a local,
// not a finding of this transform.
export const logFd = fs.openSync("/dev/null", "a");
export const started = setInterval(() => fs.writeSync(logFd, "tick\n"), 60_000);

export function log(line: string): void {
  fs.writeSync(logFd, `${line}\n`);
}
