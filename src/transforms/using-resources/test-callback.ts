/**
 * Test code: a resource a test releases at its end leaks only when the test fails.
 */
import { ts } from "../../engine/ts-morph.cjs";
import { enclosingFunction, ownReturns, skipOuterExpressions } from "../util/ast.js";
import type { Resource } from "./resource-of.js";
import type { Cleanup } from "./uses.js";

/** The test runners' registration functions (vitest, jest, mocha, node:test, bun, jasmine). */
const TEST_FUNCTIONS = new Set([
  "it",
  "test",
  "specify",
  "bench",
  "beforeEach",
  "afterEach",
  "beforeAll",
  "afterAll",
  "before",
  "after",
  "fit",
  "xit",
  "xtest",
]);

/**
 * Whether `fn` is the body of a test or a test hook: the function argument of `it(…)`,
 * `test.concurrent(…)`, `it.each(table)(…)`, `beforeEach(…)`, `t.test(…)` (node:test's context).
 */
// Ex) `it("keeps the chain", () => { … })`, `test.each([1, 2])("n=%i", async (n) => { … })`
export function isTestCallback(fn: ts.SignatureDeclaration | undefined): boolean {
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const call = node.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(node as ts.Expression)) return false;
  return TEST_FUNCTIONS.has(testFunctionName(call.expression) ?? "");
}

/** Ex) `it` → "it", `test.concurrent` → "test", `it.each(rows)` → "it", `t.test` → "test". */
function testFunctionName(callee: ts.Expression): string | undefined {
  let e = skipOuterExpressions(callee);
  if (ts.isCallExpression(e)) e = skipOuterExpressions(e.expression); // `it.each(rows)(…)`
  while (ts.isPropertyAccessExpression(e)) {
    if (TEST_FUNCTIONS.has(e.name.text) && ts.isIdentifier(e.expression)) return e.name.text; // `t.test(…)`
    e = skipOuterExpressions(e.expression); // `test.concurrent`, `it.concurrent.each`
  }
  return ts.isIdentifier(e) ? e.text : undefined;
}

/**
 * Whether a test releases `r` unconditionally in its own body and has no `return` that could
 * skip the release: then only a failing assertion or an exception skips it, and a failed test is
 * reported by the runner, not leaked into a program.
 */
// Ex) `it("…", () => { const editor = new Editor(); expect(…); editor.destroy(); })`
export function releasedByTestEnd(r: Resource, cleanups: readonly Cleanup[]): boolean {
  if (!isTestCallback(r.fn) || ts.isSourceFile(r.container) || r.container.parent !== r.fn) return false;
  const unconditional = cleanups.some((c) => c.statement?.parent === r.container && enclosingFunction(c.call) === r.fn);
  return unconditional && ownReturns(r.container).length === 0;
}
