#!/usr/bin/env node
/**
 * leakmod command line: audit | diff | apply | review | merge | rules.
 *
 * Exit codes: 0 ok; 1 findings at or above --fail-on; 2 usage or input error (one line on
 * stderr); 3 internal error (a transform failed on a file, or a bug).
 */
import { readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
// Only what parsing the arguments needs is loaded up front: `--version`, `--help` and usage errors
// answer without the compiler, prettier or the transforms, which each command imports when it runs.
import { isUserError, oneLine, UserError } from "./engine/errors.js";
import { APPLICABILITIES } from "./engine/kinds.js";
import type { Mode } from "./engine/run.js";
import type { Applicability, Finding } from "./engine/types.js";

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/** A shell's exit status for a process stopped by a signal: 128 + its number. */
const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

function version(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, "..", "package.json"), path.join(here, "..", "..", "package.json")]) {
    try {
      const json = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (json.name === "leakmod" && json.version) return json.version;
    } catch {
      /* try the next */
    }
  }
  return "0.0.0";
}

type Format = "text" | "json" | "sarif" | "github" | "html";
type FailOn = Applicability | "none";

/** `--fail-on`, shared by the analysing commands and `merge`. */
const FAIL_ON_OPTION = {
  choices: ["safe", "unsafe", "manual", "none"] as const,
  default: "none" as FailOn,
  describe: "exit 1 if findings of this tier or a more fixable one remain (manual = any finding)",
};

interface CommonArgs {
  paths?: string[];
  project?: string;
  transform?: string[];
  unsafe: boolean;
  prettier: boolean;
  force: boolean;
  shard?: string;
  format: Format;
  json: boolean;
  failOn: FailOn;
  modernize: Modernize;
  quiet: boolean;
  allowEmpty: boolean;
  rule?: string[];
  ignoreRule?: string[];
  requireReason: boolean;
  baseline?: string;
  writeBaseline?: string;
  interactive?: boolean;
  cache: boolean;
  cacheLocation?: string;
}

/** Modernisations (the code is already right; the fix writes it in a newer form): report, off, or counted by --fail-on. */
type Modernize = "report" | "off" | "fail";

/**
 * `--fail-on unsafe` counts safe and unsafe findings: APPLICABILITIES runs from the most to the
 * least fixable. Modernisations count only with `--modernize fail`.
 */
function failing(findings: readonly Finding[], failOn: FailOn, mode: Mode, modernize: Modernize): number {
  if (failOn === "none") return 0;
  const limit = APPLICABILITIES.indexOf(failOn);
  return findings.filter(
    (f) =>
      APPLICABILITIES.indexOf(f.applicability) <= limit &&
      !(mode === "apply" && f.fixStatus === "applied") &&
      (f.category !== "modernize" || modernize === "fail"),
  ).length;
}

function isCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

function commonOptions<T>(y: Argv<T>) {
  return y
    .positional("paths", {
      describe: "files or folders to process (default: the project)",
      type: "string",
      array: true,
    })
    .option("project", {
      alias: "p",
      type: "string",
      describe: "tsconfig.json to use, or a folder holding one (default: the nearest)",
    })
    .option("transform", {
      alias: "t",
      type: "string",
      describe: "only these transforms, comma-separated or repeated (see `leakmod rules`)",
      coerce: (v: string | string[]) => (Array.isArray(v) ? v : [v]),
    })
    .option("unsafe", {
      type: "boolean",
      default: false,
      describe: "also apply fixes that change behaviour on purpose (explained per finding)",
    })
    .option("prettier", {
      type: "boolean",
      default: true,
      describe: "format touched ranges with the project's prettier config (--no-format to skip)",
    })
    .option("force", {
      type: "boolean",
      default: false,
      describe: "write even if files to rewrite have uncommitted changes or no copy in git, or git cannot check them",
    })
    .option("shard", { type: "string", describe: "only the i-th of n deterministic slices of the files, e.g. 2/4" })
    .option("format", {
      alias: "f",
      choices: ["text", "json", "sarif", "github", "html"] as const,
      // The assertion widens yargs' inferred `string` to the choices (the lint rule misreads it).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      default: "text" as Format,
      describe: "report format (github: annotations for GitHub Actions; html: a page to share)",
    })
    .option("json", { type: "boolean", default: false, describe: "same as --format json" })
    .option("fail-on", FAIL_ON_OPTION)
    .option("modernize", {
      choices: ["report", "off", "fail"] as const,
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      default: "report" as Modernize,
      describe:
        "modernisations (code already released on every path, e.g. try/finally -> using): report and fix them apart from leaks, not counted by --fail-on (report); drop them (off); count them (fail)",
    })
    .option("quiet", {
      alias: "q",
      type: "boolean",
      default: false,
      describe: "no progress, warnings or summary on stderr",
    })
    .option("rule", {
      type: "string",
      describe: "only these finding kinds or transforms (repeat or comma-separate), e.g. weak-refs/back-reference",
      coerce: splitList,
    })
    .option("ignore-rule", {
      type: "string",
      describe: "never these finding kinds or transforms (repeat or comma-separate)",
      coerce: splitList,
    })
    .option("require-reason", {
      type: "boolean",
      default: false,
      describe: 'a leakmod-ignore comment without " -- reason" is an error',
    })
    .option("baseline", {
      type: "string",
      describe: "report (and fail on) only findings not in this baseline file",
    })
    .option("cache", {
      type: "boolean",
      default: false,
      describe: "reuse the analysis of files that did not change, nor anything they import, since the last run",
    })
    .option("cache-location", {
      type: "string",
      describe: "with --cache: the cache file, or a folder for it (default: node_modules/.cache/leakmod/)",
    })
    .option("allow-empty", {
      type: "boolean",
      default: false,
      describe: "a run that selects no source file is not an error",
    });
}

function splitList(v: string | string[]): string[] {
  return (Array.isArray(v) ? v : [v])
    .flatMap((x) => x.split(","))
    .map((x) => x.trim())
    .filter(Boolean);
}

/** The project lock `apply` holds (see engine/write.ts), released when main() returns. */
let heldLock: { release(): void } | undefined;

/** Whether this process is the `leakmod` command (not `main()` called in-process). */
let isMain = false;

async function runCommand(mode: Mode, args: CommonArgs): Promise<number> {
  const cwd = process.cwd();
  const format: Format = args.json ? "json" : args.format;
  const machine = format !== "text";
  if (args.interactive && format !== "text") {
    throw new UserError("--interactive shows its own screens; it takes no --format");
  }
  const chatty = !args.quiet && !machine && !isCI();
  // Usage errors first, before the compiler is loaded.
  const [{ selectTransformIds }, { parseShard, toPosix: toPosixPath }] = await Promise.all([
    import("./transforms/registry.js"),
    import("./engine/files.js"),
  ]);
  selectTransformIds(args.transform);
  const shard = args.shard !== undefined ? parseShard(args.shard) : undefined;
  // As a command (not main() called in-process): keep the compiler's compiled code between runs.
  if (isMain) (await import("./engine/compile-cache.js")).enableCompileCache();
  const [
    { default: pc },
    { findGitRoot },
    { terminalProgress, silentProgress, wantsProgress },
    { run },
    { applyChanges, checkFilesAgainstGit, lockProject },
    { findTsconfig },
    { colourDiff, unifiedDiff },
    { jsonReport },
    { sarifReport },
    { summaryLine, textReport },
    { selectTransforms, transforms: allTransforms },
    { baselineJson, readBaseline, writeBaselineFile },
    { wantsColour },
    { githubReport },
    { htmlReport },
    { assertInteractive, interactiveReview },
    { configHash, fileTextOrNull },
  ] = await Promise.all([
    import("picocolors"),
    import("./engine/files.js"),
    import("./engine/progress.js"),
    import("./engine/run.js"),
    import("./engine/write.js"),
    import("./engine/project.js"),
    import("./report/diff.js"),
    import("./report/json.js"),
    import("./report/sarif.js"),
    import("./report/text.js"),
    import("./transforms/index.js"),
    import("./engine/baseline.js"),
    import("./report/colour.js"),
    import("./report/github.js"),
    import("./report/html.js"),
    import("./review.js"),
    import("./report/merge.js"),
  ]);
  if (args.interactive) assertInteractive(process.stdin);
  const baseline =
    args.baseline !== undefined ? readBaseline(path.resolve(cwd, args.baseline), args.baseline) : undefined;
  const transforms = selectTransforms(args.transform);
  const progress = wantsProgress({ quiet: args.quiet, machineOutput: machine }) ? terminalProgress() : silentProgress;

  // Ctrl-C (or SIGTERM, SIGHUP) before the write phase: nothing was written, so stop at once with
  // one line. (The write phase handles signals itself: it removes these first.)
  const interrupted = (signal: keyof typeof SIGNAL_EXIT): void => {
    progress.stop();
    heldLock?.release();
    process.stderr.write("leakmod: interrupted before writing; nothing changed\n");
    process.exit(SIGNAL_EXIT[signal]);
  };
  const stopSignals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  const handleSignals = (on: boolean): void => {
    for (const s of stopSignals) {
      if (on) process.on(s, interrupted);
      else process.off(s, interrupted);
    }
  };
  let result: Awaited<ReturnType<typeof run>>;
  // Before the lock: a signal that comes once the lock exists finds the handler in place.
  if (!args.interactive) handleSignals(true);
  try {
    if (mode === "apply") {
      // One `apply` at a time on a project: its git repository, or the folder of its tsconfig
      // (released when main() returns, or at exit).
      const probe = path.resolve(cwd, args.project ?? args.paths?.[0] ?? ".");
      const dir = path.extname(probe) ? path.dirname(probe) : probe;
      const tsconfig = findTsconfig(cwd, args.project, args.paths?.[0]);
      heldLock = lockProject(findGitRoot(dir) ?? (tsconfig ? path.dirname(tsconfig) : dir), cwd);
    }
    result = await run({
      // `apply` refuses a tree git cannot check before the wait (as soon as the files some
      // transform may rewrite are known); dirty and untracked files are judged after the analysis,
      // on the files it writes.
      ...(mode === "apply" && !args.force
        ? { beforeAnalysis: (files: string[]) => void checkFilesAgainstGit(files, { cwd, force: false, early: true }) }
        : {}),
      cwd,
      paths: args.paths ?? [],
      ...(args.project !== undefined ? { project: args.project } : {}),
      transforms,
      mode,
      unsafe: args.unsafe,
      format: args.prettier,
      modernize: args.modernize,
      ...(shard ? { shard } : {}),
      progress,
      known: allTransforms,
      kinds: { select: args.rule ?? [], ignore: args.ignoreRule ?? [] },
      requireReason: args.requireReason,
      ...(baseline ? { baseline } : {}),
      allowEmpty: args.allowEmpty,
      ...(args.cache
        ? { cache: { location: args.cacheLocation ?? path.join("node_modules", ".cache", "leakmod") + path.sep } }
        : {}),
      ...(args.interactive
        ? {
            review: interactiveReview({
              input: process.stdin,
              output: process.stdout,
              colour: wantsColour(process.stdout),
              cwd,
            }),
          }
        : {}),
    });
  } finally {
    handleSignals(false);
  }
  let applied: Awaited<ReturnType<typeof applyChanges>> | undefined;
  if (mode === "apply") {
    applied = await applyChanges(result.changes, result.findings, { cwd, force: args.force });
    result.warnings.push(...applied.notes);
  }
  // Warnings can change what a result means (files skipped, nothing undoable): shown in CI too.
  if (!args.quiet) for (const w of result.warnings) process.stderr.write(`leakmod: warning: ${w}\n`);

  // What the shards of one run share, for `leakmod merge` (report/merge.ts).
  const rel = (p: string): string => toPosixPath(path.relative(result.root, path.resolve(cwd, p)));
  const runHash = configHash({
    command: mode,
    cwd: rel("."),
    paths: (args.paths ?? []).map(rel),
    project: args.project !== undefined ? rel(args.project) : null,
    tsconfig: result.tsconfigPath ? [rel(result.tsconfigPath), fileTextOrNull(result.tsconfigPath)] : null,
    config: fileTextOrNull(path.join(result.root, "leakmod.config.json")),
    transforms: transforms.map((t) => t.id),
    unsafe: args.unsafe,
    prettier: args.prettier,
    modernize: args.modernize,
    rule: args.rule ?? [],
    ignoreRule: args.ignoreRule ?? [],
    requireReason: args.requireReason,
    baseline: args.baseline !== undefined ? fileTextOrNull(path.resolve(cwd, args.baseline)) : null,
  });
  const colourOut = wantsColour(process.stdout);
  const colourErr = wantsColour(process.stderr);
  const patchBase = findGitRoot(result.root) ?? cwd;
  const patch = mode === "diff" ? unifiedDiff(result.changes, patchBase) : undefined;
  const written = applied ? applied.written.length : result.changes.length;
  const notWritten = applied?.notWritten ?? 0;
  const report = {
    cwd,
    filesAnalyzed: result.filesAnalyzed,
    filesChanged: written,
    filesNotWritten: notWritten,
    mode,
    source: (file: string) => result.sources.get(file),
    suppressed: result.suppressed.length,
    baselined: result.baselined.length,
    unusedSuppressions: result.unusedSuppressions,
    staleBaseline: result.staleBaseline,
  };
  if (args.writeBaseline !== undefined) {
    const target = path.resolve(cwd, args.writeBaseline);
    writeBaselineFile(target, args.writeBaseline, baselineJson([...result.findings, ...result.baselined], result.root));
    if (!args.quiet) {
      process.stderr.write(
        `leakmod: wrote ${result.findings.length + result.baselined.length} finding(s) to the baseline ${args.writeBaseline}\n`,
      );
    }
  }
  if (format === "json") {
    process.stdout.write(
      jsonReport(result.findings, {
        cwd,
        root: result.root,
        command: mode,
        version: version(),
        filesAnalyzed: result.filesAnalyzed,
        filesChanged: written,
        filesNotWritten: notWritten,
        warnings: result.warnings,
        ...(patch !== undefined ? { patch } : {}),
        suppressed: report.suppressed,
        baselined: report.baselined,
        unusedSuppressions: result.unusedSuppressions,
        staleBaseline: result.staleBaseline,
        configHash: runHash,
        ...(shard ? { shard } : {}),
      }),
    );
  } else if (format === "sarif") {
    process.stdout.write(
      sarifReport(result.findings, {
        cwd,
        root: result.root,
        version: version(),
        transforms,
        warnings: result.warnings,
        command: mode,
        configHash: runHash,
        ...(shard ? { shard } : {}),
      }),
    );
  } else if (format === "github") {
    process.stdout.write(githubReport(result.findings, { cwd, summary: summaryLine(result.findings, report) }));
  } else if (format === "html") {
    process.stdout.write(
      htmlReport(result.findings, {
        ...report,
        root: result.root,
        version: version(),
        command: mode,
        transforms,
      }),
    );
  } else if (mode === "diff") {
    process.stdout.write(colourOut ? colourDiff(patch!, pc.createColors(true)) : patch!);
    if (chatty) {
      if (result.findings.length > 0)
        process.stderr.write(textReport(result.findings, { ...report, colour: colourErr }));
      else process.stderr.write(`${summaryLine(result.findings, report)}\n`);
    }
  } else {
    process.stdout.write(textReport(result.findings, { ...report, colour: colourOut }));
  }
  for (const e of result.internalErrors) process.stderr.write(`leakmod: internal error: ${e}\n`);
  if (applied?.error) process.stderr.write(`leakmod: ${applied.exitCode === 2 ? "error: " : ""}${applied.error}\n`);
  if (applied?.exitCode !== undefined) return applied.exitCode;
  if (result.internalErrors.length > 0) return EXIT.internal;
  if (args.writeBaseline !== undefined) return EXIT.ok;
  return failing(result.findings, args.failOn, mode, args.modernize) > 0 ? EXIT.findings : EXIT.ok;
}

export async function main(argv: string[]): Promise<number> {
  // `--no-format` (DESIGN.md) turns prettier off; `--format` names the report format.
  const args = argv.map((a) => (a === "--no-format" ? "--no-prettier" : a));
  let exitCode: number = EXIT.ok;
  const parser = yargs(args)
    .scriptName("leakmod")
    .usage(
      "$0 <command> [paths..] [options]\n\nFinds and fixes memory and resource leaks in TypeScript and JavaScript.",
    )
    .command(
      "audit [paths..]",
      "Report every leak; change nothing",
      (y) =>
        commonOptions(y).option("write-baseline", {
          type: "string",
          describe: "record today's findings in this file (then use --baseline to fail only on new ones)",
        }),
      async (a) => {
        exitCode = await runCommand("audit", a);
      },
    )
    .command(
      "diff [paths..]",
      "Print the fixes as a unified diff (for review); change nothing",
      (y) => commonOptions(y),
      async (a) => {
        exitCode = await runCommand("diff", a);
      },
    )
    .command(
      "apply [paths..]",
      "Apply the fixes in place (refuses a dirty git tree without --force)",
      (y) =>
        commonOptions(y).option("interactive", {
          alias: "i",
          type: "boolean",
          default: false,
          describe: "review each fix (accept, skip, all of a kind, rest of a file, quit) before writing",
        }),
      async (a) => {
        exitCode = await runCommand("apply", a);
      },
    )
    .command(
      "review [paths..]",
      "Same as apply --interactive: accept or skip each fix, then write the accepted ones",
      (y) => commonOptions(y),
      async (a) => {
        exitCode = await runCommand("apply", { ...(a as unknown as CommonArgs), interactive: true });
      },
    )
    .command(
      "merge <reports..>",
      "Merge the JSON or SARIF reports of the shards of one run (--shard i/n) into the unsharded run's report",
      (y) =>
        y
          .positional("reports", { type: "string", array: true, describe: "the shard reports, all JSON or all SARIF" })
          .option("fail-on", FAIL_ON_OPTION)
          .option("modernize", {
            choices: ["report", "off", "fail"] as const,
            // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
            default: "report" as Modernize,
            describe: "count modernisations for --fail-on (fail), as the shards' runs did",
          }),
      async (a) => {
        // Plain JSON work: no compiler, no prettier, no transforms.
        const { mergeReports } = await import("./report/merge.js");
        const merged = mergeReports(a.reports ?? [], process.cwd());
        process.stdout.write(merged.text);
        exitCode =
          failing(
            merged.findings as unknown as Finding[],
            a.failOn,
            merged.command === "apply" ? "apply" : "audit",
            a.modernize,
          ) > 0
            ? EXIT.findings
            : EXIT.ok;
      },
    )
    .command(
      "rules",
      "List the transforms, their finding kinds and tiers",
      (y) =>
        y
          .option("format", { alias: "f", choices: ["text", "json"] as const, default: "text" })
          .option("json", { type: "boolean", default: false }),
      async (a) => {
        const json = a.json || a.format === "json";
        // The registry holds the kinds' metadata only: `rules` never loads the compiler.
        const [{ rulesJson, rulesText }, { transformInfos }] = await Promise.all([
          import("./report/rules.js"),
          import("./transforms/registry.js"),
        ]);
        process.stdout.write(json ? rulesJson(transformInfos) : rulesText(transformInfos));
      },
    )
    .example("$0 audit src/", "pre-refactor audit: every leak with file:line, why, and whether it can be fixed safely")
    .example("$0 audit --format sarif > leaks.sarif", "the same for a code-scanning UI; --format json for scripts")
    .example("$0 audit --fail-on safe", "CI gate: exit 1 while safely fixable leaks remain")
    .example("$0 diff src/ > leaks.patch", "dry-run diff review: a patch to read, then `git apply leaks.patch`")
    .example("$0 apply src/", "bulk migration: rewrite in place (safe fixes), then type-check as usual")
    .example("$0 apply --unsafe -t weak-refs src/", "also apply the unsafe fixes of one transform")
    .example("$0 apply --interactive", "review each fix like `git add -p` (also: leakmod review)")
    .example(
      "$0 audit --baseline leakmod-baseline.json --fail-on manual",
      "CI gate: fail only on findings not in the baseline",
    )
    .example("$0 apply --shard 2/4", "process the 2nd of 4 deterministic slices (CI matrices)")
    .example(
      "$0 merge shard-*.json --fail-on safe",
      "one report from the shards' reports (JSON or SARIF), and the gate",
    )
    .demandCommand(1, "name a command: audit, diff, apply, merge or rules")
    .strict()
    .recommendCommands()
    .help()
    .alias("h", "help")
    .version(version())
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      throw new UserError(`${message} (see leakmod --help)`);
    });
  try {
    await parser.parseAsync();
    heldLock?.release();
  } catch (error) {
    heldLock?.release();
    if (isUserError(error)) {
      process.stderr.write(`leakmod: error: ${oneLine(error)}\n`);
      return EXIT.usage;
    }
    process.stderr.write(
      `leakmod: internal error: ${oneLine(error)}${process.env.LEAKMOD_DEBUG ? `\n${(error as Error).stack}` : " (set LEAKMOD_DEBUG=1 for details)"}\n`,
    );
    return EXIT.internal;
  }
  return exitCode;
}

function invokedDirectly(): boolean {
  if (process.argv[1] === undefined) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/**
 * Runs the command line of this process: the `leakmod` command. dist/cli.js calls it (the
 * bundled CLI, scripts/bundle.mjs); this module calls it itself when it is the entry (unbundled).
 */
export function runAsCli(): void {
  isMain = true;
  // `leakmod audit | head -1`: a reader that stops reading is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
    });
  }
  main(hideBin(process.argv)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`leakmod: internal error: ${oneLine(error)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}

if (invokedDirectly()) runAsCli();
