/**
 * The compile cache of the compiler's code (src/engine/compile-cache.ts): a run as a command
 * writes it in the user's cache folder, the next run reads it, and neither a cache made by a
 * run nor a damaged one changes what leakmod reports; NODE_DISABLE_COMPILE_CACHE turns it off.
 * (How much time it saves is measured in bench/, never here.)
 */
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import Module from "node:module";
import os from "node:os";
import path from "node:path";
import { COMPILE_CACHE_BUDGET, compileCacheFolder } from "../src/engine/compile-cache.js";
import { REPO, runCli, tempProjectsPerTest } from "./helpers.js";

const projects = tempProjectsPerTest();

const LEAKY = `export class Cache {
  private readonly byNode = new Map<object, string>();
  remember(node: object, label: string): void {
    this.byNode.set(node, label);
  }
  labelOf(node: object): string | undefined {
    return this.byNode.get(node);
  }
}
`;

/** The cache files under `folder`, with their sizes. */
function cacheFiles(folder: string): Map<string, number> {
  const found = new Map<string, number>();
  if (!existsSync(folder)) return found;
  for (const sub of readdirSync(folder)) {
    for (const name of readdirSync(path.join(folder, sub))) {
      found.set(path.join(sub, name), statSync(path.join(folder, sub, name)).size);
    }
  }
  return found;
}

describe("compile cache", () => {
  it("is kept in the user's cache folder, or the one NODE_COMPILE_CACHE names, and is off with NODE_DISABLE_COMPILE_CACHE", () => {
    expect(compileCacheFolder({ XDG_CACHE_HOME: "/home/a/.xdg" })).toBe(path.resolve("/home/a/.xdg/leakmod"));
    expect(compileCacheFolder({})).toBe(path.join(os.homedir(), ".cache", "leakmod"));
    expect(compileCacheFolder({ NODE_COMPILE_CACHE: "/var/cache/x", XDG_CACHE_HOME: "/y" })).toBe(
      path.resolve("/var/cache/x"),
    );
    expect(compileCacheFolder({ NODE_DISABLE_COMPILE_CACHE: "1", XDG_CACHE_HOME: "/y" })).toBeUndefined();
  });

  it("a run writes it, the next run reads it, a damaged one is compiled again; the report never changes", () => {
    const p = projects.project({ "src/cache.ts": LEAKY });
    const home = mkdtempSync(path.join(os.tmpdir(), "leakmod-xdg-"));
    projects.defer(() => rmSync(home, { recursive: true, force: true }));
    const folder = path.join(home, "leakmod");
    const env = { XDG_CACHE_HOME: home };

    const without = runCli(["audit", "--format", "json"], p.dir, { NODE_DISABLE_COMPILE_CACHE: "1", ...env });
    expect(without.status).toBe(0);
    expect(without.stdout).toContain('"ruleId": "weak-refs/');
    expect(cacheFiles(folder).size).toBe(0);

    const first = runCli(["audit", "--format", "json"], p.dir, env);
    expect([first.status, first.stdout, first.stderr]).toEqual([without.status, without.stdout, without.stderr]);
    const written = cacheFiles(folder);
    // ts-morph's TypeScript at least; on Node 22 and later, Node's own cache writes its files there.
    expect(written.size).toBeGreaterThan(0);
    expect([...written.keys()].some((f) => f.endsWith(".tmp"))).toBe(false);

    const second = runCli(["audit", "--format", "json"], p.dir, env);
    expect([second.status, second.stdout, second.stderr]).toEqual([without.status, without.stdout, without.stderr]);
    expect(cacheFiles(folder)).toEqual(written);

    if (typeof (Module as { enableCompileCache?: unknown }).enableCompileCache !== "function") {
      // leakmod's own cache (Node 20): one entry per file, whose first line names the commands
      // whose code it holds. Another command's first run writes it again, with both.
      const entry = path.join(
        folder,
        `v8-${process.version}-${process.arch}`,
        createHash("sha256")
          .update(path.join(REPO, "dist", "cli.cjs"))
          .digest("hex")
          .slice(0, 32),
      );
      const commands = (): string => readFileSync(entry, "latin1").split("\n")[0].split("\t")[1];
      expect(commands()).toBe("audit");
      expect(runCli(["rules"], p.dir, env).status).toBe(0);
      expect(commands()).toBe("audit,rules");
      // (Not written again: the same file, whose access time alone says it was used.)
      const rewritten = statSync(entry).ino;
      expect(runCli(["rules"], p.dir, env).status).toBe(0);
      expect(statSync(entry).ino).toBe(rewritten);
    }

    // A cache that is not V8's (truncated, another Node's, garbage) is rejected and compiled again.
    for (const file of written.keys()) writeFileSync(path.join(folder, file), "not a code cache");
    const damaged = runCli(["audit", "--format", "json"], p.dir, env);
    expect([damaged.status, damaged.stdout, damaged.stderr]).toEqual([without.status, without.stdout, without.stderr]);
    // ...and written anew, in place: one entry per file compiled.
    expect([...cacheFiles(folder).values()].filter((size) => size === "not a code cache".length)).toEqual([]);
    expect([...cacheFiles(folder).keys()].sort()).toEqual([...written.keys()].sort());
  }, 120_000);

  it.skipIf(typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === "function")(
    "stays within its budget: a write removes the entries used least recently, never the run's own, and other Node versions' unused folders",
    () => {
      const p = projects.project({ "src/cache.ts": LEAKY });
      const home = mkdtempSync(path.join(os.tmpdir(), "leakmod-xdg-"));
      projects.defer(() => rmSync(home, { recursive: true, force: true }));
      const dir = path.join(home, "leakmod", `v8-${process.version}-${process.arch}`);
      mkdirSync(dir, { recursive: true });
      // Entries of other installs, each a third of the budget (sparse files), used 1, 2 and 3 days
      // ago; a temporary file a stopped run left two hours ago; one that a run writes now.
      const day = 86_400_000;
      const others = [1, 2, 3].map((days) => {
        const file = path.join(dir, createHash("sha256").update(`other-${days}`).digest("hex").slice(0, 32));
        writeFileSync(file, "");
        truncateSync(file, Math.ceil(COMPILE_CACHE_BUDGET / 3));
        const when = new Date(Date.now() - days * day);
        utimesSync(file, when, when);
        return file;
      });
      const stale = path.join(dir, ".abc.1-1.tmp");
      const fresh = path.join(dir, ".def.2-2.tmp");
      for (const [file, hours] of [
        [stale, 2],
        [fresh, 0],
      ] as const) {
        writeFileSync(file, "partial");
        const when = new Date(Date.now() - hours * 3_600_000);
        utimesSync(file, when, when);
      }

      // Folders of other Node versions, last used 40 and 10 days ago.
      const otherNodes = [40, 10].map((days) => {
        const folder = path.join(home, "leakmod", `v8-v0.${days}.0-x64`);
        mkdirSync(folder);
        const file = path.join(folder, createHash("sha256").update(`node-${days}`).digest("hex").slice(0, 32));
        writeFileSync(file, "cache");
        const when = new Date(Date.now() - days * day);
        utimesSync(file, when, when);
        utimesSync(folder, when, when);
        return folder;
      });

      const r = runCli(["audit", "--format", "json"], p.dir, { XDG_CACHE_HOME: home });
      expect(r.status).toBe(0);
      // Another Node's folder unused for more than OTHER_VERSION_DAYS (30) goes; a recent one stays.
      expect(otherNodes.map((f) => existsSync(f))).toEqual([false, true]);
      const left = readdirSync(dir);
      const own = left.filter((name) => !others.some((o) => o.endsWith(name)) && !name.endsWith(".tmp"));
      const ownSize = own.reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
      // The run's own entries (ts-morph's TypeScript at least) are written and kept.
      expect(own.length).toBeGreaterThan(0);
      // The most recently used of the others stays while the folder fits; the oldest go.
      const kept = others.filter((o) => existsSync(o));
      expect(kept).toEqual(others.slice(0, kept.length));
      expect(ownSize + kept.length * Math.ceil(COMPILE_CACHE_BUDGET / 3)).toBeLessThanOrEqual(COMPILE_CACHE_BUDGET);
      expect(kept.length).toBe(ownSize <= COMPILE_CACHE_BUDGET / 3 ? 2 : 1);
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(fresh)).toBe(true);

      // A run that only reads writes nothing, lists nothing, removes nothing; it marks its entries used.
      const before = readdirSync(dir).sort();
      const yesterday = new Date(Date.now() - day);
      for (const name of own) utimesSync(path.join(dir, name), yesterday, statSync(path.join(dir, name)).mtime);
      const start = Date.now();
      const again = runCli(["audit", "--format", "json"], p.dir, { XDG_CACHE_HOME: home });
      expect(again.stdout).toBe(r.stdout);
      expect(readdirSync(dir).sort()).toEqual(before);
      for (const name of own) expect(statSync(path.join(dir, name)).atimeMs).toBeGreaterThanOrEqual(start - 1000);
    },
    120_000,
  );

  it("a diff that formats with prettier works from the cache too (no import() in cached code)", () => {
    const p = projects.project({ "src/cache.ts": LEAKY });
    const home = mkdtempSync(path.join(os.tmpdir(), "leakmod-xdg-"));
    projects.defer(() => rmSync(home, { recursive: true, force: true }));
    const env = { XDG_CACHE_HOME: home };
    const without = runCli(["diff"], p.dir, { NODE_DISABLE_COMPILE_CACHE: "1", ...env });
    expect(without.status).toBe(0);
    expect(without.stdout).toContain("+  private readonly byNode = new WeakMap<object, string>();");
    // The first run writes the cache, the second runs from it.
    for (let run = 0; run < 2; run++) {
      const r = runCli(["diff"], p.dir, env);
      expect([r.status, r.stdout, r.stderr]).toEqual([without.status, without.stdout, without.stderr]);
    }
  }, 120_000);
});
