/**
 * Finding and reading the project: its tsconfig.json (or none, for a JS folder), its compiler
 * options, the facts transforms may ask about (lib, TypeScript version, engines.node), and its
 * `leakmod.config.json`.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ts } from "./ts-morph.cjs";
import { readBuildFacts, type BuildFacts } from "./build.js";
import { UserError } from "./errors.js";
import { isTestOrFixturePath } from "./files.js";
import { validateLeakmodConfig, type LeakmodConfig } from "../config.js";

export interface ProjectConfig {
  /** Folder of the tsconfig, or the project folder of a JS project without one. */
  root: string;
  tsconfigPath?: string;
  compilerOptions: ts.CompilerOptions;
  /** Root files listed by the tsconfig (absolute, normalised), empty without one. */
  fileNames: string[];
  lib: string[];
  projectTypeScriptVersion?: string;
  enginesNode?: string;
  config: LeakmodConfig;
  /** What the package says about its build and runtimes. */
  build: BuildFacts;
  /** The tsconfig's options as written (leakmod's own copy forces `noEmit`). */
  writtenOptions?: ts.CompilerOptions;
  /** Non-fatal remarks about the configuration (printed on stderr unless --quiet). */
  warnings: string[];
}

/** Compiler options for a folder of JavaScript without a tsconfig.json. */
export function defaultCompilerOptions(): ts.CompilerOptions {
  return {
    allowJs: true,
    checkJs: false,
    noEmit: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.esnext.d.ts"],
    types: ["*"],
    skipLibCheck: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.Preserve,
  };
}

/** The tsconfig to use: `-p` (a file or a folder), or the nearest one above the first path. */
export function findTsconfig(
  cwd: string,
  projectOption: string | undefined,
  firstPath: string | undefined,
): string | undefined {
  if (projectOption !== undefined) {
    const given = path.resolve(cwd, projectOption);
    let candidate = given;
    if (existsSync(given) && statSync(given).isDirectory()) candidate = path.join(given, "tsconfig.json");
    if (!existsSync(candidate))
      throw new UserError(`tsconfig not found: ${path.relative(cwd, candidate) || candidate}`);
    return candidate;
  }
  let dir = path.resolve(cwd, firstPath ?? ".");
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = path.dirname(dir);
  for (;;) {
    const candidate = path.join(dir, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (existsSync(path.join(dir, ".git"))) return undefined; // do not leave the repository
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Nearest folder holding a package.json, from `start` upwards (stopping at a repository root). */
function nearestPackageDir(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (existsSync(path.join(dir, ".git"))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function formatConfigDiagnostic(cwd: string, d: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
  if (d.file && d.start !== undefined) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(cwd, d.file.fileName) || d.file.fileName}:${line + 1}:${character + 1}: ${message}`;
  }
  return message;
}

/** Diagnostic codes of tsconfig parsing that are not errors for us. */
const IGNORED_CONFIG_CODES = new Set([
  18003, // No inputs were found in config file: fine when paths are given explicitly.
]);

/** `lib.es2022.d.ts` / `ES2022` → `es2022`. */
export function normaliseLib(entry: string): string {
  return entry
    .toLowerCase()
    .replace(/^lib\./, "")
    .replace(/\.d\.ts$/, "");
}

export function loadProjectConfig(cwd: string, projectOption: string | undefined, paths: string[]): ProjectConfig {
  const warnings: string[] = [];
  const tsconfigPath = findTsconfig(cwd, projectOption, paths[0]);
  let root: string;
  let compilerOptions: ts.CompilerOptions;
  let fileNames: string[] = [];
  let writtenOptions: ts.CompilerOptions | undefined;
  if (tsconfigPath) {
    root = path.dirname(tsconfigPath);
    const read = ts.readConfigFile(tsconfigPath, (p) => readFileSync(p, "utf8"));
    if (read.error) {
      throw new UserError(`invalid tsconfig: ${formatConfigDiagnostic(cwd, read.error)}`);
    }
    if (typeof read.config !== "object" || read.config === null || Array.isArray(read.config)) {
      throw new UserError(`invalid tsconfig: ${path.relative(cwd, tsconfigPath)}: not a JSON object`);
    }
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, tsconfigPath);
    for (const d of parsed.errors) {
      if (IGNORED_CONFIG_CODES.has(d.code)) continue;
      if (d.category !== ts.DiagnosticCategory.Error) continue;
      // A missing `extends` target, or a file list we cannot read, is fatal; an option TypeScript
      // 6 no longer knows is only a warning (the project's own compiler may know it).
      // A circular `extends` (TS18000) too: tsc refuses it.
      if (d.code === 6053 || d.code === 5083 || d.code === 18001 || d.code === 18000) {
        throw new UserError(`invalid tsconfig: ${formatConfigDiagnostic(cwd, d)}`);
      }
      warnings.push(`tsconfig: ${formatConfigDiagnostic(cwd, d)}`);
    }
    writtenOptions = parsed.options;
    compilerOptions = { ...parsed.options, noEmit: true };
    // TypeScript 6 (bundled with ts-morph) no longer includes every @types package by default;
    // the project was most likely written for a compiler that did.
    const rawOptions = (read.config as { compilerOptions?: Record<string, unknown> }).compilerOptions ?? {};
    if (!("types" in rawOptions) && compilerOptions.types === undefined) compilerOptions.types = ["*"];
    compilerOptions.ignoreDeprecations = "6.0";
    fileNames = parsed.fileNames.map((f) => path.resolve(f));
  } else {
    const first = path.resolve(cwd, paths[0] ?? ".");
    const start = existsSync(first) && statSync(first).isDirectory() ? first : path.dirname(first);
    root = nearestPackageDir(start) ?? cwd;
    compilerOptions = defaultCompilerOptions();
  }
  const lib = effectiveLib(compilerOptions);
  const packageDir = nearestPackageDir(root);
  const enginesNode = packageDir ? readEnginesNode(path.join(packageDir, "package.json")) : undefined;
  const projectTypeScriptVersion = findProjectTypeScript(root);
  const config = readLeakmodConfig(cwd, root);
  const build = readBuildFacts(
    root,
    packageDir,
    tsconfigPath && writtenOptions ? { path: tsconfigPath, options: writtenOptions, fileNames } : undefined,
    lib,
  );
  return {
    root,
    ...(tsconfigPath ? { tsconfigPath } : {}),
    compilerOptions,
    fileNames,
    lib,
    ...(projectTypeScriptVersion ? { projectTypeScriptVersion } : {}),
    ...(enginesNode ? { enginesNode } : {}),
    config,
    build,
    ...(writtenOptions ? { writtenOptions } : {}),
    warnings,
  };
}

/** The `lib` list, or the default one TypeScript derives from `target`. */
function effectiveLib(options: ts.CompilerOptions): string[] {
  if (options.lib && options.lib.length > 0) return options.lib.map(normaliseLib);
  const defaultLib = ts.getDefaultLibFileName(options); // e.g. lib.es2022.full.d.ts
  return [normaliseLib(defaultLib).replace(/\.full$/, "")];
}

function readEnginesNode(packageJson: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(packageJson, "utf8")) as { engines?: { node?: unknown } };
    return typeof json.engines?.node === "string" ? json.engines.node : undefined;
  } catch {
    return undefined;
  }
}

function findProjectTypeScript(root: string): string | undefined {
  let dir = root;
  for (;;) {
    const candidate = path.join(dir, "node_modules", "typescript", "package.json");
    if (existsSync(candidate)) {
      try {
        const version = (JSON.parse(readFileSync(candidate, "utf8")) as { version?: unknown }).version;
        if (typeof version === "string") return version;
      } catch {
        return undefined;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export const CONFIG_FILE_NAME = "leakmod.config.json";

/**
 * Without a leakmod.config.json: the "leakmod" key of the package.json in the project root, if
 * any, validated the same way (errors name `package.json "leakmod"`).
 */
function readPackageJsonConfig(cwd: string, root: string): LeakmodConfig {
  const file = path.join(root, "package.json");
  if (!existsSync(file)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return {}; // not ours to judge
  }
  if (typeof json !== "object" || json === null || !("leakmod" in json)) return {};
  return validateLeakmodConfig(json.leakmod, `${path.relative(cwd, file) || file} "leakmod"`);
}

/**
 * Reads and validates `leakmod.config.json` in the project root (or else the "leakmod" key of
 * its package.json); a bad one is a UserError.
 */
export function readLeakmodConfig(cwd: string, root: string): LeakmodConfig {
  const file = path.join(root, CONFIG_FILE_NAME);
  if (!existsSync(file)) return readPackageJsonConfig(cwd, root);
  const shown = path.relative(cwd, file) || file;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UserError(`invalid ${shown}: ${(error as Error).message}`);
  }
  return validateLeakmodConfig(json, shown);
}

/**
 * Whether the tsconfig leaves a file (or every file of a folder) out on purpose: its `exclude`
 * patterns match it, or it is in a test or fixture folder. Other files it does not list are left
 * out by accident as far as leakmod can tell (a folder its `include` forgot).
 */
export function leftOutOnPurpose(config: ProjectConfig): (file: string) => boolean {
  let excluded: string[] | undefined;
  const listed = new Set(config.fileNames);
  return (file) => {
    if (isTestOrFixturePath(path.relative(config.root, file))) return true;
    excluded ??= excludedByPatterns(config, listed);
    if (excluded.includes(file)) return true;
    // A folder: the tsconfig would list files there, and its `exclude` takes every one.
    const prefix = file + path.sep;
    return excluded.some((f) => f.startsWith(prefix)) && !config.fileNames.some((f) => f.startsWith(prefix));
  };
}

/** Files the tsconfig's own `exclude` takes out of what its `include` lists. */
function excludedByPatterns(config: ProjectConfig, listed: Set<string>): string[] {
  if (!config.tsconfigPath) return [];
  const read = ts.readConfigFile(config.tsconfigPath, (p) => readFileSync(p, "utf8"));
  const raw = read.config as { exclude?: unknown } | undefined;
  if (!raw || !Array.isArray(raw.exclude)) return [];
  // Without its `exclude` (node_modules and the output folder stay out: never walk them).
  const keepOut = ["**/node_modules", ...(config.writtenOptions?.outDir ? [config.writtenOptions.outDir] : [])];
  const parsed = ts.parseJsonConfigFileContent(
    { ...raw, exclude: keepOut },
    ts.sys,
    config.root,
    undefined,
    config.tsconfigPath,
  );
  return parsed.fileNames.map((f) => path.resolve(f)).filter((f) => !listed.has(f));
}
