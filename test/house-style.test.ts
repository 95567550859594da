/**
 * House style without a prettier configuration: `.editorconfig` says only indentation, so the
 * rest (quotes, semicolons, trailing commas, bracket spacing, width) comes from the file itself,
 * or from another formatter's configuration (Biome, oxfmt, dprint). A one-token fix changes one
 * token; a re-indented block takes the style of its neighbours.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatRegions } from "../src/engine/format.js";
import { fromBiome, fromDprint, fromOxfmt, inferOptions } from "../src/engine/house-style.js";
import { run } from "../src/engine/run.js";
import { selectTransforms } from "../src/transforms/index.js";
import { tempProject, tsconfigFor, type TempProject } from "./helpers.js";

const projects: TempProject[] = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

const EDITORCONFIG = "root = true\n\n[*]\nindent_style = space\nindent_size = 2\ninsert_final_newline = true\n";

/** vite's style: single quotes, no semicolons, 2 spaces, trailing commas, spaced braces. */
const VITE_LIKE = [
  "import type { Request } from './types'",
  "",
  "const idByRequest = new Map<Request, string>()",
  "const options = {",
  "  name: 'vite',",
  "  strict: true,",
  "}",
  "",
  "export function remember(req: Request, id: string): void {",
  "  idByRequest.set(req, id)",
  "}",
  "",
  "export function recall(req: Request): string | undefined {",
  "  return idByRequest.get(req) ?? options.name",
  "}",
  "",
].join("\n");

const TYPES = "export interface Request {\n  url: string\n}\n";

async function fixed(files: Record<string, string>, transform: string): Promise<Map<string, string>> {
  const project = tempProject({ "tsconfig.json": tsconfigFor(), ...files }, { git: false });
  projects.push(project);
  const result = await run({ cwd: project.dir, paths: ["."], transforms: selectTransforms([transform]), mode: "diff" });
  return new Map(result.changes.map((c) => [path.relative(project.dir, c.file), c.after]));
}

describe("house style with .editorconfig and no prettier config", () => {
  it("a Map → WeakMap fix changes exactly one token", async () => {
    const out = await fixed({ ".editorconfig": EDITORCONFIG, "types.ts": TYPES, "cache.ts": VITE_LIKE }, "weak-refs");
    expect(out.get("cache.ts")).toBe(VITE_LIKE.replace("new Map<", "new WeakMap<"));
  });

  it("a re-indented block keeps single quotes and no semicolons", async () => {
    const input = [
      "import fs from 'node:fs'",
      "",
      "export function head(p: string): string {",
      "  const fd = fs.openSync(p, 'r')",
      "  try {",
      "    const buffer = Buffer.alloc(16)",
      "    fs.readSync(fd, buffer)",
      "    return buffer.toString('utf8')",
      "  } finally {",
      "    fs.closeSync(fd)",
      "  }",
      "}",
      "",
    ].join("\n");
    const out = await fixed({ ".editorconfig": EDITORCONFIG, "head.ts": input }, "using-resources");
    expect(out.get("head.ts")).toBe(
      [
        "import fs from 'node:fs'",
        "",
        "export function head(p: string): string {",
        "  const fd = fs.openSync(p, 'r')",
        "  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) }",
        "  const buffer = Buffer.alloc(16)",
        "  fs.readSync(fd, buffer)",
        "  return buffer.toString('utf8')",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("follows Biome's configuration where it states something, and .editorconfig's indentation", async () => {
    const biome = JSON.stringify({ javascript: { formatter: { quoteStyle: "single", semicolons: "asNeeded" } } });
    const project = tempProject({ "biome.json": biome, ".editorconfig": EDITORCONFIG }, { git: false });
    projects.push(project);
    // The file mixes styles; Biome's configuration decides.
    const text = 'const a = "x";\nconst b = {x:1};\n';
    const out = await formatRegions(text, [{ start: text.indexOf("{x"), end: text.indexOf("};") + 1 }], {
      file: path.join(project.dir, "a.ts"),
    });
    expect(out).toBe('const a = "x";\nconst b = { x: 1 }\n');
  });
});

describe("house style: inference and other formatters' options", () => {
  it("infers trailing commas, bracket spacing, arrow parentheses and width from the file", () => {
    expect(inferOptions(VITE_LIKE)).toMatchObject({
      useTabs: false,
      tabWidth: 2,
      semi: false,
      singleQuote: true,
      trailingComma: "all",
      bracketSpacing: true,
      printWidth: 80,
    });
    const other = ["import {a} from 'a';", "const o = {", "  a: 1", "};", "list.map(x => x + 1);", ""].join("\n");
    expect(inferOptions(other)).toMatchObject({ trailingComma: "none", bracketSpacing: false, arrowParens: "avoid" });
    expect(inferOptions(`const s = '${"x".repeat(100)}'\n`)).toMatchObject({ printWidth: 120 });
  });

  it("maps Biome, oxfmt and dprint options onto prettier's", () => {
    expect(fromBiome({})).toEqual({
      useTabs: true,
      tabWidth: 2,
      printWidth: 80,
      singleQuote: false,
      jsxSingleQuote: false,
      semi: true,
      trailingComma: "all",
      bracketSpacing: true,
      arrowParens: "always",
    });
    expect(
      fromBiome({
        formatter: { indentStyle: "space", indentWidth: 4, lineWidth: 100 },
        javascript: { formatter: { quoteStyle: "single", semicolons: "asNeeded", trailingCommas: "es5" } },
      }),
    ).toMatchObject({
      useTabs: false,
      tabWidth: 4,
      printWidth: 100,
      singleQuote: true,
      semi: false,
      trailingComma: "es5",
    });
    expect(fromOxfmt({ semi: false, singleQuote: true, printWidth: 100, unknown: 1 })).toEqual({
      semi: false,
      singleQuote: true,
      printWidth: 100,
    });
    expect(
      fromDprint({
        lineWidth: 100,
        typescript: { quoteStyle: "alwaysSingle", semiColons: "asi", trailingCommas: "never", indentWidth: 2 },
      }),
    ).toEqual({ printWidth: 100, tabWidth: 2, singleQuote: true, semi: false, trailingComma: "none" });
  });
});
