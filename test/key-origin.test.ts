/**
 * weak-refs follows a cache key's parameter to the callers of its function in other files. For a
 * function of a module it searches only the files that can import it (the module's importers,
 * and through a file that exports something, that file's importers): a caller reached through
 * a barrel, a renamed re-export or `require` still decides the fix, and a module of the same
 * name's function elsewhere does not.
 */
import { describe, expect, it } from "vitest";
import { LAYOUT_CACHE, runLeakmod, tempProject, tsconfigFor, type JsonFinding } from "./helpers.js";

/** Makes a file a candidate of weak-refs (a `new Set`), so that it is in the program and type-checked. */
const IN_PROGRAM = "export const seen = new Set<string>();\n";

async function cacheFinding(files: Record<string, string>): Promise<JsonFinding> {
  const p = tempProject({
    "tsconfig.json": tsconfigFor({ allowJs: true, checkJs: false }),
    "package.json": JSON.stringify({ name: "key-origin", private: true, type: "module" }),
    "src/a.ts": LAYOUT_CACHE,
    ...files,
  });
  try {
    const r = await runLeakmod(["audit", "--format", "json", "-t", "weak-refs"], p.dir);
    const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
    const found = findings.filter((f) => f.file === "src/a.ts");
    expect(found).toHaveLength(1);
    return found[0];
  } finally {
    p.cleanup();
  }
}

describe("the callers of an exported function, in the files that can import it", () => {
  it("a caller through a barrel (`export * from`) that passes `any` keeps the fix from being safe", async () => {
    const f = await cacheFinding({
      "src/index.ts": `export * from "./a.js";\n`,
      "src/use.ts": `import { measure } from "./index.js";\nexport const n = measure(JSON.parse("{}"));\n${IN_PROGRAM}`,
    });
    expect(f.applicability).not.toBe("safe");
    expect(f.message).toMatch(/src\/use\.ts:2/);
  });

  it("a caller through a renamed re-export (`export { measure as size } from`) is followed", async () => {
    const f = await cacheFinding({
      "src/sizes.ts": `export { measure as size } from "./a.js";\n`,
      "src/use.ts": `import { size } from "./sizes.js";\nexport const n = size(JSON.parse("{}"));\n${IN_PROGRAM}`,
    });
    expect(f.applicability).not.toBe("safe");
    expect(f.message).toMatch(/src\/use\.ts:2/);
  });

  it("a JavaScript caller that `require`s it is followed", async () => {
    const f = await cacheFinding({
      "src/use.cjs": `const { measure } = require("./a.js");\nmodule.exports = { n: measure("not an element"), seen: new Set() };\n`,
    });
    expect(f.applicability).not.toBe("safe");
    expect(f.message).toMatch(/src\/use\.cjs/);
  });

  it("a function of the same name in a module nobody imports from here does not count", async () => {
    const f = await cacheFinding({
      "src/other.ts": LAYOUT_CACHE,
      "src/use.ts": `import { measure } from "./other.js";\nexport const n = measure(JSON.parse("{}"));\n${IN_PROGRAM}`,
      "src/fine.ts": `import { Element, measure } from "./a.js";\nexport const n = measure(new Element("x"));\n${IN_PROGRAM}`,
    });
    expect(f.applicability).toBe("safe");
  });
});
