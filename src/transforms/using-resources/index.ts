/**
 * using-resources: resources released on every path with `using` / `await using`.
 * - `finally-cleanup`: released in the `finally` right after the declaration (case 1);
 * - `partial-cleanup`: released on some paths only, typically the happy path (case 2);
 * - `unreleased-resource`: never released (case 3).
 * analyze.ts walks the file and runs the chain every resource goes through (`judge`), which
 * hands each case to its kind's file (finally-cleanup.ts, partial-cleanup.ts,
 * unreleased-resource.ts); the facts come from resource-of.ts, uses.ts, statements.ts,
 * releases.ts, forms.ts; the edits from edits.ts, the project checks from support.ts, the
 * resource table from resources.ts.
 */
import type { Transform } from "../../engine/types.js";
import { analyzeResources, prefilterPattern } from "./analyze.js";
import { usingResourcesInfo } from "./kinds.js";
import { projectSupport } from "./support.js";

const defaultPattern = prefilterPattern();

export const usingResources: Transform = {
  ...usingResourcesInfo,
  prefilter: (text, project) =>
    (project?.config.resources?.length ? prefilterPattern(project) : defaultPattern).test(text),
  preflight: (project, program) => projectSupport(project, program).messages,
  analyze(ctx) {
    analyzeResources(ctx);
  },
};
