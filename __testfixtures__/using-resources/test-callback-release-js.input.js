import fs from "node:fs";
import { it, test } from "node:test";
import assert from "node:assert";

it("reads the size", () => {
  const fd = fs.openSync("a.txt", "r"); // OK: released at the end of a test; only a failing test skips the release
  assert.equal(fs.fstatSync(fd).size, 3);
  fs.closeSync(fd);
});

test("subtests", async (t) => {
  await t.test("one", () => {
    const fd = fs.openSync("b.txt", "r"); // OK: node:test's `t.test(…)` is a test too
    assert.ok(fs.fstatSync(fd).isFile());
    fs.closeSync(fd);
  });
});

export function checksum(p) {
  const fd = fs.openSync(p, "r"); // REPORT: partial-cleanup manual
  const sum = fs.readFileSync(fd).length;
  fs.closeSync(fd);
  return sum;
}
