/**
 * V8's code cache for the compiler leakmod loads.
 *
 * Every command that analyses loads ts-morph, which brings its own TypeScript (9 MB of
 * JavaScript): compiling that code is about a third of leakmod's start-up. Node 22.1 and later
 * keep compiled code between runs with `module.enableCompileCache()`; Node 20 has no such switch,
 * so there leakmod does what it does (and what `v8-compile-cache` did for older Node), for the
 * few large CommonJS files only: it compiles them with `vm.Script` and the cached data of the last
 * run, and at exit writes the cache of a file that had none, made after the run so that it holds
 * the functions the run compiled, not only the top level. A cache V8 rejects (another Node, other
 * flags) is compiled normally and written again; a cache that cannot be read or written is
 * ignored. On `examples/leaky-app` it takes about 0.17 s off each run after the first.
 *
 * The folder is kept within a budget (`COMPILE_CACHE_BUDGET`): each install of leakmod adds its
 * own entries, and the least recently used go when a write takes the folder past it; another Node
 * version's folder goes when none of its entries was used for `OTHER_VERSION_DAYS`.
 *
 * The cache lives in the user's own cache folder (`$XDG_CACHE_HOME/leakmod` or
 * `~/.cache/leakmod`), never in a shared temporary folder, where another user could plant code;
 * `NODE_COMPILE_CACHE` chooses another folder and `NODE_DISABLE_COMPILE_CACHE=1` turns it off,
 * as they do for Node's own compile cache.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import Module, { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { writeAtomically } from "./atomic-write.js";

/**
 * Files smaller than this are cheap to compile. Above it: ts-morph's TypeScript (9 MB), ts-morph
 * (1 MB), the bundled CLI (dist/cli.cjs, 1 MB) and prettier's parsers for `diff`/`apply` (its
 * TypeScript one 0.9 MB, babel 0.3 MB, estree printer 0.2 MB, src/engine/format.ts).
 */
const LARGE = 200_000;

interface Compiled {
  script: vm.Script;
  file: string;
  /** The entry's first line, should it be written: the file's size and time, the commands. */
  header: string;
  /** The entry was used and already holds this command's code: nothing to write. */
  current: boolean;
}

type Compile = (this: Module, content: string, filename: string, ...rest: unknown[]) => unknown;

/** `_compile`'s third argument: absent, or the format Node found (only CommonJS is compiled here). */
function commonJs(format: unknown): boolean {
  return format === undefined || format === "commonjs";
}

/**
 * Once per process, not once per copy of this module: the bundled CLI's stub (dist/cli.js) turns
 * the cache on before loading dist/cli.cjs, which holds a copy of this module too.
 */
const ENABLED = Symbol.for("leakmod.compileCache");

/** The folder the cache is kept in, or undefined when the cache is off. */
export function compileCacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (env.NODE_COMPILE_CACHE) return path.resolve(env.NODE_COMPILE_CACHE);
  const base = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), ".cache");
  return path.join(base, "leakmod");
}

/** Turns the cache on for this process (once; later calls do nothing). */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env): void {
  const global = globalThis as { [ENABLED]?: boolean };
  if (global[ENABLED]) return;
  global[ENABLED] = true;
  const folder = compileCacheFolder(env);
  if (!folder) return;
  const native = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof native === "function") {
    try {
      native(folder);
    } catch {
      /* no cache */
    }
    return;
  }
  const dir = path.join(folder, `v8-${process.version}-${process.arch}`);
  const compiled: Compiled[] = [];
  // An entry holds the code that the runs which wrote it compiled. Each command (`audit`, `diff`,
  // `--version`…) runs code of its own: the first run of a command not yet in an entry writes the
  // entry again, with what it loaded from the entry and what it compiled besides (a few rewrites
  // per file in all; otherwise a cache first written by `--version` would never hold `audit`'s code).
  const command = (process.argv[2] ?? "").replace(/[^\w-]/g, "").slice(0, 20) || "-";
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  proto._compile = function (content, filename, ...rest) {
    if (content.length < LARGE || !/\.c?js$/.test(filename) || content.startsWith("#!") || !commonJs(rest[0])) {
      return original.call(this, content, filename, ...rest);
    }
    let script: vm.Script;
    let file: string;
    let stamp: string;
    let commands: string[] = [];
    let cachedData: Buffer | undefined;
    try {
      // One entry per file, named by its path: a file rebuilt or upgraded in place replaces its
      // entry rather than adding one. The entry begins with a line giving the size and time of the
      // file it was made from (V8 itself checks little more than the length of the source) and
      // the commands whose code it holds.
      const { mtimeMs, size } = statSync(filename);
      file = path.join(dir, createHash("sha256").update(filename).digest("hex").slice(0, 32));
      stamp = `${size} ${mtimeMs}`;
      try {
        const entry = readFileSync(file);
        const end = entry.indexOf(10);
        const [entryStamp, entryCommands] = entry.subarray(0, Math.max(end, 0)).toString("latin1").split("\t");
        if (end > 0 && entryStamp === stamp) {
          cachedData = entry.subarray(end + 1);
          commands = (entryCommands ?? "").split(",").filter(Boolean);
        }
      } catch {
        /* first run */
      }
      script = new vm.Script(Module.wrap(content), {
        filename,
        ...(cachedData ? { cachedData } : {}),
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      return original.call(this, content, filename, ...rest);
    }
    const reused = Boolean(cachedData) && !script.cachedDataRejected;
    compiled.push({
      script,
      file,
      header: `${stamp}\t${[...(reused ? commands : []), command].join(",")}\n`,
      current: reused && commands.includes(command),
    });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = createRequire(filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  process.once("exit", () => {
    let written = false;
    for (const c of compiled) {
      if (c.current) {
        markUsed(c.file);
        continue;
      }
      // (A cache that cannot be written is made again next time.)
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
      } catch {
        return;
      }
      const error = writeAtomically(
        c.file,
        Buffer.concat([Buffer.from(c.header, "latin1"), c.script.createCachedData()]),
        { mode: 0o600 },
      );
      written ||= error === undefined;
    }
    if (written) {
      prune(dir, new Set(compiled.map((c) => c.file)));
      pruneOtherVersions(folder, dir);
    }
  });
}

/**
 * The most the folder of one Node version keeps. An entry is per file and per path: each install
 * of leakmod (a project's `node_modules`, an `npx` download, a new version) adds about 9 MB, 6 of
 * them TypeScript's. Past the budget, the entries used least recently go.
 */
export const COMPILE_CACHE_BUDGET = 64 * 1024 * 1024;

const ENTRY = /^[0-9a-f]{32}$/;

/** How long the folder of another Node version is kept unused: its entries serve only that Node. */
export const OTHER_VERSION_DAYS = 30;

/**
 * Removes the folders of other Node versions (`v8-v18.20.4-x64`) where no entry was used or
 * written for `OTHER_VERSION_DAYS`: after an upgrade of Node, nothing else would.
 */
function pruneOtherVersions(folder: string, current: string): void {
  try {
    for (const name of readdirSync(folder)) {
      const other = path.join(folder, name);
      if (!name.startsWith("v8-") || other === current) continue;
      let used = statSync(other).mtimeMs;
      for (const entry of readdirSync(other)) {
        const stat = statSync(path.join(other, entry));
        used = Math.max(used, stat.atimeMs, stat.mtimeMs);
      }
      if (Date.now() - used > OTHER_VERSION_DAYS * 86_400_000) rmSync(other, { recursive: true, force: true });
    }
  } catch {
    /* next time */
  }
}

/** Records a use of an entry in its access time (its modification time says when it was written). */
function markUsed(file: string): void {
  try {
    utimesSync(file, new Date(), statSync(file).mtime);
  } catch {
    /* gone, or read-only: it is only a cache */
  }
}

/**
 * Keeps the folder within `COMPILE_CACHE_BUDGET`: the entries used or written least recently go
 * first, never those of this run (`keep`). Temporary files that a run stopped while writing left
 * behind go after an hour. Run only after a write, which is rare: a run that only reads lists nothing.
 */
function prune(dir: string, keep: ReadonlySet<string>): void {
  try {
    const entries: { file: string; size: number; used: number }[] = [];
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      const stat = statSync(file);
      if (ENTRY.test(name)) entries.push({ file, size: stat.size, used: Math.max(stat.atimeMs, stat.mtimeMs) });
      else if (name.endsWith(".tmp") && Date.now() - stat.mtimeMs > 3_600_000) rmSync(file, { force: true });
    }
    entries.sort((a, b) => b.used - a.used);
    let total = 0;
    for (const e of entries) {
      total += e.size;
      if (total > COMPILE_CACHE_BUDGET && !keep.has(e.file)) rmSync(e.file, { force: true });
    }
  } catch {
    /* another run pruning at the same time, or a folder that cannot be listed: next time */
  }
}
