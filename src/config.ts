/**
 * `leakmod.config.json`: one strict object whose keys are the shared ones below plus the keys each
 * transform declares in its `TransformInfo.config` (src/transforms/<transform>/config.ts). To add
 * a key: declare it with zod in the transform's config.ts (or here, in SHARED_KEYS, when every
 * transform reads it), run `npm run docs` to regenerate leakmod.config.schema.json, and document it
 * in the README. Unknown keys and bad values are input errors: one line naming the key, exit 2.
 */
import { z } from "zod";
import { UserError } from "./engine/errors.js";
import { transformInfos } from "./transforms/registry.js";

/** Keys of no one transform. */
const SHARED_KEYS = {
  $schema: z.string({ error: "must be a string" }).optional().describe("The JSON Schema of this file, for editors."),
};

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type TransformKeys = UnionToIntersection<(typeof transformInfos)[number]["config"]>;

const transformKeys = Object.assign({}, ...transformInfos.map((t) => t.config)) as TransformKeys;

export const leakmodConfigSchema = z
  .strictObject({ ...SHARED_KEYS, ...transformKeys })
  .describe("leakmod's configuration, in the project root next to tsconfig.json.");

/** The project's `leakmod.config.json`, validated (an empty object when there is none). */
export type LeakmodConfig = z.infer<typeof leakmodConfigSchema>;

/** The JSON Schema of `leakmod.config.json` (written to leakmod.config.schema.json by `npm run docs`). */
export function leakmodConfigJsonSchema(): unknown {
  return { ...z.toJSONSchema(leakmodConfigSchema), title: "leakmod.config.json" };
}

/** `json` validated as a `leakmod.config.json`; a bad one is a UserError naming the key. */
export function validateLeakmodConfig(json: unknown, shown: string): LeakmodConfig {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new UserError(`invalid ${shown}: expected a JSON object`);
  }
  const result = leakmodConfigSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`));
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys(objectAt(leakmodConfigSchema, issue.path)?.shape ?? {});
    const prefix = where.length > 0 ? `${where.join("")}: ` : "";
    throw new UserError(
      `invalid ${shown}: ${prefix}unknown key "${issue.keys[0]}" (known: ${known.filter((k) => k !== "$schema").join(", ")})`,
    );
  }
  throw new UserError(`invalid ${shown}: ${where.join("")} ${issue.message}`);
}

/** The object schema at `path` (through arrays and optionals), to name the keys it knows. */
function objectAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodObject | undefined {
  let at: z.ZodType | undefined = schema;
  for (const key of path) {
    while (at instanceof z.ZodOptional) at = at.unwrap() as z.ZodType;
    if (at instanceof z.ZodArray && typeof key === "number") at = at.element as z.ZodType;
    else if (at instanceof z.ZodObject && typeof key === "string") at = at.shape[key] as z.ZodType | undefined;
    else return undefined;
  }
  while (at instanceof z.ZodOptional) at = at.unwrap() as z.ZodType;
  return at instanceof z.ZodObject ? at : undefined;
}
