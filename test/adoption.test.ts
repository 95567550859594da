/**
 * Adoption in a team, on temporary projects: suppression comments, the baseline,
 * --rule/--ignore-rule, --format github, code frames and colours.
 *
 * leakmod runs in process (`runLeakmod`: leakmod's `main()`, parsed lib files shared between
 * runs): these tests are about what the commands report and write, not about the process
 * (test/cli.test.ts runs the built CLI end to end).
 */
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runLeakmod, expectOneLineError, tempProjectsPerTest } from "./helpers.js";

const { project } = tempProjectsPerTest();

/** Two object-keyed caches: `kept` suppressed by the comment above it, `fixed` not. */
const CACHES = `class Node {
  constructor(readonly id: string) {}
}
// leakmod-ignore-next-line weak-refs/object-keyed-cache -- few keys, measured
const kept = new Map<Node, number>();
const fixed = new Map<Node, number>();
export function size(n: Node): number {
  const v = kept.get(n) ?? fixed.get(n) ?? n.id.length;
  kept.set(n, v);
  fixed.set(n, v);
  return v;
}
`;

/** A whole file silenced for two transforms, in a block comment. */
const FILE_WIDE = `/* leakmod-ignore-file weak-refs, localize-globals -- legacy module, replaced next quarter */
export class Key {
  constructor(readonly id: string) {}
}
const byKey = new Map<Key, string>();
export function label(k: Key): string {
  return byKey.get(k) ?? "";
}
export function setLabel(k: Key, s: string): void {
  byKey.set(k, s);
}
`;

/**
 * localize-globals would move \`log\` (with the comments above it) into \`greet\`: the suppression
 * comment of another kind above it would move too, so the fix is withdrawn. The comment
 * silences nothing, so it is also reported as unused.
 */
const MOVES_COMMENT = `// leakmod-ignore-next-line using-resources -- reviewed
const log = [];

export function greet(name) {
  log.push("greet " + name);
  return "Hello, " + name;
}
`;

/** JavaScript, a whole transform named, and a comment-like string that is not a comment. */
const JS_CACHE = `const note = "// leakmod-ignore-next-line nonsense";
// leakmod-ignore-next-line localize-globals
const seen = new Map();
export function visit(obj) {
  seen.set(obj, note);
  return seen.get(obj);
}
`;

describe("suppression comments", () => {
  it("silence next-line and file findings in TS and JS, are counted, and unused ones are reported", async () => {
    const p = project({
      "src/caches.ts": CACHES,
      "src/legacy.ts": FILE_WIDE,
      "src/log.js": MOVES_COMMENT,
      "src/visit.js": JS_CACHE,
    });
    const r = await runLeakmod(["audit", "--json"], p.dir);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary.suppressed).toBe(3);
    const where = report.findings.map(
      (f: { file: string; line: number; ruleId: string }) => `${f.file}:${f.line} ${f.ruleId}`,
    );
    expect(where).toEqual([
      "src/caches.ts:6 weak-refs/object-keyed-cache",
      "src/log.js:2 localize-globals/accumulating-global",
    ]);
    // Each name of a comment counts: legacy.ts has no localize-globals finding.
    expect(report.unusedSuppressions).toEqual([
      { file: "src/legacy.ts", line: 1, directive: "leakmod-ignore-file", name: "localize-globals" },
      { file: "src/log.js", line: 1, directive: "leakmod-ignore-next-line", name: "using-resources" },
    ]);
    const moved = report.findings.find((f: { file: string }) => f.file === "src/log.js");
    expect(moved.applicability).toBe("manual");
    expect(moved.fix.status).toBe("withdrawn");
    expect(moved.fix.note).toMatch(/would remove or move the leakmod-ignore-next-line comment at line 1/);

    const text = await runLeakmod(["audit"], p.dir);
    expect(text.stdout).toContain(
      "src/log.js:1  unused leakmod-ignore-next-line using-resources: nothing of that kind is reported there; remove it",
    );
    expect(text.stdout).toMatch(/; 3 suppressed\n$/);
  });

  it("a fix never touches a suppressed finding nor moves a suppression comment; a second run changes nothing", async () => {
    const p = project({ "src/caches.ts": CACHES, "src/legacy.ts": FILE_WIDE, "src/log.js": MOVES_COMMENT });
    const r = await runLeakmod(["apply"], p.dir);
    expect(r.status).toBe(0);
    expect(p.read("src/caches.ts")).toBe(CACHES.replace("const fixed = new Map", "const fixed = new WeakMap"));
    expect(p.read("src/legacy.ts")).toBe(FILE_WIDE);
    expect(p.read("src/log.js")).toBe(MOVES_COMMENT);
    expect(r.stdout).toContain("1 fix applied, 1 file changed; 2 suppressed");
    const again = await runLeakmod(["apply", "--force"], p.dir);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("0 fixes applied, 0 files changed; 2 suppressed");
    expect(p.read("src/caches.ts")).toContain("// leakmod-ignore-next-line weak-refs/object-keyed-cache -- few keys");
  });

  it("bad comments are one line naming the file and line, exit 2, nothing written", async () => {
    const unknown = CACHES.replace("weak-refs/object-keyed-cache --", "weak-refs/object-cache --");
    const p = project({ "src/caches.ts": unknown, "src/visit.js": JS_CACHE });
    const r = await runLeakmod(["apply"], p.dir);
    expect(r.status).toBe(2);
    expectOneLineError(
      r.stderr,
      /^leakmod: error: src\/caches\.ts:4: leakmod-ignore-next-line: unknown kind "weak-refs\/object-cache"/,
    );
    expect(p.read("src/caches.ts")).toBe(unknown);

    p.write("src/caches.ts", CACHES);
    const noReason = await runLeakmod(["apply", "--force", "--require-reason"], p.dir);
    expect(noReason.status).toBe(2);
    expectOneLineError(noReason.stderr, /src\/visit\.js:2: leakmod-ignore-next-line needs a reason after " -- "/);
    expect(p.read("src/caches.ts")).toBe(CACHES);

    p.write(
      "src/visit.js",
      JS_CACHE.replace("// leakmod-ignore-next-line localize-globals", "// leakmod-ignore-next-line -- why"),
    );
    const none = await runLeakmod(["audit"], p.dir);
    expect(none.status).toBe(2);
    expectOneLineError(none.stderr, /src\/visit\.js:2: leakmod-ignore-next-line names no kind/);
  });
});

const SEEN = `export interface Doc {
  title: string;
}
const seen = new Map<Doc, number>();
export function count(doc: Doc): number {
  seen.set(doc, (seen.get(doc) ?? 0) + 1);
  return seen.size;
}
`;

describe("baseline", () => {
  it("fails only on new findings, survives edits above and reformatting, reports stale entries", async () => {
    const p = project({ "src/seen.ts": SEEN, "src/caches.ts": CACHES });
    const write = await runLeakmod(
      ["audit", "--write-baseline", "leakmod-baseline.json", "--fail-on", "manual"],
      p.dir,
    );
    expect(write.status).toBe(0);
    expect(write.stderr).toContain("wrote 2 finding(s) to the baseline leakmod-baseline.json");
    const baseline = JSON.parse(p.read("leakmod-baseline.json"));
    expect(baseline.leakmodBaseline).toBe(1);
    expect(baseline.findings.map((e: { file: string; ruleId: string }) => `${e.file} ${e.ruleId}`)).toEqual([
      "src/caches.ts weak-refs/object-keyed-cache",
      "src/seen.ts weak-refs/object-keyed-cache",
    ]);

    const gate = ["audit", "--baseline", "leakmod-baseline.json", "--fail-on", "manual"];
    const clean = await runLeakmod(gate, p.dir);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain(
      "0 findings (0 safe, 0 unsafe, 0 manual) in 0 files; 2 files analysed; 1 suppressed; 2 in the baseline",
    );

    // Unrelated edits: lines above, and reformatting of the finding's own line.
    p.write(
      "src/seen.ts",
      `// a header\n\nimport "node:fs";\n${SEEN.replace("new Map<Doc, number>();", "new Map< Doc,number >( ) ;")}`,
    );
    expect((await runLeakmod(gate, p.dir)).status).toBe(0);

    // A new finding fails the gate, and only it is reported.
    p.write("src/more.ts", SEEN.replace(/seen/g, "more").replace("Doc", "Page").replace(/Doc/g, "Page"));
    const fresh = await runLeakmod(gate, p.dir);
    expect(fresh.status).toBe(1);
    expect(fresh.stdout).toMatch(/^src\/more\.ts:4:14 {2}weak-refs\/object-keyed-cache/m);
    expect(fresh.stdout).not.toMatch(/^src\/seen\.ts/m);

    // A fixed finding leaves a stale entry behind.
    p.write("src/caches.ts", "export const nothing = 1;\n");
    const stale = await runLeakmod([...gate, "--json"], p.dir);
    expect(JSON.parse(stale.stdout).staleBaselineEntries.map((e: { file: string }) => e.file)).toEqual([
      "src/caches.ts",
    ]);
    expect((await runLeakmod(gate, p.dir)).stdout).toMatch(
      /^src\/caches\.ts {2}stale baseline entry weak-refs\/object-keyed-cache \(was line 6\)/m,
    );

    // SARIF carries the same fingerprints.
    const sarif = JSON.parse((await runLeakmod(["audit", "--format", "sarif", "src/seen.ts"], p.dir)).stdout);
    const seenEntry = baseline.findings.find((e: { file: string }) => e.file === "src/seen.ts");
    expect(sarif.runs[0].results[0].partialFingerprints).toEqual({ "leakmod/v1": seenEntry.fingerprint });
  });

  it("a file that is not a baseline is one line, exit 2, and nothing is written", async () => {
    const p = project({ "src/seen.ts": SEEN });
    p.write("notjson.json", "{ nope");
    p.write("other.json", '{ "findings": [] }\n');
    p.write("broken.json", '{ "leakmodBaseline": 1, "findings": [{ "ruleId": "weak-refs" }] }\n');
    const cases: Array<[string, RegExp]> = [
      ["notjson.json", /^leakmod: error: notjson\.json: not a leakmod baseline \(not JSON/],
      ["other.json", /^leakmod: error: other\.json: not a leakmod baseline \(no "leakmodBaseline" key/],
      ["broken.json", /^leakmod: error: broken\.json: findings\[0\] needs string "ruleId", "file" and "fingerprint"/],
      ["missing.json", /^leakmod: error: cannot read the baseline missing\.json: ENOENT/],
    ];
    for (const [file, pattern] of cases) {
      const r = await runLeakmod(["audit", "--baseline", file, "--write-baseline", "out.json"], p.dir);
      expect(r.status).toBe(2);
      expectOneLineError(r.stderr, pattern);
    }
    expect(existsSync(path.join(p.dir, "out.json"))).toBe(false);
  });
});

describe("--rule and --ignore-rule", () => {
  it("select kinds or transforms; an unknown one is one line, exit 2", async () => {
    const p = project({ "src/seen.ts": SEEN, "src/log.js": MOVES_COMMENT });
    const only = JSON.parse((await runLeakmod(["audit", "--json", "--rule", "localize-globals"], p.dir)).stdout);
    expect(only.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["localize-globals/accumulating-global"]);
    // using-resources did not run: its suppression is not "unused".
    expect(only.unusedSuppressions).toEqual([]);
    const ignored = JSON.parse(
      (await runLeakmod(["audit", "--json", "--ignore-rule", "localize-globals/accumulating-global"], p.dir)).stdout,
    );
    expect(ignored.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["weak-refs/object-keyed-cache"]);
    const bad = await runLeakmod(["audit", "--rule", "weak-refs/nope"], p.dir);
    expect(bad.status).toBe(2);
    expectOneLineError(bad.stderr, /--rule: unknown kind "weak-refs\/nope" \(see leakmod rules\)/);
    const badIgnore = await runLeakmod(["audit", "--ignore-rule", "leaks"], p.dir);
    expect(badIgnore.status).toBe(2);
    expectOneLineError(badIgnore.stderr, /--ignore-rule: unknown kind "leaks"/);
  });
});

describe("CI formats", () => {
  it("--format github writes one workflow command per finding", async () => {
    const p = project({ "src/seen.ts": SEEN, "src/caches.ts": CACHES });
    const r = await runLeakmod(["audit", "--format", "github", "--fail-on", "safe"], p.dir);
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^::warning file=src\/caches\.ts,line=6,col=15,endLine=6,endColumn=38,title=leakmod weak-refs\/object-keyed-cache \[safe\]::`fixed` is a Map keyed by objects .* Fix: Use `WeakMap` instead of `Map` for `fixed`\.$/,
    );
    expect(lines[1]).toMatch(/^::notice file=src\/seen\.ts,line=4,col=14,.*\[manual\]::`seen` is a Map/);
    expect(lines[2]).toMatch(/^2 findings \(1 safe, 0 unsafe, 1 manual\)/);
  });

  it("the text report shows a code frame under each finding; colours follow NO_COLOR and FORCE_COLOR", async () => {
    const p = project({ "src/seen.ts": SEEN });
    const plain = await runLeakmod(["audit"], p.dir);
    expect(plain.stdout).toContain(
      [
        "    3 | }",
        "  > 4 | const seen = new Map<Doc, number>();",
        "      |              ^^^^^^^^^^^^^^^^^^^^^^",
        "    5 | export function count(doc: Doc): number {",
      ].join("\n"),
    );
    expect(plain.stdout).not.toContain("\u001b[");
    const forced = await runLeakmod(["audit"], p.dir, { NO_COLOR: "", FORCE_COLOR: "1" });
    expect(forced.stdout).toContain("\u001b[");
    expect(forced.stdout.replace(/\u001b\[[0-9;]*m/g, "")).toBe(plain.stdout);
    expect((await runLeakmod(["audit"], p.dir, { NO_COLOR: "1", FORCE_COLOR: "1" })).stdout).toBe(plain.stdout);
  });
});

describe("configuration: rules, ignore, overrides (leakmod.config.json or package.json)", () => {
  it("turns kinds off, caps fix tiers, ignores paths, overrides per path; --rule wins", async () => {
    const p = project({
      "src/seen.ts": SEEN,
      "src/caches.ts": CACHES,
      "src/gen/seen.ts": SEEN,
      "test/log.js": MOVES_COMMENT.replace(/^\/\/.*\n/, ""),
    });
    const ids = async (args: string[] = []): Promise<string[]> => {
      const r = await runLeakmod(["audit", "--json", ...args], p.dir);
      expect(r.status).toBe(0);
      return JSON.parse(r.stdout).findings.map(
        (f: { file: string; ruleId: string; applicability: string }) => `${f.file} ${f.ruleId} ${f.applicability}`,
      );
    };
    p.write(
      "leakmod.config.json",
      JSON.stringify({
        rules: { "weak-refs/object-keyed-cache": { fix: "unsafe" }, "localize-globals": "off" },
        ignore: ["src/gen/**"],
        overrides: [{ files: ["test/**"], rules: { "localize-globals/accumulating-global": { fix: "manual" } } }],
      }),
    );
    expect(await ids()).toEqual([
      "src/caches.ts weak-refs/object-keyed-cache unsafe",
      "src/seen.ts weak-refs/object-keyed-cache manual",
      "test/log.js localize-globals/accumulating-global manual",
    ]);
    // A capped fix is not applied without --unsafe; a manual one never.
    const apply = await runLeakmod(["apply", "--force"], p.dir);
    expect(apply.status).toBe(0);
    expect(p.read("src/caches.ts")).toBe(CACHES);
    expect(p.read("test/log.js")).toBe(MOVES_COMMENT.replace(/^\/\/.*\n/, ""));
    // --rule decides which kinds are on, over the configuration.
    expect(await ids(["--rule", "localize-globals"])).toEqual([
      "test/log.js localize-globals/accumulating-global manual",
    ]);

    // The same configuration as package.json's "leakmod" key.
    p.write("package.json", JSON.stringify({ name: "app", leakmod: { rules: { "weak-refs": "off" } } }));
    p.write("leakmod.config.json", "{}");
    expect(await ids()).toHaveLength(4);
    rmSync(path.join(p.dir, "leakmod.config.json"));
    expect(await ids()).toEqual(["test/log.js localize-globals/accumulating-global safe"]);
  });

  it("an unknown kind, a bad value or an unknown key is one line naming the key, exit 2, nothing written", async () => {
    const p = project({ "src/caches.ts": CACHES });
    const cases: Array<[string, string, RegExp]> = [
      [
        "leakmod.config.json",
        '{ "rules": { "weak-refs/nope": "off" } }',
        /^leakmod: error: invalid leakmod\.config\.json: rules\.weak-refs\/nope is not a finding kind or transform \(see leakmod rules\)$/,
      ],
      [
        "leakmod.config.json",
        '{ "overrides": [{ "files": ["src/**"], "rules": { "weak-refs": "maybe" } }] }',
        /^leakmod: error: invalid leakmod\.config\.json: overrides\[0\]\.rules\.weak-refs must be "on", "off", or \{ "fix": "safe" \| "unsafe" \| "manual" \}$/,
      ],
      ["leakmod.config.json", '{ "rulez": {} }', /^leakmod: error: invalid leakmod\.config\.json: unknown key "rulez"/],
    ];
    for (const [file, text, pattern] of cases) {
      p.write(file, text);
      const r = await runLeakmod(["apply", "--force"], p.dir);
      expect(r.status).toBe(2);
      expectOneLineError(r.stderr, pattern);
      expect(p.read("src/caches.ts")).toBe(CACHES);
    }
  });
});
