/**
 * The annotations of a fixture input (see __testfixtures__/README.md):
 *
 *   cache.set(key, value); // REPORT: object-keyed-cache safe
 *   const total = []; // OK: read after the loop, so it cannot move into it
 *
 * `REPORT: <kind> <tier> [<fix status>]` on the line where a finding is expected (several on one
 * line are separated by `;`), `OK: <reason>` on a line that must not be reported. Only comments
 * count (found with the TypeScript scanner, so a string holding "REPORT:" is not one); a comment
 * that names REPORT or OK without following the grammar is an error, not silently ignored.
 */
import { existsSync, readFileSync } from "node:fs";
import { ts } from "ts-morph";

export type Tier = "safe" | "unsafe" | "manual";
export type FixStatus = "applied" | "skipped" | "conflict" | "withdrawn" | "none";

export interface ExpectedFinding {
  line: number;
  kind: string;
  applicability: Tier;
  status: FixStatus;
}

export interface Annotations {
  expected: ExpectedFinding[];
  /** Lines that must have no finding, with the reason given. */
  ok: Map<number, string>;
  /** Malformed annotations, as `line N: text`. */
  errors: string[];
}

const TIERS = new Set(["safe", "unsafe", "manual"]);
const STATUSES = new Set(["applied", "skipped", "conflict", "withdrawn", "none"]);
const MENTION = /\b(REPORT|OK)\b/;

/** The status a finding of this tier gets when nothing special happens to its fix. */
export function defaultStatus(tier: Tier, unsafe: boolean): FixStatus {
  if (tier === "manual") return "none";
  if (tier === "unsafe" && !unsafe) return "skipped";
  return "applied";
}

/** Every comment of the file with its 1-based line. */
export function commentsOf(fileName: string, text: string): { line: number; text: string }[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const seen = new Map<number, { line: number; text: string }>();
  const add = (ranges: ts.CommentRange[] | undefined): void => {
    for (const r of ranges ?? []) {
      if (seen.has(r.pos)) continue;
      seen.set(r.pos, { line: sf.getLineAndCharacterOfPosition(r.pos).line + 1, text: text.slice(r.pos, r.end) });
    }
  };
  // Every token, punctuation included: a comment after `,` or `{` is trailing trivia of that token.
  const visit = (node: ts.Node): void => {
    const children = node.getChildren(sf);
    if (children.length === 0) {
      add(ts.getLeadingCommentRanges(text, node.pos));
      add(ts.getTrailingCommentRanges(text, node.end));
    }
    for (const child of children) visit(child);
  };
  visit(sf);
  return [...seen.values()].sort((a, b) => a.line - b.line);
}

export function parseAnnotations(fileName: string, text: string, options: { unsafe: boolean }): Annotations {
  const expected: ExpectedFinding[] = [];
  const ok = new Map<number, string>();
  const errors: string[] = [];
  for (const comment of commentsOf(fileName, text)) {
    if (!MENTION.test(comment.text)) continue;
    const body = comment.text.replace(/^\/\/|^\/\*|\*\/$/g, "");
    const okMatch = /\bOK: (\S.*)$/.exec(body);
    if (okMatch) {
      ok.set(comment.line, okMatch[1].trim());
      continue;
    }
    const at = body.indexOf("REPORT:");
    if (at < 0) {
      errors.push(`line ${comment.line}: ${comment.text.trim()} (expected "REPORT: <kind> <tier>" or "OK: <reason>")`);
      continue;
    }
    for (const part of body.slice(at).split(";")) {
      const m = /^\s*REPORT: ([\w-]+) (\w+)(?: (\w+))?\s*$/.exec(part);
      if (!m || !TIERS.has(m[2]) || (m[3] !== undefined && !STATUSES.has(m[3]))) {
        errors.push(`line ${comment.line}: ${part.trim()} (expected "REPORT: <kind> <safe|unsafe|manual> [<status>]")`);
        continue;
      }
      const tier = m[2] as Tier;
      expected.push({
        line: comment.line,
        kind: m[1],
        applicability: tier,
        status: (m[3] as FixStatus | undefined) ?? defaultStatus(tier, options.unsafe),
      });
    }
  }
  for (const e of expected) {
    if (ok.has(e.line)) errors.push(`line ${e.line}: both REPORT and OK`);
  }
  return { expected, ok, errors };
}

/** `text` without its trailing `// REPORT: …` and `// OK: …` annotations (for tests that edit fixture code by hand). */
export function withoutAnnotations(text: string): string {
  return text.replace(/[ \t]*\/\/ (?:REPORT|OK): [^\r\n]*/g, "");
}

/** The findings a fixture input expects: its annotations, plus a `<case>.findings.json` if one is left. */
export function expectedFindings(
  inputPath: string,
  input: string,
  options: { unsafe: boolean },
): { annotations: Annotations; expected: ExpectedFinding[] } {
  const annotations = parseAnnotations(inputPath, input, options);
  const legacy = inputPath.replace(/\.input\.[cm]?[jt]sx?$/, ".findings.json");
  const expected = [
    ...annotations.expected,
    ...(legacy !== inputPath && existsSync(legacy)
      ? (JSON.parse(readFileSync(legacy, "utf8")) as ExpectedFinding[])
      : []),
  ];
  return { annotations, expected };
}
