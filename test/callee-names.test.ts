/**
 * The callee-name sort of using-resources (src/transforms/using-resources/callee-names.ts): which
 * calls are never resolved because no declaration of their name may make a disposable. The
 * fixtures (`callee-names`, `callee-names-js`) show that what must be asked is asked; this file
 * shows that what need not be is not, on small programs of the shapes that made effect's and zod's
 * audits slow, and the cross-module shapes a fixture cannot hold (renamed imports and exports).
 */
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { inMemoryContext } from "./helpers.js";
import { nameMayReturnDisposable } from "../src/transforms/using-resources/callee-names.js";
import { mayReturnDisposable, NAME_SORT_FILES } from "../src/transforms/using-resources/callee-returns.js";

const HANDLE = `export class Handle implements Disposable { read(): number { return 1; } [Symbol.dispose](): void {} }\n`;

/** Every `const <name> = <call>` of `main.ts`, by name: whether its callee's name may return a disposable, and the full answer. */
function verdicts(files: Record<string, string>): Map<string, { name: boolean; call: boolean }> {
  const { sourceFile, ctx } = inMemoryContext(files);
  const out = new Map<string, { name: boolean; call: boolean }>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      ts.isCallExpression(node.initializer)
    ) {
      const call = node.initializer;
      const callee = call.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name : (callee as ts.Identifier);
      out.set(node.name.text, { name: nameMayReturnDisposable(ctx, name), call: mayReturnDisposable(ctx, call) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return out;
}

describe("callee names: calls whose every candidate declaration returns no disposable are not resolved", () => {
  it("a schema's chained methods, `this` and plain classes: no", () => {
    const v = verdicts({
      "/handle.ts": HANDLE,
      "/schema.ts": `export class ZodString {
  min(n: number): this { return this; }
  parse(data: unknown): string { return String(data); }
  optional() { return new ZodOptional(this); }
}
export class ZodOptional<T> { constructor(readonly inner: T) {} unwrap(): T { return this.inner; } }
export function string(): ZodString { return new ZodString(); }
export function object<S extends object>(shape: S) { return { shape, parse: (d: unknown) => d as S }; }\n`,
      "/main.ts": `import * as z from "./schema";
import { Handle } from "./handle";
export function f(d: unknown) {
  const s = z.string().min(1).optional();
  const parsed = z.string().parse(d);
  const o = z.object({ a: z.string() });
  const v = o.parse(d);
  const h = new Handle();
  return [s, parsed, v, h];
}\n`,
    });
    expect(v.get("s")).toEqual({ name: false, call: false });
    expect(v.get("parsed")).toEqual({ name: false, call: false });
    expect(v.get("o")).toEqual({ name: false, call: false });
    expect(v.get("v")).toEqual({ name: false, call: false });
  });

  it("a name is as good as its worst declaration: one factory of a disposable named `open` sends every `open` to the checker", () => {
    const v = verdicts({
      "/handle.ts": HANDLE,
      "/files.ts": `import { Handle } from "./handle";\nexport const files = { open: (): Handle => new Handle() };\n`,
      "/main.ts": `const sizes = { open: (): number => 1, count: (): number => 2 };
export function f() {
  const n = sizes.open();
  const c = sizes.count();
  return n + c;
}\n`,
    });
    expect(v.get("n")).toEqual({ name: true, call: false });
    expect(v.get("c")).toEqual({ name: false, call: false });
  });

  it("renamed imports and exports, and a default export, reach the declaration they name", () => {
    const v = verdicts({
      "/handle.ts": HANDLE,
      "/make.ts": `import { Handle } from "./handle";
function makeHandle() { return new Handle(); }
export { makeHandle as acquire };
export default function () { return new Handle(); }\n`,
      "/main.ts": `import { acquire as take } from "./make";
import grab from "./make";
export function f() {
  const a = take();
  const b = grab();
  return [a, b];
}\n`,
    });
    expect(v.get("a")).toEqual({ name: true, call: true });
    expect(v.get("b")).toEqual({ name: true, call: true });
  });

  it("type arguments at the call: `dual<DataLast, DataFirst>(…)` is what they say", () => {
    const v = verdicts({
      "/handle.ts": HANDLE,
      "/fn.ts": `export declare const dual: {
  <DataLast extends (...args: Array<any>) => any, DataFirst extends (...args: Array<any>) => any>(arity: number, body: DataFirst): DataLast & DataFirst;
};\n`,
      "/lib.ts": `import { dual } from "./fn";
import { Handle } from "./handle";
export const some = dual<(f: (a: number) => boolean) => (self: number[]) => boolean, (self: number[], f: (a: number) => boolean) => boolean>(2, (self: number[], f: (a: number) => boolean) => self.some(f));
export const lend = dual<() => Handle, () => Handle>(0, () => new Handle());\n`,
      "/main.ts": `import * as L from "./lib";
export function f() {
  const s = L.some([1], (a) => a > 0);
  const h = L.lend();
  return [s, h];
}\n`,
    });
    expect(v.get("s")).toEqual({ name: false, call: false });
    expect(v.get("h")).toEqual({ name: true, call: true });
  });

  it("reshaped arguments (`Simplify<Omit<S, K>>`, `{ [K in keyof S]: … }` of the call's own `S`) are handed back", () => {
    const v = verdicts({
      "/struct.ts": `export type Simplify<T> = { [K in keyof T]: T[K] } & {};
export declare const omit: <S extends object, const Keys extends ReadonlyArray<keyof S>>(self: S, keys: Keys) => Simplify<Omit<S, Keys[number]>>;
export declare const mapValues: <S extends object>(self: S, f: (v: unknown) => unknown) => { [K in keyof S]: unknown };\n`,
      "/main.ts": `import { omit, mapValues } from "./struct";
export function f(o: { a: number; b: string }) {
  const x = omit(o, ["a"]);
  const y = mapValues(o, (v) => v);
  return [x, y];
}\n`,
    });
    expect(v.get("x")).toEqual({ name: false, call: false });
    expect(v.get("y")).toEqual({ name: false, call: false });
  });

  it("a member no declaration names (an index signature of factories) sends every name to the checker", () => {
    const v = verdicts({
      "/handle.ts": HANDLE,
      "/main.ts": `import { Handle } from "./handle";
declare const registry: { [name: string]: () => Handle };
declare const sizes: { count(): number };
export function f() {
  const h = registry.anything();
  const c = sizes.count();
  return [h, c];
}\n`,
    });
    expect(v.get("h")).toEqual({ name: true, call: true });
    expect(v.get("c")).toEqual({ name: true, call: false });
  });

  it(`sorts only in programs of ${NAME_SORT_FILES} project files or more: below, every call is asked`, () => {
    // A factory under a computed key of type `string`, without a declared type: the one shape the
    // sort does not follow (see callee-names' header).
    const files = {
      "/handle.ts": HANDLE,
      "/main.ts": `import { Handle } from "./handle";
declare const key: string;
const byKey = { [key]: () => new Handle() };
export function f() {
  const h = byKey.anything();
  return h;
}\n`,
    };
    const small = verdicts(files);
    expect(small.get("h")).toEqual({ name: false, call: true });
    const padding = Object.fromEntries(
      Array.from({ length: NAME_SORT_FILES }, (_, i) => [`/pad${i}.ts`, `export const pad${i} = ${i};\n`]),
    );
    const large = verdicts({ ...files, ...padding });
    expect(large.get("h")).toEqual({ name: false, call: false });
  });
});
