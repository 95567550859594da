/**
 * `--cache`: a cached run gives the same answer as an uncached one. A cache hit is observed by
 * editing a finding's message in the cache file: a run that shows the edited message reused it,
 * a run that shows the real one analysed the file again.
 */
import { afterEach, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runLeakmod, tempProject, tsconfigFor, type TempProject, type JsonFinding } from "./helpers.js";

const registry = (type: string, importLine: string) => `${importLine}
export class Registry {
  private readonly meta = new Map<${type}, string>();

  // Private, and called with keys made here: weak-refs follows the key within this file only.
  private describe(w: ${type}): string {
    let text = this.meta.get(w);
    if (text === undefined) {
      text = String(w);
      this.meta.set(w, text);
    }
    return text;
  }

  name(id: number): string {
    return this.describe({ id });
  }
}
`;

const FILES = {
  "tsconfig.json": tsconfigFor(),
  "package.json": JSON.stringify({ name: "cache-test", private: true, type: "module" }),
  "src/key.ts": "export interface Key {\n  id: number;\n}\n",
  "src/uses-key.ts": registry("Key", 'import type { Key } from "./key.js";\n'),
  "src/alone.ts": registry("Widget", "interface Widget {\n  id: number;\n}\n"),
};

const CACHE = "cache/";
const TAMPERED = "from the cache";

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

async function audit(dir: string, ...extra: string[]) {
  const r = await runLeakmod(["audit", "--format", "json", "--cache", "--cache-location", CACHE, ...extra], dir);
  const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
  return { ...r, findings: findings.map((f) => ({ file: path.basename(f.file), kind: f.kind, message: f.message })) };
}

function cacheFiles(dir: string): string[] {
  return readdirSync(path.join(dir, CACHE)).map((f) => path.join(dir, CACHE, f));
}

/** Edits every cached finding's message, so that a reused result shows. */
function tamper(dir: string): void {
  const [file] = cacheFiles(dir);
  const data = JSON.parse(readFileSync(file, "utf8")) as {
    results: Record<string, Record<string, { findings: Array<{ message: string }> }>>;
  };
  for (const byTransform of Object.values(data.results))
    for (const r of Object.values(byTransform)) for (const f of r.findings) f.message = TAMPERED;
  writeFileSync(file, JSON.stringify(data));
}

describe("--cache", () => {
  it("reuses an unchanged file's findings, and answers as an uncached run does", async () => {
    project = tempProject(FILES, { git: false });
    const uncached = await runLeakmod(["audit", "--format", "json"], project.dir);
    const first = await audit(project.dir);
    expect(first.status).toBe(uncached.status);
    expect(first.stdout).toBe(uncached.stdout);
    expect(first.findings.map((f) => f.file).sort()).toEqual(["alone.ts", "uses-key.ts"]);
    expect(cacheFiles(project.dir)).toHaveLength(1);
    const second = await audit(project.dir);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe(first.stderr);
    tamper(project.dir);
    const third = await audit(project.dir);
    expect(third.findings.map((f) => f.message)).toEqual([TAMPERED, TAMPERED]);
    // Without --cache the cache is not read.
    const plain = await runLeakmod(["audit", "--format", "json"], project.dir);
    expect(plain.stdout).toBe(uncached.stdout);
  });

  it("a change in an imported declaration invalidates its importers, not the other files", async () => {
    project = tempProject(FILES, { git: false });
    await audit(project.dir);
    tamper(project.dir);
    // Key becomes a string: the map can no longer be weak, uses-key.ts has no finding any more.
    project.write("src/key.ts", "export type Key = string;\n");
    const after = await audit(project.dir);
    const uncached = await runLeakmod(["audit", "--format", "json"], project.dir);
    const truth = (JSON.parse(uncached.stdout) as { findings: JsonFinding[] }).findings;
    expect(truth.map((f) => path.basename(f.file))).toEqual(["alone.ts"]);
    expect(after.findings.map((f) => f.file)).toEqual(["alone.ts"]);
    // alone.ts imports nothing that changed: its (tampered) result was reused. (weak-refs reads no
    // other file for these shapes; a transform that reads the whole program is analysed again.)
    const data = JSON.parse(readFileSync(cacheFiles(project.dir)[0], "utf8")) as { wide: string[] };
    expect(data.wide).not.toContain("weak-refs");
    expect(after.findings[0].message).toBe(TAMPERED);
  });

  it("a change in the configuration invalidates every file", async () => {
    project = tempProject(FILES, { git: false });
    await audit(project.dir);
    tamper(project.dir);
    expect((await audit(project.dir)).findings.every((f) => f.message === TAMPERED)).toBe(true);
    project.write("leakmod.config.json", JSON.stringify({ ignore: ["src/nothing/**"] }));
    const after = await audit(project.dir);
    expect(after.findings).toHaveLength(2);
    expect(after.findings.some((f) => f.message === TAMPERED)).toBe(false);
    // Compiler options too.
    tamper(project.dir);
    project.write("tsconfig.json", tsconfigFor({ noUnusedLocals: true }));
    expect((await audit(project.dir)).findings.some((f) => f.message === TAMPERED)).toBe(false);
    // And the transforms run.
    tamper(project.dir);
    const only = await audit(project.dir, "-t", "weak-refs");
    expect(only.findings.some((f) => f.message === TAMPERED)).toBe(false);
  });

  it("ignores a corrupt or foreign cache file with one warning, and writes a good one", async () => {
    project = tempProject(FILES, { git: false });
    const first = await audit(project.dir);
    const [file] = cacheFiles(project.dir);
    writeFileSync(file, '{"format": 1, "files": [');
    const corrupt = await audit(project.dir);
    expect(corrupt.findings).toEqual(first.findings);
    expect(corrupt.stderr.match(/warning: cache .* is unreadable/g)).toHaveLength(1);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ format: 1 });
    const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...data, leakmod: "0.0.1-other" }));
    const foreign = await audit(project.dir);
    expect(foreign.findings).toEqual(first.findings);
    // The warning reaches the JSON report as well as stderr.
    expect((JSON.parse(foreign.stdout) as { warnings: string[] }).warnings).toEqual([
      expect.stringMatching(/^cache .* was written by leakmod 0\.0\.1-other/),
    ]);
    expect(foreign.stderr.match(/warning: cache .* was written by leakmod 0\.0\.1-other/g)).toHaveLength(1);
    const again = await audit(project.dir);
    expect(again.stderr).not.toMatch(/cache/);
    // No temporary file left beside it.
    expect(cacheFiles(project.dir)).toEqual([file]);
  });

  it("diff reuses the analysis and still guards and formats the fixes", async () => {
    project = tempProject(FILES, { git: false });
    const uncached = await runLeakmod(["diff", "--format", "json"], project.dir);
    await audit(project.dir);
    const cached = await runLeakmod(["diff", "--format", "json", "--cache", "--cache-location", CACHE], project.dir);
    expect(cached.stdout).toBe(uncached.stdout);
    expect(cached.status).toBe(uncached.status);
  });

  it("writes to node_modules/.cache/leakmod by default, and a named file when given one", async () => {
    project = tempProject(FILES, { git: false, nodeModules: false });
    const r = await runLeakmod(["audit", "--cache", "-q"], project.dir);
    expect(r.status).toBe(0);
    expect(readdirSync(path.join(project.dir, "node_modules", ".cache", "leakmod"))).toHaveLength(1);
    await runLeakmod(["audit", "--cache", "--cache-location", "my.cache.json", "-q"], project.dir);
    expect(existsSync(path.join(project.dir, "my.cache.json"))).toBe(true);
  });
});
