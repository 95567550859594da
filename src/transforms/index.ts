/**
 * Every transform leakmod knows, in the order they run. The engine knows no more than this list.
 */
import { UserError } from "../engine/errors.js";
import type { Transform } from "../engine/types.js";
import { localizeGlobals } from "./localize-globals/index.js";
import { usingResources } from "./using-resources/index.js";
import { weakRefs } from "./weak-refs/index.js";

export const transforms: readonly Transform[] = [weakRefs, localizeGlobals, usingResources];

/** The transforms with the given ids (all when none are given); an unknown id is a UserError. */
export function selectTransforms(ids: readonly string[] | undefined): Transform[] {
  if (!ids || ids.length === 0) return [...transforms];
  const wanted = ids
    .flatMap((id) => id.split(","))
    .map((id) => id.trim())
    .filter(Boolean);
  if (wanted.length === 0) {
    throw new UserError(`-t names no transform (known: ${transforms.map((t) => t.id).join(", ")})`);
  }
  for (const id of wanted) {
    if (!transforms.some((t) => t.id === id)) {
      throw new UserError(`unknown transform "${id}" (known: ${transforms.map((t) => t.id).join(", ")})`);
    }
  }
  return transforms.filter((t) => wanted.includes(t.id));
}
