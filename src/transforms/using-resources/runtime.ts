/**
 * Whether `using` / `await using` written into a file will run everywhere the project runs.
 * A `using` fix is only as safe as the code that ships: TypeScript lowers `using` when it emits
 * at a target below ESNext, but a project built by a bundler gets what that tool does, some
 * tools leave `using` as written, and native `using` needs Node >= 24 (and no Safari).
 *
 * Evidence, in order (the first that holds decides):
 * 1. the user's declaration in leakmod.config.json: `"runtime": { "using": "lowered" | "native" }`;
 * 2. `tsc` emits the file at a target below ESNext (a script runs `tsc` with a tsconfig that lists
 *    it and emits; or, with no script running `tsc` and no other build tool in sight, the
 *    project's own tsconfig emits);
 * 3. a build tool known to lower `using` as configured: esbuild >= 0.18.7 (directly or through
 *    tsup) at an explicit target other than `esnext`, or Babel with its explicit-resource-management
 *    plugin (test files excepted: test runners do not run the build);
 * 4. every runtime runs it natively: `engines.node` >= 24, and nothing says the code runs in
 *    browsers (`lib` `dom`, a browserslist, a `browser` field, a web bundler's config).
 * Without evidence the fix is reported `manual`, and one warning says what to declare.
 * Unknown tools (rolldown, vite, rollup, webpack, swc, tsdown…) are no evidence either way.
 */
import path from "node:path";
import { ts } from "../../engine/ts-morph.cjs";
import type { BuildFacts } from "../../engine/build.js";
import { isJsFileName } from "../../engine/files.js";
import type { ProjectFacts } from "../../engine/types.js";
import { minimumOfRange } from "./support.js";

export interface RuntimeVerdict {
  /** What shows that `using` runs there, when something does. */
  evidence?: string;
  /** What is missing, when nothing does (one clause, for a finding's message). */
  missing?: string;
}

/** Where the setting is documented, quoted in the warning. */
export const RUNTIME_SETTING =
  'declare it in leakmod.config.json: `"runtime": { "using": "lowered" }` when your build turns `using` into code every runtime runs, or `"runtime": { "using": "native" }` when every runtime runs it as written (Node >= 24, no Safari)';

/** Ex) `test/a.test.ts`, `src/__tests__/x.ts`, `spec/y.spec.js`: run by a test runner, not the build. */
export function isTestFile(file: string): boolean {
  const posix = file.split(path.sep).join("/");
  return (
    /(^|\/)(tests?|__tests__|specs?|__mocks__|e2e)\//.test(posix) || /\.(test|spec|e2e)\.[cm]?[jt]sx?$/.test(posix)
  );
}

function nativeEverywhere(project: ProjectFacts, build: BuildFacts | undefined): RuntimeVerdict {
  const engines = project.enginesNode;
  const minimum = engines ? minimumOfRange(engines) : undefined;
  if (!minimum || minimum[0] < 24) {
    return {
      missing: engines
        ? `package.json \`engines.node\` \`${engines}\` admits Node < 24, which cannot parse \`using\``
        : "package.json declares no `engines.node` >= 24 (the first Node that parses `using`)",
    };
  }
  if (build?.browser)
    return { missing: `the code may run in browsers (${build.browser}), and Safari cannot parse \`using\`` };
  return { evidence: `package.json \`engines.node\` is \`${engines}\`, and Node >= 24 runs \`using\`` };
}

const cache = new WeakMap<ProjectFacts, Map<string, RuntimeVerdict>>();

/** Whether `using` written into `file` runs everywhere the project runs. */
export function usingRuntime(project: ProjectFacts, file: string): RuntimeVerdict {
  let perFile = cache.get(project);
  if (!perFile) cache.set(project, (perFile = new Map<string, RuntimeVerdict>()));
  const absolute = path.resolve(file);
  let verdict = perFile.get(absolute);
  if (!verdict) {
    verdict = decide(project, absolute);
    perFile.set(absolute, verdict);
  }
  return verdict;
}

function decide(project: ProjectFacts, file: string): RuntimeVerdict {
  const declared = project.config.runtime?.using;
  // Ex) `"runtime": { "using": "lowered" }`: the user knows their build.
  if (declared) return { evidence: `leakmod.config.json declares \`"runtime": { "using": "${declared}" }\`` };
  const build = project.build;
  // Ex) `"build": "tsc -p tsconfig.build.json"` with target ES2022: tsc lowers `using`.
  const emits = (build?.tscEmits ?? []).filter((e) => e.files.has(file));
  const lowering = emits.find((e) => e.target < ts.ScriptTarget.ESNext);
  if (lowering) return { evidence: `tsc emits it at ${ts.ScriptTarget[lowering.target]} (${lowering.via})` };
  // Ex) `tsup.config.ts` with `target: "node20"`, Babel with the explicit-resource-management plugin.
  const tool = build?.tools.find((t) => t.lowersUsing);
  if (tool && !isTestFile(file)) return { evidence: `${tool.lowersUsing} (${tool.where})` };
  // Ex) `"engines": { "node": ">=24" }` and no browser in sight.
  const native = nativeEverywhere(project, build);
  if (native.evidence) return native;
  return { missing: `${howItIsBuilt(project, build, file, emits.length > 0)}, and ${native.missing}` };
}

/** Why the build gives no evidence for `file`: one clause. */
function howItIsBuilt(
  project: ProjectFacts,
  build: BuildFacts | undefined,
  file: string,
  emittedAtEsnext: boolean,
): string {
  if (emittedAtEsnext) return "tsc emits it at ESNext, which keeps `using` as written";
  const tools = (build?.tools ?? []).filter((t) => !t.lowersUsing);
  if (isJsFileName(file) && (build?.tscEmits.length ?? 0) === 0 && tools.length === 0)
    return "it is plain JavaScript that no compiler of the project lowers";
  if (tools.length > 0) {
    const named = tools
      .slice(0, 3)
      .map((t) => `${t.name} (${t.where})`)
      .join(", ");
    return `it is built by ${named}, not known to lower \`using\` as configured`;
  }
  if ((build?.tscEmits.length ?? 0) > 0) return "no `tsc` run of the project's scripts compiles it";
  if (project.compilerOptions && build?.scriptsRunTsc) return "the project's scripts run `tsc` without emitting it";
  return "tsc does not emit it (`noEmit`) and no build tool known to lower `using` is in sight";
}
