/**
 * `leakmod merge`: the reports of the shards of one run (`--shard 1/n` … `n/n`, JSON or SARIF)
 * into the report the unsharded run would have written. A file belongs to exactly one shard, so
 * the findings of a file come whole from one report: they are put back in the run's file order
 * (paths in code-unit order, as the run selects them), each file's findings in their own order.
 * Summary counts are sums. Warnings are the union, in order of first appearance (an empty
 * shard's "no source files selected" is dropped when another shard analysed files).
 *
 * Refused (a UserError, one line): a file that is not a leakmod report, JSON mixed with SARIF,
 * reports of different leakmod versions or configurations (`configHash`), a report without a
 * shard id, shard counts that differ, a shard given twice or missing.
 *
 * Nothing here loads the compiler or prettier: `merge` starts as fast as `--help`.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "../engine/errors.js";

/** What a shard report says about the run it is a slice of. */
export interface ShardInfo {
  index: number;
  count: number;
}

/**
 * A stable digest of what decides a run's findings besides the files: the command and its
 * options, the paths and working folder relative to the project root, the tsconfig and leakmod
 * configuration texts, the baseline. Shards of one run have the same; `merge` refuses others.
 */
export function configHash(parts: Record<string, unknown>): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

/** The text of a file for the configuration hash, or null when there is none. */
export function fileTextOrNull(file: string | undefined): string | null {
  if (!file) return null;
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

interface JsonFinding {
  file: string;
  [key: string]: unknown;
}

interface JsonReport {
  schemaVersion: number;
  tool: { name: string; version: string };
  command: string;
  root: string;
  configHash?: string;
  shard?: ShardInfo;
  summary: Record<string, number>;
  warnings: string[];
  unusedSuppressions: { file: string; line: number }[];
  staleBaselineEntries: { file: string; line: number }[];
  findings: JsonFinding[];
  patch?: string;
}

interface SarifResult {
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[];
  [key: string]: unknown;
}

interface SarifRun {
  tool: { driver: { name: string; version: string; rules?: unknown[] } };
  invocations?: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[];
  results: SarifResult[];
  properties?: { leakmod?: { configHash?: string; shard?: ShardInfo } };
  [key: string]: unknown;
}

interface SarifLog {
  $schema?: string;
  version: string;
  runs: SarifRun[];
}

type Loaded =
  { kind: "json"; name: string; report: JsonReport } | { kind: "sarif"; name: string; log: SarifLog; run: SarifRun };

function load(file: string, cwd: string): Loaded {
  const name = path.relative(cwd, path.resolve(cwd, file)) || file;
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), "utf8");
  } catch (error) {
    throw new UserError(`cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    throw new UserError(`${name} is not JSON: not a leakmod report`);
  }
  const d = data as Partial<JsonReport> & Partial<SarifLog>;
  if (d.tool?.name === "leakmod" && Array.isArray(d.findings) && d.summary) {
    return { kind: "json", name, report: d as JsonReport };
  }
  if (Array.isArray(d.runs) && d.runs.length === 1 && d.runs[0]?.tool?.driver?.name === "leakmod") {
    return { kind: "sarif", name, log: d as SarifLog, run: d.runs[0] };
  }
  throw new UserError(`${name} is not a leakmod JSON or SARIF report`);
}

const versionOf = (r: Loaded): string => (r.kind === "json" ? r.report.tool.version : r.run.tool.driver.version);
const hashOf = (r: Loaded): string | undefined =>
  r.kind === "json" ? r.report.configHash : r.run.properties?.leakmod?.configHash;
const shardOf = (r: Loaded): ShardInfo | undefined =>
  r.kind === "json" ? r.report.shard : r.run.properties?.leakmod?.shard;

/** Checks the reports are the n shards of one run, and returns them in shard order. */
function checkShards(reports: Loaded[]): Loaded[] {
  const [first] = reports;
  for (const r of reports) {
    if (r.kind !== first.kind) {
      throw new UserError(
        `${first.name} is ${first.kind.toUpperCase()} and ${r.name} is ${r.kind.toUpperCase()}: merge reports of one format`,
      );
    }
    if (versionOf(r) !== versionOf(first)) {
      throw new UserError(
        `the reports come from different leakmod versions (${versionOf(first)} in ${first.name}, ${versionOf(r)} in ${r.name}): run every shard with the same version`,
      );
    }
    if (!hashOf(r)) throw new UserError(`${r.name} has no configuration hash: it was written by an older leakmod`);
    if (hashOf(r) !== hashOf(first)) {
      throw new UserError(
        `${first.name} and ${r.name} come from runs with different options or configuration (configHash ${hashOf(first)} and ${hashOf(r)}): merge the shards of one run`,
      );
    }
    if (!shardOf(r))
      throw new UserError(`${r.name} is not a shard report (no shard id): it was not run with --shard i/n`);
  }
  const count = shardOf(first)!.count;
  const byIndex = new Map<number, Loaded>();
  for (const r of reports) {
    const s = shardOf(r)!;
    if (s.count !== count) {
      throw new UserError(
        `${first.name} is a shard of ${count} and ${r.name} a shard of ${s.count}: merge the shards of one run`,
      );
    }
    const twice = byIndex.get(s.index);
    if (twice) throw new UserError(`shard ${s.index}/${count} is given twice (${twice.name} and ${r.name})`);
    byIndex.set(s.index, r);
  }
  const missing = [...Array(count).keys()].map((i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new UserError(
      `shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")} ${missing.length > 1 ? "are" : "is"} missing: merge all ${count} shards`,
    );
  }
  return [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!);
}

/** A sort key giving relative paths (`../a.ts`, `src/b.ts`) the order of the absolute paths they name. */
const DEEP = `/${"x/".repeat(64)}`;
const absoluteKey = (relative: string): string => path.posix.resolve(DEEP, relative);
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `items` sorted by file (absolute order), stably: each file's items keep their order. */
function byFile<T>(items: readonly T[], fileOf: (item: T) => string): T[] {
  return items
    .map((item, i) => ({ item, i, key: absoluteKey(fileOf(item)) }))
    .sort((a, b) => byCodeUnits(a.key, b.key) || a.i - b.i)
    .map((x) => x.item);
}

function unionWarnings(lists: readonly string[][], analysedSomething: boolean): string[] {
  const out: string[] = [];
  for (const w of lists.flat()) {
    if (analysedSomething && w.startsWith("no source files selected")) continue;
    if (!out.includes(w)) out.push(w);
  }
  return out;
}

/** The sections of a `git diff`-style patch, one per file. */
function patchSections(patch: string): { file: string; text: string }[] {
  const starts = [...patch.matchAll(/^diff --git a\/(.*) b\//gm)];
  return starts.map((m, i) => ({
    file: m[1],
    text: patch.slice(m.index, i + 1 < starts.length ? starts[i + 1].index : patch.length),
  }));
}

function mergeJson(reports: JsonReport[]): JsonReport {
  const [first] = reports;
  for (const r of reports) {
    if (r.command !== first.command || r.root !== first.root || r.schemaVersion !== first.schemaVersion) {
      throw new UserError("the reports come from different commands or projects: merge the shards of one run");
    }
  }
  const sum = (key: string): number => reports.reduce((n, r) => n + (r.summary[key] ?? 0), 0);
  const summary: Record<string, number> = {};
  for (const key of Object.keys(first.summary)) summary[key] = sum(key);
  // Present only when non-zero, after filesChanged (see json.ts).
  const notWritten = sum("filesNotWritten");
  const ordered: Record<string, number> = {};
  for (const [key, value] of Object.entries(summary)) {
    if (key === "filesNotWritten") continue;
    ordered[key] = value;
    if (key === "filesChanged" && notWritten > 0) ordered.filesNotWritten = notWritten;
  }
  const analysed = sum("filesAnalyzed") > 0;
  const merged: JsonReport = {
    schemaVersion: first.schemaVersion,
    tool: first.tool,
    command: first.command,
    root: first.root,
    configHash: first.configHash!,
    summary: ordered,
    warnings: unionWarnings(
      reports.map((r) => r.warnings),
      analysed,
    ),
    unusedSuppressions: byFile(
      reports.flatMap((r) => r.unusedSuppressions),
      (u) => u.file,
    ),
    staleBaselineEntries: byFile(
      reports.flatMap((r) => r.staleBaselineEntries),
      (e) => e.file,
    ),
    findings: byFile(
      reports.flatMap((r) => r.findings),
      (f) => f.file,
    ),
  };
  if (reports.some((r) => r.patch !== undefined)) {
    merged.patch = byFile(
      reports.flatMap((r) => patchSections(r.patch ?? "")),
      (s) => s.file,
    )
      .map((s) => s.text)
      .join("");
  }
  return merged;
}

function mergeSarif(loaded: Extract<Loaded, { kind: "sarif" }>[]): SarifLog {
  const [first] = loaded;
  const uriOf = (r: SarifResult): string => {
    const uri = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? "";
    try {
      return decodeURIComponent(uri);
    } catch {
      return uri;
    }
  };
  const results = byFile(
    loaded.flatMap((l) => l.run.results),
    uriOf,
  );
  const notifications = unionWarnings(
    loaded.map((l) => (l.run.invocations?.[0]?.toolExecutionNotifications ?? []).map((n) => n.message.text)),
    true,
  );
  const { properties, ...runRest } = first.run;
  const leakmod = { ...(properties?.leakmod ?? {}) };
  delete leakmod.shard;
  const run: SarifRun = {
    ...runRest,
    invocations: [
      {
        executionSuccessful: loaded.every((l) => l.run.invocations?.[0]?.executionSuccessful !== false),
        toolExecutionNotifications: notifications.map((text) => ({ level: "warning", message: { text } })),
      },
    ],
    results,
    ...(properties ? { properties: { ...properties, leakmod } } : {}),
  };
  return { ...first.log, runs: [run] };
}

export interface MergeResult {
  format: "json" | "sarif";
  text: string;
  /** For the exit code: each finding's tier, fix status and category. */
  findings: { applicability: string; fixStatus: string; category: string }[];
  command: string;
}

/** Reads and merges the shard reports `files` (paths relative to `cwd`). */
export function mergeReports(files: readonly string[], cwd: string): MergeResult {
  if (files.length === 0) throw new UserError("name the shard reports to merge, e.g. leakmod merge shard-*.json");
  const loaded = checkShards(files.map((f) => load(f, cwd)));
  if (loaded[0].kind === "json") {
    const merged = mergeJson(loaded.map((l) => (l as Extract<Loaded, { kind: "json" }>).report));
    return {
      format: "json",
      text: `${JSON.stringify(merged, null, 2)}\n`,
      command: merged.command,
      findings: merged.findings.map((f) => {
        const { applicability, fix, category } = f as unknown as {
          applicability: string;
          fix: { status: string } | null;
          category?: string;
        };
        return { applicability, fixStatus: fix?.status ?? "none", category: category ?? "leak" };
      }),
    };
  }
  const log = mergeSarif(loaded as Extract<Loaded, { kind: "sarif" }>[]);
  const run = log.runs[0];
  return {
    format: "sarif",
    text: `${JSON.stringify(log, null, 2)}\n`,
    command: String((run.properties?.leakmod as { command?: string } | undefined)?.command ?? "audit"),
    findings: run.results.map((r) => {
      const p = (r.properties ?? {}) as { applicability?: string; fixStatus?: string; category?: string };
      return {
        applicability: p.applicability ?? "manual",
        fixStatus: p.fixStatus ?? "none",
        category: p.category ?? "leak",
      };
    }),
  };
}
