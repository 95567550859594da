import path from "node:path";
import { toPosix } from "../engine/files.js";

/** A path as reports show it: relative to the working directory, with forward slashes. */
export function shownPath(cwd: string, file: string): string {
  return toPosix(path.relative(cwd, file)) || ".";
}
