/**
 * What every transform declares (id, description, finding kinds), in the order they run,
 * without their analysis: `leakmod rules`, SARIF rules and `npm run docs` read this, and need
 * no compiler. src/transforms/index.ts holds the transforms themselves, in the same order
 * (test/kinds.test.ts checks that the two agree).
 */
import type { FindingKind, TransformInfo } from "../engine/kinds.js";
import { localizeGlobalsInfo } from "./localize-globals/kinds.js";
import { usingResourcesInfo } from "./using-resources/kinds.js";
import { weakRefsInfo } from "./weak-refs/kinds.js";

export const transformInfos: readonly TransformInfo[] = [weakRefsInfo, localizeGlobalsInfo, usingResourcesInfo];

/** Every declared finding kind, transform by transform. */
export const allKinds: readonly FindingKind[] = transformInfos.flatMap((t) => t.kinds);
