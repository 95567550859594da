/** Writing a file whole or not at all, for the files leakmod keeps of its own (cache, baseline). */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Writes `data` to `file` through a temporary file in the same folder, then a rename: a reader
 * sees the old file or the new one, never half of one. The folder must exist. Returns the error
 * (the temporary file removed), or undefined.
 */
export function writeAtomically(
  file: string,
  data: string | Uint8Array,
  options: { mode?: number } = {},
): NodeJS.ErrnoException | undefined {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${Date.now()}.tmp`);
  try {
    writeFileSync(temporary, data, options.mode !== undefined ? { mode: options.mode } : {});
    renameSync(temporary, file);
    return undefined;
  } catch (error) {
    rmSync(temporary, { force: true });
    return error as NodeJS.ErrnoException;
  }
}
