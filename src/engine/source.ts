/**
 * One source text through the same pipeline as the CLI (analysis, fixes, guard, formatting),
 * without touching the disk: what the jscodeshift adapters use. The file's project is found
 * from its path (nearest tsconfig.json), so types resolve as they do for the CLI.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { ts } from "./ts-morph.cjs";
import { UserError } from "./errors.js";
import { readBuildFacts } from "./build.js";
import { loadProjectConfig, normaliseLib, type ProjectConfig } from "./project.js";
import { analyze, applyFixes, checkSyntax, createSession } from "./run.js";
import type { Finding, Transform } from "./types.js";

export interface FixSourceOptions {
  /** Absolute or cwd-relative path of the file (need not exist). */
  file: string;
  source: string;
  transforms: readonly Transform[];
  unsafe?: boolean;
  /** Format touched ranges with prettier (default true). */
  format?: boolean;
  /** Compiler options (tsconfig JSON form) laid over the project's. */
  compilerOptions?: Record<string, unknown>;
  /** Overrides the project's `engines.node`. */
  enginesNode?: string;
}

export interface FixSourceResult {
  text: string;
  findings: Finding[];
}

export async function fixSource(options: FixSourceOptions): Promise<FixSourceResult> {
  const file = path.resolve(options.file);
  const dir = path.dirname(file);
  const config: ProjectConfig = loadProjectConfig(existsSync(dir) ? dir : process.cwd(), undefined, [
    existsSync(dir) ? dir : ".",
  ]);
  let overrides: ts.CompilerOptions = {};
  if (options.compilerOptions) {
    const converted = ts.convertCompilerOptionsFromJson(options.compilerOptions, config.root);
    if (converted.errors.length > 0) {
      throw new UserError(
        `bad compilerOptions: ${ts.flattenDiagnosticMessageText(converted.errors[0].messageText, " ")}`,
      );
    }
    overrides = converted.options;
    Object.assign(config.compilerOptions, converted.options);
    if (converted.options.lib) config.lib = converted.options.lib.map(normaliseLib);
  }
  // jscodeshift hands over files of the tsconfig's project, which may not exist on disk (tests):
  // the build evidence counts the file as one of the tsconfig's.
  if (config.tsconfigPath) {
    const written = { ...config.writtenOptions, ...overrides };
    const fileNames = config.fileNames.includes(file) ? config.fileNames : [...config.fileNames, file];
    const tsconfig = { path: config.tsconfigPath, options: written, fileNames };
    config.build = readBuildFacts(config.root, config.build.packageDir, tsconfig, config.lib);
  }
  if (options.enginesNode !== undefined) config.enginesNode = options.enginesNode;
  const bom = options.source.charCodeAt(0) === 0xfeff;
  const text = bom ? options.source.slice(1) : options.source;
  const session = createSession(dir, config, [{ file, text, bom }], options.transforms);
  checkSyntax(session);
  const analysis = await analyze(session);
  if (analysis.internalErrors.length > 0) throw new Error(analysis.internalErrors[0]);
  const { findings, changes } = await applyFixes(session, analysis.findings, {
    unsafe: Boolean(options.unsafe),
    format: options.format !== false,
  });
  return { text: changes[0]?.after ?? options.source, findings };
}
