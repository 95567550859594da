// Into a generator: the body runs on the first `next()`.
const produced: number[] = []; // REPORT: accumulating-global safe

export function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) {
    produced.push(i);
    yield i;
  }
}

// Into the nested function that alone uses it.
const parts: string[] = []; // REPORT: accumulating-global safe

export function join(words: readonly string[]): string {
  function part(w: string): string {
    parts.push(w);
    return w.toUpperCase();
  }
  return words.map(part).join("-");
}

// Into a class field's arrow function.
const clicks: number[] = []; // REPORT: accumulating-global safe

export class Button {
  onClick = (x: number): number => {
    clicks.push(x);
    return x * 2;
  };
}

// Into an anonymous default export.
const calls: string[] = []; // REPORT: accumulating-global safe

export default function (name: string): string {
  calls.push(name);
  return `hi ${name}`;
}
