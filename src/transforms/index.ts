// Generated from src/transforms/registry.ts by `npm run docs`: do not edit.
/**
 * Every transform leakmod knows, in the order they run. The engine knows no more than this list.
 */
import type { Transform } from "../engine/types.js";
import { listeners } from "./listeners/index.js";
import { localizeGlobals } from "./localize-globals/index.js";
import { usingResources } from "./using-resources/index.js";
import { weakRefs } from "./weak-refs/index.js";
import { selectTransformIds } from "./registry.js";

export const transforms: readonly Transform[] = [weakRefs, localizeGlobals, usingResources, listeners];

/** The transforms with the given ids (all when none are given); an unknown id is a UserError. */
export function selectTransforms(ids: readonly string[] | undefined): Transform[] {
  const wanted = selectTransformIds(ids);
  return transforms.filter((t) => wanted.includes(t.id));
}
