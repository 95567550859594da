/**
 * What every transform declares (id, description, finding kinds), in the order they run,
 * without their analysis: `leakmod rules`, SARIF rules and `npm run docs` read this, and need
 * no compiler. src/transforms/index.ts holds the transforms themselves, in the same order
 * (test/kinds.test.ts checks that the two agree).
 */
import { UserError } from "../engine/errors.js";
import type { FindingKind, TransformInfo } from "../engine/kinds.js";
import { listenersInfo } from "./listeners/kinds.js";
import { localizeGlobalsInfo } from "./localize-globals/kinds.js";
import { usingResourcesInfo } from "./using-resources/kinds.js";
import { weakRefsInfo } from "./weak-refs/kinds.js";

export const transformInfos = [
  weakRefsInfo,
  localizeGlobalsInfo,
  usingResourcesInfo,
  listenersInfo,
] as const satisfies readonly TransformInfo[];

/** Every declared finding kind, transform by transform. */
export const allKinds: readonly FindingKind[] = transformInfos.flatMap((t) => t.kinds);

/**
 * The ids of the transforms to run, in run order (all when none are given; `-t a,b` and
 * repeated `-t` both work); an unknown id is a UserError. Needs no compiler, so a usage error
 * answers at once.
 */
export function selectTransformIds(ids: readonly string[] | undefined): string[] {
  const known = transformInfos.map((t) => t.id);
  if (!ids || ids.length === 0) return known;
  const wanted = ids
    .flatMap((id) => id.split(","))
    .map((id) => id.trim())
    .filter(Boolean);
  if (wanted.length === 0) throw new UserError(`-t names no transform (known: ${known.join(", ")})`);
  for (const id of wanted) {
    if (!known.includes(id)) throw new UserError(`unknown transform "${id}" (known: ${known.join(", ")})`);
  }
  return known.filter((id) => wanted.includes(id));
}
