/**
 * Every fixture pair under __testfixtures__/<transform>/ (see its README), in process:
 * - the engine, as `leakmod apply` runs it (`run()`, mode diff, then the changes written), on a
 *   temporary project holding the inputs: outputs compared exactly, findings against the
 *   input's `REPORT:`/`OK:` annotations, full messages against a file snapshot;
 * - a second run on the written outputs changes nothing (idempotence);
 * - inputs and outputs type-check (no diagnostics) in that project;
 * - the jscodeshift adapter, with jscodeshift's own `applyTransform`.
 * The CLI itself (argument parsing, writing, exit codes) is tested end to end in cli.test.ts.
 * Every run of this file shares the parsed lib and @types files (src/engine/shared-files.ts).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Project, ts } from "ts-morph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../src/engine/run.js";
import { shareDeclarationFiles } from "../src/engine/shared-files.js";
import type { Finding } from "../src/engine/types.js";
import { selectTransforms } from "../src/transforms/index.js";
import { defaultStatus, expectedFindings, type Annotations, type ExpectedFinding } from "./annotations.js";
import { FIXTURES, REPO, tempProject, tsconfigFor, type TempProject } from "./helpers.js";

const require = createRequire(import.meta.url);
const { applyTransform } = require("jscodeshift/src/testUtils") as {
  applyTransform: (module: unknown, options: unknown, input: { path: string; source: string }) => Promise<string>;
};

interface CaseOptions {
  unsafe?: boolean;
  compilerOptions?: Record<string, unknown>;
  enginesNode?: string;
}

interface Case {
  transform: string;
  name: string;
  ext: string;
  inputPath: string;
  input: string;
  output: string;
  options: CaseOptions;
  annotations: Annotations;
}

function discover(): Map<string, Case[]> {
  const byTransform = new Map<string, Case[]>();
  for (const transform of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!transform.isDirectory()) continue;
    const dir = path.join(FIXTURES, transform.name);
    const cases: Case[] = [];
    for (const file of readdirSync(dir).sort()) {
      const match = /^(.*)\.input\.([cm]?[jt]sx?)$/.exec(file);
      if (!match) continue;
      const [, name, ext] = match as unknown as [string, string, string];
      const optionsPath = path.join(dir, `${name}.options.json`);
      const options = existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, "utf8")) as CaseOptions) : {};
      const input = readFileSync(path.join(dir, file), "utf8");
      const { annotations, expected } = expectedFindings(path.join(dir, file), input, {
        unsafe: Boolean(options.unsafe),
      });
      annotations.expected = expected;
      cases.push({
        transform: transform.name,
        name,
        ext,
        inputPath: path.join(dir, file),
        input,
        output: readFileSync(path.join(dir, `${name}.output.${ext}`), "utf8"),
        options,
        annotations,
      });
    }
    if (cases.length > 0) byTransform.set(transform.name, cases);
  }
  return byTransform;
}

interface GroupResult {
  project: TempProject;
  /** An empty project with the same configuration, where the adapter's files are said to be. */
  adapterProject: TempProject;
  /** What the first run would write, per file (absent: unchanged). */
  written: Map<string, string>;
  findings: Finding[];
  internalErrors: string[];
  /** Files the second run, on the outputs, would change. */
  secondChanged: string[];
  secondErrors: string[];
  inputDiagnostics: Map<string, string[]>;
  outputDiagnostics: Map<string, string[]>;
}

function diagnosticsByFile(dir: string, files: string[]): Map<string, string[]> {
  const project = new Project({ tsConfigFilePath: path.join(dir, "tsconfig.json"), skipAddingFilesFromTsConfig: true });
  shareDeclarationFiles(project);
  const result = new Map<string, string[]>();
  for (const f of files) project.addSourceFileAtPath(path.join(dir, f));
  for (const f of files) {
    const sf = project.getSourceFileOrThrow(path.join(dir, f));
    result.set(
      f,
      sf.getPreEmitDiagnostics().map((d) => {
        const line = d.getLineNumber();
        return `${f}:${line}: TS${d.getCode()} ${ts.flattenDiagnosticMessageText(d.getMessageText() as string | ts.DiagnosticMessageChain, " ")}`;
      }),
    );
  }
  return result;
}

const fileOf = (c: Case): string => `${c.name}.${c.ext}`;

/** A finding as the annotations describe it. */
function described(f: Finding): ExpectedFinding {
  return {
    line: f.line,
    kind: f.kind,
    applicability: f.applicability,
    status: f.fixStatus === "none" ? "none" : f.fixStatus,
  };
}

const byLineAndKind = (a: ExpectedFinding, b: ExpectedFinding): number =>
  a.line - b.line || a.kind.localeCompare(b.kind) || a.applicability.localeCompare(b.applicability);

const all = discover();

for (const [transform, cases] of all) {
  describe(`fixtures: ${transform}`, () => {
    // One temporary project per distinct set of options.
    const groups = new Map<string, Case[]>();
    for (const c of cases) {
      const key = JSON.stringify(c.options);
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const results = new Map<string, GroupResult>();

    beforeAll(async () => {
      for (const [key, group] of groups) {
        const options = group[0].options;
        const files: Record<string, string> = {
          "tsconfig.json": tsconfigFor(options.compilerOptions),
          ".prettierrc.json": readFileSync(path.join(FIXTURES, ".prettierrc.json"), "utf8"),
          "package.json": `${JSON.stringify({ name: "fixtures", private: true, type: "module", ...(options.enginesNode ? { engines: { node: options.enginesNode } } : {}) }, null, 2)}\n`,
        };
        const adapterProject = tempProject({ ...files }, { git: false });
        for (const c of group) files[fileOf(c)] = c.input;
        const project = tempProject(files, { git: false });
        const names = group.map(fileOf);
        const inputDiagnostics = diagnosticsByFile(project.dir, names);
        const runOnce = () =>
          run({
            cwd: project.dir,
            paths: ["."],
            transforms: selectTransforms([transform]),
            mode: "apply",
            unsafe: Boolean(options.unsafe),
          });
        const first = await runOnce();
        const written = new Map<string, string>();
        for (const change of first.changes) {
          written.set(path.relative(project.dir, change.file), change.after);
          writeFileSync(change.file, change.after);
        }
        const outputDiagnostics = diagnosticsByFile(project.dir, names);
        const second = await runOnce();
        results.set(key, {
          project,
          adapterProject,
          written,
          findings: first.findings,
          internalErrors: first.internalErrors,
          secondChanged: second.changes.map((c) => path.relative(project.dir, c.file)),
          secondErrors: second.internalErrors,
          inputDiagnostics,
          outputDiagnostics,
        });
      }
    });

    afterAll(() => {
      for (const r of results.values()) {
        r.project.cleanup();
        r.adapterProject.cleanup();
      }
    });

    for (const c of cases) {
      const result = (): GroupResult => results.get(JSON.stringify(c.options))!;
      const findingsOf = (r: GroupResult): Finding[] =>
        r.findings.filter((f) => path.relative(r.project.dir, f.file) === fileOf(c));

      it(`${c.name}: input type-checks`, () => {
        expect(result().inputDiagnostics.get(fileOf(c))).toEqual([]);
      });

      it(`${c.name}: apply gives the expected output`, () => {
        const r = result();
        expect(r.internalErrors).toEqual([]);
        expect(r.written.get(fileOf(c)) ?? c.input).toBe(c.output);
      });

      it(`${c.name}: findings are on the annotated lines, with their kind, tier and fix status`, () => {
        const r = result();
        expect(c.annotations.errors).toEqual([]);
        const got = findingsOf(r).map(described).sort(byLineAndKind);
        expect(got).toEqual([...c.annotations.expected].sort(byLineAndKind));
        for (const f of findingsOf(r)) expect(f.rule).toBe(transform);
        for (const [line, reason] of c.annotations.ok) {
          expect(
            got.filter((f) => f.line === line),
            `line ${line} is marked OK (${reason})`,
          ).toEqual([]);
        }
      });

      it(`${c.name}: messages`, async () => {
        const messages = findingsOf(result())
          .map((f) => {
            const tier = `${f.applicability}${f.fixStatus === defaultStatus(f.applicability, Boolean(c.options.unsafe)) ? "" : `, ${f.fixStatus}`}`;
            const note = f.fixNote ? `\n  fix: ${f.fixNote}` : "";
            return `${f.line}:${f.column} ${f.kind} [${tier}]\n  ${f.message}${note}\n`;
          })
          .join("\n");
        await expect(messages).toMatchFileSnapshot(
          path.join(FIXTURES, c.transform, "__snapshots__", `${c.name}.messages.txt`),
        );
      });

      it(`${c.name}: output type-checks`, () => {
        expect(result().outputDiagnostics.get(fileOf(c))).toEqual([]);
      });

      it(`${c.name}: second run changes nothing`, () => {
        const r = result();
        expect(r.secondErrors).toEqual([]);
        expect(r.secondChanged).not.toContain(fileOf(c));
      });

      it(`${c.name}: jscodeshift adapter gives the same output`, async () => {
        const adapter = (await import(path.join(REPO, "src", "jscodeshift", `${transform}.ts`))) as {
          default: unknown;
        };
        const options = {
          ...(c.options.unsafe ? { unsafe: true } : {}),
          ...(c.options.compilerOptions ? { compilerOptions: c.options.compilerOptions } : {}),
          ...(c.options.enginesNode ? { enginesNode: c.options.enginesNode } : {}),
        };
        // In a project outside this repository, whose .prettierignore lists __testfixtures__.
        const file = path.join(result().adapterProject.dir, fileOf(c));
        const out = await applyTransform(adapter, options, { path: file, source: c.input });
        expect(out).toBe(c.output.trim());
        const again = await applyTransform(adapter, options, { path: file, source: c.output });
        expect(again).toBe(c.output.trim());
      });
    }
  });
}
