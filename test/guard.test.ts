/**
 * The type-check guard asks for a file's diagnostics before the fixes only when the file has
 * errors after them (guard.ts): these cases make sure that a fix that breaks a file, or a file
 * importing it, is still withdrawn when that file already had errors of its own, and that
 * errors a file already had never withdraw a fix.
 */
import path from "node:path";
import { ts } from "ts-morph";
import { afterEach, describe, expect, it } from "vitest";
import { defineKind } from "../src/engine/kinds.js";
import { run } from "../src/engine/run.js";
import type { Transform } from "../src/engine/types.js";
import { tempProject, tsconfigFor, type TempProject } from "./helpers.js";

let projects: TempProject[] = [];
afterEach(() => {
  for (const p of projects) p.cleanup();
  projects = [];
});

const retypeKind = defineKind({
  transform: "test-retype",
  id: "retype",
  title: "t",
  help: "t",
  applicabilities: ["safe"],
  example: { before: "", after: "", applicability: "safe" },
  cases: [],
});

/**
 * Turns `export const <name>: number = <n>;` into `export const <name>: string = "<n>";`, a
 * change other files see (`affectsOtherFiles`): every importer that uses it as a number breaks.
 */
const retype: Transform = {
  id: "test-retype",
  description: "test",
  kinds: [retypeKind],
  config: () => ({}),
  prefilter: (text) => text.includes(": number = "),
  analyze(ctx) {
    for (const statement of ctx.sourceFile.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const d of statement.declarationList.declarations) {
        if (!d.type || d.type.kind !== ts.SyntaxKind.NumberKeyword || !d.initializer) continue;
        if (!ts.isNumericLiteral(d.initializer)) continue;
        ctx.report({
          kind: retypeKind,
          node: d,
          message: "retype",
          applicability: "safe",
          fix: {
            description: "retype",
            affectsOtherFiles: true,
            edits: [
              { start: d.type.getStart(ctx.sourceFile), end: d.type.getEnd(), newText: "string" },
              {
                start: d.initializer.getStart(ctx.sourceFile),
                end: d.initializer.getEnd(),
                newText: `"${d.initializer.text}"`,
              },
            ],
          },
        });
      }
    }
  },
};

async function diff(files: Record<string, string>): Promise<Array<[string, number, string | undefined, string]>> {
  const p = tempProject({ "tsconfig.json": tsconfigFor(), ...files });
  projects.push(p);
  const result = await run({ cwd: p.dir, paths: ["src/limits.ts"], transforms: [retype], mode: "diff" });
  return result.findings.map((f) => [path.relative(p.dir, f.file), f.line, f.fixStatus, f.fixNote ?? ""]);
}

describe("guard: errors a file already had", () => {
  it("a fix that breaks an importer with errors of its own is withdrawn, naming the new error only", async () => {
    const findings = await diff({
      "src/limits.ts": "export const limit: number = 3;\nexport const spare: number = 4;\n",
      "src/app.ts": [
        'import { limit } from "./limits.js";',
        "export const broken: string = 5;",
        "export const next: number = limit + 1;",
        "",
      ].join("\n"),
    });
    expect(findings).toEqual([
      [
        "src/limits.ts",
        1,
        "withdrawn",
        expect.stringMatching(/^withdrawn by the type-check guard, it would add: src\/app\.ts:3: TS2322/),
      ],
      ["src/limits.ts", 2, "applied", ""],
    ]);
    expect(findings[0][3]).not.toContain("app.ts:2");
  });

  it("an importer's own errors do not withdraw a fix that leaves them as they were", async () => {
    const findings = await diff({
      "src/limits.ts": "export const limit: number = 3;\n",
      "src/app.ts": [
        'import { limit } from "./limits.js";',
        "export const broken: string = 5;",
        "export const shown = `${limit}`;",
        "",
      ].join("\n"),
    });
    expect(findings).toEqual([["src/limits.ts", 1, "applied", ""]]);
  });

  it("in the changed file itself: a new error of the same code as an old one is still new", async () => {
    const findings = await diff({
      "src/limits.ts": [
        "export const broken: string = 5;",
        "export const limit: number = 3;",
        "export const twice: number = limit * 2;",
        "",
      ].join("\n"),
    });
    expect(findings).toEqual([["src/limits.ts", 2, "withdrawn", expect.stringMatching(/src\/limits\.ts:3: TS2362/)]]);
  });
});
