/**
 * The kind registry (src/engine/kinds.ts, src/transforms/<transform>/kinds.ts):
 * - every kind's example runs through its transform and gives its `after`, with a finding of
 *   that kind and tier;
 * - the registry (metadata only) and the transforms list the same transforms and kinds;
 * - the case tables of docs/*.md and leakmod.config.schema.json are what `npm run docs`
 *   generates from the registry.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { leakmodConfigJsonSchema } from "../src/config.js";
import { ruleIdOf } from "../src/engine/kinds.js";
import { fixSource } from "../src/engine/source.js";
import { generatedDocs } from "../src/report/docs.js";
import { jscodeshiftModuleText, transformsIndexText } from "../src/report/generated-sources.js";
import { transforms } from "../src/transforms/index.js";
import { allKinds, transformInfos } from "../src/transforms/registry.js";
import { REPO, tempProject, tsconfigFor, type TempProject } from "./helpers.js";

let project: TempProject | undefined;
afterAll(() => project?.cleanup());

describe("kind registry", () => {
  it("lists the same transforms, in the same order, with the same kinds as src/transforms/index.ts", () => {
    expect(transforms.map((t) => [t.id, t.kinds])).toEqual(transformInfos.map((t) => [t.id, t.kinds]));
    for (const t of transformInfos) for (const k of t.kinds) expect(k.transform).toBe(t.id);
    expect(new Set(allKinds.map(ruleIdOf)).size).toBe(allKinds.length);
  });

  it.each(allKinds.map((k) => [ruleIdOf(k), k] as const))("%s: its example gives its `after`", async (_id, kind) => {
    project ??= tempProject({ "tsconfig.json": tsconfigFor({ lib: ["ES2022", "ESNext.Disposable", "DOM"] }) });
    const transform = transforms.find((t) => t.id === kind.transform)!;
    const result = await fixSource({
      file: path.join(project.dir, `${kind.id}.ts`),
      source: `${kind.example.before}\n`,
      transforms: [transform],
      unsafe: kind.example.applicability === "unsafe",
    });
    expect(result.text).toBe(`${kind.example.after}\n`);
    expect(result.findings.map((f) => [f.kind, f.applicability])).toContainEqual([kind.id, kind.example.applicability]);
  });

  it("the case tables of docs/*.md are generated from the kinds (run `npm run docs` after changing a kind)", () => {
    for (const t of transformInfos) {
      const file = path.join(REPO, "docs", `${t.id}.md`);
      const committed = readFileSync(file, "utf8");
      expect(generatedDocs(committed, t), `docs/${t.id}.md is stale: run npm run docs`).toBe(committed);
    }
  });

  it("src/transforms/index.ts and src/jscodeshift/<id>.ts are generated from the registry (run `npm run docs`)", () => {
    const read = (file: string): string => readFileSync(path.join(REPO, file), "utf8");
    expect(read("src/transforms/index.ts"), "src/transforms/index.ts is stale: run npm run docs").toBe(
      transformsIndexText(transformInfos.map((t) => t.id)),
    );
    for (const t of transformInfos) {
      expect(read(`src/jscodeshift/${t.id}.ts`), `src/jscodeshift/${t.id}.ts is stale: run npm run docs`).toBe(
        jscodeshiftModuleText(t.id),
      );
    }
  });

  it("leakmod.config.schema.json is generated from the transforms' config keys (run `npm run docs`)", () => {
    const committed = readFileSync(path.join(REPO, "leakmod.config.schema.json"), "utf8");
    expect(committed, "leakmod.config.schema.json is stale: run npm run docs").toBe(
      `${JSON.stringify(leakmodConfigJsonSchema(), null, 2)}\n`,
    );
  });

  it("no two transforms declare the same config key", () => {
    const keys = transformInfos.flatMap((t) => Object.keys(t.config()));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
