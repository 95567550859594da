/**
 * SARIF 2.1.0 for code-scanning UIs: one run, a rule per transform kind with help text, a
 * result per finding with its applicability in `properties`, and a fix's edits as `fixes`.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ruleIdOf, type TransformInfo } from "../engine/kinds.js";
import type { Finding } from "../engine/types.js";
import { findGitRoot, toPosix } from "../engine/files.js";

export interface SarifOptions {
  cwd: string;
  root: string;
  version: string;
  transforms: readonly TransformInfo[];
  /** Warnings of the run: they can change what the results mean, so they go in the log too. */
  warnings?: readonly string[];
  /** In `run.properties.leakmod`, for `leakmod merge` (see report/merge.ts). */
  command?: string;
  configHash?: string;
  shard?: { index: number; count: number };
}

/** A relative path as a URI reference: each segment percent-encoded (spaces, non-ASCII, `#`, `%`…). */
export function relativeUri(relative: string): string {
  return toPosix(relative)
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

export function sarifReport(findings: readonly Finding[], options: SarifOptions): string {
  const rules = options.transforms.flatMap((t) =>
    t.kinds.map((k) => ({
      id: ruleIdOf(k),
      name: k.id.replace(/(^|-)(\w)/g, (_m, _d, ch: string) => ch.toUpperCase()),
      shortDescription: { text: k.title },
      fullDescription: { text: k.help },
      help: { text: k.help, markdown: `${k.help}\n\nTiers: ${k.applicabilities.map((a) => `\`${a}\``).join(", ")}.` },
      defaultConfiguration: { level: "warning" },
      properties: {
        tags: [k.category === "modernize" ? "modernization" : "memory-leak", t.id],
        applicabilities: k.applicabilities,
        category: k.category ?? "leak",
      },
    })),
  );
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  // Code scanning resolves URIs against the repository root: relative to it, when there is one.
  const base = findGitRoot(options.root) ?? options.root;
  const uri = (file: string): string => relativeUri(path.relative(base, file));
  const results = findings.map((f) => {
    const ruleId = `${f.rule}/${f.kind}`;
    const artifactLocation = { uri: uri(f.file), uriBaseId: "SRCROOT" };
    return {
      ruleId,
      ...(ruleIndex.has(ruleId) ? { ruleIndex: ruleIndex.get(ruleId) } : {}),
      level: f.applicability === "manual" || f.category === "modernize" ? "note" : "warning",
      message: { text: `${f.message} [${f.applicability}]` },
      locations: [
        {
          physicalLocation: {
            artifactLocation,
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        },
      ],
      ...(f.fingerprint ? { partialFingerprints: { "leakmod/v1": f.fingerprint } } : {}),
      properties: {
        applicability: f.applicability,
        category: f.category ?? "leak",
        fixStatus: f.fixStatus,
        ...(f.fixNote ? { fixNote: f.fixNote } : {}),
      },
      ...(f.fix && f.applicability !== "manual"
        ? {
            fixes: [
              {
                description: { text: f.fix.description },
                artifactChanges: [
                  {
                    artifactLocation,
                    replacements: f.fix.edits.map((e) => ({
                      deletedRegion: { charOffset: e.start, charLength: e.end - e.start },
                      insertedContent: { text: e.newText },
                    })),
                  },
                ],
              },
            ],
          }
        : {}),
    };
  });
  const rootUri = pathToFileURL(base).href.replace(/\/?$/, "/");
  const notifications = (options.warnings ?? []).map((text) => ({ level: "warning", message: { text } }));
  const log = {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "leakmod",
            version: options.version,
            semanticVersion: options.version,
            informationUri: "https://www.npmjs.com/package/leakmod",
            rules,
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: rootUri } },
        columnKind: "utf16CodeUnits",
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
        ...(options.configHash
          ? {
              properties: {
                leakmod: {
                  ...(options.command ? { command: options.command } : {}),
                  configHash: options.configHash,
                  ...(options.shard ? { shard: options.shard } : {}),
                },
              },
            }
          : {}),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
