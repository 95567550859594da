/**
 * A big generated file (issue 15, defect 8): formatting and the diff work only around the edits,
 * with the same results as on the whole file; `apply` and `diff` through the built CLI on a
 * 5 MB file change only the fixed lines. (Speed itself is measured in bench/, not here.)
 */
import { applyPatch, formatPatch, structuredPatch } from "diff";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatRegions, WINDOW_THRESHOLD, windowsOf } from "../src/engine/format.js";
import { filePatch } from "../src/report/diff.js";
import { runCli, tempProject, tsconfigFor, tempProjectsPerTest } from "./helpers.js";

const { track } = tempProjectsPerTest();

/** Top-level statements, `n` of them, none alike. */
function filler(n: number, tag: string): string {
  let out = "";
  for (let i = 0; i < n; i++) {
    out += `export function ${tag}${i}(a: number, b: string): string {\n  const total = a * ${i} + b.length;\n  return \`${tag}-${i}-\${total}-\${b}\`;\n}\nexport const ${tag}Table${i} = { id: ${i}, name: "n${i}", values: [${i}, ${i + 1}] };\n`;
  }
  return out;
}

const MESSY = `const layoutCache  =  new WeakMap<object, number>( ) ;\nexport function measure(el: object): number {\n  let n   = layoutCache.get(el);\n  return n ?? 0;\n}\n`;

describe("formatting works in windows of top-level statements on a large file", () => {
  it("gives what formatting the same statements in a small file gives, and keeps every other byte", async () => {
    const before = filler(700, "head");
    const after = filler(700, "tail");
    const big = before + MESSY + after;
    expect(big.length).toBeGreaterThan(WINDOW_THRESHOLD);
    const edit = MESSY.indexOf("new WeakMap");
    const region = { start: edit, end: edit + "new WeakMap<object, number>( )".length };
    const small = await formatRegions(MESSY, [region], { file: path.join(os.tmpdir(), "small.ts") });
    expect(small).not.toBe(MESSY); // prettier did format the statement
    const shifted = { start: region.start + before.length, end: region.end + before.length };
    const windows = windowsOf(big, "big.ts", [shifted]);
    expect(windows).toHaveLength(1);
    expect(big.slice(windows[0].from, windows[0].to)).toBe("const layoutCache  =  new WeakMap<object, number>( ) ;\n");
    const out = await formatRegions(big, [shifted], { file: path.join(os.tmpdir(), "big.ts") });
    expect(out).toBe(before + small + after);
  });

  it("regions in one statement share a window; a file below the threshold is one window", () => {
    const big = filler(700, "a") + MESSY + filler(700, "b");
    const at = big.indexOf("export function measure");
    const inner = big.indexOf("let n   =");
    const windows = windowsOf(big, "big.ts", [
      { start: at, end: at + 6 },
      { start: inner, end: inner + 5 },
    ]);
    expect(windows).toHaveLength(1);
    expect(big.slice(windows[0].from, windows[0].to)).toMatch(/^export function measure[^]*\n}\n$/);
    expect(windowsOf(MESSY, "small.ts", [{ start: 0, end: 5 }])).toEqual([
      { from: 0, to: MESSY.length, regions: [{ start: 0, end: 5 }] },
    ]);
  });
});

describe("the diff of a file covers only the changed lines and their context", () => {
  it("is the whole-file diff, and applies, for random edits", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} ${(i * 7919) % 1000}\n`);
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 40; round++) {
      const after = [...lines];
      const edits = 1 + random(4);
      for (let e = 0; e < edits; e++) {
        const at = random(after.length);
        const kind = random(3);
        if (kind === 0) after[at] = `changed ${round} ${e}\n`;
        else if (kind === 1) after.splice(at, 1);
        else after.splice(at, 0, `inserted ${round} ${e}\n`);
      }
      if (random(2) === 0) after[after.length - 1] = after[after.length - 1].replace(/\n$/, "");
      const a = lines.join("");
      const b = after.join("");
      const ours = formatPatch({ ...filePatch("a/f.ts", "b/f.ts", a, b), isGit: true });
      const whole = formatPatch({
        ...structuredPatch("a/f.ts", "b/f.ts", a, b, undefined, undefined, { context: 3 }),
        isGit: true,
      });
      expect(ours).toBe(whole);
      expect(applyPatch(a, ours)).toBe(b);
    }
  });
});

describe("a 5 MB generated file through the CLI", () => {
  it("apply and diff fix it, and every other line stays byte-identical", () => {
    const top = `class Element {\n  constructor(readonly id: string) {}\n}\nconst layoutCache = new Map<Element, number>();\nexport function measure(el: Element): number {\n  let n = layoutCache.get(el);\n  if (n === undefined) layoutCache.set(el, (n = el.id.length));\n  return n;\n}\n`;
    // Half of each statement's bytes are a comment: a 5 MB file that takes the type checker (the
    // guard checks the whole fixed file) a quarter of the time of 5 MB of code.
    const note = `// ${"lorem ipsum dolor sit amet ".repeat(80)}\n`;
    let body = "";
    for (let part = 0; body.length < 5_000_000; part++)
      body += filler(200, `g${part}_`).replace(/\n(?=export function)/g, `\n${note}`);
    const text = top + body;
    const p = tempProject({ "tsconfig.json": tsconfigFor(), "src/generated.ts": text });
    track(p);
    const diff = runCli(["diff"], p.dir);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toBe(
      "diff --git a/src/generated.ts b/src/generated.ts\n--- a/src/generated.ts\n+++ b/src/generated.ts\n@@ -1,7 +1,7 @@\n class Element {\n   constructor(readonly id: string) {}\n }\n-const layoutCache = new Map<Element, number>();\n+const layoutCache = new WeakMap<Element, number>();\n export function measure(el: Element): number {\n   let n = layoutCache.get(el);\n   if (n === undefined) layoutCache.set(el, (n = el.id.length));\n",
    );
    const apply = runCli(["apply"], p.dir);
    expect(apply.status).toBe(0);
    expect(p.read("src/generated.ts")).toBe(text.replace("new Map<Element, number>", "new WeakMap<Element, number>"));
  }, 1_800_000);
});
