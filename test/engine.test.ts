/**
 * Engine pieces in process: edit merging, minimal formatting, the type-check guard (with test
 * transforms whose fixes are deliberately wrong or overlapping), file selection.
 */
import path from "node:path";
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { applyEdits, editsOverlap, pickNonOverlapping, validateEdits } from "../src/engine/edits.js";
import { readSourceText, parseShard } from "../src/engine/files.js";
import { formatRegions, inferOptions, restrictToLines } from "../src/engine/format.js";
import { defineKind } from "../src/engine/kinds.js";
import { analyze, applyFixes, checkSyntax, createSession, run } from "../src/engine/run.js";
import { loadProjectConfig } from "../src/engine/project.js";
import { sharedDeclarationFileCount } from "../src/engine/shared-files.js";
import type { Transform } from "../src/engine/types.js";
import { tempProject, tsconfigFor, tempProjectsPerTest } from "./helpers.js";

const { track } = tempProjectsPerTest();

describe("edits", () => {
  it("detects overlaps, including two insertions at one point", () => {
    expect(editsOverlap({ start: 0, end: 5, newText: "" }, { start: 4, end: 6, newText: "" })).toBe(true);
    expect(editsOverlap({ start: 0, end: 5, newText: "" }, { start: 5, end: 6, newText: "" })).toBe(false);
    expect(editsOverlap({ start: 3, end: 3, newText: "a" }, { start: 3, end: 3, newText: "b" })).toBe(true);
    expect(editsOverlap({ start: 3, end: 3, newText: "a" }, { start: 2, end: 4, newText: "b" })).toBe(true);
  });

  it("applies edits in order and reports the touched ranges of the new text", () => {
    const { text, touched } = applyEdits("const a = new Map();", [
      { start: 14, end: 17, newText: "WeakMap" },
      { start: 0, end: 5, newText: "let" },
    ]);
    expect(text).toBe("let a = new WeakMap();");
    expect(touched).toEqual([
      { start: 0, end: 3 },
      { start: 12, end: 19 },
    ]);
  });

  it("keeps the first of two overlapping fixes and names the conflict", () => {
    const { accepted, rejected } = pickNonOverlapping([
      [{ start: 0, end: 4, newText: "x" }],
      [{ start: 2, end: 6, newText: "y" }],
      [{ start: 6, end: 7, newText: "z" }],
    ]);
    expect(accepted).toEqual([0, 2]);
    expect(rejected).toEqual([{ index: 1, conflictsWith: 0 }]);
  });

  it("rejects malformed edits", () => {
    expect(validateEdits([{ start: 5, end: 2, newText: "" }], 10)).toMatch(/outside/);
    expect(validateEdits([{ start: 0, end: 20, newText: "" }], 10)).toMatch(/outside/);
    expect(
      validateEdits(
        [
          { start: 0, end: 4, newText: "" },
          { start: 3, end: 5, newText: "" },
        ],
        10,
      ),
    ).toMatch(/overlap/);
    expect(validateEdits([{ start: 0, end: 4, newText: "" }], 10)).toBeUndefined();
  });
});

describe("formatting", () => {
  it("restrictToLines keeps only changes on the given lines", () => {
    const before = "a  =  1\nb  =  2\nc  =  3\n";
    const after = "a = 1\nb = 2\nc = 3\n";
    expect(restrictToLines(before, after, 1, 1)).toBe("a  =  1\nb = 2\nc  =  3\n");
    expect(restrictToLines(before, after, 0, 2)).toBe(after);
  });

  it("formats the touched statement only, with the project's style inferred when it has no config", async () => {
    const text = "const a  =  'x'\nconst b = new   Map()\nconst c  =  'y'\n";
    const start = text.indexOf("new   Map()");
    const out = await formatRegions(text, [{ start, end: start + 11 }], {
      file: path.join("/nonexistent-dir", "f.ts"),
    });
    expect(out).toBe("const a  =  'x'\nconst b = new Map()\nconst c  =  'y'\n");
  });

  it("infers tabs, width, semicolons and quotes", () => {
    expect(inferOptions("function f() {\n\treturn 'a';\n}\n")).toMatchObject({
      useTabs: true,
      singleQuote: true,
      semi: true,
    });
    expect(inferOptions('function f() {\n    return "a"\n}\n')).toMatchObject({
      useTabs: false,
      tabWidth: 4,
      singleQuote: false,
      semi: false,
    });
    // One `for (;;)` does not make a no-semicolon file a semicolon file.
    expect(inferOptions("const a = 1\nconst b = 2\nfor (;;) break\nexport { a, b }\n")).toMatchObject({ semi: false });
  });

  it("infers no semicolons from code without them, whatever its comments and strings end with", () => {
    // effect's style (found by bench/robust.mjs: a JSDoc line ending in `;` made leakmod add semicolons).
    const noSemi = [
      "/**",
      " * Stores envelopes and replies; finds unprocessed messages;",
      " */",
      "export const make = (input: string) => {",
      "  const a = new Map<string, number>()",
      "  // remember the last one;",
      "  a.set(input, 1)",
      "  for (let i = 0; i < 3; i++) a.delete(String(i))",
      "  return a",
      "}",
      "",
    ].join("\n");
    expect(inferOptions(noSemi)).toMatchObject({ semi: false });
    const semi = ["const o = {", "  a: 1,", "  b: 2", "};", "const m = new Map();", "m.set(o, 1);", ""].join("\n");
    expect(inferOptions(semi)).toMatchObject({ semi: true });
  });
});

describe("files", () => {
  it("parses shards", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(() => parseShard("0/4")).toThrow(/bad --shard/);
    expect(() => parseShard("a/b")).toThrow(/bad --shard/);
  });

  it("reads text with its BOM noted, and refuses folders", () => {
    const p = tempProject({ "a.ts": "\uFEFFconst a = 1;\n", "dir.ts/x": "" }, { git: false });
    track(p);
    expect(readSourceText(path.join(p.dir, "a.ts"), "a.ts")).toEqual({ text: "const a = 1;\n", bom: true });
    expect(() => readSourceText(path.join(p.dir, "dir.ts"), "dir.ts")).toThrow(
      /cannot read dir\.ts: not a regular file/,
    );
  });
});

const testExample = { before: "", after: "", applicability: "safe" } as const;
const renameKind = defineKind({
  transform: "test-rename",
  id: "rename",
  title: "t",
  help: "t",
  applicabilities: ["safe"],
  example: testExample,
  cases: [],
});

/** A transform that renames the first `const x` declaration: it breaks every use of `x`. */
const renameX: Transform = {
  id: "test-rename",
  description: "test",
  kinds: [renameKind],
  config: () => ({}),
  prefilter: (text) => text.includes("const x"),
  analyze(ctx) {
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === "x") {
        ctx.report({
          kind: renameKind,
          node,
          message: "rename x",
          applicability: "safe",
          fix: {
            description: "rename",
            edits: [{ start: node.name.getStart(ctx.sourceFile), end: node.name.getEnd(), newText: "y" }],
          },
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(ctx.sourceFile);
  },
};

const commentKind = defineKind({
  transform: "test-comment",
  id: "comment",
  title: "t",
  help: "t",
  applicabilities: ["safe", "unsafe"],
  example: testExample,
  cases: [],
});

/** A transform that appends a harmless comment to every `const` line: never breaks anything. */
const comment: Transform = {
  id: "test-comment",
  description: "test",
  kinds: [commentKind],
  config: () => ({}),
  prefilter: (text) => text.includes("const"),
  analyze(ctx) {
    for (const statement of ctx.sourceFile.statements) {
      if (ts.isVariableStatement(statement)) {
        ctx.report({
          kind: commentKind,
          node: statement,
          message: "comment",
          applicability: statement.getText(ctx.sourceFile).includes("unsafe") ? "unsafe" : "safe",
          fix: {
            description: "comment",
            edits: [{ start: statement.getEnd(), end: statement.getEnd(), newText: " // ok" }],
          },
        });
      }
    }
  },
};

describe("run: the type-check guard and fix selection", () => {
  it("withdraws a fix that adds a diagnostic and keeps the others", async () => {
    const p = tempProject({
      "tsconfig.json": tsconfigFor(),
      "src/a.ts": "const x = 1;\nexport const z = x + 1;\n",
      "src/b.ts": "const x = 1;\nexport const w = 2;\n",
    });
    track(p);
    const result = await run({ cwd: p.dir, paths: [], transforms: [renameX], mode: "diff" });
    const a = result.findings.find((f) => f.file.endsWith("a.ts"))!;
    const b = result.findings.find((f) => f.file.endsWith("b.ts"))!;
    expect(a.fixStatus).toBe("withdrawn");
    expect(a.applicability).toBe("manual");
    expect(a.fixNote).toMatch(/src\/a\.ts:2: TS2304: Cannot find name 'x'/);
    expect(b.fixStatus).toBe("applied");
    expect(result.changes.map((c) => path.relative(p.dir, c.file))).toEqual(["src/b.ts"]);
    expect(result.changes[0].after).toBe("const y = 1;\nexport const w = 2;\n");
  });

  it("within one file, withdraws only the fix that breaks", async () => {
    const p = tempProject({
      "tsconfig.json": tsconfigFor(),
      "src/a.ts":
        "function f() {\n  const x = 1;\n  return x;\n}\nfunction g() {\n  const x = 2;\n  return 3;\n}\nexport { f, g };\n",
    });
    track(p);
    const result = await run({ cwd: p.dir, paths: [], transforms: [renameX], mode: "diff" });
    expect(result.findings.map((f) => [f.line, f.fixStatus])).toEqual([
      [2, "withdrawn"],
      [6, "applied"],
    ]);
    expect(result.changes[0].after).toContain("const y = 2;");
    expect(result.changes[0].after).toContain("const x = 1;");
  });

  it("applies unsafe fixes only with --unsafe, and rejects overlapping fixes as conflicts", async () => {
    const p = tempProject({
      "tsconfig.json": tsconfigFor(),
      "src/a.ts": "const x = 'unsafe';\nconst q = x;\nexport { q };\n",
    });
    track(p);
    const safeOnly = await run({ cwd: p.dir, paths: [], transforms: [comment], mode: "diff" });
    expect(safeOnly.findings.map((f) => f.fixStatus)).toEqual(["skipped", "applied"]);
    expect(safeOnly.findings[0].fixNote).toMatch(/--unsafe/);
    const both = await run({ cwd: p.dir, paths: [], transforms: [comment], mode: "diff", unsafe: true });
    expect(both.findings.map((f) => f.fixStatus)).toEqual(["applied", "applied"]);
    // The same transform twice: its second copy's edits overlap the first's.
    const twice = await run({
      cwd: p.dir,
      paths: [],
      transforms: [comment, { ...comment, id: "test-comment-2" }],
      mode: "diff",
    });
    const statuses = twice.findings.map((f) => `${f.rule}:${f.fixStatus}`).sort();
    expect(statuses).toEqual([
      "test-comment-2:conflict",
      "test-comment-2:skipped",
      "test-comment:applied",
      "test-comment:skipped",
    ]);
  });

  it("applies a fix that several findings of one transform share once, and gives each its outcome", async () => {
    const p = tempProject({
      "tsconfig.json": tsconfigFor(),
      "src/a.ts": "const a = 1;\nconst b = a;\nexport { b };\n",
    });
    track(p);
    // Every `const` line reports the same fix: one comment at the end of the file.
    const shared: Transform = {
      ...comment,
      analyze(ctx) {
        const end = ctx.sourceFile.getEnd();
        for (const statement of ctx.sourceFile.statements) {
          if (!ts.isVariableStatement(statement)) continue;
          const fix = { description: "c", edits: [{ start: end, end, newText: "// both\n" }] };
          ctx.report({ kind: commentKind, node: statement, message: "c", applicability: "safe", fix });
        }
      },
    };
    const result = await run({ cwd: p.dir, paths: [], transforms: [shared], mode: "diff" });
    expect(result.findings.map((f) => f.fixStatus)).toEqual(["applied", "applied"]);
    expect(result.changes[0].after).toBe("const a = 1;\nconst b = a;\nexport { b };\n// both\n");
  });

  it("audit applies nothing and reports the intended tier", async () => {
    const p = tempProject({ "tsconfig.json": tsconfigFor(), "src/a.ts": "const x = 1;\nexport const z = x + 1;\n" });
    track(p);
    const result = await run({ cwd: p.dir, paths: [], transforms: [renameX], mode: "audit" });
    expect(result.changes).toEqual([]);
    expect(result.findings[0]).toMatchObject({ applicability: "safe", fixStatus: "skipped" });
  });

  it("an exception in a transform is an internal error for that file, not a crash", async () => {
    const p = tempProject({
      "tsconfig.json": tsconfigFor(),
      "src/a.ts": "const x = 1;\n",
      "src/b.ts": "const x = 2;\n",
    });
    track(p);
    const boom: Transform = {
      ...renameX,
      id: "boom",
      analyze: (ctx) => {
        if (ctx.sourceFile.fileName.endsWith("a.ts")) throw new Error("kaboom");
        renameX.analyze(ctx);
      },
    };
    const result = await run({ cwd: p.dir, paths: [], transforms: [boom], mode: "audit" });
    expect(result.internalErrors).toEqual(["boom failed on src/a.ts: kaboom"]);
    expect(result.findings).toHaveLength(1);
  });
});

describe("run: the kind registry is enforced", () => {
  it("a tier the kind did not declare, or a kind the transform did not declare, is an internal error", async () => {
    const p = tempProject({ "tsconfig.json": tsconfigFor(), "src/a.ts": "const x = 1;\nexport const z = x + 1;\n" });
    track(p);
    const undeclaredTier: Transform = {
      ...renameX,
      analyze: (ctx) => renameX.analyze({ ...ctx, report: (f) => ctx.report({ ...f, applicability: "unsafe" }) }),
    };
    const tier = await run({ cwd: p.dir, paths: [], transforms: [undeclaredTier], mode: "audit" });
    expect(tier.findings).toEqual([]);
    expect(tier.internalErrors).toEqual([
      "test-rename failed on src/a.ts: reported test-rename/rename as unsafe; the kind declares safe",
    ]);
    const undeclaredKind: Transform = { ...renameX, kinds: [commentKind] };
    const kind = await run({ cwd: p.dir, paths: [], transforms: [undeclaredKind], mode: "audit" });
    expect(kind.internalErrors).toEqual([
      "test-rename failed on src/a.ts: reported the kind test-rename/rename, which test-rename does not declare",
    ]);
  });

  it("applyFixes returns the outcomes and leaves the findings it was given as they were", async () => {
    const p = tempProject({ "tsconfig.json": tsconfigFor(), "src/a.ts": "const x = 1;\nexport const z = x + 1;\n" });
    track(p);
    const config = loadProjectConfig(p.dir, undefined, []);
    const file = path.join(p.dir, "src/a.ts");
    const session = createSession(
      p.dir,
      config,
      [{ file, text: "const x = 1;\nexport const z = x + 1;\n", bom: false }],
      [renameX],
    );
    checkSyntax(session);
    const analysis = await analyze(session);
    const before = structuredClone(analysis.findings.map((f) => ({ ...f, fix: undefined })));
    const fixed = await applyFixes(session, analysis.findings, { unsafe: false, format: false });
    expect(analysis.findings.map((f) => ({ ...f, fix: undefined }))).toEqual(before);
    expect(fixed.findings.map((f) => [f.fixStatus, f.applicability])).toEqual([["withdrawn", "manual"]]);
  });
});

describe("guard: diagnostics are compared by place, not by message", () => {
  it("maps positions of an edited text back to the original", async () => {
    const { positionMapper } = await import("../src/engine/guard.js");
    // "const a = new Map();" → "const a = new WeakMap();"
    const map = positionMapper([{ start: 14, end: 17, newText: "WeakMap" }]);
    expect(map(6)).toBe(6); // before the edit
    expect(map(15)).toBeUndefined(); // inside the new text
    expect(map(21)).toBe(17); // after it: shifted back by 4
  });

  it("an error the file already had does not withdraw a fix, even if its message changes", async () => {
    // The file is already broken after the first edit point; the edits shift that error.
    const p = tempProject({
      "tsconfig.json": tsconfigFor(),
      "src/a.ts": "const a = 1;\nexport const q: number = 'str' + a;\n",
    });
    track(p);
    const result = await run({ cwd: p.dir, paths: [], transforms: [comment], mode: "diff" });
    expect(result.findings.map((f) => f.fixStatus)).toEqual(["applied", "applied"]);
    expect(result.changes[0].after).toBe("const a = 1; // ok\nexport const q: number = 'str' + a; // ok\n");
  });
});

describe("shared declaration files", () => {
  it("two projects get the same parsed lib and @types files, and a changed text is parsed again", () => {
    const p = tempProject({ "tsconfig.json": tsconfigFor(), "a.ts": "export const m = new Map<object, number>();\n" });
    track(p);
    const config = loadProjectConfig(p.dir, undefined, ["."]);
    const file = path.join(p.dir, "a.ts");
    const libFiles = (text: string): Map<string, ts.SourceFile> => {
      const session = createSession(p.dir, config, [{ file, text, bom: false }], [comment]);
      const program = session.project.getProgram().compilerObject;
      return new Map(program.getSourceFiles().map((sf) => [sf.fileName, sf]));
    };
    const first = libFiles("const a = 1;\n");
    const second = libFiles("const b = 2;\n");
    const declarations = [...first.keys()].filter((f) => /\.d\.ts$/.test(f));
    expect(declarations.some((f) => /lib\.es2022\.d\.ts$/.test(f))).toBe(true);
    expect(declarations.some((f) => f.includes("/@types/node/"))).toBe(true);
    for (const f of declarations) expect(second.get(f)).toBe(first.get(f));
    expect(second.get(file)).not.toBe(first.get(file));
    expect(sharedDeclarationFileCount()).toBeGreaterThanOrEqual(declarations.length);
  });
});
