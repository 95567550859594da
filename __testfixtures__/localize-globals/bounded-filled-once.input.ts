// A map filled once, by a function whose only call is guarded by a module-level flag that the
// guard sets (here from a callback that function starts). Not reported.
import { exec } from "node:child_process";

const networkMap = new Map<string, string>(); // OK: filled once, under a flag
let scanned = false;

export function mappedPath(path: string): string {
  if (!scanned) {
    scan();
    scanned = true;
  }
  for (const [network, volume] of networkMap) {
    if (path.startsWith(network)) return path.replace(network, volume);
  }
  return path;
}

function scan(): void {
  exec("net use", (error, stdout) => {
    if (error) return;
    for (const line of stdout.split("\n")) {
      const m = /^\w* +(\w:) +([^ ]+)\s/.exec(line);
      if (m) networkMap.set(m[2]!, m[1]!);
    }
  });
}
