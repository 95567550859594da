/**
 * `leakmod merge` (issue 14): the reports of `--shard 1/3` … `3/3` merged are the unsharded
 * run's report, byte for byte, in JSON and in SARIF, with the same exit code under `--fail-on`;
 * reports that are not the shards of one run are refused with one line.
 *
 * The audits and merges run in process (`runLeakmod`: leakmod's `main()`, parsed lib files shared
 * between runs; the unsharded and sharded reports of one set of arguments are made once per
 * file). The built CLI runs for `merge --fail-on manual` (the exit code of a real process, and
 * merge without the compiler) and for `--help`.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectOneLineError,
  packagesLoaded,
  REPO,
  runCli,
  runLeakmod,
  tempProject,
  tsconfigFor,
  type TempProject,
} from "./helpers.js";

const CACHE = (i: number): string => `interface Box${i} {
  width: number;
}
class Element${i} {
  constructor(readonly id: string) {}
}
const layoutCache${i} = new Map<Element${i}, Box${i}>();
function measure${i}(el: Element${i}): Box${i} {
  let box = layoutCache${i}.get(el);
  if (!box) layoutCache${i}.set(el, (box = { width: el.id.length }));
  return box;
}
export function widths${i}(ids: string[]): number[] {
  return ids.map((id) => measure${i}(new Element${i}(id)).width);
}
`;

const MANUAL = (i: number): string => `export interface Doc${i} {
  title: string;
}
const seen${i} = new Map<Doc${i}, number>();
export function count${i}(doc: Doc${i}): number {
  seen${i}.set(doc, (seen${i}.get(doc) ?? 0) + 1);
  return seen${i}.size;
}
`;

const CLEAN = (i: number): string => `export function add${i}(a: number, b: number): number {
  return a + b;
}
`;

/** A key that reaches a cache from another file (and so, maybe, from another shard). */
const CHAIN = {
  "src/chain/cache.ts": `export class Node {
  constructor(readonly id: string) {}
}
const depths = new Map<Node, number>();
export function remember(node: Node): number {
  let depth = depths.get(node);
  if (depth === undefined) depths.set(node, (depth = node.id.length));
  return depth;
}
`,
  "src/chain/wire.ts": `import { remember } from "./cache.js";
export class Wire {
  receive(text: string): number {
    return remember(JSON.parse(text));
  }
}
`,
};

/** The shard of a project-relative path (engine/files.ts: FNV-1a of the path). */
function shardOf(relative: string, count = 3): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < relative.length; i++) {
    hash ^= relative.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % count) + 1;
}

let project: TempProject;

beforeAll(() => {
  const files: Record<string, string> = { "tsconfig.json": tsconfigFor(), ...CHAIN };
  const app = path.join(REPO, "examples/leaky-app");
  for (const f of readdirSync(path.join(app, "src")))
    files[`src/app/${f}`] = readFileSync(path.join(app, "src", f), "utf8");
  for (let i = 0; i < 6; i++) files[`src/cache/c${i}.ts`] = CACHE(i);
  for (let i = 0; i < 4; i++) files[`src/manual/m${i}.ts`] = MANUAL(i);
  for (let i = 0; i < 3; i++) files[`src/clean/k${i}.ts`] = CLEAN(i);
  project = tempProject(files);
});

afterAll(() => project.cleanup());

interface ShardsAndWhole {
  whole: string;
  wholeStatus: number | null;
  shards: string[];
}

const made = new Map<string, Promise<ShardsAndWhole>>();

/**
 * Runs `args` on the project, unsharded and as 3 shards (each written to a file); returns both.
 * The project does not change: the same arguments are run once per file.
 */
function shardsAndWhole(args: string[], ext: string): Promise<ShardsAndWhole> {
  const key = JSON.stringify([args, ext]);
  let result = made.get(key);
  if (!result) {
    result = runShards(args, ext);
    made.set(key, result);
  }
  return result;
}

async function runShards(args: string[], ext: string): Promise<ShardsAndWhole> {
  const whole = await runLeakmod(args, project.dir);
  expect(whole.stderr).toBe("");
  const shards: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const r = await runLeakmod([...args, "--shard", `${i}/3`], project.dir);
    expect(r.stderr).toBe("");
    const file = path.join(project.dir, `shard-${i}.${ext}`);
    writeFileSync(file, r.stdout);
    shards.push(path.basename(file));
  }
  return { whole: whole.stdout, wholeStatus: whole.status, shards };
}

describe("leakmod merge", () => {
  it("JSON: the merged shards are the unsharded report, byte for byte; --fail-on gives the same exit code", async () => {
    const { whole, shards } = await shardsAndWhole(["audit", "--format", "json"], "json");
    const report = JSON.parse(whole) as {
      summary: { filesAnalyzed: number; findings: number };
      findings: { file: string; message: string }[];
    };
    expect(report.summary.filesAnalyzed).toBe(22);
    expect(report.summary.findings).toBeGreaterThan(12);
    // Every shard has some of the files and findings, none has them all.
    const counts = shards.map((s) => (JSON.parse(project.read(s)) as typeof report).summary.filesAnalyzed);
    expect(counts.every((n) => n > 0 && n < 22)).toBe(true);
    // The chain across files is seen as in the unsharded run, though the cache (shard 3) and its
    // caller (shard 2) are in different shards: each shard keeps the others' files as context.
    expect([shardOf("src/chain/cache.ts"), shardOf("src/chain/wire.ts")]).toEqual([3, 2]);
    expect(report.findings.find((f) => f.file === "src/chain/cache.ts")?.message).toContain(
      "a call on src/chain/wire.ts:4 passes `JSON.parse(text)`, typed `any`",
    );
    const merged = await runLeakmod(["merge", ...[...shards].reverse()], project.dir);
    expect(merged.stderr).toBe("");
    expect(merged.status).toBe(0);
    expect(merged.stdout).toBe(whole);
    for (const failOn of ["safe", "manual"]) {
      const w = await runLeakmod(["audit", "--format", "json", "--fail-on", failOn], project.dir);
      const m = await runLeakmod(["merge", ...shards, "--fail-on", failOn], project.dir);
      expect(m.status).toBe(w.status);
    }
    // The exit code of a real process (merge loads no compiler: a quick start).
    expect(runCli(["merge", ...shards, "--fail-on", "manual"], project.dir).status).toBe(1);
  });

  it("SARIF: one run with the union of the results, identical to the unsharded log", async () => {
    const { whole, shards } = await shardsAndWhole(["audit", "--format", "sarif"], "sarif");
    const merged = await runLeakmod(["merge", ...shards], project.dir);
    expect(merged.stderr).toBe("");
    expect(merged.status).toBe(0);
    expect(merged.stdout).toBe(whole);
    expect((JSON.parse(merged.stdout) as { runs: unknown[] }).runs).toHaveLength(1);
  });

  it("diff: the patches of the shards merge into the unsharded patch", async () => {
    const { whole, shards } = await shardsAndWhole(["diff", "--format", "json"], "diff.json");
    const merged = await runLeakmod(["merge", ...shards], project.dir);
    expect(merged.status).toBe(0);
    expect(merged.stdout).toBe(whole);
    expect((JSON.parse(whole) as { patch: string }).patch).toMatch(/diff --git a\/src\/cache\/c0\.ts/);
  });

  it("refuses, with one line and exit 2: a missing or duplicate shard, other versions or options, an unsharded report", async () => {
    const { shards } = await shardsAndWhole(["audit", "--format", "json"], "json");
    const [a, b, c] = shards;
    const refused = async (args: string[], pattern: RegExp): Promise<void> => {
      const r = await runLeakmod(["merge", ...args], project.dir);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expectOneLineError(r.stderr, pattern);
    };
    await refused([a, b], /shard 3\/3 is missing/);
    await refused([a, b, b], /shard 2\/3 is given twice \(shard-2\.json and shard-2\.json\)/);
    const older = JSON.parse(project.read(c)) as { tool: { version: string } };
    older.tool.version = "0.0.1";
    project.write("older.json", JSON.stringify(older));
    await refused([a, b, "older.json"], /different leakmod versions \(.* in shard-1\.json, 0\.0\.1 in older\.json\)/);
    const unsafe = await runLeakmod(["audit", "--format", "json", "--unsafe", "--shard", "3/3"], project.dir);
    project.write("unsafe.json", unsafe.stdout);
    await refused([a, b, "unsafe.json"], /different options or configuration/);
    const whole = await runLeakmod(["audit", "--format", "json"], project.dir);
    project.write("whole.json", whole.stdout);
    await refused([a, b, "whole.json"], /whole\.json is not a shard report \(no shard id\)/);
    project.write("four.json", (await runLeakmod(["audit", "--format", "json", "--shard", "3/4"], project.dir)).stdout);
    await refused([a, b, "four.json"], /shard-1\.json is a shard of 3 and four\.json a shard of 4/);
    project.write("junk.json", "{}");
    await refused([a, "junk.json"], /junk\.json is not a leakmod JSON or SARIF report/);
    await refused([a, "nope.json"], /cannot read nope\.json/);
  });
});

describe("merge starts fast", () => {
  /** Every module `entry` imports statically, transitively (relative imports followed; packages listed). */
  function staticImports(entry: string): { files: Set<string>; packages: Set<string> } {
    const files = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string): void => {
      if (files.has(file)) return;
      files.add(file);
      const text = readFileSync(file, "utf8");
      // (`require` too: src/engine/ts-morph.cts loads ts-morph with it.)
      for (const m of text.matchAll(
        /^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)/gm,
      )) {
        const spec = m[1] ?? m[2] ?? m[3];
        if (spec.startsWith(".")) visit(path.resolve(path.dirname(file), spec));
        else packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
      }
    };
    visit(entry);
    return { files, packages };
  }

  it("the merge module imports neither the compiler, prettier nor the transforms", () => {
    const { files, packages } = staticImports(path.join(REPO, "dist/report/merge.js"));
    expect([...packages].filter((p) => ["ts-morph", "typescript", "prettier", "jscodeshift"].includes(p))).toEqual([]);
    expect([...files].filter((f) => f.includes(`${path.sep}transforms${path.sep}`))).toEqual([]);
  });

  it("--version, rules and merge load neither the compiler, prettier nor zod", async () => {
    const project = tempProject({ "tsconfig.json": tsconfigFor(), "src/a.ts": CACHE(1) }, { git: false });
    try {
      for (const i of [1, 2]) {
        const shard = await runLeakmod(["audit", "--format", "json", "--shard", `${i}/2`], project.dir);
        project.write(`shard-${i}.json`, shard.stdout);
      }
      for (const args of [["--version"], ["rules"], ["merge", "shard-1.json", "shard-2.json"]]) {
        const loaded = packagesLoaded(args, project.dir);
        expect(loaded.filter((p) => ["ts-morph", "typescript", "prettier", "zod"].includes(p))).toEqual([]);
      }
      // (The probe does see them: an audit loads ts-morph.)
      expect(packagesLoaded(["audit", "--format", "json"], project.dir)).toContain("ts-morph");
    } finally {
      project.cleanup();
    }
  });

  it("--help lists merge", () => {
    const r = runCli(["--help"], REPO);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/leakmod merge <reports\.\.>/);
  });
});
