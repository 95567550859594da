/**
 * `leakmod apply --interactive` in a real terminal: tmux runs the built CLI, the test sends keys
 * and reads the screen, like a person would. And the refusal when stdin is not a terminal.
 */
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, runCli, tempProject, tsconfigFor, type TempProject } from "./helpers.js";

const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const inCI = Boolean(process.env.CI) && process.env.CI !== "false";

let projects: TempProject[] = [];
afterEach(() => {
  for (const p of projects) p.cleanup();
  projects = [];
});

const CACHES = `export class Node {
  constructor(readonly id: string) {}
}
const cacheA = new Map<Node, number>();
const cacheB = new Map<Node, string>();
export function look(n: Node): string {
  cacheA.set(n, (cacheA.get(n) ?? 0) + 1);
  cacheB.set(n, cacheB.get(n) ?? n.id);
  return cacheB.get(n)!;
}
`;
const OTHER = `export class Item {
  constructor(readonly name: string) {}
}
const seen = new Set<Item>();
export function once(i: Item): boolean {
  if (seen.has(i)) return false;
  seen.add(i);
  return true;
}
`;
const LOG = `const log = [];
export function greet(name) {
  log.push("greet " + name);
  return "Hello, " + name;
}
`;

function project(): TempProject {
  const p = tempProject({ "tsconfig.json": tsconfigFor(), "src/a.ts": CACHES, "src/b.ts": OTHER, "src/c.js": LOG });
  projects.push(p);
  return p;
}

/** A terminal (tmux pane) running one command. */
class Terminal {
  private readonly socket = `leakmod-review-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(cwd: string, command: string) {
    const r = this.tmux(
      "new-session",
      "-d",
      "-x",
      "200",
      "-y",
      "80",
      "-c",
      cwd,
      "-e",
      "CI=",
      "-e",
      "NO_COLOR=",
      "-e",
      "FORCE_COLOR=",
      `${command}; echo "[exit $?]"; sleep 120`,
    );
    if (r.status !== 0) throw new Error(`tmux: ${r.stderr}`);
  }

  private tmux(...args: string[]) {
    return spawnSync("tmux", ["-L", this.socket, "-f", "/dev/null", ...args], { encoding: "utf8" });
  }

  screen(colours = false): string {
    return this.tmux("capture-pane", "-p", "-J", ...(colours ? ["-e"] : []), "-S", "-2000").stdout;
  }

  async waitFor(text: string | RegExp, count = 1, timeoutMs = 120_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      const found =
        typeof text === "string" ? screen.split(text).length - 1 : (screen.match(new RegExp(text, "g")) ?? []).length;
      if (found >= count) return screen;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${String(text)} (x${count}); screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  keys(...keys: string[]): void {
    for (const k of keys) this.tmux("send-keys", "-l", k);
  }

  kill(): void {
    this.tmux("kill-server");
  }
}

const PROMPT = "Apply this fix [y,n,a,d,q,?]? ";

describe("apply --interactive", () => {
  it.skipIf(!hasTmux && !inCI)(
    "shows each fix as a coloured hunk and takes y, d, ?, n, then q writing what was accepted",
    async () => {
      const p = project();
      const term = new Terminal(p.dir, `node ${JSON.stringify(CLI)} apply --interactive`);
      try {
        let screen = await term.waitFor(PROMPT);
        expect(screen).toContain("[1/4] src/a.ts:4:16  weak-refs/object-keyed-cache  [safe]");
        expect(screen).toContain("`cacheA` is a Map keyed by objects (`Node`)");
        expect(screen).toContain("Fix: Use `WeakMap` instead of `Map` for `cacheA`");
        expect(screen).toContain("-const cacheA = new Map<Node, number>();");
        expect(screen).toContain("+const cacheA = new WeakMap<Node, number>();");
        expect(term.screen(true)).toMatch(/\u001b\[32m\+const cacheA = new WeakMap/); // green, on a terminal
        term.keys("y");
        screen = await term.waitFor(PROMPT, 2);
        expect(screen).toContain("[2/4] src/a.ts:5:16");
        term.keys("d"); // skip the rest of a.ts
        screen = await term.waitFor(PROMPT, 3);
        expect(screen).toContain("[3/4] src/b.ts:4:14");
        term.keys("?");
        screen = await term.waitFor("d - skip this fix and the rest of this file");
        await term.waitFor(PROMPT, 4);
        term.keys("n");
        screen = await term.waitFor(PROMPT, 5);
        expect(screen).toContain("[4/4] src/c.js:1:7  localize-globals/accumulating-global  [safe]");
        term.keys("q");
        await term.waitFor("Write the 1 fix accepted so far [y,n]? ");
        term.keys("y");
        screen = await term.waitFor("[exit 0]");
        expect(screen).toMatch(/1 fix applied, 1 file changed/);
        expect(screen).toMatch(/src\/b\.ts:4:14 .*\[safe, not applied: skipped in review\]/);
      } finally {
        term.kill();
      }
      expect(p.read("src/a.ts")).toBe(CACHES.replace("cacheA = new Map", "cacheA = new WeakMap"));
      expect(p.read("src/b.ts")).toBe(OTHER);
      expect(p.read("src/c.js")).toBe(LOG);
    },
    300_000,
  );

  it.skipIf(!hasTmux && !inCI)(
    "a accepts every fix of the kind; q then n writes nothing",
    async () => {
      const p = project();
      const term = new Terminal(p.dir, `node ${JSON.stringify(CLI)} apply --interactive`);
      try {
        await term.waitFor(PROMPT);
        term.keys("a"); // the three weak-refs/object-keyed-cache fixes
        const screen = await term.waitFor(PROMPT, 2);
        expect(screen).toContain("[4/4] src/c.js:1:7");
        expect(screen).not.toContain("[2/4]");
        term.keys("q");
        await term.waitFor("Write the 3 fixes accepted so far [y,n]? ");
        term.keys("n");
        expect(await term.waitFor("[exit 0]")).toContain("Nothing is written.");
      } finally {
        term.kill();
      }
      expect(p.read("src/a.ts")).toBe(CACHES);
      expect(p.read("src/b.ts")).toBe(OTHER);
      expect(p.read("src/c.js")).toBe(LOG);
    },
    300_000,
  );

  it("refuses clearly when stdin is not a terminal, before any work", () => {
    const p = project();
    const r = runCli(["apply", "--interactive"], p.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "leakmod: error: --interactive needs a terminal: stdin is not a TTY (to review without one, use `leakmod diff` and `git apply`)\n",
    );
    expect(runCli(["review"], p.dir).stderr).toBe(r.stderr);
    expect(p.read("src/a.ts")).toBe(CACHES);
  });
});
