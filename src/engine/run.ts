/**
 * One run of leakmod: load the project, select and read files, run the transforms, and for
 * `diff`/`apply` merge the fixes per file, guard them with the type checker, and format them.
 * Writing is the caller's job (see write.ts), so `diff` and `apply` share everything up to it.
 *
 * The engine knows no transform details: transforms come from src/transforms/index.ts.
 */
import path from "node:path";
import { Project, ts } from "./ts-morph.cjs";
import { applyEdits, pickNonOverlapping, validateEdits } from "./edits.js";
import { UserError } from "./errors.js";
import { isJsFileName, readSourceText, selectFiles, type Shard } from "./files.js";
import { formatRegions } from "./format.js";
import { runGuard, type GuardFile, type GuardResult } from "./guard.js";
import { shareDeclarationFiles } from "./shared-files.js";
import { AnalysisCache, cacheFilePath, type CachedResult } from "./cache.js";
import { findMonorepo, type Monorepo } from "./monorepo.js";
import { leftOutOnPurpose, loadProjectConfig, type ProjectConfig } from "./project.js";
import { silentProgress, type Progress } from "./progress.js";
import { ruleIdOf } from "./kinds.js";
import type { Applicability, Finding, FindingInput, FixStatus, ProjectFacts, Transform } from "./types.js";
import { applyBaseline, fingerprintFindings, type BaselineEntry } from "./baseline.js";
import { findingRuleId, KindCatalogue, type KindSelection } from "./kind-names.js";
import { RuleSettings } from "./rule-settings.js";
import {
  editDisturbs,
  parseSuppressions,
  suppressionFor,
  unusedSuppressions,
  type Suppression,
  type UnusedSuppression,
} from "./suppressions.js";
import { toPosix } from "./files.js";
import { interruptible } from "./interrupt.js";

export type Mode = "audit" | "diff" | "apply";

export interface RunOptions {
  cwd: string;
  paths: string[];
  /** `-p`: a tsconfig file or a folder holding one. */
  project?: string;
  transforms: readonly Transform[];
  mode: Mode;
  unsafe?: boolean;
  /** Format touched ranges with prettier (default true). */
  format?: boolean;
  shard?: Shard;
  progress?: Progress;
  /** A run that selects no source file is not an error (`--allow-empty`). */
  allowEmpty?: boolean;
  /** Modernisations (kinds of category `modernize`): reported and fixed (default, or `fail`), or `off`: dropped before any fix. */
  modernize?: "report" | "off" | "fail";
  /** Every transform leakmod knows, for the names in suppressions and --rule (default: `transforms`). */
  known?: readonly Transform[];
  /** `--rule` / `--ignore-rule`. */
  kinds?: KindSelection;
  /** A suppression comment without ` -- reason` is an input error. */
  requireReason?: boolean;
  /** Entries of `--baseline`: findings they list are neither reported nor fixed. */
  baseline?: readonly BaselineEntry[];
  /**
   * Interactive review (apply): given the findings whose fixes passed the guard, returns those
   * to keep. The kept fixes then go through the guard again on the original texts.
   */
  review?: (findings: Finding[], original: (file: string) => string) => Promise<Set<Finding>>;
  /**
   * Called with the files some transform may rewrite (the prefilter's candidates) once they are
   * known and before the program is built: `apply` refuses a dirty tree there, before the wait.
   */
  beforeAnalysis?: (candidates: string[]) => void;
  /** `--cache`: reuse the analysis of unchanged files (see cache.ts); `location` is a cache file or a folder for it. */
  cache?: { location: string };
}

export interface FileChange {
  file: string;
  /** Text on disk before (with its BOM, if it had one). */
  before: string;
  /** Text to write (BOM kept). */
  after: string;
}

export interface RunResult {
  root: string;
  tsconfigPath?: string;
  filesAnalyzed: number;
  findings: Finding[];
  changes: FileChange[];
  /** Things the user should know (skipped files, config remarks). */
  warnings: string[];
  /** Internal errors of a transform on a file: the run went on without that transform's findings there. */
  internalErrors: string[];
  /** Findings silenced by a suppression comment (not in `findings`). */
  suppressed: Finding[];
  /** Findings the baseline lists (not in `findings`). */
  baselined: Finding[];
  unusedSuppressions: UnusedSuppression[];
  /** Baseline entries that match no finding any more (for analysed files and enabled kinds). */
  staleBaseline: BaselineEntry[];
  /** The text (no BOM) of each analysed file, as read. */
  sources: Map<string, string>;
}

export interface InputFile {
  file: string;
  text: string;
  bom: boolean;
}

/** A loaded project and the files a run looks at. */
export interface Session {
  project: Project;
  config: ProjectConfig;
  facts: ProjectFacts;
  /** Every selected file. */
  files: InputFile[];
  /** The selected files some transform's prefilter accepted, with those transforms. */
  candidates: Map<InputFile, Transform[]>;
  /**
   * With `--shard`: the other shards' files. Their candidates are in the program and their texts
   * in `projectFiles()`, as in an unsharded run, so that what a file's analysis sees of the rest
   * of the project (callers, other uses of a name) does not depend on the slice; they are not
   * analysed.
   */
  context: InputFile[];
  cwd: string;
}

/**
 * Loads the project for `files`. Only the files that some transform's prefilter accepts become
 * roots of the program (with the project's global .d.ts files); the files they import come in
 * through module resolution. On most codebases most files have no candidate, and are never
 * bound or checked: they are only parsed, for the syntax check.
 */
export function createSession(
  cwd: string,
  config: ProjectConfig,
  files: InputFile[],
  transforms: readonly Transform[],
  progress: Progress = silentProgress,
  context: InputFile[] = [],
): Session {
  const facts = projectFacts(config, files);
  const project = new Project({
    compilerOptions: facts.compilerOptions,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: false,
  });
  shareDeclarationFiles(project);
  const candidates = candidatesOf(files, transforms, facts);
  progress.start(candidates.size, "loading");
  for (const f of candidates.keys()) {
    progress.tick();
    addSourceFile(project, f);
  }
  progress.stop();
  for (const f of context) {
    if (transforms.some((t) => t.prefilter(f.text, facts))) addSourceFile(project, f);
  }
  // Global declarations the project relies on (src/types/*.d.ts): cheap, and without them the
  // checker would see errors that `tsc` does not.
  if (candidates.size > 0) {
    for (const name of config.fileNames) {
      if (/\.d\.[cm]?ts$/.test(name) && !project.getSourceFile(name)) project.addSourceFileAtPathIfExists(name);
    }
  }
  return { project, config, facts, files, candidates, context, cwd };
}

/** What transforms may know about the project (the compiler options allow JavaScript when a JavaScript file is selected). */
export function projectFacts(config: ProjectConfig, files: readonly InputFile[]): ProjectFacts {
  const compilerOptions = { ...config.compilerOptions };
  if (files.some((f) => isJsFileName(f.file))) compilerOptions.allowJs = true;
  return {
    root: config.root,
    compilerOptions,
    lib: config.lib,
    ...(config.projectTypeScriptVersion ? { projectTypeScriptVersion: config.projectTypeScriptVersion } : {}),
    ...(config.enginesNode ? { enginesNode: config.enginesNode } : {}),
    config: config.config,
    build: config.build,
  };
}

/** The selected files some transform's prefilter accepts, with those transforms, in file order. */
function candidatesOf(
  files: readonly InputFile[],
  transforms: readonly Transform[],
  facts: ProjectFacts,
): Map<InputFile, Transform[]> {
  const candidates = new Map<InputFile, Transform[]>();
  for (const f of files) {
    const wanted = transforms.filter((t) => t.prefilter(f.text, facts));
    if (wanted.length > 0) candidates.set(f, wanted);
  }
  return candidates;
}

/**
 * Puts `f` into the project, parsed once. (`createSourceFile(..., { overwrite: true })` would
 * first parse the file on disk, then the given text: twice the parsing on a large codebase.)
 */
function addSourceFile(project: Project, f: InputFile): void {
  const onDisk = project.getSourceFile(f.file) ? undefined : project.addSourceFileAtPathIfExists(f.file);
  if (onDisk && onDisk.getFullText() === f.text) {
    // One copy of the text, not two (on effect, 22 MB).
    f.text = onDisk.getFullText();
    return;
  }
  project.createSourceFile(f.file, f.text, { overwrite: true });
}

function scriptKindOf(file: string): ts.ScriptKind {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".tsx") return ts.ScriptKind.TSX;
  if (ext === ".jsx") return ts.ScriptKind.JSX;
  if (ext === ".js" || ext === ".mjs" || ext === ".cjs") return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** First syntax error of the selected files, as a UserError: such files are never rewritten. */
export function checkSyntax(session: Session): void {
  const program = session.candidates.size > 0 ? session.project.getProgram().compilerObject : undefined;
  const broken: string[] = [];
  const target = session.facts.compilerOptions.target ?? ts.ScriptTarget.ES2022;
  for (const f of session.files) {
    let sf = program?.getSourceFile(f.file);
    let d: ts.Diagnostic | undefined;
    if (sf && program) d = program.getSyntacticDiagnostics(sf)[0];
    else {
      // Not in the program: parse only (the parser's own diagnostics).
      sf = ts.createSourceFile(f.file, f.text, target, false, scriptKindOf(f.file));
      d = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics[0];
    }
    if (!d) continue;
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
    broken.push(
      `${path.relative(session.cwd, f.file)}:${line + 1}:${character + 1}: syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
    );
  }
  if (broken.length > 0) {
    const more = broken.length > 1 ? ` (and ${broken.length - 1} more file${broken.length > 2 ? "s" : ""})` : "";
    throw new UserError(`${broken[0]}${more}; nothing was changed`);
  }
}

/** Runs every transform whose prefilter accepts the file; returns the findings in file order. */
export async function analyze(
  session: Session,
  progress: Progress = silentProgress,
  cache?: AnalysisCache,
): Promise<{
  findings: Finding[];
  internalErrors: string[];
  /** Preflight messages of the transforms that had work to do. */
  warnings: string[];
}> {
  let program: ts.Program | undefined;
  let checker: ts.TypeChecker | undefined;
  // Preflight messages per transform, shown only if that transform reports something.
  const preflighted = new Map<Transform, string[]>();
  // Transforms that read the whole program (see cache.ts): their results depend on every file.
  const wide = new Set<string>();
  let current: Transform | undefined;
  let seen: ts.Program | undefined;
  const otherFiles = (): Iterable<{ fileName: string; text: string }> => {
    if (current) wide.add(current.id);
    return otherFileTexts(session, program!);
  };
  const results = new Map<InputFile, Array<{ transform: Transform; result: CachedResult }>>();
  progress.start(session.candidates.size, "analysing");
  for (const [f, wanted] of session.candidates) {
    // Each file's analysis is a step of its own (engine/interrupt.ts): the event loop gets a turn
    // before it (a SIGTERM is handled there), and a Ctrl-C stops it at once.
    await interruptible(() => {
      if (!program) {
        program = session.project.getProgram().compilerObject;
        checker = program.getTypeChecker();
        cache?.prepare(program);
        // Only the cache needs to know which transforms read the whole program.
        seen = cache
          ? watchWholeProgramReads(program, () => {
              if (current) wide.add(current.id);
            })
          : program;
      }
      for (const t of wanted) {
        if (preflighted.has(t)) continue;
        preflighted.set(t, t.preflight?.(session.facts, seen!) ?? []);
      }
      const sf = program.getSourceFile(f.file);
      if (sf) {
        const list: Array<{ transform: Transform; result: CachedResult }> = [];
        for (const transform of wanted) {
          const reused = cache?.reuse(f.file, transform);
          if (reused) {
            list.push({ transform, result: reused });
            cache!.record(f.file, transform, reused);
            continue;
          }
          const result: CachedResult = { findings: [], errors: [] };
          const report = (input: FindingInput): void => {
            result.findings.push(toFinding(transform, sf, input));
          };
          current = transform;
          try {
            transform.analyze({
              sourceFile: sf,
              program: seen!,
              checker: checker!,
              project: session.facts,
              isLibFile: (file) => program!.isSourceFileDefaultLibrary(file),
              projectFiles: otherFiles,
              report,
            });
          } catch (error) {
            result.errors.push(error instanceof Error ? error.message : String(error));
          } finally {
            current = undefined;
          }
          list.push({ transform, result });
          // Saved (as JSON) before the engine adds fingerprints to the findings.
          cache?.record(f.file, transform, result);
        }
        results.set(f, list);
      }
    });
    progress.tick();
  }
  progress.stop();
  if (cache && program) {
    const preflight = Object.fromEntries([...preflighted].map(([t, m]) => [t.id, m]));
    const problem = cache.save(program, new Map(session.files.map((f) => [f.file, f.text])), wide, preflight);
    if (problem) cache.warnings.push(`cache ${cache.file} could not be written: ${problem}`);
  }
  return collect(session.cwd, results, preflighted);
}

/** The findings, internal errors and preflight warnings of per-file results, in file order. */
function collect(
  cwd: string,
  results: ReadonlyMap<InputFile, ReadonlyArray<{ transform: Transform; result: CachedResult }>>,
  preflighted: ReadonlyMap<Transform, readonly string[]>,
): { findings: Finding[]; internalErrors: string[]; warnings: string[] } {
  const findings: Finding[] = [];
  const internalErrors: string[] = [];
  const warnings: string[] = [];
  for (const [f, list] of results) {
    for (const { transform, result } of list) {
      findings.push(...result.findings);
      for (const message of result.errors) {
        internalErrors.push(`${transform.id} failed on ${path.relative(cwd, f.file)}: ${message}`);
      }
    }
  }
  for (const [t, messages] of preflighted) {
    if (findings.some((f) => f.rule === t.id)) for (const message of messages) warnings.push(`${t.id}: ${message}`);
  }
  return { findings, internalErrors, warnings };
}

/**
 * The program as transforms see it: calls that read files other than the one analysed (all files,
 * root names, a file by name) call `onWide`. One wrapper per run, so that a transform's memo keyed
 * by program works as before.
 */
function watchWholeProgramReads(program: ts.Program, onWide: () => void): ts.Program {
  const watched = new Set<PropertyKey>(["getSourceFiles", "getRootFileNames", "getSourceFile", "getSourceFileByPath"]);
  return new Proxy(program, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (watched.has(property) && typeof value === "function") {
        return (...args: unknown[]) => {
          onWide();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value;
    },
  });
}

/** Every selected file and every other non-library source file of the program, once each. */
function* otherFileTexts(session: Session, program: ts.Program): Iterable<{ fileName: string; text: string }> {
  const seen = new Set<string>();
  for (const f of [...session.files, ...session.context]) {
    seen.add(f.file);
    yield { fileName: f.file, text: f.text };
  }
  for (const sf of program.getSourceFiles()) {
    if (seen.has(sf.fileName) || program.isSourceFileDefaultLibrary(sf) || sf.fileName.includes("/node_modules/"))
      continue;
    yield { fileName: sf.fileName, text: sf.text };
  }
}

/**
 * A reported finding with its positions. The one place that decides a finding's tier as
 * reported: the kind's declared tier, or `manual` when there is no fix. A kind the transform
 * did not declare, or a tier the kind did not declare, is an internal error of the transform.
 */
function toFinding(transform: Transform, sf: ts.SourceFile, input: FindingInput): Finding {
  if (!transform.kinds.includes(input.kind)) {
    throw new Error(`reported the kind ${ruleIdOf(input.kind)}, which ${transform.id} does not declare`);
  }
  if (!input.kind.applicabilities.includes(input.applicability)) {
    throw new Error(
      `reported ${ruleIdOf(input.kind)} as ${input.applicability}; the kind declares ${input.kind.applicabilities.join(", ")}`,
    );
  }
  const start = input.node.getStart(sf);
  const end = input.node.getEnd();
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(end);
  return {
    rule: transform.id,
    kind: input.kind.id,
    file: sf.fileName,
    line: s.line + 1,
    column: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
    message: input.message,
    applicability: input.fix ? input.applicability : "manual",
    ...(input.fix ? { fix: input.fix } : {}),
    fixStatus: input.fix ? "skipped" : "none",
    ...(input.kind.category === "modernize" ? { category: "modernize" as const } : {}),
  };
}

export interface FixOptions {
  unsafe: boolean;
  format: boolean;
  progress?: Progress;
}

/** What happened to one finding's fix: its status, why, and its tier when the engine lowered it. */
interface FixOutcome {
  status: FixStatus;
  note?: string;
  /** `manual` when the fix was withdrawn. */
  applicability?: Applicability;
}

export interface FixResult {
  /** The findings given, in the same order; those whose fix had an outcome are new objects carrying it. */
  findings: Finding[];
  changes: FileChange[];
}

/**
 * Decides which fixes apply, merges them per file, runs the type-check guard and formats.
 * Returns the changed files and the findings with their fix outcomes (the findings given are
 * not changed).
 */
export async function applyFixes(
  session: Session,
  findings: readonly Finding[],
  options: FixOptions,
): Promise<FixResult> {
  const outcomes = new Map<Finding, FixOutcome>();
  const sharers = new Map<Finding, Finding>();
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (!finding.fix) continue;
    if (finding.applicability === "unsafe" && !options.unsafe) {
      outcomes.set(finding, { status: "skipped", note: "unsafe fix: applied only with --unsafe" });
      continue;
    }
    if (finding.applicability === "manual") continue;
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const inputs = new Map(session.files.map((f) => [f.file, f]));
  const guardFiles: GuardFile[] = [];
  const fixIds = new Map<number, Finding>();
  let nextId = 0;
  for (const [file, list] of byFile) {
    const original = inputs.get(file)!.text;
    const valid = list.filter((f) => {
      const problem = validateEdits(f.fix!.edits, original.length);
      if (problem) outcomes.set(f, { status: "withdrawn", note: `internal: ${problem}`, applicability: "manual" });
      return !problem;
    });
    valid.sort((a, b) => Math.min(...a.fix!.edits.map((e) => e.start)) - Math.min(...b.fix!.edits.map((e) => e.start)));
    // Several findings of one transform may carry one shared fix (the same edits): it is applied once, and each
    // of them gets its outcome.
    const firstWithEdits = new Map<string, Finding>();
    const distinct = valid.filter((f) => {
      const key = `${f.rule}\0${JSON.stringify(f.fix!.edits)}`;
      const first = firstWithEdits.get(key);
      if (first) sharers.set(f, first);
      else firstWithEdits.set(key, f);
      return !first;
    });
    valid.splice(0, valid.length, ...distinct);
    const { accepted, rejected } = pickNonOverlapping(valid.map((f) => f.fix!.edits));
    for (const r of rejected) {
      const other = valid[r.conflictsWith];
      outcomes.set(valid[r.index], {
        status: "conflict",
        note: `overlaps the fix of ${other.rule}/${other.kind} at line ${other.line}; run leakmod again to apply it`,
      });
    }
    const fixes = accepted.map((i) => {
      const id = nextId++;
      fixIds.set(id, valid[i]);
      return { id, edits: valid[i].fix!.edits, affectsOtherFiles: Boolean(valid[i].fix!.affectsOtherFiles) };
    });
    if (fixes.length > 0) guardFiles.push({ file, original, fixes });
  }

  const guard = await interruptible(() =>
    runGuard(session.project, guardFiles, {
      cwd: session.cwd,
      ...(options.progress ? { progress: options.progress } : {}),
      loadWholeProject: () => {
        for (const name of session.config.fileNames) {
          if (!session.project.getSourceFile(name)) session.project.addSourceFileAtPathIfExists(name);
        }
      },
    }),
  );
  for (const [id, finding] of fixIds) {
    const diagnostics = guard.withdrawn.get(id);
    if (diagnostics) {
      outcomes.set(finding, {
        status: "withdrawn",
        note: `withdrawn by the type-check guard, it would add: ${diagnostics.join("; ")}`,
        applicability: "manual",
      });
    } else if (guard.texts.has(finding.file)) {
      outcomes.set(finding, { status: "applied" });
    }
  }
  for (const [finding, first] of sharers) {
    const outcome = outcomes.get(first);
    if (outcome) outcomes.set(finding, outcome);
  }
  const changes = await formatChanges(session, guardFiles, guard, options);
  return { findings: findings.map((f) => withOutcome(f, outcomes.get(f))), changes };
}

function withOutcome(finding: Finding, outcome: FixOutcome | undefined): Finding {
  if (!outcome) return finding;
  return {
    ...finding,
    fixStatus: outcome.status,
    ...(outcome.note !== undefined ? { fixNote: outcome.note } : {}),
    ...(outcome.applicability ? { applicability: outcome.applicability } : {}),
  };
}

/** Applies the fixes the guard kept, formats the touched ranges, and returns the files that change. */
async function formatChanges(
  session: Session,
  guardFiles: readonly GuardFile[],
  guard: GuardResult,
  options: FixOptions,
): Promise<FileChange[]> {
  const inputs = new Map(session.files.map((f) => [f.file, f]));
  const changes: FileChange[] = [];
  const progress = options.progress ?? silentProgress;
  progress.start(guardFiles.length, "formatting");
  for (const g of guardFiles) {
    const input = inputs.get(g.file)!;
    if (!guard.texts.has(g.file)) {
      progress.tick();
      continue;
    }
    const kept = g.fixes.filter((x) => !guard.withdrawn.has(x.id));
    const { text, touched } = applyEdits(
      input.text,
      kept.flatMap((x) => x.edits),
    );
    const formatted = options.format ? await formatRegions(text, touched, { file: g.file }) : text;
    progress.tick();
    if (formatted === input.text) continue;
    const bom = input.bom ? "\uFEFF" : "";
    changes.push({ file: g.file, before: bom + input.text, after: bom + formatted });
  }
  progress.stop();
  return changes;
}

/** The analysis of the last run, when no file it read has changed (`--cache`, audit). */
function analyzeFromCache(
  cwd: string,
  files: readonly InputFile[],
  transforms: readonly Transform[],
  facts: ProjectFacts,
  cache: AnalysisCache,
): Awaited<ReturnType<typeof analyze>> | undefined {
  const candidates = candidatesOf(files, transforms, facts);
  if (candidates.size === 0) return undefined;
  const hit = cache.allUnchanged(
    new Map(files.map((f) => [f.file, f.text])),
    new Map([...candidates].map(([f, wanted]) => [f.file, wanted])),
  );
  if (!hit) return undefined;
  const results = new Map(
    [...candidates].map(([f, wanted]) => [
      f,
      wanted.map((transform) => ({ transform, result: hit.results.get(f.file)!.get(transform.id)! })),
    ]),
  );
  // In the order of the run that computed them.
  const byId = new Map(transforms.map((t) => [t.id, t]));
  const preflighted = new Map(
    Object.entries(hit.preflight)
      .filter(([id]) => byId.has(id))
      .map(([id, messages]) => [byId.get(id)!, messages] as const),
  );
  return collect(cwd, results, preflighted);
}

/**
 * Loads the project from disk, selects and reads the files, analyses, and fixes for diff/apply.
 * At the root of a monorepo (a solution tsconfig, or workspaces; see monorepo.ts), each project
 * in turn, with its own options, in one result.
 */
export async function run(options: RunOptions): Promise<RunResult> {
  // Unknown --rule names fail before the project is read.
  new RuleSettings(
    new KindCatalogue(options.known ?? options.transforms),
    {},
    options.kinds ?? { select: [], ignore: [] },
    options.cwd,
  );
  const monorepo = findMonorepo(options.cwd, options.project, options.paths);
  if (!monorepo) return (await runProject(options)).result;
  return runMonorepo(options, monorepo);
}

/** Each project of the monorepo, one after the other (a project's program is released before the next is built). */
async function runMonorepo(options: RunOptions, monorepo: Monorepo): Promise<RunResult> {
  const merged: RunResult = {
    root: monorepo.root,
    ...(monorepo.tsconfigPath ? { tsconfigPath: monorepo.tsconfigPath } : {}),
    filesAnalyzed: 0,
    findings: [],
    changes: [],
    warnings: [],
    internalErrors: [],
    suppressed: [],
    baselined: [],
    unusedSuppressions: [],
    staleBaseline: [],
    sources: new Map(),
  };
  let unsharded = 0;
  const done = new Set<string>();
  for (const member of monorepo.members) {
    const { result, unsharded: selected } = await runProject(
      {
        ...options,
        paths: member.paths.length > 0 || member.tsconfigPath ? member.paths : [member.dir],
        ...(member.tsconfigPath ? { project: member.tsconfigPath } : { project: undefined }),
      },
      { root: monorepo.root, done },
    );
    unsharded += selected;
    for (const file of result.sources.keys()) done.add(file);
    merged.filesAnalyzed += result.filesAnalyzed;
    merged.findings.push(...result.findings);
    merged.changes.push(...result.changes);
    for (const w of result.warnings) if (!merged.warnings.includes(w)) merged.warnings.push(w);
    merged.internalErrors.push(...result.internalErrors);
    merged.suppressed.push(...result.suppressed);
    merged.baselined.push(...result.baselined);
    merged.unusedSuppressions.push(...result.unusedSuppressions);
    for (const e of result.staleBaseline) if (!merged.staleBaseline.includes(e)) merged.staleBaseline.push(e);
    for (const [file, text] of result.sources) merged.sources.set(file, text);
  }
  if (merged.filesAnalyzed === 0) {
    const where = options.paths.length > 0 ? options.paths.join(", ") : "the project";
    const lister = monorepo.tsconfigPath
      ? `${path.relative(options.cwd, monorepo.tsconfigPath) || monorepo.tsconfigPath} references`
      : "the workspaces are";
    const why =
      monorepo.members.length === 0
        ? ` (${lister.replace(/ references$/, " references no project there").replace(/ are$/, " not there")})`
        : ` (${lister} ${monorepo.members.length} project(s), with no source file)`;
    if (!options.allowEmpty && unsharded === 0) {
      throw new UserError(`no source file to analyse under ${where}${why}; pass --allow-empty if that is expected`);
    }
    merged.warnings.push(`no source files selected under ${where}${why}`);
  }
  return merged;
}

/** How a project is run as one member of a monorepo. */
interface MemberOf {
  /** The monorepo's root: baselines and fingerprints are relative to it. */
  root: string;
  /** Files an earlier project analysed: each file is analysed once, by the first project that lists it. */
  done: ReadonlySet<string>;
}

async function runProject(options: RunOptions, member?: MemberOf): Promise<{ result: RunResult; unsharded: number }> {
  const progress = options.progress ?? silentProgress;
  const catalogue = new KindCatalogue(options.known ?? options.transforms);
  const config = loadProjectConfig(options.cwd, options.project, options.paths);
  const baseRoot = member?.root ?? config.root;
  const settings = new RuleSettings(catalogue, config.config, options.kinds ?? { select: [], ignore: [] }, config.root);
  const transforms = options.transforms.filter((t) => t.kinds.some((k) => settings.maybeEnabled(`${t.id}/${k.id}`)));
  const allowJs = Boolean(config.compilerOptions.allowJs) || !config.tsconfigPath;
  const selection = selectFiles({
    cwd: options.cwd,
    root: config.root,
    paths: options.paths,
    ...(config.tsconfigPath
      ? { projectFiles: new Set(config.fileNames), excludedOnPurpose: leftOutOnPurpose(config) }
      : {}),
    allowJs,
    ...(options.shard ? { shard: options.shard } : {}),
  });
  const warnings = [...config.warnings];
  for (const file of selection.namedOutsideTsconfig) {
    warnings.push(
      `${path.relative(options.cwd, file)} is not in ${path.relative(options.cwd, config.tsconfigPath!)}: analysed anyway, with its compiler options`,
    );
  }
  if (selection.outsideTsconfig > 0) {
    warnings.push(
      `${selection.outsideTsconfig} file(s) under the given paths are not in ${path.relative(options.cwd, config.tsconfigPath!)} and were skipped; name them explicitly or choose another tsconfig with -p`,
    );
  }
  if (member) selection.files = selection.files.filter((f) => !member.done.has(f));
  const configIgnored = selection.files.filter((f) => settings.ignored(f));
  if (configIgnored.length > 0) {
    selection.files = selection.files.filter((f) => !settings.ignored(f));
    warnings.push(`${configIgnored.length} file(s) skipped: the configuration's "ignore" lists them`);
  }
  if (selection.files.length === 0 && !member) {
    const where = options.paths.length > 0 ? options.paths.join(", ") : "the project";
    const tsconfig = config.tsconfigPath ? path.relative(options.cwd, config.tsconfigPath) || config.tsconfigPath : "";
    const why =
      config.tsconfigPath && config.fileNames.length === 0
        ? ` (${tsconfig} lists no file: for a tsconfig with only \`references\`, run leakmod with -p on each referenced project)`
        : selection.outsideTsconfig + selection.excludedOnPurpose > 0
          ? ` (${selection.outsideTsconfig + selection.excludedOnPurpose} file(s) there are not in ${tsconfig})`
          : "";
    // An empty slice of a non-empty selection is normal in a CI matrix with more shards than files.
    if (!options.allowEmpty && selection.unsharded === 0) {
      throw new UserError(`no source file to analyse under ${where}${why}; pass --allow-empty if that is expected`);
    }
    warnings.push(`no source files selected under ${where}${why}`);
  }
  if (selection.skippedJs > 0) {
    warnings.push(`${selection.skippedJs} JavaScript file(s) skipped: the tsconfig does not set allowJs`);
  }
  const files: InputFile[] = selection.files.map((file) => {
    const { text, bom } = readSourceText(file, path.relative(options.cwd, file) || file);
    return { file, text, bom };
  });
  // The other shards' files, read for context (one that cannot be read is that shard's error).
  const context: InputFile[] = [];
  for (const file of selection.otherShards.filter((f) => !settings.ignored(f))) {
    try {
      const { text, bom } = readSourceText(file, file);
      context.push({ file, text, bom });
    } catch {
      /* reported by the shard that analyses it */
    }
  }
  let cache: AnalysisCache | undefined;
  let cachedAnalysis: Awaited<ReturnType<typeof analyze>> | undefined;
  if (options.cache) {
    const facts = projectFacts(config, files);
    const file = cacheFilePath(path.resolve(options.cwd, options.cache.location), {
      root: config.root,
      ...(config.tsconfigPath ? { tsconfigPath: config.tsconfigPath } : {}),
      ...(options.shard ? { shard: `${options.shard.index}/${options.shard.count}` } : {}),
    });
    cache = new AnalysisCache(
      file,
      {
        facts,
        transforms,
        selected: files.map((f) => f.file),
        fileNames: config.fileNames,
        tsconfigPath: config.tsconfigPath,
      },
      path.relative(options.cwd, file) || file,
    );
    // audit with no file changed since the last run: the last run's analysis, without a program.
    if (options.mode === "audit") cachedAnalysis = analyzeFromCache(options.cwd, files, transforms, facts, cache);
  }
  // Parsing the files with candidates, then building the program: each a synchronous step of
  // seconds on a large codebase (engine/interrupt.ts).
  const session = cachedAnalysis
    ? undefined
    : await interruptible(() => createSession(options.cwd, config, files, transforms, progress, context));
  if (session) {
    options.beforeAnalysis?.([...session.candidates.keys()].map((f) => f.file));
    await interruptible(() => checkSyntax(session));
  }
  const suppressions = new Map<string, Suppression[]>();
  for (const f of files) {
    const list = parseSuppressions(f.file, f.text, {
      shown: toPosix(path.relative(options.cwd, f.file)),
      kinds: catalogue,
      requireReason: Boolean(options.requireReason),
    });
    if (list.length > 0) suppressions.set(f.file, list);
  }
  const analysis = cachedAnalysis ?? (await analyze(session!, progress, cache));
  if (cache) warnings.push(...cache.warnings);
  warnings.push(...analysis.warnings);
  const sources = new Map(files.map((f) => [f.file, f.text]));
  fingerprintFindings(analysis.findings, (file) => sources.get(file), baseRoot);

  // Kinds turned off, then suppression comments, then the baseline.
  const suppressed: Finding[] = [];
  const reported = analysis.findings.filter((f) => {
    if (!settings.enabled(findingRuleId(f), f.file)) return false;
    if (options.modernize === "off" && f.category === "modernize") return false;
    if (suppressionFor(f, suppressions.get(f.file) ?? [])) {
      suppressed.push(f);
      return false;
    }
    return true;
  });
  const ranIds = new Set(transforms.map((t) => t.id));
  const unused = unusedSuppressions([...suppressions.values()].flat(), (name, file) =>
    catalogue.expand(name).some((k) => settings.enabled(k, file) && ranIds.has(k.split("/")[0])),
  );
  let findings = reported.map((f) => settings.capped(f));
  let baselined: Finding[] = [];
  let staleBaseline: BaselineEntry[] = [];
  if (options.baseline) {
    const split = applyBaseline(reported, options.baseline, baseRoot);
    findings = split.fresh;
    baselined = split.baselined;
    const analysed = new Set(files.map((f) => toPosix(path.relative(baseRoot, f.file))));
    staleBaseline = split.stale.filter(
      (e) => analysed.has(e.file) && settings.enabled(e.ruleId, path.join(baseRoot, e.file)),
    );
  }
  findings = findings.map((f) => withdrawIfDisturbing(f, suppressions.get(f.file)));

  let changes: FileChange[] = [];
  if (options.mode !== "audit" && session) {
    const fixOptions = { unsafe: Boolean(options.unsafe), format: options.format !== false, progress };
    ({ findings, changes } = await applyFixes(session, findings, fixOptions));
    if (options.review) {
      const proposed = findings.filter((f) => f.fixStatus === "applied");
      const kept = await options.review(proposed, (file) => sources.get(file) ?? "");
      // The guard checks the kept fixes again, on the original texts.
      for (const c of changes) session.project.createSourceFile(c.file, sources.get(c.file), { overwrite: true });
      const keptList = proposed.filter((f) => kept.has(f));
      const second =
        keptList.length > 0 ? await applyFixes(session, keptList, fixOptions) : { findings: [], changes: [] };
      const after = new Map(keptList.map((f, i) => [f, second.findings[i]]));
      changes = second.changes;
      findings = findings.map(
        (f) =>
          after.get(f) ??
          (f.fixStatus === "applied" ? { ...f, fixStatus: "skipped" as const, fixNote: "skipped in review" } : f),
      );
    }
  }
  const result: RunResult = {
    root: config.root,
    ...(config.tsconfigPath ? { tsconfigPath: config.tsconfigPath } : {}),
    filesAnalyzed: files.length,
    findings,
    changes,
    warnings,
    internalErrors: analysis.internalErrors,
    suppressed,
    baselined,
    unusedSuppressions: unused,
    staleBaseline,
    sources,
  };
  return { result, unsharded: selection.unsharded };
}

/** A fix that would remove a suppression comment, or separate it from its line, is withdrawn. */
function withdrawIfDisturbing(f: Finding, list: readonly Suppression[] | undefined): Finding {
  if (!f.fix || f.applicability === "manual" || !list) return f;
  const hit = list.find((s) => f.fix!.edits.some((e) => editDisturbs(e, s)));
  if (!hit) return f;
  return {
    ...f,
    fixStatus: "withdrawn",
    fixNote: `withdrawn: it would remove or move the ${hit.directive} comment at line ${hit.line}`,
    applicability: "manual",
  };
}
