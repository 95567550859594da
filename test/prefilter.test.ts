/**
 * A prefilter may skip work, never change the answer. Text gates (each transform's prefilter,
 * and the cheap text tests inside the transforms that decide whether to ask the checker) must
 * only let a file or a candidate through sooner: for every fixture input, appending a comment
 * that holds every prefilter word of every transform adds no finding and removes none.
 *
 * The shape that broke it (typeorm's `DataSource.ts`): a value whose type is disposable through an
 * interface declared in another file was reported only once the file itself mentioned
 * `asyncDispose`, so a second run (after a fix elsewhere had written that word) reported more.
 * (The file passes the engine's prefilter on its own words, `new` here; a file with no
 * prefilter word at all is still not looked at.)
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../src/engine/run.js";
import type { Finding } from "../src/engine/types.js";
import { selectTransforms, transforms } from "../src/transforms/index.js";
import { prefilterPattern } from "../src/transforms/using-resources/analyze.js";
import { FIXTURES, tempProject, tsconfigFor, type TempProject } from "./helpers.js";

/** Every word of using-resources' prefilter (`\b(?:a|b|…)\b`), plus the other transforms' triggers. */
function everyPrefilterWord(): string {
  const words = /\\b\(\?:([^)]*)\)\\b/.exec(prefilterPattern().source)![1].split("|");
  return [
    ...words,
    "new Resource",
    "Symbol.dispose Symbol.asyncDispose asyncDispose AsyncDisposable Disposable .dispose()",
    "new Map new Set new WeakMap class x.push(y) x.add(y) x.set(k, v) x.parent = this",
    "= [] = {} = new Array ''",
    "addEventListener( on( addListener( setInterval( removeEventListener( off( removeListener(",
    "JSON.stringify( structuredClone( x.delete( x.clear(",
  ].join(" ");
}

const COMMENT = `\n/* ${everyPrefilterWord()} */\n`;

interface Group {
  transform: string;
  options: { unsafe?: boolean; compilerOptions?: Record<string, unknown>; enginesNode?: string };
  files: Record<string, string>;
}

function groups(): Group[] {
  const out = new Map<string, Group>();
  for (const transform of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!transform.isDirectory()) continue;
    const dir = path.join(FIXTURES, transform.name);
    for (const file of readdirSync(dir).sort()) {
      const m = /^(.*)\.input\.([cm]?[jt]sx?)$/.exec(file);
      if (!m) continue;
      const optionsPath = path.join(dir, `${m[1]}.options.json`);
      const options = existsSync(optionsPath)
        ? (JSON.parse(readFileSync(optionsPath, "utf8")) as Group["options"])
        : {};
      const key = `${transform.name} ${JSON.stringify(options)}`;
      const group = out.get(key) ?? { transform: transform.name, options, files: {} };
      group.files[`${m[1]}.${m[2]}`] = readFileSync(path.join(dir, file), "utf8");
      out.set(key, group);
    }
  }
  return [...out.values()];
}

const projects: TempProject[] = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

function summary(findings: Finding[], root: string): string[] {
  return findings
    .map(
      (f) =>
        `${path.relative(root, f.file)}:${f.line}:${f.column} ${f.rule}/${f.kind} ${f.applicability} ${f.fixStatus} ${f.message}`,
    )
    .sort();
}

async function audit(
  files: Record<string, string>,
  selected: string[],
  options: Group["options"] = {},
): Promise<string[]> {
  const project = tempProject(
    {
      "tsconfig.json": tsconfigFor(options.compilerOptions),
      "package.json": JSON.stringify({
        name: "prefilter",
        private: true,
        type: "module",
        ...(options.enginesNode ? { engines: { node: options.enginesNode } } : {}),
      }),
      ...files,
    },
    { git: false },
  );
  projects.push(project);
  const result = await run({
    cwd: project.dir,
    paths: ["."],
    transforms: selectTransforms(selected),
    mode: "audit",
    ...(options.unsafe ? { unsafe: true } : {}),
  });
  return summary(result.findings, project.dir);
}

describe("prefilters skip work, never change the answer", () => {
  it("the comment passes every transform's prefilter", () => {
    for (const t of transforms)
      expect({ transform: t.id, passes: t.prefilter(COMMENT) }).toEqual({
        transform: t.id,
        passes: true,
      });
  });

  for (const group of groups()) {
    it(`${group.transform} fixtures ${JSON.stringify(group.options)}: the same findings with every prefilter word in a comment`, async () => {
      const plain = await audit(group.files, [group.transform], group.options);
      const withWords = Object.fromEntries(Object.entries(group.files).map(([f, text]) => [f, text + COMMENT]));
      expect(await audit(withWords, [group.transform], group.options)).toEqual(plain);
    });
  }

  it("a value disposable through an interface of another file is reported whatever the file mentions", async () => {
    const files = {
      "runner.ts": [
        "export interface QueryRunner {",
        "  query(sql: string): Promise<number>;",
        "  [Symbol.asyncDispose](): Promise<void>;",
        "}",
        "export declare function createQueryRunner(): QueryRunner;",
        "",
      ].join("\n"),
      "data-source.ts": [
        'import { createQueryRunner } from "./runner.js";',
        "",
        "export const started = new Date();",
        "",
        "export async function count(): Promise<number> {",
        "  const queryRunner = createQueryRunner();",
        '  return queryRunner.query("select count(*) from t");',
        "}",
        "",
      ].join("\n"),
    };
    const plain = await audit(files, ["using-resources"]);
    expect(plain.filter((f) => f.startsWith("data-source.ts:6:9 using-resources/"))).toHaveLength(1);
    const withWords = { ...files, "data-source.ts": files["data-source.ts"] + COMMENT };
    expect(await audit(withWords, ["using-resources"])).toEqual(plain);
  });
});
