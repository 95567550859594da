/**
 * `apply` a team can trust with its working tree (issue 15): the git check of every file
 * written, the all-or-nothing write phase under signals and write errors, files that must not be
 * written, the lock, honest exit codes and summaries, pipes, runs that analyse nothing, SARIF for
 * upload.
 *
 * What a command does runs in process (`runLeakmod`: leakmod's `main()`, parsed lib files shared
 * between runs). These stay real processes of the built CLI, because the process is what they
 * test: apply refused by another live process's lock, SIGINT in the analysis and in the write
 * phase, a reader that closes the pipe early, and the demo script.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  watch,
  writeFileSync,
  type FSWatcher,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  CLI,
  REPO,
  runCli,
  runLeakmod,
  tsconfigFor,
  type TempProject,
  expectOneLineError,
  tempProjectsPerTest,
} from "./helpers.js";

const CACHE = `interface Box {
  width: number;
}
class Element {
  constructor(readonly id: string) {}
}
const layoutCache = new Map<Element, Box>();
export function measure(el: Element): Box {
  let box = layoutCache.get(el);
  if (!box) layoutCache.set(el, (box = { width: el.id.length }));
  return box;
}
`;
const FIXED = CACHE.replace("new Map<Element, Box>", "new WeakMap<Element, Box>");

const CLEAN = `export function add(a: number, b: number): number {
  return a + b;
}
`;

const { project, defer } = tempProjectsPerTest();

function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith("leakmod: error: "));
}

/** Every file under `dir` (outside node_modules and .git), recursively. */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name === ".git") continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

const temporaryFiles = (dir: string): string[] => walk(dir).filter((f) => /leakmod.*\.tmp$/.test(path.basename(f)));

describe("the git check covers every file apply writes (defect 1)", () => {
  it("a dirty file written from a subfolder, or named as the second path, is refused; other dirty files are not", async () => {
    const p = project({ "src/a/cache.ts": CACHE, "src/b/clean.ts": CLEAN, "src/b/other.ts": CACHE });
    p.write("src/a/cache.ts", `${CACHE}// my uncommitted edit\n`);
    const fromSubfolder = await runLeakmod(["apply"], path.join(p.dir, "src/b"));
    expect(fromSubfolder.status).toBe(2);
    expectOneLineError(fromSubfolder.stderr, /uncommitted changes \(\.\.\/a\/cache\.ts\).*--force/, { warnings: true });
    const secondPath = await runLeakmod(["apply", "src/b", "src/a"], p.dir);
    expect(secondPath.status).toBe(2);
    expectOneLineError(secondPath.stderr, /uncommitted changes \(src\/a\/cache\.ts\)/, { warnings: true });
    expect(p.read("src/a/cache.ts")).toBe(`${CACHE}// my uncommitted edit\n`);
    expect(p.read("src/b/other.ts")).toBe(CACHE);
    // A dirty file that is not written does not stop the run.
    const other = await runLeakmod(["apply", "src/b"], p.dir);
    expect(other.status).toBe(0);
    expect(p.read("src/b/other.ts")).toBe(FIXED);
    expect(p.read("src/a/cache.ts")).toBe(`${CACHE}// my uncommitted edit\n`);
    const forced = await runLeakmod(["apply", "--force"], p.dir);
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(/warning: --force: rewrote files with uncommitted changes: src\/a\/cache\.ts/);
    expect(p.read("src/a/cache.ts")).toBe(`${FIXED}// my uncommitted edit\n`);
  });

  it("a dirty file a transform only reads does not stop apply; a dirty file it writes is refused after the analysis", async () => {
    // Both files pass the prefilter (they declare classes); only cache.ts gets a fix.
    const READ_ONLY = `export class Counter {\n  count = 0;\n}\n`;
    const p = project({ "src/cache.ts": CACHE, "src/counter.ts": READ_ONLY });
    p.write("src/counter.ts", `${READ_ONLY}// my uncommitted edit\n`);
    const r = await runLeakmod(["apply"], p.dir);
    expect(r.status).toBe(0);
    expect(p.read("src/cache.ts")).toBe(FIXED);
    expect(p.read("src/counter.ts")).toBe(`${READ_ONLY}// my uncommitted edit\n`);
    // The file to be written is the dirty one: refused, nothing written.
    p.write("src/cache.ts", `${CACHE}// my uncommitted edit\n`);
    const dirty = await runLeakmod(["apply"], p.dir);
    expect(dirty.status).toBe(2);
    expectOneLineError(dirty.stderr, /files to be rewritten have uncommitted changes \(src\/cache\.ts\).*--force/, {
      warnings: true,
    });
    expect(p.read("src/cache.ts")).toBe(`${CACHE}// my uncommitted edit\n`);
  });

  it("an untracked file that would be rewritten is named; --force writes it and says nothing can undo it", async () => {
    const p = project({ "src/clean.ts": CLEAN });
    p.write("src/new.ts", CACHE);
    const r = await runLeakmod(["apply"], p.dir);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /not tracked by git, which has no copy of them \(src\/new\.ts\)/, { warnings: true });
    expect(p.read("src/new.ts")).toBe(CACHE);
    const forced = await runLeakmod(["apply", "--force"], p.dir);
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(
      /warning: --force: rewrote files git has no copy of \(nothing can undo this\): src\/new\.ts/,
    );
    expect(p.read("src/new.ts")).toBe(FIXED);
  });

  it("when git cannot run (not installed), apply refuses unless --force", async () => {
    const p = project({ "src/cache.ts": CACHE });
    const noGit = path.join(p.dir, "..", `${path.basename(p.dir)}-empty-bin`);
    mkdirSync(noGit, { recursive: true });
    defer(() => rmSync(noGit, { recursive: true, force: true }));
    const r = await runLeakmod(["apply"], p.dir, { PATH: noGit });
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /cannot check the git tree at \. .*git is not installed.*--force/, { warnings: true });
    expect(p.read("src/cache.ts")).toBe(CACHE);
    const forced = await runLeakmod(["apply", "--force"], p.dir, { PATH: noGit });
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(/warning: --force: git could not check \. \(git is not installed/);
    expect(p.read("src/cache.ts")).toBe(FIXED);
  });

  it.skipIf(process.getuid?.() !== 0)(
    "when git refuses the repository (dubious ownership), apply refuses unless --force",
    async () => {
      const p = project({ "src/cache.ts": CACHE });
      // Root running git in a repository owned by someone else: git says "dubious ownership".
      spawnSync("chown", ["-R", "65534:65534", p.dir]);
      const r = await runLeakmod(["apply"], p.dir, { HOME: p.dir, GIT_CONFIG_NOSYSTEM: "1" });
      expect(r.status).toBe(2);
      expectOneLineError(r.stderr, /cannot check the git tree at \. for uncommitted changes: .*dubious ownership/, {
        warnings: true,
      });
      expect(p.read("src/cache.ts")).toBe(CACHE);
      const forced = await runLeakmod(["apply", "--force"], p.dir, { HOME: p.dir, GIT_CONFIG_NOSYSTEM: "1" });
      expect(forced.status).toBe(0);
      expect(p.read("src/cache.ts")).toBe(FIXED);
      // The file keeps its owner.
      expect(lstatSync(path.join(p.dir, "src/cache.ts")).uid).toBe(65534);
    },
  );

  it("outside git, apply says that nothing can undo the run", async () => {
    const p = project({ "src/cache.ts": CACHE }, { git: false });
    const r = await runLeakmod(["apply"], p.dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /leakmod: warning: src\/cache\.ts is not in a git repository: nothing can undo this run but a copy of your own/,
    );
    expect(p.read("src/cache.ts")).toBe(FIXED);
  });
});

describe("files that must not be written (defect 4) and write errors (defect 3)", () => {
  it("a read-only file: one line, exit 2, nothing written", async () => {
    const p = project({ "src/a.ts": CACHE, "src/b.ts": CACHE });
    chmodSync(path.join(p.dir, "src/b.ts"), 0o444);
    const r = await runLeakmod(["apply"], p.dir);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /1 file cannot be written \(src\/b\.ts: read-only.*\); nothing was written$/, {
      warnings: true,
    });
    expect(r.stdout).toContain("0 fixes applied, 0 files changed, 2 files not written");
    expect(p.read("src/a.ts")).toBe(CACHE);
    expect(p.read("src/b.ts")).toBe(CACHE);
    expect(lstatSync(path.join(p.dir, "src/b.ts")).mode & 0o777).toBe(0o444);
    expect(temporaryFiles(p.dir)).toEqual([]);
  });

  it("a symbolic link is written through: the link stays, its target is fixed", async () => {
    const p = project(
      {
        ".gitignore": "node_modules\n",
        "lib/impl.ts": CACHE,
        "src/clean.ts": CLEAN,
      },
      { git: false },
    );
    symlinkSync("../lib/impl.ts", path.join(p.dir, "src/cache.ts"));
    p.git("init", "-q", ".");
    p.git("add", "-A");
    p.git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init");
    // (A folder walk does not follow links: the link is named.)
    const r = await runLeakmod(["apply", "src/cache.ts"], p.dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(lstatSync(path.join(p.dir, "src/cache.ts")).isSymbolicLink()).toBe(true);
    expect(p.read("lib/impl.ts")).toBe(FIXED);
  });

  const canChattr = (() => {
    const dir = path.join(os.tmpdir(), `leakmod-chattr-probe-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const ok = spawnSync("chattr", ["+i", dir]).status === 0;
    spawnSync("chattr", ["-i", dir]);
    rmSync(dir, { recursive: true, force: true });
    return ok;
  })();

  // As root, permissions do not stop a write: an immutable folder (chattr +i) does.
  it.skipIf(!canChattr)("a folder that cannot be written: one line, exit 2, nothing written anywhere", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`src/a/m${i}.ts`] = CACHE;
    files["src/z/locked.ts"] = CACHE;
    const p = project(files, { git: false });
    spawnSync("chattr", ["+i", path.join(p.dir, "src/z")]);
    defer(() => spawnSync("chattr", ["-i", path.join(p.dir, "src/z")]));
    const r = await runLeakmod(["apply"], p.dir);
    expect(r.status).toBe(2);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(errorLines(r.stderr)[0]).toMatch(
      /1 file cannot be written \(src\/z\/locked\.ts: cannot be written \(EPERM\)\); nothing was written$/,
    );
    expect(r.stdout).toContain("0 files changed, 41 files not written");
    for (let i = 0; i < 40; i++) expect(p.read(`src/a/m${i}.ts`)).toBe(CACHE);
    expect(temporaryFiles(p.dir)).toEqual([]);
  });
});

describe("errors exit non-zero and summaries tell the truth (defect 5)", () => {
  it("files changed or removed during apply: nothing written, exit 2, the summary and the JSON say so", async () => {
    // The project's prettier plugin edits one file and removes another while leakmod formats.
    const p = project(
      {
        "src/a.ts": CACHE,
        "src/b.ts": CACHE,
        "src/c.ts": CACHE,
        ".prettierrc.json": JSON.stringify({ plugins: ["./meddle.mjs"] }),
        "meddle.mjs": `import { appendFileSync, rmSync } from "node:fs";
appendFileSync(new URL("./src/b.ts", import.meta.url), "// saved by an editor\\n");
rmSync(new URL("./src/c.ts", import.meta.url));
export const languages = [];
`,
      },
      { git: false },
    );
    const r = await runLeakmod(["apply", "--json"], p.dir);
    expect(r.status).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      "leakmod: error: 2 files cannot be written (src/b.ts: changed on disk during the run; src/c.ts: removed during the run); nothing was written",
    ]);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ fixesApplied: 0, filesChanged: 0, filesNotWritten: 3 });
    expect(report.findings.map((f: { fix: { status: string } }) => f.fix.status)).toEqual([
      "skipped",
      "skipped",
      "skipped",
    ]);
    expect(report.findings[1].fix.note).toBe("not written: changed on disk during the run");
    expect(p.read("src/a.ts")).toBe(CACHE);
    expect(p.read("src/b.ts")).toBe(`${CACHE}// saved by an editor\n`);
  });

  it("a second apply while one runs is refused; a lock left by a dead process is taken over", async () => {
    const p = project({ "src/cache.ts": CACHE });
    const key = createHash("sha256").update(realpathSync(p.dir)).digest("hex").slice(0, 16);
    const lock = path.join(os.tmpdir(), `leakmod-apply-${key}.lock`);
    defer(() => rmSync(lock, { force: true }));
    writeFileSync(lock, `${process.pid}\n${p.dir}\n`); // a live process holds it
    const r = runCli(["apply"], path.join(p.dir, "src"));
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, new RegExp(`another leakmod apply \\(pid ${process.pid}\\) is running`), {
      warnings: true,
    });
    expect(p.read("src/cache.ts")).toBe(CACHE);
    // `audit` and `diff` do not need the lock. (In process from here: the lock's holder is no
    // longer this process.)
    expect((await runLeakmod(["diff"], p.dir)).status).toBe(0);
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    writeFileSync(lock, `${dead.stdout}\n${p.dir}\n`);
    const again = await runLeakmod(["apply"], p.dir);
    expect(again.status).toBe(0);
    expect(p.read("src/cache.ts")).toBe(FIXED);
    expect(() => lstatSync(lock)).toThrow(); // released
  });

  it("diff says 'would fix', not 'fixed'; apply says 'fixed'", async () => {
    const p = project({ "src/cache.ts": CACHE });
    const diff = await runLeakmod(["diff"], p.dir, { CI: "" });
    expect(diff.stderr).toMatch(/src\/cache\.ts:7:21 .*\[safe, would fix\]/);
    expect(diff.stderr).not.toMatch(/fixed/);
    const apply = await runLeakmod(["apply"], p.dir, { CI: "" });
    expect(apply.stdout).toMatch(/\[safe, fixed\]/);
  });

  it("the demo prints each finding once", () => {
    const r = spawnSync(process.execPath, [path.join(REPO, "scripts/demo.mjs")], {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, CI: "true", NO_COLOR: "1" },
    });
    expect(r.status).toBe(0);
    const out = r.stdout + r.stderr;
    const locations = out.match(/^examples\/leaky-app\/\S+:\d+:\d+ /gm) ?? [];
    expect(locations.length).toBeGreaterThan(3);
    expect(new Set(locations).size).toBe(locations.length);
    expect(out).toContain("diff --git");
  });
});

describe("signals during apply (defect 3)", () => {
  const COUNT = 2400;
  const FOLDERS = 6;

  function bigProject(): TempProject {
    const files: Record<string, string> = {};
    for (let i = 0; i < COUNT; i++) files[`src/d${i % FOLDERS}/m${i}.ts`] = CACHE;
    return project(files);
  }

  /** Checks the tree is all-old or all-new, and returns which. */
  function treeState(p: TempProject): "old" | "new" {
    const texts = new Set<string>();
    for (let i = 0; i < COUNT; i++) texts.add(p.read(`src/d${i % FOLDERS}/m${i}.ts`));
    expect(texts.size).toBe(1);
    const [text] = [...texts];
    expect([CACHE, FIXED]).toContain(text);
    return text === CACHE ? "old" : "new";
  }

  it("SIGINT in the write phase: exit 130, the tree all-old or all-new as reported, no temporary file", async () => {
    const p = bigProject();
    const child = spawn(process.execPath, [CLI, "apply", "--no-format"], {
      cwd: p.dir,
      env: { ...process.env, CI: "true", NO_COLOR: "1" },
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    let sent = false;
    const watchers: FSWatcher[] = [];
    // The first temporary file next to a source file: the write phase has begun.
    for (let d = 0; d < FOLDERS; d++) {
      watchers.push(
        watch(path.join(p.dir, `src/d${d}`), (_event, name) => {
          if (!sent && name && name.endsWith(".tmp")) {
            sent = true;
            child.kill("SIGINT");
          }
        }),
      );
    }
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on("exit", (c, s) => resolve([c, s])),
    );
    for (const w of watchers) w.close();
    expect(sent).toBe(true);
    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(temporaryFiles(p.dir)).toEqual([]);
    const state = treeState(p);
    const lines = stderr.split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    if (state === "old")
      expect(lines[0]).toBe(
        "leakmod: interrupted (SIGINT) before the renames: nothing was written, no temporary file is left",
      );
    else
      expect(lines[0]).toBe(
        `leakmod: interrupted (SIGINT) during the renames, which were finished: all ${COUNT} file(s) hold their new text`,
      );
  }, 900_000);

  it("SIGINT during the analysis stops at once with one line and exit 130: nothing written, no temporary file", async () => {
    const p = bigProject();
    // The project's lock (taken just before the analysis, when the handler is in place).
    const key = createHash("sha256").update(realpathSync(p.dir)).digest("hex").slice(0, 16);
    const lock = path.join(os.tmpdir(), `leakmod-apply-${key}.lock`);
    const child = spawn(process.execPath, [CLI, "apply", "--no-format"], {
      cwd: p.dir,
      env: { ...process.env, CI: "true" },
    });
    child.stdout.resume();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let sentAt = 0;
    const poll = setInterval(() => {
      if (sentAt === 0 && existsSync(lock)) {
        sentAt = Date.now();
        child.kill("SIGINT");
      }
    }, 20);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on("exit", (c, s) => resolve([c, s])),
    );
    clearInterval(poll);
    expect(sentAt).toBeGreaterThan(0);
    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(stderr).toBe("leakmod: interrupted before writing; nothing changed\n");
    expect(existsSync(lock)).toBe(false);
    expect(treeState(p)).toBe("old");
    expect(temporaryFiles(p.dir)).toEqual([]);
  }, 900_000);
});

describe("pipes (defect 7)", () => {
  it("a reader that closes the pipe early: no stack trace, the run's own exit code", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`src/m${i}.ts`] = CACHE;
    const p = project(files);
    const cli = JSON.stringify(CLI);
    for (const reader of ["true", "head -1"]) {
      const r = spawnSync("bash", ["-o", "pipefail", "-c", `node ${cli} audit --json | ${reader}`], {
        cwd: p.dir,
        encoding: "utf8",
        env: { ...process.env, CI: "true" },
      });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    }
  });
});

describe("runs that analyse nothing are errors (defect 6)", () => {
  it("a tsconfig with files: [], an empty folder, -t ',' and a circular extends: one line, exit 2", async () => {
    const p = project({
      "tsconfig.json": JSON.stringify({ files: [] }),
      "packages/a/tsconfig.json": tsconfigFor({ composite: true }),
      "packages/a/src/cache.ts": CACHE,
      "empty/.keep": "",
      "loop/tsconfig.json": JSON.stringify({ extends: "./base.json", include: ["*.ts"] }),
      "loop/base.json": JSON.stringify({ extends: "./tsconfig.json" }),
      "loop/x.ts": CACHE,
    });
    const root = await runLeakmod(["audit", "--fail-on", "safe"], p.dir);
    expect(root.status).toBe(2);
    expectOneLineError(
      root.stderr,
      /no source file to analyse under the project \(tsconfig\.json lists no file.*--allow-empty/,
      { warnings: true },
    );
    const allowed = await runLeakmod(["audit", "--allow-empty", "--format", "sarif"], p.dir);
    expect(allowed.status).toBe(0);
    const sarif = JSON.parse(allowed.stdout);
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications.map(
      (n: { message: { text: string } }) => n.message.text,
    );
    expect(notes).toContainEqual(
      expect.stringMatching(/no source files selected under the project \(tsconfig\.json lists no file/),
    );
    expect(allowed.stderr).toMatch(/leakmod: warning: no source files selected/);
    const empty = await runLeakmod(["audit", "empty"], p.dir);
    expect(empty.status).toBe(2);
    expectOneLineError(empty.stderr, /no source file to analyse under empty/, { warnings: true });
    const none = await runLeakmod(["audit", "-t", ",", "packages/a"], p.dir);
    expect(none.status).toBe(2);
    expectOneLineError(none.stderr, /-t names no transform/, { warnings: true });
    const loop = await runLeakmod(["apply", "loop"], p.dir);
    expect(loop.status).toBe(2);
    expectOneLineError(loop.stderr, /invalid tsconfig: .*Circularity/, { warnings: true });
    expect(p.read("loop/x.ts")).toBe(CACHE);
  });
});

describe("SARIF for upload (defect 10)", () => {
  it("URIs are relative to the git root and percent-encoded", async () => {
    const p = project({
      "packages/my pkg/tsconfig.json": tsconfigFor(),
      "packages/my pkg/src/caché #1.ts": CACHE,
    });
    const r = await runLeakmod(["audit", "--format", "sarif", "."], path.join(p.dir, "packages/my pkg"));
    expect(r.status).toBe(0);
    const run = JSON.parse(r.stdout).runs[0];
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: "packages/my%20pkg/src/cach%C3%A9%20%231.ts",
      uriBaseId: "SRCROOT",
    });
    expect(run.originalUriBaseIds.SRCROOT.uri).toBe(`${pathToFileURL(p.dir).href}/`);
    expect(readFileSync(path.join(p.dir, "packages/my pkg/src/caché #1.ts"), "utf8")).toBe(CACHE);
  });
});

describe("a key that reaches a WeakMap through other functions (issue 15, defect 2)", () => {
  const FILES = {
    "src/cache.ts": `export class Element {
  constructor(readonly id: string) {}
}
const layoutCache = new Map<Element, number>();
export function remember(el: Element): number {
  let width = layoutCache.get(el);
  if (width === undefined) layoutCache.set(el, (width = el.id.length));
  return width;
}
`,
    "src/api.ts": `import { remember, type Element } from "./cache.js";
export function handle(el: Element): number {
  return remember(el);
}
`,
    "src/wire.ts": `import { handle } from "./api.js";
export class Wire {
  receive(text: string): number {
    return handle(JSON.parse(text));
  }
}
`,
  };

  it("an any argument two functions and two files up: apply leaves it without --unsafe and names the chain", async () => {
    const p = project(FILES);
    const r = await runLeakmod(["apply", "-t", "weak-refs", "--format", "json"], p.dir);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as {
      findings: { applicability: string; fix: { status: string }; message: string }[];
    };
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].applicability).toBe("unsafe");
    expect(report.findings[0].fix.status).toBe("skipped");
    expect(report.findings[0].message).toContain(
      "the key `el` (line 7) reaches `layoutCache` through `remember` from `handle`, which a call on src/wire.ts:4 passes `JSON.parse(text)`, typed `any`",
    );
    expect(p.read("src/cache.ts")).toBe(FILES["src/cache.ts"]);
    const forced = await runLeakmod(["apply", "-t", "weak-refs", "--unsafe"], p.dir);
    expect(forced.status).toBe(0);
    expect(p.read("src/cache.ts")).toContain("new WeakMap<Element, number>()");
  });

  it("the same chain with a typed caller is safe; a caller in unchecked JavaScript makes it unsafe", async () => {
    const typed = {
      ...FILES,
      "src/wire.ts": FILES["src/wire.ts"]
        .replace("JSON.parse(text)", "new Element(text)")
        .replace("import { handle }", 'import { Element } from "./cache.js";\nimport { handle }'),
    };
    const p = project(typed);
    const r = await runLeakmod(["apply", "-t", "weak-refs"], p.dir);
    expect(r.status).toBe(0);
    expect(p.read("src/cache.ts")).toContain("new WeakMap<Element, number>()");
    const q = project({
      ...typed,
      "src/legacy.js": `import { handle } from "./api.js";\nexport class Legacy {\n  run(x) {\n    return handle(x);\n  }\n}\n`,
    });
    const js = await runLeakmod(["audit", "-t", "weak-refs", "--format", "json"], q.dir);
    expect(js.status).toBe(0);
    const message = (JSON.parse(js.stdout) as { findings: { message: string }[] }).findings[0].message;
    expect(message).toContain("which JavaScript that the project does not type-check calls on src/legacy.js:4");
  });
});
