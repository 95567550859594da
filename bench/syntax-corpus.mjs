/**
 * A small project of TypeScript-syntax-heavy files for bench/robust.mjs: decorators, `declare`,
 * overloads, namespaces, TSX, .mts/.cts, JavaScript with JSDoc, a very long file, a BOM, CRLF
 * line endings. Every file also holds a leak leakmod fixes (an object-keyed module-level Map or
 * a write-only module-level array), so each one is rewritten and its untouched lines can be
 * compared byte for byte.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BASE_OPTIONS, BENCH_MODULES, writeJson } from "./lib.mjs";

/** An object-keyed cache that only `get`/`set` use: becomes a WeakMap (safe). */
const cache = (name, key = "object") => `const ${name} = new Map<${key}, string>();
export function ${name}Of(key: ${key}): string {
  let value = ${name}.get(key);
  if (value === undefined) {
    value = String(Math.random());
    ${name}.set(key, value);
  }
  return value;
}
`;

const FILES = {
  "src/decorators.ts": `function logged<This, Args extends unknown[], R>(
  target: (this: This, ...args: Args) => R,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => R>,
) {
  return function (this: This, ...args: Args): R {
    return target.call(this, ...args);
  };
}
function sealed(target: abstract new (...args: never[]) => unknown, _context: ClassDecoratorContext) {
  Object.seal(target);
}

@sealed
export class Service {
  @logged
  greet(name: string): string {
    return \`hello \${name}\`;
  }
  accessor count = 0;
}

${cache("serviceLabels", "Service")}`,
  "src/declare.ts": `declare global {
  interface Window {
    leakmodBench?: string;
  }
}
declare const BUILD: string | undefined;
declare function external(x: number): number;
declare namespace Legacy {
  const version: string;
  function call(): void;
}
export declare class Remote {
  fetch(): Promise<string>;
}
export type Version = typeof Legacy.version;

${cache("declaredLabels")}`,
  "src/overloads.ts": `export function parse(x: string): number;
export function parse(x: number): string;
export function parse(x: string | number): string | number {
  return typeof x === "string" ? Number(x) : String(x);
}
export abstract class Shape {
  abstract area(): number;
  describe(): string;
  describe(prefix: string): string;
  describe(prefix = ""): string {
    return \`\${prefix}\${this.area()}\`;
  }
}

${cache("shapeNames", "Shape")}`,
  "src/namespaces.ts": `export namespace Geometry {
  export namespace Units {
    export const scale = 2;
  }
  export interface Point {
    x: number;
    y: number;
  }
  export function origin(): Point {
    return { x: 0, y: 0 };
  }
}
export namespace Geometry {
  export const unit: Point = { x: Units.scale, y: Units.scale };
}
export enum Direction {
  Up = 1,
  Down,
}
export const enum Flags {
  None = 0,
  All = ~0,
}

${cache("pointNames", "Geometry.Point")}`,
  "src/component.tsx": `declare global {
  namespace JSX {
    interface IntrinsicElements {
      [name: string]: Record<string, unknown>;
    }
    type Element = { tag: string };
  }
}
function h(tag: string): JSX.Element {
  return { tag };
}
void h;

export function Badge(props: { label: string; items: readonly string[] }): JSX.Element {
  return (
    <div className="badge">
      {props.items.map((item) => (
        <span key={item}>{item}</span>
      ))}
      <>{props.label}</>
    </div>
  );
}

${cache("badgeIds")}`,
  "src/esm.mts": `import { readFileSync } from "node:fs";
export const size = (file: string): number => readFileSync(file).length;
export default size;

${cache("esmLabels")}`,
  "src/cjs.cts": `import fs = require("node:fs");
export const exists = (file: string): boolean => fs.existsSync(file);

${cache("cjsLabels")}`,
  "src/jsdoc.js": `// @ts-check
/**
 * @typedef {{ id: string }} Item
 */

/** @type {Map<Item, string>} */
const itemLabels = new Map();

/**
 * @param {Item} item
 * @returns {string}
 */
export function labelOf(item) {
  let label = itemLabels.get(item);
  if (label === undefined) {
    label = item.id.toUpperCase();
    itemLabels.set(item, label);
  }
  return label;
}

/** @type {string[]} */
const trace = [];
/** @param {string} url */
export function route(url) {
  trace.push(url);
  return url.length;
}
`,
  "src/misc.ts": `export type Getter<T> = T extends (...args: never[]) => infer R ? R : never;
export type Route = \`/\${string}\`;
export function assertString(x: unknown): asserts x is string {
  if (typeof x !== "string") throw new TypeError("not a string");
}
export const config = { retries: 3 } satisfies Record<string, number>;
export function withResource(): number {
  using res = { [Symbol.dispose]() {} };
  void res;
  return 1;
}
export class Counter<in out T> {
  #count = 0;
  static #instances = 0;
  constructor(private readonly label: T) {
    Counter.#instances++;
  }
  get count(): number {
    return this.#count;
  }
}
label: for (const x of [1, 2]) {
  if (x > 1) break label;
}

const log: string[] = [];
export function record(event: string): number {
  log.push(event);
  return event.length;
}
`,
};

/** A long file: many functions, then the leak at the very end. */
function longFile(functions) {
  const parts = [];
  for (let i = 0; i < functions; i++) {
    parts.push(
      `export function f${i}(x: number): number {\n  const y = x * ${i};\n  return y > ${i} ? y - ${i} : y + ${i};\n}\n`,
    );
  }
  return `${parts.join("\n")}\n${cache("longLabels")}`;
}

/**
 * Writes the project into `dir` (replacing it). Returns the tsconfig it uses, for reference.
 */
export function writeSyntaxCorpus(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "src"), { recursive: true });
  for (const [file, text] of Object.entries(FILES)) writeFileSync(path.join(dir, file), text);
  writeFileSync(path.join(dir, "src/long.ts"), longFile(5000));
  // A BOM; CRLF line endings; both.
  writeFileSync(path.join(dir, "src/bom.ts"), `\uFEFF// A file with a byte order mark.\n${cache("bomLabels")}`);
  writeFileSync(
    path.join(dir, "src/crlf.ts"),
    `// A file with CRLF line endings.\n${cache("crlfLabels")}`.replace(/\n/g, "\r\n"),
  );
  writeFileSync(
    path.join(dir, "src/bom-crlf.ts"),
    `\uFEFF// BOM and CRLF.\n${cache("bomCrlfLabels")}`.replace(/\n/g, "\r\n"),
  );
  const tsconfig = {
    compilerOptions: {
      ...BASE_OPTIONS,
      jsx: "preserve",
      allowJs: true,
      checkJs: true,
    },
    include: ["src"],
  };
  writeJson(path.join(dir, "tsconfig.json"), tsconfig);
  writeJson(path.join(dir, "package.json"), { name: "bench-syntax", private: true, type: "module" });
  symlinkSync(BENCH_MODULES, path.join(dir, "node_modules"), "dir");
  return tsconfig;
}
