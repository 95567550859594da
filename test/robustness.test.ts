/**
 * Syntax-heavy inputs: decorators, `declare`, overloads, namespaces, enums, TSX, .mts/.cts,
 * JavaScript with JSDoc, a very long file, a BOM, CRLF line endings. Each file also holds one
 * fixable leak; `leakmod apply` must not crash, must change exactly that line, and must leave
 * every other byte as it was.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Project } from "ts-morph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeakmod, tempProject, tsconfigFor, type CliResult, type TempProject } from "./helpers.js";

const LEAK = "const cache = new Map<Key, number>();";
const FIXED = "const cache = new WeakMap<Key, number>();";
const USE = `interface Key {
  id: number;
}
${LEAK}
export function hit(k: Key): number {
  const n = (cache.get(k) ?? 0) + 1;
  cache.set(k, n);
  return n;
}
`;

const files: Record<string, string> = {
  "src/decorators.ts": `function logged<T extends (...args: any[]) => any>(target: T, _context: ClassMethodDecoratorContext): T {
  return target;
}
export class Service {
  @logged
  run(): number {
    return 1;
  }
  declare readonly tag: string;
}
${USE}`,
  "src/overloads.ts": `export function pick(x: string): string;
export function pick(x: number): number;
export function pick(x: string | number): string | number {
  return x;
}
declare const injected: { version: string };
export declare function external(): void;
export abstract class Shape {
  abstract area(): number;
  protected constructor(readonly name: string) {}
}
${USE}`,
  "src/namespaces.ts": `export namespace Geometry {
  export namespace Units {
    export const metre = 1;
  }
  export enum Axis {
    X,
    Y = "y",
  }
  export const enum Flag {
    On = 1 << 0,
  }
}
export type Mapped<T> = { readonly [K in keyof T as \`get\${Capitalize<string & K>}\`]: () => T[K] };
export type Cond<T> = T extends (infer U)[] ? U : never;
export const satisfied = { a: 1 } satisfies Record<string, number>;
const assertion = <const T,>(x: T) => x;
export const tuple = assertion([1, 2] as const);
${USE}`,
  "src/view.tsx": `declare global {
  namespace JSX {
    interface IntrinsicElements {
      [name: string]: Record<string, unknown>;
    }
  }
}
export function View(props: { title: string }) {
  return (
    <section className="view">
      <h1>{props.title}</h1>
      {[1, 2].map((n) => (
        <p key={n}>{n}</p>
      ))}
    </section>
  );
}
${USE}`,
  "src/module.mts": `export const kind = "esm";
${USE}`,
  "src/common.cts": `export const kind = "cjs";
${USE}`,
  "src/jsdoc.js": `/**
 * @typedef {{ id: number }} Key
 */

/** @type {Map<Key, number>} */
const cache = new Map();

/**
 * @param {Key} k
 * @returns {number}
 */
export function hit(k) {
  const n = (cache.get(k) ?? 0) + 1;
  cache.set(k, n);
  return n;
}
`,
  "src/long.ts": `${Array.from({ length: 6000 }, (_, i) => `export function f${i}(x: number): number {\n  return x + ${i};\n}`).join("\n")}\n${USE}`,
  "src/bom-crlf.ts": `\uFEFF${`// A file with a BOM and CRLF line endings, and some lines prettier would change:\nexport const   spaced   =   [1,2,3];\n${USE}`.replace(/\n/g, "\r\n")}`,
  "src/unformatted.ts": `export const   a   =   { x:1,y:2 }
${USE.replace("export function hit", "export   function   hit")}`,
};

describe("syntax-heavy inputs", () => {
  let p: TempProject;
  let apply: CliResult;
  let second: CliResult;
  const before = new Map<string, string>();

  beforeAll(async () => {
    // Private: its exports are called by its own typed code only, so the cache fix stays safe.
    p = tempProject({
      "tsconfig.json": tsconfigFor({ jsx: "preserve", rootDir: "." }),
      "package.json": '{ "private": true }\n',
      ...files,
    });
    for (const f of Object.keys(files)) before.set(f, readFileSync(path.join(p.dir, f), "utf8"));
    // --unsafe: the JSDoc-typed cache in src/jsdoc.js is keyed by a parameter that nothing type-checks.
    apply = await runLeakmod(["apply", "--unsafe", "--format", "json"], p.dir);
    p.git("add", "-A");
    p.git("-c", "user.email=t@e.com", "-c", "user.name=t", "commit", "-qm", "fixed");
    second = await runLeakmod(["diff"], p.dir);
  });
  afterAll(() => p.cleanup());

  it("applies without error", () => {
    expect(apply.stderr).toBe("");
    expect(apply.status).toBe(0);
    const report = JSON.parse(apply.stdout);
    expect(report.summary.filesAnalyzed).toBe(Object.keys(files).length);
    expect(report.summary.filesChanged).toBe(Object.keys(files).length);
  });

  for (const file of Object.keys(files)) {
    it(`${file}: only the leaking line changes, every other byte is kept`, () => {
      const original = before.get(file)!;
      const expected = file.endsWith(".js")
        ? original
            .replace("@type {Map<Key, number>}", "@type {WeakMap<Key, number>}")
            .replace("const cache = new Map();", "const cache = new WeakMap();")
        : original.replace(LEAK, FIXED);
      expect(expected).not.toBe(original);
      expect(p.read(file)).toBe(expected);
    });
  }

  it("the second run changes nothing", () => {
    expect(second.status).toBe(0);
    expect(second.stdout).toBe("");
  });

  it("the rewritten project type-checks", () => {
    const project = new Project({ tsConfigFilePath: path.join(p.dir, "tsconfig.json") });
    const diagnostics = project.getPreEmitDiagnostics().map((d) => {
      const text = d.getMessageText();
      return `${d.getSourceFile()?.getBaseName()}: ${typeof text === "string" ? text : text.getMessageText()}`;
    });
    expect(diagnostics).toEqual([]);
  });
});
