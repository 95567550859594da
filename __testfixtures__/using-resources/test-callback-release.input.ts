import fs from "node:fs";

// The test runner's globals (vitest/jest/mocha style).
declare function it(name: string, fn: () => void | Promise<void>): void;
declare const test: {
  (name: string, fn: () => void): void;
  concurrent(name: string, fn: () => void): void;
  each<T>(rows: readonly T[]): (name: string, fn: (row: T) => void) => void;
};
declare function beforeEach(fn: () => void): void;
declare function expect(value: unknown): { toBe(expected: unknown): void };
declare function describe(name: string, fn: () => void): void;
declare function run(name: string, fn: () => void): void;

describe("files", () => {
  it("reads the size", () => {
    const fd = fs.openSync("a.txt", "r"); // OK: released at the end of a test; only a failing test skips the release
    expect(fs.fstatSync(fd).size).toBe(3);
    fs.closeSync(fd);
  });

  it("keeps the descriptor usable after a check", async () => {
    const fh = await fs.promises.open("a.txt", "r"); // OK: released at the end of a test (async), uses after it are the test's
    expect((await fh.stat()).size).toBe(3);
    await fh.close();
    expect(fh.fd).toBe(-1);
  });

  test.concurrent("runs alongside", () => {
    const fd = fs.openSync("b.txt", "r"); // OK: `test.concurrent(…)` is a test too
    expect(fs.fstatSync(fd).isFile()).toBe(true);
    fs.closeSync(fd);
  });

  test.each([1, 2])("row %i", (n) => {
    const fd = fs.openSync(`${n}.txt`, "r"); // OK: `test.each(rows)(…)` is a test too
    expect(fs.fstatSync(fd).size).toBe(n);
    fs.closeSync(fd);
  });

  beforeEach(() => {
    const fd = fs.openSync("c.txt", "w"); // OK: a test hook, released at its end
    fs.writeSync(fd, "x");
    fs.closeSync(fd);
  });

  it("returns early", () => {
    const fd = fs.openSync("d.txt", "r"); // REPORT: partial-cleanup safe
    if (fs.fstatSync(fd).size === 0) return;
    expect(fs.fstatSync(fd).size).toBe(1);
    fs.closeSync(fd);
  });
});

// Not a test runner's function: a plain callback, released on the happy path only.
run("task", () => {
  const fd = fs.openSync("e.txt", "r"); // REPORT: partial-cleanup safe
  fs.fstatSync(fd);
  fs.closeSync(fd);
});
