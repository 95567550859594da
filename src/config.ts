/**
 * `leakmod.config.json`: one strict object whose keys are the shared ones below plus the keys each
 * transform declares in its `TransformInfo.config` (src/transforms/<transform>/config.ts). To add
 * a key: declare it with zod in the transform's config.ts (or here, in SHARED_KEYS, when every
 * transform reads it), run `npm run docs` to regenerate leakmod.config.schema.json, and document it
 * in the README. Unknown keys and bad values are input errors: one line naming the key, exit 2.
 */
import type { z as Z } from "zod";
import { UserError } from "./engine/errors.js";
import { transformInfos } from "./transforms/registry.js";
import { zod } from "./engine/zod.js";

/** `weak-refs` and `weak-refs/back-reference`: every transform and kind name users may write. */
const KIND_NAMES = new Set(transformInfos.flatMap((t) => [t.id, ...t.kinds.map((k) => `${t.id}/${k.id}`)]));
const TIERS = 'must be "on", "off", or { "fix": "safe" | "unsafe" | "manual" }';

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type TransformKeys = UnionToIntersection<ReturnType<(typeof transformInfos)[number]["config"]>>;

/** The schema, built from zod when a configuration is first read (see src/engine/zod.ts). */
function buildSchema() {
  const { z } = zod();
  /** A kind or transform: `on`, `off`, or on with its fixes capped at a tier. */
  const ruleSetting = z.union(
    [
      z.enum(["on", "off"]),
      z.strictObject({
        fix: z
          .enum(["safe", "unsafe", "manual"], { error: 'must be "safe", "unsafe" or "manual"' })
          .describe(
            "The most a fix of this kind may be: `unsafe` applies its fixes only with --unsafe, `manual` never. It never raises a fix's own tier.",
          ),
      }),
    ],
    { error: TIERS },
  );

  const rulesMap = z
    .record(z.string(), ruleSetting, { error: "must be an object of kind or transform names" })
    .superRefine((rules, ctx) => {
      for (const name of Object.keys(rules)) {
        if (!KIND_NAMES.has(name)) {
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: "is not a finding kind or transform (see leakmod rules)",
          });
        }
      }
    })
    .describe(
      'Each finding kind (`weak-refs/back-reference`) or transform (`weak-refs`): "on", "off", or { "fix": tier } to cap its fixes. A kind\'s own entry wins over its transform\'s.',
    );

  const globs = z.array(z.string({ error: "must be a glob" }), { error: "must be an array of globs" });

  /** Keys of no one transform. */
  const SHARED_KEYS = {
    $schema: z.string({ error: "must be a string" }).optional().describe("The JSON Schema of this file, for editors."),
    rules: rulesMap.optional(),
    ignore: globs
      .optional()
      .describe("Files never analysed: .gitignore-style patterns, relative to the project root (`src/generated/**`)."),
    overrides: z
      .array(
        z.strictObject({
          files: globs.describe("The files it applies to: .gitignore-style patterns relative to the project root."),
          rules: rulesMap,
        }),
        { error: "must be an array" },
      )
      .optional()
      .describe("Rules for some paths, applied over `rules` in order (the last match wins)."),
  };

  const transformKeys = Object.assign({}, ...transformInfos.map((t) => t.config())) as TransformKeys;

  return z
    .strictObject({ ...SHARED_KEYS, ...transformKeys })
    .describe("leakmod's configuration, in the project root next to tsconfig.json.");
}

let schema: ReturnType<typeof buildSchema> | undefined;

export function leakmodConfigSchema(): ReturnType<typeof buildSchema> {
  return (schema ??= buildSchema());
}

/** The project's `leakmod.config.json`, validated (an empty object when there is none). */
export type LeakmodConfig = Z.infer<ReturnType<typeof buildSchema>>;

/** The JSON Schema of `leakmod.config.json` (written to leakmod.config.schema.json by `npm run docs`). */
export function leakmodConfigJsonSchema(): unknown {
  return { ...zod().z.toJSONSchema(leakmodConfigSchema()), title: "leakmod.config.json" };
}

/** `json` validated as a `leakmod.config.json`; a bad one is a UserError naming the key. */
export function validateLeakmodConfig(json: unknown, shown: string): LeakmodConfig {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new UserError(`invalid ${shown}: expected a JSON object`);
  }
  const result = leakmodConfigSchema().safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`));
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys(objectAt(leakmodConfigSchema(), issue.path)?.shape ?? {});
    const prefix = where.length > 0 ? `${where.join("")}: ` : "";
    throw new UserError(
      `invalid ${shown}: ${prefix}unknown key "${issue.keys[0]}" (known: ${known.filter((k) => k !== "$schema").join(", ")})`,
    );
  }
  throw new UserError(`invalid ${shown}: ${where.join("")} ${issue.message}`);
}

/** The object schema at `path` (through arrays and optionals), to name the keys it knows. */
function objectAt(schema: Z.ZodType, path: readonly PropertyKey[]): Z.ZodObject | undefined {
  const { z } = zod();
  let at: Z.ZodType | undefined = schema;
  for (const key of path) {
    while (at instanceof z.ZodOptional) at = at.unwrap() as Z.ZodType;
    if (at instanceof z.ZodArray && typeof key === "number") at = at.element as Z.ZodType;
    else if (at instanceof z.ZodObject && typeof key === "string") at = at.shape[key] as Z.ZodType | undefined;
    else return undefined;
  }
  while (at instanceof z.ZodOptional) at = at.unwrap() as Z.ZodType;
  return at instanceof z.ZodObject ? at : undefined;
}
