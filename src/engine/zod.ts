/**
 * zod, loaded the first time a `leakmod.config.json` (or a package.json "leakmod" key) is
 * validated or its JSON Schema is written, never on a run without one: its ES build is 95 modules
 * (0.06 s of start-up, a twentieth of what `tsc` takes on a small project). Its CommonJS build is
 * the same API, and `require` can load it at the moment it is needed, from synchronous code. Every
 * schema of leakmod is built from this one instance (`instanceof` checks compare its classes).
 */
import { createRequire } from "node:module";
import type * as Zod from "zod";

let loaded: typeof Zod | undefined;

export function zod(): typeof Zod {
  return (loaded ??= createRequire(import.meta.url)("zod") as typeof Zod);
}
