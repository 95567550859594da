/**
 * What `using` needs from the project, checked once per run (the transform's preflight):
 * - TypeScript >= 5.2 (the first to parse `using`), when the project has its own TypeScript;
 * - the `esnext.disposable` library (`lib: ["esnext"]` or `["es2022", "esnext.disposable"]`),
 *   seen among the program's default library files;
 * - a runtime with `Symbol.dispose`: Node >= 18.18 / >= 20.4, when package.json declares
 *   `engines.node` (TypeScript lowers `using` for older targets, but its helper needs the symbol);
 * - code that runs where the project runs, file by file (runtime.ts): a build that lowers
 *   `using` (tsc emitting below ESNext, a known tool), Node >= 24 only, or the user's declaration.
 * Findings are still reported when something is missing, as `manual`, with the reason.
 */
import path from "node:path";
import type { ts } from "../../engine/ts-morph.cjs";
import type { ProjectFacts } from "../../engine/types.js";
import { RUNTIME_SETTING, usingRuntime } from "./runtime.js";

export interface Support {
  /** Why no file may get `using`, when something is missing. */
  blocker?: string;
  /** Why this file may not get `using`: the project's blocker, or no evidence that it runs there. */
  blockerFor(fileName: string): string | undefined;
  /** Warnings for the preflight (each shown once). */
  messages: string[];
}

type Version = [number, number, number];

/** `5.2.0-beta` → [5, 2, 0]. */
export function parseVersion(text: string): Version | undefined {
  const match = /(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(text);
  if (!match) return undefined;
  const part = (s: string | undefined): number => (s === undefined || s === "x" || s === "*" ? 0 : Number(s));
  return [Number(match[1]), part(match[2]), part(match[3])];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * The lowest version a semver range admits, when it says (`>=20.19`, `^18.18.0 || >=20.4`,
 * `20.x`, `>= 24`); undefined for `*`, tags, or anything unreadable.
 */
export function minimumOfRange(range: string): Version | undefined {
  let lowest: Version | undefined;
  for (const alternative of range.split("||")) {
    let bound: Version | undefined;
    const hyphen = /^\s*v?(\d\S*)\s+-\s+\S+\s*$/.exec(alternative); // "1.2.3 - 2.0.0": the first is the bound
    if (hyphen) bound = parseVersion(hyphen[1]!);
    else {
      for (const m of alternative.matchAll(/(<=|<|>=|>|=|\^|~)?\s*v?(\d+(?:\.(?:\d+|x|X|\*)){0,2})/g)) {
        if (m[1] === "<" || m[1] === "<=") continue;
        const v = parseVersion(m[2]!);
        if (v && (!bound || compare(v, bound) > 0)) bound = v;
      }
    }
    if (!bound) return undefined; // an alternative without a lower bound admits anything
    if (!lowest || compare(bound, lowest) < 0) lowest = bound;
  }
  return lowest;
}

/** Node versions that define `Symbol.dispose` / `Symbol.asyncDispose`: 18.18+, 20.4+. */
function nodeHasSymbolDispose(v: Version): boolean {
  if (v[0] === 18) return compare(v, [18, 18, 0]) >= 0;
  if (v[0] === 19) return false;
  return compare(v, [20, 4, 0]) >= 0;
}

const cache = new WeakMap<ts.Program, Support>();

export function projectSupport(project: ProjectFacts, program: ts.Program): Support {
  const cached = cache.get(program);
  if (cached) return cached;
  const missing = missingForUsing(project, program);
  const messages: string[] = [];
  let blocker: string | undefined;
  if (missing.length > 0) {
    blocker = `\`using\` needs ${missing.join(", and ")}`;
    messages.push(`${blocker}: resources are reported, not rewritten`);
  }
  const runtimeBlocker = (fileName: string): string | undefined => {
    const verdict = usingRuntime(project, fileName);
    return verdict.missing ? `\`using\` may not run where this code runs: ${verdict.missing}` : undefined;
  };
  const warning = blocker ? undefined : runtimeWarning(project, program);
  if (warning) messages.push(warning);
  const support: Support = {
    ...(blocker ? { blocker } : {}),
    blockerFor: (fileName) => blocker ?? runtimeBlocker(fileName),
    messages,
  };
  cache.set(program, support);
  return support;
}

/** What the project lacks for `using`: TypeScript 5.2, the `esnext.disposable` lib, a Node with `Symbol.dispose`. */
function missingForUsing(project: ProjectFacts, program: ts.Program): string[] {
  const missing: string[] = [];
  const tsVersion = project.projectTypeScriptVersion ? parseVersion(project.projectTypeScriptVersion) : undefined;
  if (tsVersion && compare(tsVersion, [5, 2, 0]) < 0) {
    missing.push(`TypeScript >= 5.2 (this project has ${project.projectTypeScriptVersion})`);
  }
  const hasDisposableLib = program
    .getSourceFiles()
    .some(
      (f) =>
        program.isSourceFileDefaultLibrary(f) &&
        path.basename(f.fileName).toLowerCase() === "lib.esnext.disposable.d.ts",
    );
  if (!hasDisposableLib) {
    missing.push(
      `\`esnext.disposable\` (or \`esnext\`) in \`compilerOptions.lib\` (it is ${project.lib.map((l) => `\`${l}\``).join(", ") || "empty"})`,
    );
  }
  const engines = project.enginesNode;
  const minimum = engines ? minimumOfRange(engines) : undefined;
  if (minimum && !nodeHasSymbolDispose(minimum)) {
    missing.push(
      `a runtime with \`Symbol.dispose\`, Node >= 18.18 or >= 20.4 (package.json \`engines.node\` is \`${engines}\`)`,
    );
  }
  return missing;
}

/** One warning for the run: the distinct reasons among the files this run looks at why `using` may not run there. */
function runtimeWarning(project: ProjectFacts, program: ts.Program): string | undefined {
  const reasons = new Set<string>();
  for (const f of program.getRootFileNames()) {
    if (/\.d\.[cm]?ts$/i.test(f)) continue;
    const missing = usingRuntime(project, f).missing;
    if (missing) reasons.add(missing);
  }
  if (reasons.size === 0) return undefined;
  const listed = [...reasons].slice(0, 2).join("; ");
  const more = reasons.size > 2 ? ` (and ${reasons.size - 2} more reasons)` : "";
  return `no evidence that \`using\` runs where this code runs: ${listed}${more}. Resources there are reported, not rewritten; if it does run, ${RUNTIME_SETTING}`;
}
