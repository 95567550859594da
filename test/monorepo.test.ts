/**
 * Monorepos: a solution-style tsconfig (`files: []` + `references`) and npm/pnpm workspaces are
 * analysed in one run, each project with its own options, and give the same findings as
 * auditing each project alone.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runLeakmod, tempProject, tsconfigFor, type TempProject } from "./helpers.js";

interface JsonReport {
  root: string;
  summary: { filesAnalyzed: number };
  findings: Array<{ file: string; line: number; rule: string; kind: string; applicability: string; message: string }>;
  warnings: string[];
}

/** A module-level Map keyed by objects: a weak-refs finding. */
const cache = (type: string) => `${type}
const seen = new Map<Key, string>();

export function describeKey(k: Key): string {
  let text = seen.get(k);
  if (text === undefined) {
    text = String(k);
    seen.set(k, text);
  }
  return text;
}
`;

const registry = `export class Registry {
  private readonly meta = new Map<object, string>();

  describe(w: object): string {
    let text = this.meta.get(w);
    if (text === undefined) {
      text = String(w);
      this.meta.set(w, text);
    }
    return text;
  }
}
`;

const registryJs = `class Session {
  constructor(user) {
    this.user = user;
  }
}

const lastSeen = new Map();

export function open(user) {
  const session = new Session(user);
  lastSeen.set(session, Date.now());
  return lastSeen.has(session) ? session : null;
}
`;

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

async function audit(dir: string, ...args: string[]): Promise<{ status: number | null; report: JsonReport }> {
  const r = await runLeakmod(["audit", "--format", "json", ...args], dir);
  if (!r.stdout) throw new Error(`leakmod ${args.join(" ")} in ${dir}: ${r.status} ${r.stderr}`);
  return { status: r.status, report: JSON.parse(r.stdout) as JsonReport };
}

const shape = (r: JsonReport) => r.findings.map((f) => `${f.file}:${f.line} ${f.rule}/${f.kind} ${f.applicability}`);

describe("monorepos", () => {
  it("a solution tsconfig: each referenced project with its own options, as if audited alone", async () => {
    project = tempProject(
      {
        "tsconfig.json": JSON.stringify({
          files: [],
          references: [{ path: "packages/core" }, { path: "packages/app/tsconfig.json" }, { path: "nested" }],
        }),
        "nested/tsconfig.json": JSON.stringify({ files: [], references: [{ path: "../packages/tools" }] }),
        "packages/core/tsconfig.json": tsconfigFor({ composite: true, rootDir: "src", outDir: "dist" }),
        "packages/core/src/key.ts": "export interface Key {\n  id: number;\n}\n",
        "packages/core/src/registry.ts": registry,
        // app imports core's sources (not built: no dist/ .d.ts).
        "packages/app/tsconfig.json": tsconfigFor({ rootDir: "src", outDir: "dist", noUncheckedIndexedAccess: true }),
        "packages/app/src/cache.ts": cache('import type { Key } from "../../core/src/key.js";'),
        // tools: a primitive key, no finding; and JavaScript with checkJs off.
        "packages/tools/tsconfig.json": tsconfigFor({ rootDir: "src", outDir: "dist" }),
        "packages/tools/src/cache.ts": cache("type Key = string;"),
        "packages/tools/src/registry.js": registryJs,
      },
      { git: false },
    );
    const whole = await audit(project.dir);
    expect(whole.status).toBe(0);
    expect(whole.report.summary.filesAnalyzed).toBe(5);
    const alone = [];
    for (const p of ["packages/core", "packages/app", "packages/tools"]) {
      const r = await audit(project.dir, "-p", p);
      alone.push(...shape(r.report));
    }
    expect(shape(whole.report)).toEqual(alone);
    expect(shape(whole.report)).toEqual([
      "packages/core/src/registry.ts:2 weak-refs/object-keyed-cache safe",
      "packages/app/src/cache.ts:2 weak-refs/object-keyed-cache safe",
      "packages/tools/src/cache.ts:2 localize-globals/accumulating-global manual",
      "packages/tools/src/registry.js:7 weak-refs/object-keyed-cache safe",
    ]);
    // Paths are relative to where leakmod runs; a path picks the projects under it.
    const fromPackages = await audit(`${project.dir}/packages`, "-p", "..", "app");
    expect(shape(fromPackages.report)).toEqual(["app/src/cache.ts:2 weak-refs/object-keyed-cache safe"]);
  });

  it("a solution whose projects have no file is still an error, unless --allow-empty", async () => {
    project = tempProject(
      {
        "tsconfig.json": JSON.stringify({ files: [], references: [{ path: "packages/a" }] }),
        "packages/a/tsconfig.json": tsconfigFor({ composite: true }),
        "packages/a/README.md": "nothing here\n",
      },
      { git: false },
    );
    const r = await runLeakmod(["audit"], project.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no source file to analyse under the project \(tsconfig\.json references 1 project/);
    expect((await runLeakmod(["audit", "--allow-empty", "-q"], project.dir)).status).toBe(0);
  });

  it.each([
    ["npm workspaces", { "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["packages/*"] }) }],
    [
      "pnpm workspaces",
      {
        "package.json": JSON.stringify({ name: "root", private: true }),
        "pnpm-workspace.yaml": "packages:\n  - 'packages/*'\n  - '!packages/ignored'\n",
      },
    ],
  ])("%s: each package with its tsconfig, or as JavaScript without one", async (_name, rootFiles) => {
    project = tempProject(
      {
        ...rootFiles,
        "packages/ts/package.json": JSON.stringify({ name: "ts", private: true, type: "module" }),
        "packages/ts/tsconfig.json": tsconfigFor(),
        "packages/ts/src/registry.ts": registry,
        "packages/js/package.json": JSON.stringify({ name: "js", private: true, type: "module" }),
        "packages/js/lib/registry.js": registryJs,
        "packages/ignored/package.json": JSON.stringify({ name: "ignored", private: true }),
        "packages/ignored/registry.js": registryJs,
      },
      { git: false },
    );
    const whole = await audit(project.dir);
    expect(whole.status).toBe(0);
    const alone = [
      ...shape((await audit(project.dir, "-p", "packages/ts")).report),
      ...shape((await audit(`${project.dir}/packages/js`)).report).map((f) => `packages/js/${f}`),
    ];
    const expected = ["packages/js/lib/registry.js:7", "packages/ts/src/registry.ts:2"];
    if (_name === "npm workspaces") expected.unshift("packages/ignored/registry.js:7");
    expect(shape(whole.report).map((f) => f.split(" ")[0])).toEqual(expected);
    expect(shape(whole.report).filter((f) => !f.includes("ignored"))).toEqual(alone.sort());
  });
});
