const stack: number[] = []; // REPORT: accumulating-global safe

function apply(op: string, a: number, b: number): number {
  return op === "+" ? a + b : op === "-" ? a - b : op === "*" ? a * b : a / b;
}

/** Evaluates a postfix expression: `["1", "2", "+"]` → 3. */
export function evaluate(tokens: readonly string[]): number {
  stack.length = 0;
  for (const t of tokens) {
    if (/^\d+$/.test(t)) {
      stack.push(Number(t));
    } else {
      const b = stack.pop()!;
      const a = stack.pop()!;
      stack.push(apply(t, a, b));
    }
  }
  return stack.pop() ?? NaN;
}
