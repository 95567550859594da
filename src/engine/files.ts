/**
 * Which files a run looks at: the paths the user gave (files or folders), inside the project,
 * minus node_modules, declaration files and what .gitignore ignores; then `--shard i/n`.
 * Reading a file checks that it is text (UTF-8, no NUL byte) and keeps its BOM and bytes.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { globSync } from "tinyglobby";
import { UserError } from "./errors.js";

export const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts"];
export const JS_EXTENSIONS = [".js", ".jsx", ".mjs", ".cjs"];
const DECLARATION = /\.d\.[cm]?ts$/;

export function isSourceFileName(file: string): boolean {
  const ext = path.extname(file).toLowerCase();
  return (TS_EXTENSIONS.includes(ext) || JS_EXTENSIONS.includes(ext)) && !DECLARATION.test(file);
}

export function isJsFileName(file: string): boolean {
  return JS_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new UserError(`bad --shard "${text}": expected i/n, e.g. 1/4`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count) {
    throw new UserError(`bad --shard "${text}": expected 1 <= i <= n, e.g. 1/4`);
  }
  return { index, count };
}

/** FNV-1a over the project-relative path: stable across machines and as files come and go. */
function shardOf(relativePosixPath: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < relativePosixPath.length; i++) {
    hash ^= relativePosixPath.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % count) + 1;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** .gitignore matching, one `ignore` instance per folder that has a .gitignore. */
export class GitignoreFilter {
  private readonly top: string;
  private readonly perDir = new Map<string, Ignore | null>();

  constructor(root: string, top?: string) {
    this.top = top ?? findGitRoot(root) ?? root;
  }

  private forDir(dir: string): Ignore | null {
    let ig = this.perDir.get(dir);
    if (ig !== undefined) return ig;
    ig = null;
    const file = path.join(dir, ".gitignore");
    if (existsSync(file)) {
      try {
        ig = ignore().add(readFileSync(file, "utf8"));
      } catch {
        ig = null;
      }
    }
    this.perDir.set(dir, ig);
    return ig;
  }

  /** Whether a folder is ignored (its own path matched as `dir/`). */
  ignoresDir(dir: string): boolean {
    return this.ignores(dir, true);
  }

  ignores(file: string, isDir = false): boolean {
    const absolute = path.resolve(file);
    const relToTop = path.relative(this.top, absolute);
    if (relToTop.startsWith("..") || path.isAbsolute(relToTop)) return false;
    const parts = relToTop.split(path.sep);
    let dir = this.top;
    for (let i = 0; i < parts.length; i++) {
      const ig = this.forDir(dir);
      const rel = toPosix(path.relative(dir, absolute));
      if (rel !== "" && ig && ig.ignores(isDir ? `${rel}/` : rel)) return true;
      dir = path.join(dir, parts[i]);
    }
    return false;
  }
}

export function findGitRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, ".git"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface SelectOptions {
  cwd: string;
  root: string;
  paths: string[];
  /** Root files of the tsconfig; folder walks keep only these. Undefined without a tsconfig. */
  projectFiles?: Set<string>;
  allowJs: boolean;
  shard?: Shard;
  /**
   * Files the tsconfig leaves out on purpose (its `exclude`, test and fixture folders): skipped
   * quietly when the user named a folder above them.
   */
  excludedOnPurpose?: (file: string) => boolean;
}

/** Ex) `test/`, `src/__tests__/`, `__fixtures__/`, `a.spec.ts`: tests and fixtures, which a build tsconfig often leaves out. */
export function isTestOrFixturePath(relative: string): boolean {
  const posix = toPosix(relative);
  return (
    /(^|\/)(tests?|__tests__|specs?|e2e|__mocks__|mocks|fixtures?|__fixtures__|__testfixtures__|testdata|test-fixtures)(\/|$)/.test(
      posix,
    ) || /\.(test|spec|e2e)\.[cm]?[jt]sx?$/.test(posix)
  );
}

export interface Selection {
  files: string[];
  /** Files found under the given folders that the tsconfig does not list (skipped). */
  outsideTsconfig: number;
  /** Of those, the ones it leaves out on purpose, under a folder that is not itself left out (skipped quietly). */
  excludedOnPurpose: number;
  /** Files named explicitly that the tsconfig does not list (analysed anyway). */
  namedOutsideTsconfig: string[];
  /** JavaScript files skipped because the project does not allow JS (not those it leaves out on purpose). */
  skippedJs: number;
  /** Files selected before `--shard` kept its slice. */
  unsharded: number;
  /** With `--shard`: the selected files of the other shards (context for the analysis, never analysed). */
  otherShards: string[];
}

export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

export function selectFiles(options: SelectOptions): Selection {
  const { cwd, root } = options;
  const gitignore = new GitignoreFilter(root);
  const selected = new Set<string>();
  let outsideTsconfig = 0;
  let excludedOnPurpose = 0;
  const namedOutsideTsconfig: string[] = [];
  let skippedJs = 0;
  const paths = options.paths.length > 0 ? options.paths : [root];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    if (!isInside(root, absolute)) {
      throw new UserError(
        `${given} is outside the project (${path.relative(cwd, root) || "."}); use -p to choose its tsconfig`,
      );
    }
    if (!existsSync(absolute)) throw new UserError(`${given}: no such file or folder`);
    const stat = statSync(absolute);
    if (stat.isFile()) {
      if (!isSourceFileName(absolute)) {
        throw new UserError(`${given}: not a TypeScript or JavaScript source file`);
      }
      if (options.projectFiles && !options.projectFiles.has(absolute)) namedOutsideTsconfig.push(absolute);
      selected.add(absolute);
      continue;
    }
    if (!stat.isDirectory()) throw new UserError(`${given}: not a file or folder`);
    // A folder named explicitly is wanted even if a .gitignore above ignores it (a scratch
    // copy of a codebase, say): then only the .gitignore files inside it apply.
    const filter = gitignore.ignoresDir(absolute) ? new GitignoreFilter(absolute, absolute) : gitignore;
    // Ex) `leakmod audit test/`: the user points at what the tsconfig leaves out; say so.
    const folderLeftOut = absolute !== root && (options.excludedOnPurpose?.(absolute) ?? false);
    const found = globSync(["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"], {
      cwd: absolute,
      absolute: true,
      ignore: ["**/node_modules/**", "**/.git/**", "**/*.d.ts", "**/*.d.mts", "**/*.d.cts"],
      followSymbolicLinks: false,
      dot: false,
    });
    for (const raw of found) {
      const file = path.resolve(raw);
      if (filter.ignores(file)) continue;
      if (isJsFileName(file) && !options.allowJs) {
        // Ex) vite's `src/node/**/__tests__/fixtures/*.js` under `exclude: ["**/fixtures"]`: left out on purpose, quietly.
        if (!folderLeftOut && options.excludedOnPurpose?.(file)) excludedOnPurpose++;
        else skippedJs++;
        continue;
      }
      if (options.projectFiles && !options.projectFiles.has(file)) {
        if (!folderLeftOut && options.excludedOnPurpose?.(file)) excludedOnPurpose++;
        else outsideTsconfig++;
        continue;
      }
      selected.add(file);
    }
  }
  let files = [...selected].sort();
  const unsharded = files.length;
  let otherShards: string[] = [];
  if (options.shard) {
    const { index, count } = options.shard;
    const all = files;
    files = all.filter((f) => shardOf(toPosix(path.relative(root, f)), count) === index);
    const mine = new Set(files);
    otherShards = all.filter((f) => !mine.has(f));
  }
  return { files, outsideTsconfig, excludedOnPurpose, namedOutsideTsconfig, skippedJs, unsharded, otherShards };
}

export interface SourceText {
  /** The text without BOM, as TypeScript sees it. */
  text: string;
  bom: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Reads a source file as text; unreadable, binary or non-UTF-8 files are a UserError. */
export function readSourceText(file: string, shown: string): SourceText {
  let buffer: Buffer;
  try {
    // A FIFO or device would block or never end: only regular files are read.
    if (!statSync(file).isFile()) throw new UserError(`cannot read ${shown}: not a regular file`);
    buffer = readFileSync(file);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "no such file (a broken link?)"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "is a folder"
            : (code ?? (error as Error).message);
    throw new UserError(`cannot read ${shown}: ${reason}`);
  }
  if (buffer.subarray(0, 8192).includes(0))
    throw new UserError(`${shown}: binary file (contains NUL bytes), not a source file`);
  let text: string;
  try {
    text = utf8.decode(buffer);
  } catch {
    throw new UserError(`${shown}: not valid UTF-8 text`);
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, bom };
}
