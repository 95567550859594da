/**
 * Installing leakmod from its repository (issue 15, defect 9): a fresh clone, installed into a
 * project with `npm i <folder>`, builds `dist` on install and runs as `npx leakmod`; `npm pack`
 * of the clone ships `dist` and the types; the programmatic entry imports; the README's
 * jscodeshift command (jscodeshift's default Babel mode) fixes a file.
 *
 * The clone is of the committed HEAD. npm needs its cache or the registry for the
 * devDependencies it installs into the clone.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, LAYOUT_CACHE, REPO } from "./helpers.js";

const work = mkdtempSync(path.join(os.tmpdir(), "leakmod-install-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sh(command: string, args: string[], cwd: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...env, CI: "true", NO_COLOR: "1" } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

describe("install from the repository", () => {
  it("npm i <fresh clone> builds dist; npx leakmod, the programmatic entry, npm pack and the jscodeshift command work", () => {
    const clone = path.join(work, "leakmod");
    sh("git", ["clone", "-q", "--depth", "1", `file://${REPO}`, clone], work);
    const app = path.join(work, "app");
    mkdirSync(path.join(app, "src"), { recursive: true });
    writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true }));
    writeFileSync(path.join(app, "tsconfig.json"), readFileSync(path.join(FIXTURES, "tsconfig.json")));
    writeFileSync(path.join(app, "src/cache.ts"), LAYOUT_CACHE);
    sh("npm", ["i", "--no-audit", "--no-fund", clone], app);

    expect(sh("npx", ["leakmod", "--version"], app).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const audit = spawnSync("npx", ["leakmod", "audit", "--json"], { cwd: app, encoding: "utf8" });
    expect(JSON.parse(audit.stdout).summary.safe).toBe(1);

    const entry = sh(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        'const m = await import("leakmod"); console.log(typeof m.run, typeof m.fixSource, m.transforms.map((t) => t.id).join(","))',
      ],
      app,
    );
    expect(entry.stdout.trim()).toMatch(/^function function weak-refs,localize-globals,using-resources/);

    // The README's command, as written (jscodeshift's default --babel).
    const jscodeshift = path.join(REPO, "node_modules", ".bin", "jscodeshift");
    const r = sh(jscodeshift, ["-t", "node_modules/leakmod/dist/jscodeshift/weak-refs.js", "src/"], app);
    expect(r.stdout).toMatch(/1 ok/);
    expect(readFileSync(path.join(app, "src/cache.ts"), "utf8")).toBe(
      LAYOUT_CACHE.replace("new Map<Element, number>", "new WeakMap<Element, number>"),
    );

    // The clone's dist is the one its install built (a folder dependency is a link to it):
    // --ignore-scripts packs it without building it a second time.
    const packed = sh("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], clone);
    const files = (
      JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { files: { path: string }[] }[]
    )[0].files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining(["dist/cli.js", "dist/index.js", "dist/index.d.ts", "dist/jscodeshift/weak-refs.js"]),
    );
  }, 1_800_000);
});
