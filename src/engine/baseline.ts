/**
 * Fingerprints and the baseline file.
 *
 * A fingerprint is a hash of the kind, the file (relative to the project root) and a normalised
 * snippet of the finding's code (whitespace, semicolons, trailing commas and quote style removed):
 * no line numbers, so it survives code moving above it and reformatting. Identical snippets in
 * one file are told apart by their order (`#2`, `#3`…).
 *
 * The baseline (`--write-baseline`) lists today's findings by fingerprint; `--baseline` hides the
 * findings it lists and reports its entries that no longer match, so the file can shrink.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { writeAtomically } from "./atomic-write.js";
import { UserError } from "./errors.js";
import { toPosix } from "./files.js";
import type { Finding } from "./types.js";

export const BASELINE_VERSION = 1;
/** The snippet is cut to this many normalised characters: a long span's far end does not count. */
const SNIPPET_LIMIT = 160;

export function normaliseSnippet(code: string): string {
  return code
    .replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, "")
    .replace(/['`]/g, '"')
    .replace(/,(\s*[)\]}>])/g, "$1")
    .replace(/[\s;]+/g, "")
    .slice(0, SNIPPET_LIMIT);
}

function offsetOf(starts: readonly number[], line: number, column: number): number {
  return (starts[line - 1] ?? 0) + column - 1;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/**
 * Sets `fingerprint` on every finding. `texts` gives each file's text (no BOM); `root` is the
 * project root the paths are taken from.
 */
export function fingerprintFindings(
  findings: readonly Finding[],
  texts: (file: string) => string | undefined,
  root: string,
): void {
  const starts = new Map<string, number[]>();
  const seen = new Map<string, number>();
  const ordered = [...findings].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
  );
  for (const f of ordered) {
    const text = texts(f.file) ?? "";
    let s = starts.get(f.file);
    if (!s) starts.set(f.file, (s = lineStarts(text)));
    const snippet = normaliseSnippet(text.slice(offsetOf(s, f.line, f.column), offsetOf(s, f.endLine, f.endColumn)));
    const base = `${f.rule}/${f.kind}\0${toPosix(path.relative(root, f.file))}\0${snippet}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    f.fingerprint = createHash("sha256")
      .update(n === 1 ? base : `${base}\0#${n}`)
      .digest("hex")
      .slice(0, 32);
  }
}

export interface BaselineEntry {
  ruleId: string;
  /** Relative to the project root, forward slashes. */
  file: string;
  fingerprint: string;
  /** Where it was when recorded (information only; matching never uses it). */
  line: number;
  message: string;
}

export interface BaselineFile {
  leakmodBaseline: number;
  findings: BaselineEntry[];
}

export function baselineJson(findings: readonly Finding[], root: string): string {
  const entries: BaselineEntry[] = [...findings]
    .map((f) => ({
      ruleId: `${f.rule}/${f.kind}`,
      file: toPosix(path.relative(root, f.file)),
      fingerprint: f.fingerprint!,
      line: f.line,
      message: f.message,
    }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const doc: BaselineFile = { leakmodBaseline: BASELINE_VERSION, findings: entries };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Reads and checks a baseline file; anything that is not one is a UserError naming it. */
export function readBaseline(file: string, shown: string): BaselineEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UserError(`cannot read the baseline ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${shown}: not a leakmod baseline (not JSON: ${(error as Error).message})`);
  }
  const doc = json as Partial<BaselineFile> | null;
  if (typeof doc !== "object" || doc === null || Array.isArray(doc) || !("leakmodBaseline" in doc)) {
    throw new UserError(`${shown}: not a leakmod baseline (no "leakmodBaseline" key; write one with --write-baseline)`);
  }
  if (doc.leakmodBaseline !== BASELINE_VERSION) {
    throw new UserError(
      `${shown}: unsupported baseline version ${JSON.stringify(doc.leakmodBaseline)} (expected ${BASELINE_VERSION})`,
    );
  }
  if (!Array.isArray(doc.findings))
    throw new UserError(`${shown}: not a leakmod baseline ("findings" is not an array)`);
  doc.findings.forEach((e: unknown, i) => {
    const entry = e as Partial<BaselineEntry> | null;
    const ok =
      typeof entry === "object" &&
      entry !== null &&
      typeof entry.ruleId === "string" &&
      typeof entry.file === "string" &&
      typeof entry.fingerprint === "string";
    if (!ok) throw new UserError(`${shown}: findings[${i}] needs string "ruleId", "file" and "fingerprint"`);
  });
  return doc.findings;
}

/**
 * Splits `findings` into new ones and those the baseline lists; returns the entries that
 * matched nothing (stale). Each entry matches at most one finding.
 */
export function applyBaseline(
  findings: readonly Finding[],
  entries: readonly BaselineEntry[],
  root: string,
): { fresh: Finding[]; baselined: Finding[]; stale: BaselineEntry[] } {
  const pool = new Map<string, BaselineEntry[]>();
  const key = (ruleId: string, file: string, fp: string): string => `${ruleId}\0${file}\0${fp}`;
  for (const e of entries) {
    const k = key(e.ruleId, e.file, e.fingerprint);
    const list = pool.get(k) ?? [];
    list.push(e);
    pool.set(k, list);
  }
  const fresh: Finding[] = [];
  const baselined: Finding[] = [];
  for (const f of findings) {
    const list = pool.get(key(`${f.rule}/${f.kind}`, toPosix(path.relative(root, f.file)), f.fingerprint ?? ""));
    if (list && list.length > 0) {
      list.shift();
      baselined.push(f);
    } else fresh.push(f);
  }
  return { fresh, baselined, stale: [...pool.values()].flat() };
}

/** Writes the baseline atomically (a temporary file in the same folder, then a rename). */
export function writeBaselineFile(file: string, shown: string, text: string): void {
  const error = writeAtomically(file, text);
  if (error) throw new UserError(`cannot write the baseline ${shown}: ${error.code ?? String(error)}`);
}
