/**
 * `--cache`: the analysis of a file is reused when nothing it depends on changed.
 *
 * What a file's findings depend on, and how each is checked:
 * - the file's text and the text of every file in its import closure (resolved by the program's
 *   own module resolution: imports, `import()` types, type reference directives, `/// <reference
 *   path>`; .d.ts files of node_modules included), by content hash;
 * - the project's global declarations (script files, `declare global`, module augmentations,
 *   automatically included @types): any change there invalidates every file;
 * - everything else, in one run key: leakmod's version and code, the compiler options and the
 *   other project facts (leakmod.config.json, build facts, engines.node), the transforms run, the
 *   list of selected files and of the tsconfig's files (a file added or removed can change module
 *   resolution: everything is analysed again), the package.json and lock files from the project up
 *   to the repository root (an installed package can change resolution too).
 * A transform that reads the whole program during a run (`program.getSourceFiles()`,
 * `projectFiles()`, a file by name) is "wide": its results are reused only when no file of the
 * program changed at all.
 *
 * Only the analysis is cached (the findings a transform reports, with their fix edits): the
 * suppressions, kind settings, baseline, type-check guard and formatting run every time on the
 * current texts. When no file changed, `audit` answers from the cache without building a
 * program; when some did, the program is built as without the cache (the same program, so the
 * same answers), and only the files whose closure changed are analysed again. `diff` and `apply`
 * always build the program (the guard needs it) and reuse the analysis of unchanged files.
 *
 * The cache file is JSON written atomically (a temporary file renamed over it). An unreadable
 * file, or one from another leakmod version, is ignored with one warning and rewritten.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ts } from "./ts-morph.cjs";
import type { Finding, ProjectFacts, Transform } from "./types.js";
import { writeAtomically } from "./atomic-write.js";

const FORMAT = 1;

/** One transform's results on one file. */
export interface CachedResult {
  findings: Finding[];
  /** Messages of internal errors (the engine adds the transform and file). */
  errors: string[];
}

interface CacheData {
  format: number;
  leakmod: string;
  key: string;
  /** Every non-library file of the program and every selected file, with its content hash. */
  files: string[];
  hashes: string[];
  /** Direct dependencies of each file (indexes into `files`); `null`: unknown, depends on everything. */
  edges: Array<number[] | null>;
  /** Digest of the global declaration files. */
  globals: string;
  /** Transforms that read the whole program in the run that wrote the file. */
  wide: string[];
  preflight: Record<string, string[]>;
  /** file → transform id → results. */
  results: Record<string, Record<string, CachedResult>>;
}

export function hashText(text: string): string {
  return createHash("sha1").update(text).digest("base64");
}

function readHash(file: string): string | undefined {
  try {
    return hashText(stripBom(readFileSync(file, "utf8")));
  } catch {
    return undefined;
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

let engineDigest: string | undefined;

/** leakmod's version and a digest of its own code (size and time of each module): a rebuilt leakmod is another leakmod. */
function engineIdentity(): { version: string; digest: string } {
  // dist/engine or src/engine; dist itself for the bundled CLI (dist/cli.cjs, scripts/bundle.mjs).
  const here = path.dirname(fileURLToPath(import.meta.url));
  const top = path.basename(here) === "engine" ? path.dirname(here) : here;
  let version = "0.0.0";
  for (const candidate of [path.join(top, "..", "package.json")]) {
    try {
      version = (JSON.parse(readFileSync(candidate, "utf8")) as { version?: string }).version ?? version;
    } catch {
      /* keep the default */
    }
  }
  if (engineDigest === undefined) {
    const h = createHash("sha1");
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.[cm]?[jt]s$/.test(entry.name)) {
          const s = statSync(full);
          h.update(`${full}\0${s.size}\0${s.mtimeMs}\n`);
        }
      }
    };
    walk(top);
    h.update(`typescript ${ts.version}`);
    engineDigest = h.digest("base64");
  }
  return { version, digest: engineDigest };
}

const PACKAGE_FILES = [
  "package.json",
  "package-lock.json",
  "npm-shrinkwrap.json",
  "pnpm-lock.yaml",
  "yarn.lock",
  "bun.lock",
];

/** The run key: everything a file's analysis depends on besides the program's files. */
function runKey(input: {
  facts: ProjectFacts;
  transforms: readonly Transform[];
  selected: readonly string[];
  fileNames: readonly string[];
  tsconfigPath: string | undefined;
}): string {
  const h = createHash("sha1");
  h.update(engineIdentity().digest);
  h.update(JSON.stringify(input.facts));
  h.update(JSON.stringify(input.transforms.map((t) => t.id)));
  h.update(JSON.stringify([...input.selected].sort()));
  h.update(JSON.stringify([...input.fileNames].sort()));
  h.update(input.tsconfigPath ?? "");
  for (let dir = input.facts.root; ; dir = path.dirname(dir)) {
    for (const name of PACKAGE_FILES) {
      const file = path.join(dir, name);
      if (existsSync(file)) h.update(`${file}\0${readHash(file) ?? ""}`);
    }
    if (existsSync(path.join(dir, ".git")) || path.dirname(dir) === dir) break;
  }
  return h.digest("base64");
}

/** The cache file for a project: `location` itself, or a file named after the project inside it when it is a folder. */
export function cacheFilePath(
  location: string,
  project: { root: string; tsconfigPath?: string; shard?: string },
): string {
  const isFolder =
    /[\\/]$/.test(location) || (existsSync(location) && statSync(location).isDirectory()) || !path.extname(location);
  if (!isFolder) return location;
  const id = createHash("sha1")
    .update(`${project.root}\0${project.tsconfigPath ?? ""}\0${project.shard ?? ""}`)
    .digest("hex")
    .slice(0, 16);
  return path.join(location, `leakmod-${id}.json`);
}

/** A program file's direct dependencies (absolute paths), or undefined when the compiler does not tell. */
function directDependencies(program: ts.Program, sf: ts.SourceFile): string[] | undefined {
  const internal = program as unknown as {
    forEachResolvedModule?: (
      cb: (r: { resolvedModule?: { resolvedFileName: string } }, name: string, mode: unknown, file: string) => void,
      file: ts.SourceFile,
    ) => void;
    forEachResolvedTypeReferenceDirective?: (
      cb: (r: { resolvedTypeReferenceDirective?: { resolvedFileName?: string } }) => void,
      file: ts.SourceFile,
    ) => void;
  };
  if (typeof internal.forEachResolvedModule !== "function") return undefined;
  if (typeof internal.forEachResolvedTypeReferenceDirective !== "function") return undefined;
  const deps = new Set<string>();
  internal.forEachResolvedModule((r) => {
    if (r.resolvedModule) deps.add(r.resolvedModule.resolvedFileName);
  }, sf);
  internal.forEachResolvedTypeReferenceDirective((r) => {
    const name = r.resolvedTypeReferenceDirective?.resolvedFileName;
    if (name) deps.add(name);
  }, sf);
  for (const ref of sf.referencedFiles) {
    const target = path.resolve(path.dirname(sf.fileName), ref.fileName);
    const found =
      program.getSourceFile(target) ?? program.getSourceFile(`${target}.d.ts`) ?? program.getSourceFile(`${target}.ts`);
    if (!found) return undefined;
    deps.add(found.fileName);
  }
  return [...deps].map((d) => path.resolve(d));
}

/** Whether a file declares things every file sees: a script, or a module with augmentations (`declare global`). */
function isGlobal(sf: ts.SourceFile): boolean {
  const augmentations = (sf as unknown as { moduleAugmentations?: readonly unknown[] }).moduleAugmentations;
  return !ts.isExternalModule(sf) || (augmentations?.length ?? 0) > 0;
}

/** The cache of one run. */
export class AnalysisCache {
  private readonly old: CacheData | undefined;
  private readonly key: string;
  /** Results kept or computed in this run: file → transform id → results. */
  private readonly results = new Map<string, Map<string, CachedResult>>();
  private invalid: Set<string> | undefined;
  private globalsChanged = true;
  readonly warnings: string[] = [];

  constructor(
    readonly file: string,
    input: Parameters<typeof runKey>[0],
    shown: string,
  ) {
    this.key = runKey(input);
    this.old = this.load(shown);
  }

  private load(shown: string): CacheData | undefined {
    if (!existsSync(this.file)) return undefined;
    let data: CacheData;
    try {
      data = JSON.parse(readFileSync(this.file, "utf8")) as CacheData;
    } catch (error) {
      this.warnings.push(`cache ${shown} is unreadable (${(error as Error).message}): ignored, and written again`);
      return undefined;
    }
    const wellFormed =
      typeof data === "object" &&
      data !== null &&
      Array.isArray(data.files) &&
      Array.isArray(data.hashes) &&
      Array.isArray(data.edges) &&
      Array.isArray(data.wide) &&
      typeof data.results === "object" &&
      data.results !== null &&
      typeof data.preflight === "object" &&
      data.preflight !== null &&
      data.files.length === data.hashes.length &&
      data.files.length === data.edges.length;
    if (!wellFormed || data.format !== FORMAT || data.leakmod !== engineIdentity().version) {
      const other = wellFormed && typeof data.leakmod === "string" ? `leakmod ${data.leakmod}` : "another leakmod";
      this.warnings.push(
        wellFormed
          ? `cache ${shown} was written by ${other}: ignored, and written again`
          : `cache ${shown} is not a leakmod cache: ignored, and written again`,
      );
      return undefined;
    }
    // Another configuration, leakmod build or file list: start afresh (not worth a warning).
    return data.key === this.key ? data : undefined;
  }

  /**
   * Without building a program: the results of every (file, transform) asked for, when no file
   * the last run read has changed (`texts`: the selected files as read now), else undefined.
   */
  allUnchanged(
    texts: ReadonlyMap<string, string>,
    wanted: ReadonlyMap<string, readonly Transform[]>,
  ): { results: Map<string, Map<string, CachedResult>>; preflight: Record<string, string[]> } | undefined {
    const old = this.old;
    if (!old) return undefined;
    for (let i = 0; i < old.files.length; i++) {
      const file = old.files[i];
      const text = texts.get(file);
      const now = text !== undefined ? hashText(text) : readHash(file);
      if (now !== old.hashes[i]) return undefined;
    }
    const results = new Map<string, Map<string, CachedResult>>();
    for (const [file, transforms] of wanted) {
      const stored = old.results[file];
      if (!stored) return undefined;
      const map = new Map<string, CachedResult>();
      for (const t of transforms) {
        const r = stored[t.id];
        if (!r) return undefined;
        map.set(t.id, r);
      }
      results.set(file, map);
    }
    for (const [file, map] of results) this.results.set(file, map);
    return { results, preflight: old.preflight };
  }

  /** With the program built: which old results are still valid. */
  prepare(program: ts.Program): void {
    const old = this.old;
    if (!old) return;
    const current = new Map<string, string>();
    for (const sf of program.getSourceFiles()) {
      if (!program.isSourceFileDefaultLibrary(sf)) current.set(path.resolve(sf.fileName), hashText(sf.text));
    }
    const changed: number[] = [];
    for (let i = 0; i < old.files.length; i++) {
      const now = current.get(old.files[i]) ?? readHash(old.files[i]);
      if (now !== old.hashes[i]) changed.push(i);
    }
    this.globalsChanged = globalsDigest(program) !== old.globals;
    // Files whose closure holds a changed file: the reverse closure of the changed files.
    const reverse: number[][] = old.files.map(() => []);
    const unknown: number[] = [];
    old.edges.forEach((deps, i) => {
      if (deps === null) unknown.push(i);
      else for (const d of deps) reverse[d]?.push(i);
    });
    const invalid = new Set<number>();
    const queue = [...changed];
    if (changed.length > 0) queue.push(...unknown);
    while (queue.length > 0) {
      const i = queue.pop()!;
      if (invalid.has(i)) continue;
      invalid.add(i);
      queue.push(...reverse[i]);
    }
    this.invalid = new Set([...invalid].map((i) => old.files[i]));
    this.anyChanged = changed.length > 0;
  }

  private anyChanged = true;

  /** A valid old result of `transform` on `file` (after prepare). */
  reuse(file: string, transform: Transform): CachedResult | undefined {
    const old = this.old;
    if (!old || !this.invalid || this.globalsChanged) return undefined;
    if (this.invalid.has(file)) return undefined;
    if (old.wide.includes(transform.id) && this.anyChanged) return undefined;
    return old.results[file]?.[transform.id];
  }

  record(file: string, transform: Transform, result: CachedResult): void {
    let map = this.results.get(file);
    if (!map) this.results.set(file, (map = new Map<string, CachedResult>()));
    map.set(transform.id, result);
  }

  /**
   * Writes the cache (atomically). `program` is the run's program; without one (everything was
   * reused) the file is left as it is.
   */
  save(
    program: ts.Program,
    selected: ReadonlyMap<string, string>,
    wide: Iterable<string>,
    preflight: Record<string, string[]>,
  ): string | undefined {
    const files: string[] = [];
    const hashes: string[] = [];
    const index = new Map<string, number>();
    const sources: Array<ts.SourceFile | undefined> = [];
    const add = (file: string, hash: string, sf: ts.SourceFile | undefined): void => {
      if (index.has(file)) return;
      index.set(file, files.length);
      files.push(file);
      hashes.push(hash);
      sources.push(sf);
    };
    for (const sf of program.getSourceFiles()) {
      if (program.isSourceFileDefaultLibrary(sf)) continue;
      add(path.resolve(sf.fileName), hashText(sf.text), sf);
    }
    for (const [file, text] of selected) add(file, hashText(text), undefined);
    const edges = sources.map((sf) => {
      if (!sf) return [];
      const deps = directDependencies(program, sf);
      if (!deps) return null;
      return deps.map((d) => index.get(d)).filter((i): i is number => i !== undefined);
    });
    const results: CacheData["results"] = {};
    for (const [file, map] of this.results) results[file] = Object.fromEntries(map);
    const data: CacheData = {
      format: FORMAT,
      leakmod: engineIdentity().version,
      key: this.key,
      files,
      hashes,
      edges,
      globals: globalsDigest(program),
      wide: [...new Set(wide)],
      preflight,
      results,
    };
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
    } catch (error) {
      return (error as Error).message;
    }
    return writeAtomically(this.file, JSON.stringify(data))?.message;
  }
}

function globalsDigest(program: ts.Program): string {
  const h = createHash("sha1");
  const globals = program
    .getSourceFiles()
    .filter((sf) => !program.isSourceFileDefaultLibrary(sf) && isGlobal(sf))
    .map((sf) => `${path.resolve(sf.fileName)}\0${hashText(sf.text)}`)
    .sort();
  for (const g of globals) h.update(`${g}\n`);
  return h.digest("base64");
}
