/**
 * The compile cache of the compiler's code (src/engine/compile-cache.ts): a run as a command
 * writes it in the user's cache folder, the next run reads it, and neither a cache made by a
 * run nor a damaged one changes what leakmod reports; NODE_DISABLE_COMPILE_CACHE turns it off.
 * (How much time it saves is measured in bench/, never here.)
 */
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module from "node:module";
import os from "node:os";
import path from "node:path";
import { compileCacheFolder } from "../src/engine/compile-cache.js";
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
      const rewritten = statSync(entry).mtimeMs;
      expect(runCli(["rules"], p.dir, env).status).toBe(0);
      expect(statSync(entry).mtimeMs).toBe(rewritten);
    }

    // A cache that is not V8's (truncated, another Node's, garbage) is rejected and compiled again.
    for (const file of written.keys()) writeFileSync(path.join(folder, file), "not a code cache");
    const damaged = runCli(["audit", "--format", "json"], p.dir, env);
    expect([damaged.status, damaged.stdout, damaged.stderr]).toEqual([without.status, without.stdout, without.stderr]);
    // ...and written anew, in place: one entry per file compiled.
    expect([...cacheFiles(folder).values()].filter((size) => size === "not a code cache".length)).toEqual([]);
    expect([...cacheFiles(folder).keys()].sort()).toEqual([...written.keys()].sort());
  }, 120_000);

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
