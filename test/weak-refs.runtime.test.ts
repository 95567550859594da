/**
 * weak-refs back-references at run time: a program that builds many trees and keeps only one
 * leaf of each. Before the rewrite every leaf's `parent` keeps its whole tree alive; after
 * `leakmod apply --unsafe` (the built CLI on a temporary project) the trees go and only the
 * leaves stay. The program is compiled with TypeScript before and after, run with
 * `node --expose-gc`; its stdout must be the same and its retained heap under a fifth.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { runLeakmod, tempProject, tsconfigFor, type TempProject } from "./helpers.js";

const PROGRAM = `export class TreeNode {
  parent: TreeNode | null = null;
  children: TreeNode[] = [];
  readonly payload: number[];

  constructor(readonly id: number) {
    this.payload = new Array<number>(256).fill(id);
  }

  add(child: TreeNode): TreeNode {
    child.parent = this;
    this.children.push(child);
    return child;
  }

  depth(): number {
    let depth = 0;
    for (let node = this.parent; node; node = node.parent) depth++;
    return depth;
  }
}

const gc = (globalThis as unknown as { gc: () => void }).gc;
const settle = async (): Promise<void> => {
  // WeakRef targets stay alive until the current job ends: let it end before collecting.
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
};

await settle();
const baseline = process.memoryUsage().heapUsed;

const TREES = 400;
const leaves: TreeNode[] = [];
let depths = 0;
let id = 0;
for (let t = 0; t < TREES; t++) {
  const root = new TreeNode(id++);
  let leaf = root;
  for (let i = 0; i < 4; i++) {
    const branch = root.add(new TreeNode(id++));
    for (let j = 0; j < 8; j++) leaf = branch.add(new TreeNode(id++));
  }
  depths += leaf.depth();
  leaves.push(leaf);
}
console.log(\`trees: \${TREES}, nodes: \${id}, leaves kept: \${leaves.length}, depth sum: \${depths}\`);

await settle();
const retained = process.memoryUsage().heapUsed - baseline;
console.log(\`leaf ids: \${leaves.reduce((sum, leaf) => sum + leaf.id, 0)}\`);
console.error(JSON.stringify({ retained }));
`;

function compileAndRun(project: TempProject): { stdout: string; retained: number } {
  const source = project.read("src/leaves.ts");
  const js = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  const out = path.join(project.dir, "leaves.mjs");
  writeFileSync(out, js);
  const r = spawnSync(process.execPath, ["--expose-gc", out], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  const { retained } = JSON.parse(r.stderr.trim().split("\n").pop()!) as { retained: number };
  return { stdout: r.stdout, retained };
}

describe("weak-refs back-references at run time", () => {
  const project = tempProject({
    "tsconfig.json": tsconfigFor(),
    ".prettierrc.json": "{}\n",
    "package.json": '{ "name": "leaves", "private": true, "type": "module" }\n',
    "src/leaves.ts": PROGRAM,
  });
  afterAll(() => project.cleanup());

  it("keeps only the leaves once parents are WeakRefs, with the same output", async () => {
    const before = compileAndRun(project);

    const apply = await runLeakmod(["apply", "--unsafe", "-t", "weak-refs", "src"], project.dir);
    expect(apply.stderr).toBe("");
    expect(apply.status).toBe(0);
    const rewritten = project.read("src/leaves.ts");
    expect(rewritten).toContain("#parent: WeakRef<TreeNode> | undefined = undefined;");
    expect(rewritten).toContain("get parent(): TreeNode | null {");

    const after = compileAndRun(project);
    console.log(
      `retained heap: before ${(before.retained / 1024 / 1024).toFixed(2)} MB, after ${(after.retained / 1024 / 1024).toFixed(2)} MB (${((after.retained / before.retained) * 100).toFixed(1)}%)`,
    );
    expect(after.stdout).toBe(before.stdout);
    expect(before.stdout).toContain("leaves kept: 400");
    expect(after.retained).toBeLessThan(before.retained / 5);
  });
});
