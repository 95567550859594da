/**
 * weak-refs back-references across files, through leakmod run in process (test/helpers.ts): the owner class (and the
 * evidence) in another file than the property, and a caller in another file that no longer
 * type-checks once the property may be `undefined` (the guard checks importers: the fix sets
 * `affectsOtherFiles`).
 */
import { afterEach, describe, expect, it } from "vitest";
import { runLeakmod, tempProject, tsconfigFor, type TempProject, type JsonFinding } from "./helpers.js";

const base = {
  "tsconfig.json": tsconfigFor(),
  ".prettierrc.json": "{}\n",
  "package.json": '{ "name": "p", "private": true, "type": "module" }\n',
};

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

async function apply(p: TempProject): Promise<JsonFinding[]> {
  const r = await runLeakmod(["apply", "--unsafe", "--format", "json", "-t", "weak-refs", "src"], p.dir);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
}

describe("weak-refs back-references across files", () => {
  it("rewrites a property whose owner, and the evidence, live in another file", async () => {
    const section = [
      'import type { Document } from "./document.js";',
      "",
      "export class Section {",
      "  parent: Document | null = null;",
      "  constructor(readonly title: string) {}",
      "}",
      "",
    ].join("\n");
    const document = [
      'import type { Section } from "./section.js";',
      "",
      "export class Document {",
      "  sections: Section[] = [];",
      "  add(s: Section): void {",
      "    s.parent = this;",
      "    this.sections.push(s);",
      "  }",
      "}",
      "",
    ].join("\n");
    project = tempProject({ ...base, "src/section.ts": section, "src/document.ts": document });
    const findings = await apply(project);
    expect(findings.map((f) => [f.file, f.line, f.kind, f.applicability, f.fix?.status])).toEqual([
      ["src/section.ts", 4, "back-reference", "unsafe", "applied"],
    ]);
    expect(findings[0].message).toContain("`this.sections` (document.ts:7)");
    expect(project.read("src/document.ts")).toBe(document);
    expect(project.read("src/section.ts")).toBe(
      [
        'import type { Document } from "./document.js";',
        "",
        "export class Section {",
        "  #parent: WeakRef<Document> | undefined = undefined;",
        "  get parent(): Document | null {",
        "    return this.#parent?.deref() ?? null;",
        "  }",
        "  set parent(value: Document | null) {",
        "    this.#parent = value ? new WeakRef(value) : undefined;",
        "  }",
        "  constructor(readonly title: string) {}",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("withdraws a non-optional back-reference when a caller in another file would break", async () => {
    const todo = [
      "export class Todo {",
      "  list: TodoList;",
      "  constructor(list: TodoList) {",
      "    this.list = list;",
      "    list.items.push(this);",
      "  }",
      "}",
      "export class TodoList {",
      "  items: Todo[] = [];",
      "}",
      "",
    ].join("\n");
    const app = [
      'import { Todo, TodoList } from "./todo.js";',
      "",
      "const todo = new Todo(new TodoList());",
      "console.log(todo.list.items.length);",
      "",
    ].join("\n");
    project = tempProject({ ...base, "src/todo.ts": todo, "src/app.ts": app });
    const findings = await apply(project);
    expect(findings.map((f) => [f.file, f.line, f.applicability, f.fix?.status])).toEqual([
      ["src/todo.ts", 2, "manual", "withdrawn"],
    ]);
    expect(findings[0].fix?.note).toContain("src/app.ts:4: TS18048");
    expect(project.read("src/todo.ts")).toBe(todo);
    expect(project.read("src/app.ts")).toBe(app);
  });
});

describe("weak-refs back-references: which files the guard re-checks", () => {
  it("a public property's fix re-checks the importers; a private or #private one's only its own file", async () => {
    const { run } = await import("../src/engine/run.js");
    const { selectTransforms } = await import("../src/transforms/index.js");
    // The shape of __testfixtures__/weak-refs/backref-private-name: the child links itself to its owner.
    const member = (decl: string): string => {
      const name = decl.replace(/^private /, "");
      return [
        "export class Port {",
        `  ${decl}: Device | undefined;`,
        "  attach(device: Device): void {",
        `    this.${name} = device;`,
        "    device.ports.push(this);",
        "  }",
        "  label(): string {",
        `    return this.${name}?.name ?? "?";`,
        "  }",
        "}",
        "export class Device {",
        "  ports: Port[] = [];",
        "  constructor(readonly name: string) {}",
        "}",
        "",
      ].join("\n");
    };
    project = tempProject(
      {
        ...base,
        "src/public.ts": member("owner"),
        "src/private.ts": member("private owner"),
        "src/hash.ts": member("#owner"),
      },
      { git: false },
    );
    const result = await run({
      cwd: project.dir,
      paths: ["src"],
      transforms: selectTransforms(["weak-refs"]),
      mode: "audit",
    });
    const affects = Object.fromEntries(
      result.findings.map((f) => [f.file.replace(/.*\//, ""), f.fix?.affectsOtherFiles ?? false]),
    );
    expect(affects).toEqual({ "public.ts": true, "private.ts": false, "hash.ts": false });
  });
});
