/**
 * listeners: `{ signal }` in `addEventListener` is safe only where every runtime the project
 * declares has it: the browsers of its browserslist (package.json `browserslist`,
 * `.browserslistrc`) and `engines.node`. Temporary projects, audited in process; the finding's
 * tier and the runtime its message names are what is checked.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runLeakmod, tempProject, tsconfigFor, type TempProject } from "./helpers.js";

let projects: TempProject[] = [];
afterEach(() => {
  for (const p of projects) p.cleanup();
  projects = [];
});

/** A class whose inline `window` listener the `{ signal }` fix removes. */
const TOOLTIP = `export class Tooltip {
  show(): void {
    window.addEventListener("scroll", () => this.hide(), true);
  }
  hide(): void {}
  destroy(): void {}
}
`;

interface Finding {
  kind: string;
  applicability: string;
  message: string;
}

async function audit(files: Record<string, string>): Promise<Finding[]> {
  const p = tempProject({
    "tsconfig.json": tsconfigFor({ lib: ["ES2022", "DOM"] }),
    "tooltip.ts": TOOLTIP,
    ...files,
  });
  projects.push(p);
  const r = await runLeakmod(["audit", ".", "-t", "listeners", "--format", "json"], p.dir);
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

const pkg = (fields: Record<string, unknown>): string =>
  JSON.stringify({ name: "app", private: true, type: "module", ...fields });

describe("listeners: the runtimes { signal } needs", () => {
  it("is safe when every browser of the browserslist has it", async () => {
    const [f] = await audit({
      "package.json": pkg({ browserslist: ["chrome >= 100", "firefox >= 100", "safari >= 16"] }),
    });
    expect(f).toMatchObject({ kind: "leaked-listener", applicability: "safe" });
  });

  it("is unsafe when the browserslist has a browser without it, and names that browser", async () => {
    const [f] = await audit({ "package.json": pkg({ browserslist: ["chrome >= 100", "safari >= 14"] }) });
    expect(f?.applicability).toBe("unsafe");
    expect(f?.message).toContain("the browserslist includes Safari 14");
  });

  it("reads .browserslistrc", async () => {
    const [f] = await audit({ "package.json": pkg({}), ".browserslistrc": "ie 11\n" });
    expect(f?.applicability).toBe("unsafe");
    expect(f?.message).toContain("ie 11");
  });

  it("is unsafe when engines.node admits a Node without it, even with browsers that have it", async () => {
    const [f] = await audit({
      "package.json": pkg({ browserslist: ["chrome >= 100"], engines: { node: ">=14" } }),
    });
    expect(f?.applicability).toBe("unsafe");
    expect(f?.message).toContain("admits Node < 16");
  });

  it("is unsafe in browser code with no browserslist", async () => {
    const [f] = await audit({ "package.json": pkg({ engines: { node: ">=20" } }) });
    expect(f?.applicability).toBe("unsafe");
    expect(f?.message).toContain("no browserslist says which");
  });

  it("says so when the browserslist cannot be read", async () => {
    const [f] = await audit({ "package.json": pkg({ browserslist: ["not a browser query"] }) });
    expect(f?.applicability).toBe("unsafe");
    expect(f?.message).toContain("the browserslist cannot be read");
  });
});
