/**
 * Each leakmod transform as a jscodeshift transform module: `(file, api, options) => string`.
 * It runs the same transform code through the same engine (type checker, guard, prettier) on
 * the one file jscodeshift hands over, its project found from the file's path.
 *
 *   npx jscodeshift -t node_modules/leakmod/dist/jscodeshift/weak-refs.js src/
 *
 * Options (jscodeshift passes unknown flags through): --unsafe, --no-format (format=false).
 * For whole projects the leakmod CLI is much faster: it loads the project once, not per file.
 */
import type { API, FileInfo, Options } from "jscodeshift";
import { fixSource } from "../engine/source.js";
import type { Transform } from "../engine/types.js";

export type JscodeshiftTransform = (file: FileInfo, api: API, options: Options) => Promise<string>;

export function toJscodeshift(transform: Transform): JscodeshiftTransform {
  return async (file, _api, options) => {
    const result = await fixSource({
      file: file.path,
      source: file.source,
      transforms: [transform],
      unsafe: options.unsafe === true || options.unsafe === "true",
      format: options.format !== false && options.format !== "false",
      ...(options.compilerOptions ? { compilerOptions: options.compilerOptions as Record<string, unknown> } : {}),
      ...(typeof options.enginesNode === "string" ? { enginesNode: options.enginesNode } : {}),
    });
    return result.text;
  };
}
