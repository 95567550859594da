export function* range(n: number): Generator<number> {
  // Into a generator: the body runs on the first `next()`.
  const produced: number[] = []; // REPORT: accumulating-global safe
  for (let i = 0; i < n; i++) {
    produced.push(i);
    yield i;
  }
}

export function join(words: readonly string[]): string {
  function part(w: string): string {
    // Into the nested function that alone uses it.
    const parts: string[] = []; // REPORT: accumulating-global safe
    parts.push(w);
    return w.toUpperCase();
  }
  return words.map(part).join("-");
}

export class Button {
  onClick = (x: number): number => {
    // Into a class field's arrow function.
    const clicks: number[] = []; // REPORT: accumulating-global safe
    clicks.push(x);
    return x * 2;
  };
}

export default function (name: string): string {
  // Into an anonymous default export.
  const calls: string[] = []; // REPORT: accumulating-global safe
  calls.push(name);
  return `hi ${name}`;
}
