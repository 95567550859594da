/**
 * The commands on temporary git projects: exit codes, stdout, stderr and files on disk.
 *
 * The end-to-end runs of the built CLI (a real process: its exit code, stdout and stderr) are
 * deliberate: --help, rules and no command; audit's text report and --fail-on's exit 1; diff's
 * patch that git applies; apply's rewrite and second run; a syntax error under apply (exit 2);
 * the progress bar on a terminal. The other tests are about what a command reports or writes,
 * and run leakmod in process (`runLeakmod`: leakmod's `main()`, parsed lib files shared between
 * runs).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CLI as CLI_PATH,
  runCli,
  runLeakmod,
  tempProject,
  tsconfigFor,
  expectOneLineError,
  tempProjectsPerTest,
  packagesLoaded,
} from "./helpers.js";

const CACHE = `interface Box {
  width: number;
}
class Element {
  constructor(readonly id: string) {}
}
const layoutCache = new Map<Element, Box>();
function measure(el: Element): Box {
  let box = layoutCache.get(el);
  if (!box) layoutCache.set(el, (box = { width: el.id.length }));
  return box;
}
export function widths(ids: string[]): number[] {
  return ids.map((id) => measure(new Element(id)).width);
}
`;

const MANUAL = `export interface Doc {
  title: string;
}
const seen = new Map<Doc, number>();
export function count(doc: Doc): number {
  seen.set(doc, (seen.get(doc) ?? 0) + 1);
  return seen.size;
}
`;

const CLEAN = `export function add(a: number, b: number): number {
  return a + b;
}
`;

const { project, track } = tempProjectsPerTest();

describe("help and rules", () => {
  it("--help shows an example for each of the three jobs", () => {
    const r = runCli(["--help"], process.cwd());
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("leakmod audit src/");
    expect(r.stdout).toContain("leakmod diff src/ > leaks.patch");
    expect(r.stdout).toContain("leakmod apply src/");
    expect(r.stdout).toMatch(/--unsafe/);
    expect(r.stdout).toMatch(/--shard/);
  });

  it("rules lists every transform kind with its tiers, as text and JSON", () => {
    const text = runCli(["rules"], process.cwd());
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("weak-refs/object-keyed-cache  [safe, unsafe, manual]");
    expect(text.stdout).toContain("new WeakMap<Element, DOMRect>()");
    const json = JSON.parse(runCli(["rules", "--json"], process.cwd()).stdout) as Array<{
      id: string;
      kinds: unknown[];
    }>;
    expect(json.map((t) => t.id)).toContain("weak-refs");
    expect(json.every((t) => t.kinds.length > 0)).toBe(true);
  });

  it("no command is a usage error", () => {
    const r = runCli([], process.cwd());
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /name a command/);
  });
});

describe("audit", () => {
  it("reports findings as text with file:line:col, rule, tier and a summary; changes nothing", () => {
    const p = project({ "src/cache.ts": CACHE, "src/seen.ts": MANUAL, "src/clean.ts": CLEAN });
    const r = runCli(["audit"], p.dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^src\/cache\.ts:7:21 {2}weak-refs\/object-keyed-cache {2}`layoutCache` is a Map keyed by objects .* \[safe fix\]$/m,
    );
    expect(r.stdout).toMatch(
      /^src\/seen\.ts:4:14 {2}weak-refs\/object-keyed-cache {2}.*its `\.size` is read \(line 7\).* \[manual\]$/m,
    );
    expect(r.stdout).toContain("2 findings (1 safe, 0 unsafe, 1 manual) in 2 files; 3 files analysed");
    expect(p.read("src/cache.ts")).toBe(CACHE);
  });

  it("--fail-on sets exit 1 when findings of that tier (or a more fixable one) exist", async () => {
    const p = project({ "src/seen.ts": MANUAL, "src/clean.ts": CLEAN });
    // Exit 1 of a real process once; the other tiers in process.
    expect(runCli(["audit", "--fail-on", "manual"], p.dir).status).toBe(1);
    expect((await runLeakmod(["audit", "--fail-on", "safe"], p.dir)).status).toBe(0);
    expect((await runLeakmod(["audit", "--fail-on", "none"], p.dir)).status).toBe(0);
    expect((await runLeakmod(["audit", "--fail-on", "manual", "src/clean.ts"], p.dir)).status).toBe(0);
    p.write("src/cache.ts", CACHE);
    expect((await runLeakmod(["audit", "--fail-on", "safe", "src/cache.ts"], p.dir)).status).toBe(1);
  });

  it("modernisations are reported apart and counted by --fail-on only with --modernize fail", async () => {
    const FINALLY = `import fs from "node:fs";
export function size(p: string): number {
  const fd = fs.openSync(p, "r");
  try {
    return fs.fstatSync(fd).size;
  } finally {
    fs.closeSync(fd);
  }
}
`;
    const p = project({ "src/size.ts": FINALLY, "package.json": '{ "type": "module" }\n' }, { git: true });
    const text = await runLeakmod(["audit", "-t", "using-resources"], p.dir);
    expect(text.stdout).toMatch(/using-resources\/finally-cleanup \(modernisation\)/);
    expect(text.stdout).toContain("1 of them a modernisation, not a leak");
    expect((await runLeakmod(["audit", "--fail-on", "manual"], p.dir)).status).toBe(0);
    expect((await runLeakmod(["audit", "--fail-on", "safe", "--modernize", "fail"], p.dir)).status).toBe(1);
    const json = JSON.parse((await runLeakmod(["audit", "--format", "json"], p.dir)).stdout);
    expect(json.summary).toMatchObject({ findings: 1, safe: 1, modernizations: 1 });
    expect(json.findings[0]).toMatchObject({ kind: "finally-cleanup", category: "modernize" });
    const off = JSON.parse((await runLeakmod(["diff", "--format", "json", "--modernize", "off"], p.dir)).stdout);
    expect(off.findings).toEqual([]);
    expect(off.patch ?? "").toBe("");
    expect((await runLeakmod(["apply", "--modernize", "off"], p.dir)).status).toBe(0);
    expect(p.read("src/size.ts")).toBe(FINALLY);
  });

  it("--format json follows the documented schema", async () => {
    const p = project({ "src/cache.ts": CACHE, "src/seen.ts": MANUAL });
    const r = await runLeakmod(["audit", "--format", "json"], p.dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool.name).toBe("leakmod");
    expect(report.command).toBe("audit");
    expect(report.summary).toEqual({
      filesAnalyzed: 2,
      findings: 2,
      safe: 1,
      unsafe: 0,
      manual: 1,
      modernizations: 0,
      fixesApplied: 0,
      filesChanged: 0,
      suppressed: 0,
      baselined: 0,
    });
    const cache = report.findings.find((f: { file: string }) => f.file === "src/cache.ts");
    expect(cache).toMatchObject({
      rule: "weak-refs",
      kind: "object-keyed-cache",
      ruleId: "weak-refs/object-keyed-cache",
      line: 7,
      column: 21,
      applicability: "safe",
      fix: { status: "skipped", edits: [{ newText: "WeakMap" }] },
    });
    const start = cache.fix.edits[0].start;
    expect(CACHE.slice(start, cache.fix.edits[0].end)).toBe("Map");
    expect((await runLeakmod(["audit", "--json"], p.dir)).stdout).toBe(r.stdout);
  });

  it("--format sarif is SARIF 2.1.0 with rules, results, locations and fixes", async () => {
    const p = project({ "src/cache.ts": CACHE, "src/seen.ts": MANUAL });
    const r = await runLeakmod(["audit", "--format", "sarif"], p.dir);
    expect(r.status).toBe(0);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe("leakmod");
    const ruleIds = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(ruleIds).toContain("weak-refs/object-keyed-cache");
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text).toBeTruthy();
      expect(rule.help.text).toBeTruthy();
    }
    expect(run.results).toHaveLength(2);
    for (const result of run.results) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      expect(["warning", "note"]).toContain(result.level);
      expect(result.message.text).toBeTruthy();
      const loc = result.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toMatch(/^src\/(cache|seen)\.ts$/);
      expect(loc.artifactLocation.uriBaseId).toBe("SRCROOT");
      expect(loc.region.startLine).toBeGreaterThan(0);
      expect(loc.region.startColumn).toBeGreaterThan(0);
    }
    const fixable = run.results.find(
      (x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
        x.locations[0].physicalLocation.artifactLocation.uri === "src/cache.ts",
    );
    const replacement = fixable.fixes[0].artifactChanges[0].replacements[0];
    expect(replacement.insertedContent.text).toBe("WeakMap");
    expect(CACHE.substr(replacement.deletedRegion.charOffset, replacement.deletedRegion.charLength)).toBe("Map");
    expect(run.originalUriBaseIds.SRCROOT.uri).toMatch(/^file:\/\/.*\/$/);
  });

  it("works on a JavaScript folder without a tsconfig", async () => {
    const dir = tempProject({
      "package.json": '{ "name": "js", "type": "module" }\n',
      "lib/index.js":
        "class Node {\n  id = 1;\n}\nconst seen = new Set();\nexport function visit() {\n  const n = new Node();\n  if (seen.has(n)) return;\n  seen.add(n);\n}\n",
    });
    track(dir);
    const r = await runLeakmod(["audit", "lib"], dir.dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^lib\/index\.js:4:14 {2}weak-refs\/object-keyed-cache .*\[safe fix\]$/m);
  });

  it("honours .gitignore and skips node_modules", async () => {
    const p = project({
      "src/cache.ts": CACHE,
      "src/generated/cache.ts": CACHE,
      ".gitignore": "node_modules\nsrc/generated/\n",
    });
    const r = await runLeakmod(["audit", "--json"], p.dir);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { file: string }) => f.file)).toEqual(["src/cache.ts"]);
    expect(report.summary.filesAnalyzed).toBe(1);
  });

  it("--shard i/n splits the files into disjoint slices that cover them all", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`src/m${i}.ts`] = CACHE;
    const p = project(files);
    const seen: string[] = [];
    for (const shard of ["1/3", "2/3", "3/3"]) {
      const report = JSON.parse((await runLeakmod(["audit", "--json", "--shard", shard], p.dir)).stdout);
      const again = JSON.parse((await runLeakmod(["audit", "--json", "--shard", shard], p.dir)).stdout);
      expect(again.findings).toEqual(report.findings);
      seen.push(...report.findings.map((f: { file: string }) => f.file));
    }
    expect(seen.sort()).toEqual(Object.keys(files).sort());
  });
});

describe("diff", () => {
  it("prints a patch that git apply accepts, and writes nothing", () => {
    const p = project({ "src/cache.ts": CACHE, "src/clean.ts": CLEAN });
    const r = runCli(["diff"], p.dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("diff --git a/src/cache.ts b/src/cache.ts");
    expect(r.stdout).toContain("-const layoutCache = new Map<Element, Box>();");
    expect(r.stdout).toContain("+const layoutCache = new WeakMap<Element, Box>();");
    expect(p.read("src/cache.ts")).toBe(CACHE);
    writeFileSync(path.join(p.dir, "leaks.patch"), r.stdout);
    const check = spawnSync("git", ["apply", "--check", "leaks.patch"], { cwd: p.dir, encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
    spawnSync("git", ["apply", "leaks.patch"], { cwd: p.dir });
    expect(p.read("src/cache.ts")).toBe(CACHE.replace("new Map<Element, Box>", "new WeakMap<Element, Box>"));
  });

  it("paths in the patch are relative to the git root when run from a subfolder", async () => {
    const p = project({ "pkg/tsconfig.json": tsconfigFor(), "pkg/src/cache.ts": CACHE });
    const r = await runLeakmod(["diff", "."], path.join(p.dir, "pkg"));
    expect(r.stdout).toContain("diff --git a/pkg/src/cache.ts b/pkg/src/cache.ts");
    writeFileSync(path.join(p.dir, "x.patch"), r.stdout);
    expect(spawnSync("git", ["apply", "--check", "x.patch"], { cwd: p.dir }).status).toBe(0);
  });

  it("--format json carries the findings and the patch", async () => {
    const p = project({ "src/cache.ts": CACHE });
    const report = JSON.parse((await runLeakmod(["diff", "--json"], p.dir)).stdout);
    expect(report.command).toBe("diff");
    expect(report.patch).toContain("+const layoutCache = new WeakMap<Element, Box>();");
    expect(report.findings[0].fix.status).toBe("applied");
  });

  it("an empty diff when there is nothing to fix", async () => {
    const p = project({ "src/clean.ts": CLEAN });
    const r = await runLeakmod(["diff"], p.dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
  });
});

describe("apply", () => {
  it("rewrites files atomically, reports, and a second run changes nothing", () => {
    const p = project({ "src/cache.ts": CACHE, "src/seen.ts": MANUAL, "src/clean.ts": CLEAN });
    const r = runCli(["apply"], p.dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/src\/cache\.ts:7:21 .*\[safe, fixed\]/);
    expect(r.stdout).toContain("1 fix applied, 1 file changed");
    expect(p.read("src/cache.ts")).toBe(CACHE.replace("new Map<Element, Box>", "new WeakMap<Element, Box>"));
    expect(p.read("src/seen.ts")).toBe(MANUAL);
    expect(readdirSync(path.join(p.dir, "src")).sort()).toEqual(["cache.ts", "clean.ts", "seen.ts"]);
    p.git("commit", "-qam", "fixed");
    const again = runCli(["apply", "--json"], p.dir);
    expect(JSON.parse(again.stdout).summary.filesChanged).toBe(0);
    expect(p.git("status", "--porcelain")).toBe("");
  });

  it("refuses to rewrite a file with uncommitted changes unless --force", async () => {
    const p = project({ "src/cache.ts": CACHE, "src/clean.ts": CLEAN });
    p.write("src/cache.ts", `${CACHE}// edited\n`);
    const r = await runLeakmod(["apply"], p.dir);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /uncommitted changes \(src\/cache\.ts\).*--force/);
    expect(p.read("src/cache.ts")).toBe(`${CACHE}// edited\n`);
    const forced = await runLeakmod(["apply", "--force"], p.dir);
    expect(forced.status).toBe(0);
    expect(p.read("src/cache.ts")).toContain("new WeakMap<Element, Box>()");
  });

  it("keeps a BOM, CRLF line endings and untouched lines byte for byte", async () => {
    const crlf = `\uFEFF${CACHE.replace("interface Box {", "interface   Box {").replace(/\n/g, "\r\n")}`;
    const p = project({ "src/cache.ts": crlf });
    const r = await runLeakmod(["apply"], p.dir);
    expect(r.status).toBe(0);
    const after = readFileSync(path.join(p.dir, "src/cache.ts"), "utf8");
    expect(after).toBe(crlf.replace("new Map<Element, Box>", "new WeakMap<Element, Box>"));
  });

  it("--no-format leaves the edit unformatted; formatting touches only the edited statement", async () => {
    const messy = CACHE.replace(
      "const layoutCache = new Map<Element, Box>();",
      "const layoutCache  =  new Map<Element, Box>( ) ;",
    ).replace("  let box = layoutCache.get(el);", "  let box   = layoutCache.get(el);");
    const p = project({ "src/cache.ts": messy });
    const raw = await runLeakmod(["diff", "--no-format"], p.dir);
    expect(raw.stdout).toContain("+const layoutCache  =  new WeakMap<Element, Box>( ) ;");
    const formatted = await runLeakmod(["diff"], p.dir);
    expect(formatted.stdout).toContain("+const layoutCache = new WeakMap<Element, Box>();");
    expect(formatted.stdout).not.toContain("+  let box = layoutCache.get(el);");
  });
});

describe("bad input: one line on stderr, exit 2, nothing written", () => {
  it("a syntax error names the file and line, and no file is rewritten", async () => {
    const p = project({ "src/cache.ts": CACHE, "src/bad.ts": "export function f( {\n  return 1;\n}\n" });
    for (const command of ["audit", "diff", "apply"]) {
      // Exit 2 of a real process for apply; audit and diff in process.
      const r = command === "apply" ? runCli([command], p.dir) : await runLeakmod([command], p.dir);
      expect(r.status).toBe(2);
      expectOneLineError(r.stderr, /src\/bad\.ts:\d+:\d+: syntax error: /);
      expect(r.stdout).toBe("");
    }
    expect(p.read("src/cache.ts")).toBe(CACHE);
    expect(p.read("src/bad.ts")).toBe("export function f( {\n  return 1;\n}\n");
  });

  it("a missing tsconfig given with -p", async () => {
    const p = project({ "src/cache.ts": CACHE });
    const r = await runLeakmod(["audit", "-p", "nope/tsconfig.json"], p.dir);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /tsconfig not found: nope\/tsconfig\.json/);
  });

  it("an invalid tsconfig", async () => {
    const p = project({ "src/cache.ts": CACHE });
    p.write("tsconfig.json", '{ "compilerOptions": { "strict": true, }\n');
    const r = await runLeakmod(["audit"], p.dir);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /invalid tsconfig: tsconfig\.json:\d+:\d+: /);
    p.write("tsconfig.json", '{ "extends": "./missing.json" }\n');
    const r2 = await runLeakmod(["audit"], p.dir);
    expect(r2.status).toBe(2);
    expectOneLineError(r2.stderr, /invalid tsconfig: .*missing\.json/);
  });

  it("a path outside the project", async () => {
    const p = project({ "app/tsconfig.json": tsconfigFor(), "app/src/cache.ts": CACHE, "other/x.ts": CLEAN });
    const r = await runLeakmod(["audit", "-p", "app", "other/x.ts"], p.dir);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /other\/x\.ts is outside the project \(app\)/);
  });

  it("a path that does not exist, or is not a source file", async () => {
    const p = project({ "src/cache.ts": CACHE, "notes.txt": "hello\n" });
    expectOneLineError(
      (await runLeakmod(["audit", "src/nope.ts"], p.dir)).stderr,
      /src\/nope\.ts: no such file or folder/,
    );
    expectOneLineError(
      (await runLeakmod(["audit", "notes.txt"], p.dir)).stderr,
      /notes\.txt: not a TypeScript or JavaScript source file/,
    );
  });

  it("an unreadable file (a broken link) and a binary file", async () => {
    const p = project({ "src/cache.ts": CACHE });
    symlinkSync("missing.ts", path.join(p.dir, "src/gone.ts"));
    const gone = await runLeakmod(["audit", "src/gone.ts"], p.dir);
    expect(gone.status).toBe(2);
    expectOneLineError(gone.stderr, /src\/gone\.ts/);
    writeFileSync(path.join(p.dir, "src/blob.ts"), Buffer.from([0x63, 0x6f, 0x6e, 0x00, 0x01, 0xff, 0x00]));
    const blob = await runLeakmod(["apply", "--force"], p.dir);
    expect(blob.status).toBe(2);
    expectOneLineError(blob.stderr, /src\/blob\.ts: binary file/);
    expect(p.read("src/cache.ts")).toBe(CACHE);
  });

  it("a file that is not UTF-8", async () => {
    const p = project({ "src/cache.ts": CACHE });
    writeFileSync(path.join(p.dir, "src/latin1.ts"), Buffer.from("const caf\xe9 = 1;\n", "latin1"));
    const r = await runLeakmod(["audit"], p.dir);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /src\/latin1\.ts: not valid UTF-8/);
  });

  it("an unknown transform, a bad --shard, an unknown option", async () => {
    const p = project({ "src/cache.ts": CACHE });
    expectOneLineError(
      (await runLeakmod(["audit", "-t", "nope"], p.dir)).stderr,
      /unknown transform "nope" \(known: .*weak-refs/,
    );
    expect((await runLeakmod(["audit", "-t", "nope"], p.dir)).status).toBe(2);
    for (const shard of ["5/4", "0/2", "x", "1/0"]) {
      const r = await runLeakmod(["audit", "--shard", shard], p.dir);
      expect(r.status).toBe(2);
      expectOneLineError(r.stderr, /bad --shard/);
    }
    const unknown = await runLeakmod(["audit", "--frobnicate"], p.dir);
    expect(unknown.status).toBe(2);
    expectOneLineError(unknown.stderr, /frobnicate/);
  });

  it("an invalid leakmod.config.json", async () => {
    const p = project({
      "src/cache.ts": CACHE,
      "leakmod.config.json": '{ "resources": [{ "factory": "db.open" }] }\n',
    });
    const r = await runLeakmod(["audit"], p.dir);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /invalid leakmod\.config\.json: resources\[0\]\.cleanup/);
  });
});

describe("progress", () => {
  const hasScript = spawnSync("script", ["--version"]).status === 0;
  it.skipIf(!hasScript)("shows a progress bar on a terminal, and none with --quiet, --json or CI=true", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`src/m${i}.ts`] = CACHE;
    const p = project(files);
    // `script` gives the CLI a terminal; stdout goes to a file, what is left on the terminal is stderr.
    const onTerminal = (args: string, ci: boolean): string => {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
      delete env.CI;
      if (ci) env.CI = "true";
      const r = spawnSync("script", ["-qec", `node ${JSON.stringify(CLI_PATH)} ${args} > out.txt`, "/dev/null"], {
        cwd: p.dir,
        env,
        encoding: "utf8",
      });
      return r.stdout;
    };
    expect(onTerminal("audit", false)).toMatch(/leakmod: analysing \[.*\] \d+\/60 files/);
    expect(readFileSync(path.join(p.dir, "out.txt"), "utf8")).toContain("60 findings");
    expect(onTerminal("audit --quiet", false)).not.toMatch(/leakmod:/);
    expect(onTerminal("audit --json", false)).not.toMatch(/leakmod:/);
    expect(onTerminal("audit", true)).not.toMatch(/leakmod:/);
  });
});

describe("examples/leaky-app", () => {
  it("diff in a copy gives a patch git apply accepts; audit --format sarif lists its findings", async () => {
    const example = path.join(path.dirname(CLI_PATH), "..", "examples", "leaky-app");
    const files: Record<string, string> = {};
    const walk = (dir: string, rel: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(dir, entry.name), `${rel}${entry.name}/`);
        else files[`${rel}${entry.name}`] = readFileSync(path.join(dir, entry.name), "utf8");
      }
    };
    walk(example, "");
    const p = tempProject(files);
    track(p);
    const diff = await runLeakmod(["diff", "."], p.dir);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain("+const userByRequest = new WeakMap<Request, User>();");
    expect(diff.stdout).toContain('+    jobs.off("job", this.onJob);');
    writeFileSync(path.join(p.dir, "leaks.patch"), diff.stdout);
    const check = spawnSync("git", ["apply", "--check", "leaks.patch"], { cwd: p.dir, encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
    const sarif = JSON.parse((await runLeakmod(["audit", "--format", "sarif", "."], p.dir)).stdout);
    const audit = JSON.parse((await runLeakmod(["audit", "--json", "."], p.dir)).stdout);
    expect(sarif.runs[0].results.length).toBe(audit.findings.length);
    expect(audit.findings.length).toBeGreaterThanOrEqual(4);
  });
});

describe("start-up loads what the run needs", () => {
  it("an audit without leakmod.config.json never loads zod; one with it does", () => {
    const p = tempProject({ "tsconfig.json": tsconfigFor(), "src/a.ts": "export const a = 1;\n" }, { git: false });
    try {
      const without = packagesLoaded(["audit", "--format", "json"], p.dir);
      // The probe sees both kinds of module: ts-morph (CommonJS) and, in the log, the ES modules
      // of the CLI's entry (dist/cli.js and the compile cache it turns on, scripts/bundle.mjs).
      expect(without).toContain("ts-morph");
      expect(readFileSync(path.join(p.dir, "loaded.txt"), "utf8")).toMatch(/\/dist\/engine\/[\w-]+\.js$/m);
      expect(without).not.toContain("zod");
      expect(without).not.toContain("prettier");
      p.write("leakmod.config.json", JSON.stringify({ longLived: ["appBus"] }));
      expect(packagesLoaded(["audit", "--format", "json"], p.dir)).toContain("zod");
    } finally {
      p.cleanup();
    }
  });
});
