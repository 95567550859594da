/**
 * Whether using-resources asks the checker for the type of a local made by `new`
 * (src/transforms/using-resources/type-clues.ts): only when the instance type the constructor
 * declares may have a dispose member. The fixtures (`constructed-by-declaration`,
 * `constructed-by-declaration-js`) show that what must be asked is asked and found; this file
 * shows that what need not be is not.
 */
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { inMemoryContext } from "./helpers.js";
import { worthAskingTheType } from "../src/transforms/using-resources/type-clues.js";

/** Every `const <name> = new …` of `main.ts`, by name: whether its type is asked. */
function asked(files: Record<string, string>): Map<string, boolean> {
  const { sourceFile, ctx } = inMemoryContext(files);
  const out = new Map<string, boolean>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer || !ts.isNewExpression(d.initializer)) continue;
        const container = node.parent as ts.Block | ts.SourceFile;
        out.set(d.name.text, worthAskingTheType(ctx, d.name.text, d.initializer, container, node));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return out;
}

describe("`new`: the local's type is asked only when the declared instance type may have a dispose member", () => {
  it("a global the project's declaration files add to (as @types/node adds to `URL`), a class of a file that speaks of `Symbol.dispose` without declaring it: not asked", () => {
    const v = asked({
      "/globals.d.ts": `interface Counter { count: number }\ndeclare var Counter: { new (start: number): Counter };\n`,
      "/plain.ts": `// Symbol.dispose is not declared here.\nexport class Plain { name = "p"; }\n`,
      "/main.ts": `import { Plain } from "./plain";
export function f(): number {
  const counter = new Counter(1);
  const plain = new Plain();
  const bytes = new Uint8Array(4);
  return counter.count + plain.name.length + bytes.length;
}
`,
    });
    expect(Object.fromEntries(v)).toEqual({ counter: false, plain: false, bytes: false });
  });

  it("declared by the class, inherited from a base or a mixin, said by a constructor type, merged from an interface: asked", () => {
    const v = asked({
      "/handle.ts": `export class Base { [Symbol.dispose](): void {} }
export class Session extends Base { read(): string { return "s"; } }
type Constructor<T = object> = new (...args: any[]) => T;
function Disposing<B extends Constructor>(base: B) { return class extends base { [Symbol.dispose](): void {} }; }
export class Plain { name = "p"; }
export class Pooled extends Disposing(Plain) {}
export declare const Handle: new () => Disposable;
export interface Tracked { [Symbol.asyncDispose](): Promise<void> }
export class Tracked { name = "t"; }
export declare const Make: new <T>() => T;
`,
      "/main.ts": `import { Session, Pooled, Handle, Tracked, Make, Plain } from "./handle";
export function f(): void {
  const session = new Session();
  const pooled = new Pooled();
  const handle = new Handle();
  const tracked = new Tracked();
  const made = new Make<Session>();
  const plain = new Plain();
}
`,
    });
    expect(Object.fromEntries(v)).toEqual({
      session: true,
      pooled: true,
      handle: true,
      tracked: true,
      made: true,
      plain: false,
    });
  });
});
