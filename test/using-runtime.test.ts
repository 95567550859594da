/**
 * `using` only where the project's build runs it: one project per build shape
 * (test/projects/using-runtime/<shape>/, its `shape.json` says what to expect), leakmod run in
 * process (`runLeakmod`: what the commands find and write; test/cli.test.ts runs the built CLI end
 * to end). A `using` fix is safe only on evidence (tsc emit below ESNext, a tool known to lower it,
 * Node >= 24 without browsers, or the user's declaration); otherwise it is manual, and one
 * warning per run names what is missing and the leakmod.config.json setting.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commandsOf } from "../src/engine/build.js";
import { isTestFile } from "../src/transforms/using-resources/runtime.js";
import { REPO, runLeakmod, tempProject, type TempProject } from "./helpers.js";

const SHAPES = path.join(REPO, "test", "projects", "using-runtime");

interface Shape {
  about: string;
  /** File → applicability of its one finding. */
  findings: Record<string, "safe" | "manual">;
  /** A part of the one warning, or null when there must be none. */
  warning: string | null;
  /** Packages to fake in node_modules: name → version. */
  installed?: Record<string, string>;
}

function filesOf(dir: string, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(full).isDirectory()) Object.assign(out, filesOf(full, rel));
    else if (rel !== "shape.json") out[rel] = readFileSync(full, "utf8");
  }
  return out;
}

const projects: TempProject[] = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

function load(name: string): { shape: Shape; project: TempProject } {
  const dir = path.join(SHAPES, name);
  const shape = JSON.parse(readFileSync(path.join(dir, "shape.json"), "utf8")) as Shape;
  const project = tempProject(filesOf(dir), { nodeModules: false, git: false });
  projects.push(project);
  // @types/node from the repository; fake installed packages (their package.json is all leakmod reads).
  mkdirSync(path.join(project.dir, "node_modules"), { recursive: true });
  symlinkSync(path.join(REPO, "node_modules", "@types"), path.join(project.dir, "node_modules", "@types"), "dir");
  for (const [pkg, version] of Object.entries(shape.installed ?? {})) {
    mkdirSync(path.join(project.dir, "node_modules", pkg), { recursive: true });
    writeFileSync(path.join(project.dir, "node_modules", pkg, "package.json"), JSON.stringify({ name: pkg, version }));
  }
  project.write(".gitignore", "node_modules\ndist\n");
  project.git("init", "-q", ".");
  project.git("add", "-A");
  project.git("-c", "user.email=t@e.com", "-c", "user.name=t", "commit", "-q", "-m", "init");
  return { shape, project };
}

describe("using-resources: runtime evidence, one project per build shape", () => {
  for (const name of readdirSync(SHAPES).sort()) {
    it(`${name}`, async () => {
      const { shape, project } = load(name);
      const audit = await runLeakmod(["audit", "--format", "json", "-t", "using-resources", "."], project.dir);
      expect(audit.status).toBe(0);
      const report = JSON.parse(audit.stdout) as {
        findings: Array<{ file: string; applicability: string; message: string }>;
        warnings: string[];
      };
      const findings = report.findings;
      const got = Object.fromEntries(findings.map((f) => [f.file, f.applicability]));
      expect({ shape: shape.about, findings: got }).toEqual({ shape: shape.about, findings: shape.findings });
      const warnings = report.warnings.filter((w) => w.includes("`using`"));
      if (shape.warning === null) {
        expect(warnings).toEqual([]);
      } else {
        // One warning per run, naming what is missing and the setting that declares it.
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain(shape.warning);
        expect(warnings[0]).toContain('"runtime": { "using": "lowered" }');
        for (const f of findings.filter((x) => x.applicability === "manual"))
          expect(f.message).toContain("Not rewritten: `using` may not run where this code runs");
      }
      // Applied, a safe fix writes `using`; a manual one leaves the file alone.
      const before = Object.fromEntries(Object.keys(shape.findings).map((f) => [f, project.read(f)]));
      const apply = await runLeakmod(["apply", "-t", "using-resources", "."], project.dir);
      expect(apply.status).toBe(0);
      for (const [file, tier] of Object.entries(shape.findings)) {
        if (tier === "safe") expect(project.read(file)).toContain("using _fd = ");
        else expect(project.read(file)).toBe(before[file]);
      }
    });
  }
});

describe("using-resources: runtime evidence, invalid declarations", () => {
  it("rejects an unknown runtime.using value with one line and exit 2", async () => {
    const { project } = load("engines-24-node");
    project.write("leakmod.config.json", JSON.stringify({ runtime: { using: "yes" } }));
    const r = await runLeakmod(["audit", "."], project.dir);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain('runtime.using must be "lowered"');
  });

  it("rejects an unknown key under runtime", async () => {
    const { project } = load("engines-24-node");
    project.write("leakmod.config.json", JSON.stringify({ runtime: { targets: ["node20"] } }));
    const r = await runLeakmod(["audit", "."], project.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('runtime: unknown key "targets" (known: using)');
  });
});

describe("using-resources: reading build scripts and test files", () => {
  it("splits scripts into commands, without runners and env assignments", () => {
    expect(commandsOf("tsc -p tsconfig.build.json && vite build")).toEqual([
      ["tsc", "-p", "tsconfig.build.json"],
      ["vite", "build"],
    ]);
    expect(commandsOf("cross-env NODE_ENV=production npx esbuild src/a.ts --target=node20")).toEqual([
      ["esbuild", "src/a.ts", "--target=node20"],
    ]);
    expect(commandsOf("node_modules/.bin/tsc; pnpm exec tsc -b")).toEqual([["tsc"], ["tsc", "-b"]]);
  });

  it("tells test files (run by a test runner, not the build) from the rest", () => {
    expect(isTestFile("/p/test/a.ts")).toBe(true);
    expect(isTestFile("/p/src/__tests__/a.ts")).toBe(true);
    expect(isTestFile("/p/src/a.spec.ts")).toBe(true);
    expect(isTestFile("/p/src/latest.ts")).toBe(false);
    expect(isTestFile("/p/src/testing/a.ts")).toBe(false);
  });
});
