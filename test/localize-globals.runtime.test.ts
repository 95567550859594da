/**
 * localize-globals changes where state lives, so "same output" is checked by running it: each
 * rewritten fixture is transpiled before and after (TypeScript's transpileModule, to CommonJS),
 * loaded as two fresh modules, and driven with the same calls, several times in a row (state
 * across calls is the point). Results are compared as they were right after each call and again
 * at the end (a later call must not change what an earlier caller holds), with console output.
 *
 * Controls: for manual cases, a naive move of the declaration (written here by hand) must be
 * caught by the same harness as a change of behaviour: the harness can fail, and the manual
 * tier is needed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { withoutAnnotations } from "./annotations.js";
import { FIXTURES } from "./helpers.js";

const DIR = path.join(FIXTURES, "localize-globals");
const nodeRequire = createRequire(import.meta.url);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Module = Record<string, any>;
/** Calls exports of a module, several times; returns what each call gave. */
type Driver = (m: Module) => Promise<unknown[]> | unknown[];

interface Run {
  /** Each result serialised right after its call. */
  atCall: string[];
  /** Each result serialised after the last call. */
  atEnd: string[];
  console: string[];
}

function load(source: string, fileName: string, output: string[]): Module {
  const { outputText, diagnostics } = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      allowJs: true,
      esModuleInterop: true,
    },
  });
  expect(diagnostics ?? []).toEqual([]);
  const module = { exports: {} as Module };
  const fakeConsole = { ...console, log: (...args: unknown[]) => output.push(args.map(String).join(" ")) };
  const wrapper = vm.runInThisContext(`(function (exports, require, module, console) {${outputText}\n})`, {
    filename: fileName,
  }) as (...args: unknown[]) => void;
  wrapper(module.exports, nodeRequire, module, fakeConsole);
  return module.exports;
}

const serialise = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x instanceof Map ? { map: [...x] } : x instanceof Set ? { set: [...x] } : x === undefined ? "<undefined>" : x,
  );

async function run(source: string, fileName: string, drive: Driver): Promise<Run> {
  const output: string[] = [];
  const m = load(source, fileName, output);
  const atCall: string[] = [];
  // The driver's results are serialised as they arrive, and again at the end.
  const results = await drive(
    new Proxy(m, {
      get(target, key) {
        const value = target[key as string];
        if (typeof value !== "function" || /^[A-Z]/.test(String(key))) return value;
        return (...args: unknown[]) => {
          const r = value(...args);
          if (r instanceof Promise) return r.then((x) => (atCall.push(serialise(x)), x));
          atCall.push(serialise(r));
          return r;
        };
      },
    }),
  );
  return { atCall, atEnd: results.map(serialise), console: output };
}

const node = (id: number) => ({ id });

/** How to exercise each rewritten fixture. */
const SCENARIOS: Record<string, Driver> = {
  "write-only-log": (m) => [
    m.route({ method: "GET", url: "/" }),
    m.route({ method: "POST", url: "/users" }),
    m.route({ method: "GET", url: "/" }),
  ],
  "reset-assignment": (m) => [
    m.toCsv([{ id: 1, name: "a" }]),
    m.toCsv([
      { id: 2, name: "b" },
      { id: 3, name: "c" },
    ]),
    m.toCsv([]),
    m.toCsv([{ id: 4, name: "d" }]),
  ],
  "reset-buffer": (m) => [m.render("T", ["a", "b"]), m.render("U", []), m.render("T", ["c"])],
  "reset-length": (m) => [
    m.evaluate(["1", "2", "+"]),
    m.evaluate(["3", "4", "*", "2", "-"]),
    m.evaluate([]),
    m.evaluate(["5"]),
    m.evaluate(["6", "2", "/"]),
  ],
  "reset-clear": (m) => [m.dedupe(["a", "b", "a"]), m.dedupe(["a", "c"]), m.dedupe([]), m.dedupe(["c", "c"])],
  "reset-handed-out": (m) => [
    m.tally(["a", "b", "a"]),
    m.tally(["b"]),
    m.grep(["apple", "bear", "grape"], "ap"),
    m.grep(["bear"], "ea"),
    m.tally([]),
  ],
  "declarator-jsdoc-tag": (m) => [m.record("a"), m.record("b"), m.report("x"), m.report("y"), m.report("z")],
  "declarator-jsdoc-tag-js": (m) => [m.record("a"), m.record("b"), m.report("x"), m.report("y"), m.report("z")],
  "declaration-forms": (m) => {
    const page = new m.Page("/home");
    return [
      m.add(1),
      m.add(2),
      m.ping(1),
      m.ping(2),
      page.open(),
      page.open(),
      new m.Widget("w").name,
      new m.Widget("v").size,
    ];
  },
  javascript: (m) => [m.greet("Ada"), m.greet("Bob"), m.list(["x"]), m.list(["y", "z"]), m.list([])],
  callbacks: (m) => [
    m.emitter.emit("typed", "a"),
    m.emitter.emit("typed", "b"),
    m.emitter.listenerCount("typed"),
    m.emitter.emit("typed", "c"),
  ],
  "reset-memo": (m) => [m.total(["a", "bb", "a"]), m.total(["a"]), m.total([]), m.total(["ccc", "ccc"])],
  "where-it-moves": (m) => {
    const button = new m.Button();
    return [
      [...m.range(3)],
      [...m.range(0)],
      m.join(["a", "b"]),
      m.join([]),
      button.onClick(2),
      button.onClick(5),
      m.default("x"),
      m.default("y"),
    ];
  },
  "several-in-one-function": (m) => [
    m.lookup(["a", "b", "a", "z"], { a: 1, b: 2 }),
    m.lookup(["b", "b"], { b: 3 }),
    m.lookup([], {}),
    m.lookup(["z"], { a: 1 }),
  ],
  "weak-refs-overlap": (m) => {
    const [a, b, c] = [node(1), node(2), node(3)];
    return [m.countDistinct([a, b, a]), m.countDistinct([c]), m.countDistinct([]), m.sizeOf(a), m.visit(a), m.visit(b)];
  },
};

interface Fixture {
  name: string;
  ext: string;
  input: string;
  output: string;
}

function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const file of readdirSync(DIR).sort()) {
    const match = /^(.*)\.input\.([cm]?[jt]sx?)$/.exec(file);
    if (!match) continue;
    const [, name, ext] = match as unknown as [string, string, string];
    out.push({
      name,
      ext,
      input: readFileSync(path.join(DIR, file), "utf8"),
      output: readFileSync(path.join(DIR, `${name}.output.${ext}`), "utf8"),
    });
  }
  return out;
}

const all = fixtures();
const rewritten = all.filter((f) => f.input !== f.output);

describe("localize-globals: rewritten fixtures behave the same when run", () => {
  it("every rewritten fixture has a scenario", () => {
    expect(rewritten.length).toBeGreaterThan(0);
    expect(rewritten.map((f) => f.name).filter((n) => !SCENARIOS[n])).toEqual([]);
  });

  for (const f of rewritten) {
    const drive = SCENARIOS[f.name];
    if (!drive) continue;
    it(`${f.name}: same results, call after call`, async () => {
      const before = await run(f.input, `${f.name}.input.${f.ext}`, drive);
      const after = await run(f.output, `${f.name}.output.${f.ext}`, drive);
      expect(before.atEnd.length).toBeGreaterThanOrEqual(3);
      expect(after).toEqual(before);
    });
  }
});

/** Manual cases, moved naively by hand: the harness must see the difference. */
const CONTROLS: Array<{ name: string; edits: Array<[string, string]>; drive: Driver; why: string }> = [
  {
    name: "async-function",
    why: "concurrent calls interleave on the shared buffer",
    edits: [
      ["let loaded: string[] = [];\n", ""],
      ["  loaded = [];", "  const loaded: string[] = [];"],
    ],
    drive: async (m) => Promise.all([m.loadAll(["a", "b"]), m.loadAll(["c"])]),
  },
  {
    name: "recursive",
    why: "the inner call's reset empties the outer call's array",
    edits: [
      ["let names: string[] = [];\n", ""],
      ["  names = [];", "  const names: string[] = [];"],
    ],
    drive: (m) => [m.flatten({ name: "root", children: [{ name: "leaf", children: [] }] })],
  },
  {
    name: "recursive",
    why: "a call through another function resets the outer call's string",
    edits: [
      ['let html = "";\n', ""],
      ['  html = "";', '  let html = "";'],
    ],
    drive: (m) => [m.render({ name: "root", children: [{ name: "leaf", children: [] }] })],
  },
  {
    name: "reset-handed-out",
    why: "the next call empties the array the caller holds",
    edits: [
      ["const matches: string[] = [];\n", ""],
      ["  matches.length = 0;", "  const matches: string[] = [];"],
    ],
    drive: (m) => [m.grep(["apple", "bear"], "ap"), m.grep(["bear"], "ea")],
  },
];

describe("localize-globals: a naive move of a manual case changes behaviour (controls)", () => {
  for (const c of CONTROLS) {
    it(`${c.name}: ${c.why}`, async () => {
      const f = all.find((x) => x.name === c.name)!;
      // the transform leaves this declaration alone
      expect(withoutAnnotations(f.output)).toContain(c.edits[0][0]);
      let moved = withoutAnnotations(f.input);
      for (const [from, to] of c.edits) {
        expect(moved).toContain(from);
        moved = moved.replace(from, to);
      }
      const before = await run(f.input, `${c.name}.input.${f.ext}`, c.drive);
      const after = await run(moved, `${c.name}.moved.${f.ext}`, c.drive);
      expect(after).not.toEqual(before);
    });
  }
});
