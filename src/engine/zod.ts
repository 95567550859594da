/**
 * zod, loaded the first time a `leakmod.config.json` (or a package.json "leakmod" key) is
 * validated or its JSON Schema is written, never on a run without one: its ES build is 95 modules
 * (0.06 s of start-up, a twentieth of what `tsc` takes on a small project). Its CommonJS build
 * (what `require` loads, see dependency.ts) is the same API. Every schema of leakmod is built from
 * this one instance (`instanceof` checks compare its classes).
 */
import type * as Zod from "zod";
import { loadDependency } from "./dependency.js";

export function zod(): typeof Zod {
  return loadDependency<typeof Zod>("zod");
}
