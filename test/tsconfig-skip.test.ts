/**
 * "N file(s) are not in tsconfig.json and were skipped": only when the tsconfig may have left them
 * out by accident. Files its `exclude` takes, and test and fixture folders, are skipped quietly when
 * the user named a folder above them; named explicitly (the file, or a folder the tsconfig leaves
 * out), they are reported. JavaScript in a project without allowJs follows the same rule: in a test or
 * fixture folder it is skipped quietly, elsewhere counted in "N JavaScript file(s) skipped".
 */
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../src/engine/run.js";
import { selectTransforms } from "../src/transforms/index.js";
import { tempProject, type TempProject } from "./helpers.js";

const projects: TempProject[] = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

const code = "export const x = 1;\n";

function project(): TempProject {
  const p = tempProject(
    {
      "tsconfig.json": JSON.stringify({
        compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", noEmit: true, types: [] },
        include: ["src"],
        exclude: ["src/**/*.test.ts", "src/generated"],
      }),
      "src/a.ts": code,
      "src/a.test.ts": code,
      "src/generated/g.ts": code,
      "test/b.ts": code,
      "scripts/c.ts": code,
    },
    { git: false },
  );
  projects.push(p);
  return p;
}

async function warnings(paths: string[]): Promise<string[]> {
  const p = project();
  const result = await run({ cwd: p.dir, paths, transforms: selectTransforms(["weak-refs"]), mode: "audit" });
  return result.warnings.filter((w) => w.includes("tsconfig.json"));
}

describe("files the tsconfig leaves out", () => {
  it("a folder: only what the tsconfig may have forgotten is counted (not its excludes, tests or fixtures)", async () => {
    expect(await warnings(["."])).toEqual([
      "1 file(s) under the given paths are not in tsconfig.json and were skipped; name them explicitly or choose another tsconfig with -p",
    ]);
    expect(await warnings(["src"])).toEqual([]);
  });

  it("a folder the tsconfig leaves out, named: its files are counted", async () => {
    // Nothing else is there to analyse: the run stops, and says why.
    await expect(warnings(["test"])).rejects.toThrow(
      "no source file to analyse under test (1 file(s) there are not in tsconfig.json)",
    );
    await expect(warnings(["src/generated"])).rejects.toThrow(
      "no source file to analyse under src/generated (1 file(s) there are not in tsconfig.json)",
    );
  });

  it("JavaScript in test and fixture folders of a project without allowJs is skipped quietly; elsewhere it is counted", async () => {
    const p = tempProject(
      {
        "tsconfig.json": JSON.stringify({
          compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", noEmit: true, types: [] },
          include: ["src"],
          exclude: ["**/fixtures", "**/__tests__"],
        }),
        "src/a.ts": code,
        "src/__tests__/fixtures/dep/index.js": code,
        "src/ssr/__tests__/fixtures/b.mjs": code,
        "src/test/webpack.config.js": code,
        "src/legacy.js": code,
      },
      { git: false },
    );
    projects.push(p);
    const result = await run({
      cwd: p.dir,
      paths: ["src"],
      transforms: selectTransforms(["weak-refs"]),
      mode: "audit",
    });
    expect(result.warnings).toEqual(["1 JavaScript file(s) skipped: the tsconfig does not set allowJs"]);
  });

  it("a file the tsconfig leaves out, named: analysed, and said", async () => {
    expect(await warnings(["src/a.test.ts"])).toEqual([
      "src/a.test.ts is not in tsconfig.json: analysed anyway, with its compiler options",
    ]);
  });
});
