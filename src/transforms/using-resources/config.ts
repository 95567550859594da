/**
 * The keys using-resources owns in `leakmod.config.json`, validated with zod; the JSON Schema
 * (leakmod.config.schema.json, `npm run docs`) is generated from them.
 */
import type { z as Z } from "zod";
import { zod } from "../../engine/zod.js";

const IDENTIFIER_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** A message for a missing value, or for a value of the wrong shape. */
const expect = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? "is required" : what);

function resourceEntry() {
  const { z } = zod();
  return z
    .strictObject({
      factory: z
        .string({ error: expect('must be a callee such as "fs.openSync" or "pool.connect"') })
        .regex(IDENTIFIER_PATH, { error: 'must be a callee such as "fs.openSync" or "pool.connect"' })
        .describe("The callee as written at the call site: `fs.openSync`, `openSync`, `pool.connect`, `db.acquire`."),
      cleanup: z
        .string({ error: expect('must be a method name such as "release" or a function such as "fs.closeSync"') })
        .regex(IDENTIFIER_PATH, {
          error: 'must be a method name such as "release" or a function such as "fs.closeSync"',
        })
        .describe("A method of the resource (`release`), or a function taking it (`fs.closeSync`)."),
      style: z
        .enum(["method", "function"], { error: expect('must be "method" or "function"') })
        .describe("`method`: `r.cleanup()`; `function`: `cleanup(r)`."),
      async: z
        .boolean({ error: "must be true or false" })
        .optional()
        .describe("The cleanup returns a promise that must be awaited."),
      scoped: z
        .boolean({ error: "must be true or false" })
        .optional()
        .describe(
          "Whether the resource is scoped by nature (safe to add its cleanup when none exists). Default true; false for resources that exist to outlive their scope (then a missing cleanup is only reported).",
        ),
    })
    .describe("A factory call whose result must be released, and how.");
}

/** One configured resource: factory call → cleanup. */
export type ResourceConfigEntry = Z.infer<ReturnType<typeof resourceEntry>>;

function runtime() {
  const { z } = zod();
  return z
    .strictObject({
      using: z
        .enum(["lowered", "native"], {
          error:
            'must be "lowered" (the build turns `using` into code every runtime runs) or "native" (every runtime runs `using` as written)',
        })
        .optional()
        .describe(
          "`lowered`: the build turns `using` into code every runtime of the project runs; `native`: every runtime of the project runs `using` as written (Node >= 24, Chrome 134, Firefox 141; no Safari).",
        ),
    })
    .describe("Where the code runs: what leakmod cannot read from the build, declared (see docs/using-resources.md).");
}

/** Built when a configuration is read (see src/engine/zod.ts). */
export function usingResourcesConfig() {
  const { z } = zod();
  return {
    resources: z
      .array(resourceEntry(), { error: "must be an array" })
      .optional()
      .describe("Extra resources for using-resources: factory call → cleanup."),
    runtime: runtime()
      .optional()
      .describe("Where the code runs, for `using` fixes: declared when leakmod finds no evidence in the build."),
  };
}
