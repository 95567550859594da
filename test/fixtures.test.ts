/**
 * Every fixture pair under __testfixtures__/<transform>/, through:
 * - the CLI: `leakmod apply --format json` in a temporary git project holding the inputs,
 *   then `leakmod diff` again (idempotence: an empty patch), with inputs and outputs
 *   type-checked (no diagnostics) in that project;
 * - the jscodeshift adapter, with jscodeshift's own `applyTransform`.
 * Outputs are compared exactly, findings against `<case>.findings.json`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Project, ts } from "ts-morph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, REPO, runCli, tempProject, tsconfigFor, type TempProject } from "./helpers.js";

const require = createRequire(import.meta.url);
const { applyTransform } = require("jscodeshift/src/testUtils") as {
  applyTransform: (module: unknown, options: unknown, input: { path: string; source: string }) => Promise<string>;
};

interface CaseOptions {
  unsafe?: boolean;
  compilerOptions?: Record<string, unknown>;
  enginesNode?: string;
}

interface ExpectedFinding {
  line: number;
  kind: string;
  applicability: string;
  status: string;
}

interface Case {
  transform: string;
  name: string;
  ext: string;
  inputPath: string;
  input: string;
  output: string;
  options: CaseOptions;
  findings: ExpectedFinding[];
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
      const outputPath = path.join(dir, `${name}.output.${ext}`);
      const optionsPath = path.join(dir, `${name}.options.json`);
      const findingsPath = path.join(dir, `${name}.findings.json`);
      cases.push({
        transform: transform.name,
        name,
        ext,
        inputPath: path.join(dir, file),
        input: readFileSync(path.join(dir, file), "utf8"),
        output: readFileSync(outputPath, "utf8"),
        options: existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, "utf8")) as CaseOptions) : {},
        findings: existsSync(findingsPath) ? (JSON.parse(readFileSync(findingsPath, "utf8")) as ExpectedFinding[]) : [],
      });
    }
    if (cases.length > 0) byTransform.set(transform.name, cases);
  }
  return byTransform;
}

interface JsonFinding {
  file: string;
  line: number;
  kind: string;
  rule: string;
  applicability: string;
  fix: { status: string } | null;
}

interface GroupResult {
  project: TempProject;
  applyStatus: number | null;
  applyStderr: string;
  findings: JsonFinding[];
  secondDiff: string;
  secondStderr: string;
  inputDiagnostics: Map<string, string[]>;
  outputDiagnostics: Map<string, string[]>;
}

function diagnosticsByFile(dir: string, files: string[]): Map<string, string[]> {
  const project = new Project({ tsConfigFilePath: path.join(dir, "tsconfig.json"), skipAddingFilesFromTsConfig: true });
  const result = new Map<string, string[]>();
  for (const f of files) {
    const sf = project.addSourceFileAtPath(path.join(dir, f));
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

    beforeAll(() => {
      for (const [key, group] of groups) {
        const options = group[0]!.options;
        const files: Record<string, string> = {
          "tsconfig.json": tsconfigFor(options.compilerOptions),
          ".prettierrc.json": readFileSync(path.join(FIXTURES, ".prettierrc.json"), "utf8"),
          "package.json": `${JSON.stringify({ name: "fixtures", private: true, type: "module", ...(options.enginesNode ? { engines: { node: options.enginesNode } } : {}) }, null, 2)}\n`,
        };
        for (const c of group) files[fileOf(c)] = c.input;
        const project = tempProject(files);
        const names = group.map(fileOf);
        const inputDiagnostics = diagnosticsByFile(project.dir, names);
        const apply = runCli(
          ["apply", "--format", "json", "-t", transform, ...(options.unsafe ? ["--unsafe"] : []), "."],
          project.dir,
        );
        let findings: JsonFinding[] = [];
        try {
          findings = (JSON.parse(apply.stdout) as { findings: JsonFinding[] }).findings;
        } catch {
          /* asserted below */
        }
        const outputDiagnostics = diagnosticsByFile(project.dir, names);
        project.git("add", "-A");
        project.git("-c", "user.email=t@e.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "after");
        const second = runCli(["diff", "-t", transform, ...(options.unsafe ? ["--unsafe"] : []), "."], project.dir);
        results.set(key, {
          project,
          applyStatus: apply.status,
          applyStderr: apply.stderr,
          findings,
          secondDiff: second.stdout,
          secondStderr: second.stderr,
          inputDiagnostics,
          outputDiagnostics,
        });
      }
    });

    afterAll(() => {
      for (const r of results.values()) r.project.cleanup();
    });

    for (const c of cases) {
      const result = (): GroupResult => results.get(JSON.stringify(c.options))!;

      it(`${c.name}: input type-checks`, () => {
        expect(result().inputDiagnostics.get(fileOf(c))).toEqual([]);
      });

      it(`${c.name}: CLI apply gives the expected output and findings`, () => {
        const r = result();
        expect(r.applyStderr).toBe("");
        expect(r.applyStatus).toBe(0);
        expect(r.project.read(fileOf(c))).toBe(c.output);
        const got = r.findings
          .filter((f) => f.file === fileOf(c))
          .map((f) => ({
            line: f.line,
            kind: f.kind,
            applicability: f.applicability,
            status: f.fix ? f.fix.status : "none",
          }))
          .sort((a, b) => a.line - b.line || a.kind.localeCompare(b.kind));
        const want = [...c.findings].sort((a, b) => a.line - b.line || a.kind.localeCompare(b.kind));
        expect(got).toEqual(want);
        for (const f of r.findings) expect(f.rule).toBe(transform);
      });

      it(`${c.name}: output type-checks`, () => {
        expect(result().outputDiagnostics.get(fileOf(c))).toEqual([]);
      });

      it(`${c.name}: second run changes nothing`, () => {
        const r = result();
        expect(r.secondStderr).toBe("");
        expect(r.secondDiff).not.toContain(`a/${fileOf(c)}`);
      });

      it(`${c.name}: jscodeshift adapter gives the same output`, async () => {
        const adapter = (await import(path.join(REPO, "dist", "jscodeshift", `${transform}.js`))) as {
          default: unknown;
        };
        const options = {
          ...(c.options.unsafe ? { unsafe: true } : {}),
          ...(c.options.compilerOptions ? { compilerOptions: c.options.compilerOptions } : {}),
          ...(c.options.enginesNode ? { enginesNode: c.options.enginesNode } : {}),
        };
        const out = await applyTransform(adapter, options, { path: c.inputPath, source: c.input });
        expect(out).toBe(c.output.trim());
        const again = await applyTransform(adapter, options, {
          path: c.inputPath.replace(".input.", ".output."),
          source: c.output,
        });
        expect(again).toBe(c.output.trim());
      });
    }
  });
}
