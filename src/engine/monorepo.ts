/**
 * Monorepos: the projects one run analyses, each with its own tsconfig and options.
 *
 * - A solution-style tsconfig (`"files": []` and `references`, no `include`): each referenced
 *   project, and the projects a referenced solution references in turn.
 * - Without a tsconfig above the paths, npm/yarn `workspaces` in the package.json or a
 *   `pnpm-workspace.yaml`: each workspace package, with its tsconfig.json or, without one, as a
 *   JavaScript folder.
 * Anything else is one project, as before (see project.ts).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { globSync } from "tinyglobby";
import { ts } from "./ts-morph.cjs";
import { UserError } from "./errors.js";
import { findTsconfig } from "./project.js";

export interface Member {
  /** The member's tsconfig.json, or undefined for a JavaScript workspace package without one. */
  tsconfigPath?: string;
  /** Its folder. */
  dir: string;
  /** The paths to give its run: [] for the whole project. */
  paths: string[];
}

export interface Monorepo {
  /** Folder of the solution tsconfig or of the workspaces' package.json. */
  root: string;
  /** The solution tsconfig, if that is what lists the members. */
  tsconfigPath?: string;
  kind: "references" | "workspaces";
  members: Member[];
}

function readJsonc(file: string): unknown {
  const read = ts.readConfigFile(file, (p) => readFileSync(p, "utf8"));
  return read.error ? undefined : read.config;
}

interface RawTsconfig {
  files?: unknown;
  include?: unknown;
  references?: unknown;
}

/** The referenced tsconfigs of a solution-style tsconfig, or undefined when it is not one. */
function solutionReferences(tsconfig: string): string[] | undefined {
  const raw = readJsonc(tsconfig) as RawTsconfig | undefined;
  if (!raw || typeof raw !== "object") return undefined;
  if (!Array.isArray(raw.files) || raw.files.length > 0 || raw.include !== undefined) return undefined;
  if (!Array.isArray(raw.references) || raw.references.length === 0) return undefined;
  const dir = path.dirname(tsconfig);
  return raw.references.flatMap((r: unknown) => {
    const given = (r as { path?: unknown } | null)?.path;
    if (typeof given !== "string") return [];
    let target = path.resolve(dir, given);
    if (existsSync(target) && statSync(target).isDirectory()) target = path.join(target, "tsconfig.json");
    if (!existsSync(target)) {
      throw new UserError(`invalid tsconfig: ${tsconfig}: the reference ${given} does not exist`);
    }
    return [target];
  });
}

/** Every non-solution project a solution reaches, each once, in reference order. */
function expandReferences(tsconfig: string, seen = new Set<string>()): string[] {
  if (seen.has(tsconfig)) return [];
  seen.add(tsconfig);
  const refs = solutionReferences(tsconfig);
  if (!refs) return [tsconfig];
  return refs.flatMap((r) => expandReferences(r, seen));
}

/** Workspace globs of the package.json (npm, yarn) or pnpm-workspace.yaml in `dir`. */
function workspacePatterns(dir: string): string[] | undefined {
  const pnpm = path.join(dir, "pnpm-workspace.yaml");
  if (existsSync(pnpm)) return pnpmPackages(readFileSync(pnpm, "utf8"));
  const pkg = path.join(dir, "package.json");
  if (!existsSync(pkg)) return undefined;
  let json: { workspaces?: unknown };
  try {
    json = JSON.parse(readFileSync(pkg, "utf8")) as { workspaces?: unknown };
  } catch {
    return undefined;
  }
  const ws = json.workspaces;
  const list = Array.isArray(ws) ? ws : (ws as { packages?: unknown } | undefined)?.packages;
  if (!Array.isArray(list)) return undefined;
  const patterns = list.filter((p): p is string => typeof p === "string");
  return patterns.length > 0 ? patterns : undefined;
}

/** The `packages:` list of a pnpm-workspace.yaml (a YAML block sequence of strings). */
export function pnpmPackages(yaml: string): string[] | undefined {
  const out: string[] = [];
  let inPackages = false;
  for (const line of yaml.split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      inPackages = /^packages\s*:\s*$/.test(line);
      continue;
    }
    const item = /^\s+-\s*(.+?)\s*$/.exec(line);
    if (inPackages && item) out.push(item[1].replace(/^(['"])(.*)\1$/, "$2").replace(/\s+#.*$/, ""));
  }
  return out.length > 0 ? out : undefined;
}

function nearestPackageRoot(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json")) || existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
      if (workspacePatterns(dir)) return dir;
    }
    if (existsSync(path.join(dir, ".git")) || path.dirname(dir) === dir) return undefined;
  }
}

/** The paths of a member's run: the given paths inside it, or [] when a given path holds it all. */
function memberPaths(cwd: string, given: readonly string[], dir: string): string[] | undefined {
  if (given.length === 0) return [];
  const inside: string[] = [];
  for (const p of given) {
    const abs = path.resolve(cwd, p);
    const rel = path.relative(abs, dir);
    if (rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel))) return [];
    const back = path.relative(dir, abs);
    if (!back.startsWith("..") && !path.isAbsolute(back)) inside.push(p);
  }
  return inside.length > 0 ? inside : undefined;
}

/** The monorepo a run at `paths` (or `-p`) covers, or undefined for a single project. */
export function findMonorepo(
  cwd: string,
  projectOption: string | undefined,
  given: readonly string[],
): Monorepo | undefined {
  const tsconfig = findTsconfig(cwd, projectOption, given[0]);
  // Without paths or -p, the projects under the working folder (all of them at the root).
  const paths = given.length === 0 && projectOption === undefined ? ["."] : given;
  if (tsconfig) {
    if (!solutionReferences(tsconfig)) return undefined;
    const members = expandReferences(tsconfig).flatMap((t): Member[] => {
      const dir = path.dirname(t);
      const p = memberPaths(cwd, paths, dir);
      return p ? [{ tsconfigPath: t, dir, paths: p }] : [];
    });
    return { root: path.dirname(tsconfig), tsconfigPath: tsconfig, kind: "references", members };
  }
  if (projectOption !== undefined) return undefined;
  const first = path.resolve(cwd, paths[0] ?? ".");
  const start = existsSync(first) && statSync(first).isDirectory() ? first : path.dirname(first);
  const root = nearestPackageRoot(start);
  if (!root) return undefined;
  const patterns = workspacePatterns(root)!;
  const dirs = globSync(
    patterns.filter((p) => !p.startsWith("!")),
    {
      cwd: root,
      onlyDirectories: true,
      absolute: true,
      ignore: ["**/node_modules/**", ...patterns.filter((p) => p.startsWith("!")).map((p) => p.slice(1))],
      expandDirectories: false,
    },
  )
    .map((d) => path.resolve(d))
    .filter((d) => existsSync(path.join(d, "package.json")))
    .sort();
  const members = [...new Set(dirs)].flatMap((dir): Member[] => {
    const p = memberPaths(cwd, paths, dir);
    if (!p) return [];
    const t = path.join(dir, "tsconfig.json");
    return [{ ...(existsSync(t) ? { tsconfigPath: t } : {}), dir, paths: p }];
  });
  return { root, kind: "workspaces", members };
}
